"""The PAKN queue on pakn's service layer: filter, detail with history, set status, answer, CSV export.

An answer form carries a one-time request id, claimed in the staff action log before the answer is
stored and delivered, so a double click or a re-sent form never answers (or delivers) twice.
"""

from __future__ import annotations

import datetime as dt
import io
from dataclasses import dataclass

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from starlette.concurrency import run_in_threadpool

from common.db import utcnow
from console.web import Staff, checked_form, context_of, new_request_id, render
from pakn.cli import EVENT_LABELS
from pakn.exceptions import InvalidTransition, PaknNotFound, PaknValidationError
from pakn.models import KIND_LABELS, STATUS_LABELS
from pakn.phone import mask_phone
from pakn.records import ListFilter
from pakn.workflow import MAX_ANSWER_CHARS, TRANSITIONS

router = APIRouter()
PAGE_SIZE = 50
MESSAGES = {
    "status": "Đã đổi trạng thái.",
    "answered": "Đã lưu câu trả lời và gửi tới người dân.",
    "stored": "Đã lưu câu trả lời nhưng CHƯA gửi được tới người dân (xem lịch sử). "
              "Người dân vẫn xem được khi tra cứu mã.",
    "repeat": "Biểu mẫu này đã được gửi một lần; không gửi lại lần nữa.",
}


@dataclass(frozen=True)
class QueueFilter:
    """The queue's filters as typed in the query string, checked."""

    status: str = ""
    kind: str = ""
    province: str = ""
    overdue: bool = False

    def problems(self) -> list[str]:
        out = []
        if self.status and self.status not in STATUS_LABELS:
            out.append("Trạng thái không hợp lệ.")
        if self.kind and self.kind not in KIND_LABELS:
            out.append("Loại không hợp lệ.")
        return out

    def to_list_filter(self, limit: int | None) -> ListFilter:
        return ListFilter(status=self.status or None, kind=self.kind or None,
                          province=self.province.strip() or None, overdue_only=self.overdue, limit=limit)


def _queue_filter(status: str, kind: str, province: str, overdue: str) -> QueueFilter:
    return QueueFilter(status.strip(), kind.strip(), province.strip()[:100], overdue in {"1", "on", "true"})


@router.get("/pakn", response_class=HTMLResponse)
def queue(request: Request, staff: Staff, status: str = "", kind: str = "", province: str = "", overdue: str = "",
          page: int = 1) -> Response:
    flt = _queue_filter(status, kind, province, overdue)
    problems = flt.problems()
    page = max(1, min(page, 1000))
    items = [] if problems else context_of(request).pakn.find(flt.to_list_filter(page * PAGE_SIZE + 1))
    has_more = len(items) > page * PAGE_SIZE
    shown = items[(page - 1) * PAGE_SIZE: page * PAGE_SIZE]
    return render(request, "pakn_list.html", status_code=400 if problems else 200, items=shown, flt=flt,
                  problems=problems, page=page, has_more=has_more, now=utcnow(), mask_phone=mask_phone,
                  statuses=STATUS_LABELS, kinds=KIND_LABELS)


@router.get("/pakn/export.csv")
def export(request: Request, staff: Staff, status: str = "", kind: str = "", province: str = "", overdue: str = "") -> Response:
    flt = _queue_filter(status, kind, province, overdue)
    if flt.problems():
        return Response(" ".join(flt.problems()), status_code=400, media_type="text/plain; charset=utf-8")
    ctx = context_of(request)
    buffer = io.StringIO()
    count = ctx.pakn.export_csv(buffer, flt.to_list_filter(None), personal=False)
    ctx.accounts.record(staff.username, "pakn_export", None, f"{count} rows")
    return Response(buffer.getvalue().encode("utf-8"), media_type="text/csv; charset=utf-8",
                    headers={"Content-Disposition": 'attachment; filename="pakn.csv"'})


@router.get("/pakn/summary", response_class=HTMLResponse)
def summary(request: Request, staff: Staff, date_from: str = "", date_to: str = "") -> Response:
    """Received, processed, rate and overdue by type, province and month (anonymous figures only)."""
    try:
        start = dt.date.fromisoformat(date_from) if date_from else None
        end = dt.date.fromisoformat(date_to) if date_to else None
    except ValueError:
        return render(request, "error.html", status_code=400, message="Ngày không hợp lệ (YYYY-MM-DD).")
    figures = context_of(request).pakn.summary(start, end)
    return render(request, "pakn_summary.html", summary=figures, date_from=date_from, date_to=date_to)


def _detail(request: Request, code: str, message: str = "", error: str = "", status_code: int = 200,
            answer_draft: str = "") -> Response:
    ctx = context_of(request)
    try:
        item = ctx.pakn.get(code)
    except PaknNotFound:
        return render(request, "error.html", status_code=404, message="Không có phản ánh, kiến nghị với mã này.")
    return render(request, "pakn_detail.html", status_code=status_code, item=item, now=utcnow(),
                  message=message, error=error, next_statuses=sorted(TRANSITIONS[item.status]),
                  statuses=STATUS_LABELS, events=EVENT_LABELS, request_id=new_request_id(),
                  answer_draft=answer_draft, max_answer=MAX_ANSWER_CHARS)


@router.get("/pakn/{code}", response_class=HTMLResponse)
def detail(request: Request, staff: Staff, code: str, msg: str = "") -> Response:
    return _detail(request, code, message=MESSAGES.get(msg, ""))


@router.post("/pakn/{code}/status")
async def set_status(request: Request, staff: Staff, code: str) -> Response:
    form = await checked_form(request, staff)
    ctx = context_of(request)
    new_status, note = form.get("status", ""), form.get("note", "")
    try:
        view = await run_in_threadpool(ctx.pakn.change_status, code, new_status, staff.username, note or None)
    except PaknNotFound:
        return await run_in_threadpool(_detail, request, code)
    except (InvalidTransition, PaknValidationError) as exc:
        return await run_in_threadpool(_detail, request, code, "", f"Không đổi được trạng thái: {exc}", 409)
    await run_in_threadpool(ctx.accounts.record, staff.username, "pakn_status", view.code, new_status)
    return RedirectResponse(f"/pakn/{view.code}?msg=status", status_code=303)


@router.post("/pakn/{code}/answer")
async def answer(request: Request, staff: Staff, code: str) -> Response:
    form = await checked_form(request, staff)
    ctx = context_of(request)
    text, request_id = form.get("answer", "").strip(), form.get("request_id", "")
    if not text or len(text) > MAX_ANSWER_CHARS:
        error = "Câu trả lời trống." if not text else f"Câu trả lời dài quá {MAX_ANSWER_CHARS} ký tự."
        return await run_in_threadpool(_detail, request, code, "", error, 400, text)
    if not request_id or len(request_id) > 64:
        return await run_in_threadpool(_detail, request, code, "", "Biểu mẫu không hợp lệ; tải lại trang.", 400, text)
    first = await run_in_threadpool(ctx.accounts.record, staff.username, "pakn_answer", code[:64], None, request_id)
    if not first:
        return RedirectResponse(f"/pakn/{code}?msg=repeat", status_code=303)
    try:
        result = await run_in_threadpool(ctx.pakn.answer, code, staff.username, text)
    except PaknNotFound:
        return await run_in_threadpool(_detail, request, code)
    except (InvalidTransition, PaknValidationError) as exc:
        return await run_in_threadpool(_detail, request, code, "", f"Không trả lời được: {exc}", 409, text)
    delivered = result.delivery is not None and result.delivery.delivered
    await run_in_threadpool(ctx.accounts.record, staff.username, "pakn_delivery", result.feedback.code,
                            "delivered" if delivered else (result.delivery.reason if result.delivery else "stored"))
    return RedirectResponse(f"/pakn/{result.feedback.code}?msg={'answered' if delivered else 'stored'}",
                            status_code=303)
