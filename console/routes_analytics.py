"""Conversation analytics: questions per day, outcome rates, top procedures and aspects, CSV of each."""

from __future__ import annotations

import csv
import datetime as dt
import io
import logging

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response
from starlette.concurrency import run_in_threadpool

from common.turn_outcome import OUTCOME_LABELS
from console.analytics import AnalyticsSummary
from console.exceptions import AnalyticsUnavailable
from console.web import Staff, context_of, render
from vi_text.aspects import INTENT_ASPECT

logger = logging.getLogger(__name__)
router = APIRouter()
ASPECT_LABELS = {
    "ask_procedure_overview": "Tổng quan", "ask_documents": "Giấy tờ", "ask_fee": "Lệ phí",
    "ask_processing_time": "Thời gian", "ask_where": "Nơi nộp", "ask_online_submission": "Nộp trực tuyến",
}
TABLES = ("per_day", "outcomes", "procedures", "aspects")


async def _figures(request: Request, days: int) -> tuple[AnalyticsSummary | None, str, dt.date, dt.date]:
    ctx = context_of(request)
    until = ctx.today()
    since = until - dt.timedelta(days=max(1, min(days, 366)) - 1)
    if ctx.analytics is None:
        return None, "Chưa cấu hình nguồn số liệu hội thoại (CONSOLE_TRACKER_DB_URL).", since, until
    try:
        await run_in_threadpool(ctx.analytics.ingest)
    except AnalyticsUnavailable as exc:
        logger.warning("analytics: %s", exc)
        return None, "Không đọc được kho hội thoại của Rasa lúc này; thử lại sau.", since, until
    return await run_in_threadpool(ctx.analytics.summary, since, until), "", since, until


@router.get("/analytics", response_class=HTMLResponse)
async def analytics(request: Request, staff: Staff, days: int = 30) -> Response:
    summary, problem, since, until = await _figures(request, days)
    labels = {p.id: p.name for p in context_of(request).kb().procedures.values()}
    return render(request, "analytics.html", summary=summary, problem=problem, since=since, until=until,
                  days=max(1, min(days, 366)), outcome_labels=OUTCOME_LABELS, aspect_labels=ASPECT_LABELS,
                  procedure_labels=labels, known_aspects=INTENT_ASPECT)


@router.get("/analytics/{table}.csv")
async def analytics_csv(request: Request, staff: Staff, table: str, days: int = 30) -> Response:
    if table not in TABLES:
        return Response("Không có bảng này.", status_code=404, media_type="text/plain; charset=utf-8")
    summary, problem, since, until = await _figures(request, days)
    if summary is None:
        return Response(problem, status_code=503, media_type="text/plain; charset=utf-8")
    rows: list[tuple[object, ...]]
    header: tuple[str, ...]
    if table == "per_day":
        header, rows = ("ngay", "so_cau_hoi"), [(d.isoformat(), n) for d, n in summary.per_day]
    elif table == "outcomes":
        header = ("ket_qua", "ten", "so_luot", "ty_le")
        rows = [(o, OUTCOME_LABELS.get(o, o), n, f"{summary.rate(o):.4f}") for o, n in summary.outcomes.most_common()]
    elif table == "procedures":
        header, rows = ("thu_tuc", "so_luot"), list(summary.procedures)
    else:
        header, rows = ("khia_canh", "so_luot"), list(summary.aspects)
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(header)
    writer.writerows(_safe(row) for row in rows)
    name = f"thong_ke_{table}_{since.isoformat()}_{until.isoformat()}.csv"
    return Response("\ufeff" + out.getvalue(), media_type="text/csv; charset=utf-8",
                    headers={"Content-Disposition": f'attachment; filename="{name}"'})


def _safe(row: tuple[object, ...]) -> tuple[object, ...]:
    """No cell starts a spreadsheet formula."""
    return tuple(f"'{v}" if isinstance(v, str) and v[:1] in "=+-@" else v for v in row)
