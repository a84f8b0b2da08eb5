"""Unanswered turns: staff label them (reviewed training examples) or dismiss them."""

from __future__ import annotations

import logging

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from starlette.concurrency import run_in_threadpool

from common.turn_outcome import OUTCOME_LABELS
from console.exceptions import AnalyticsUnavailable, ReviewRefused
from console.review import INTENTS
from console.web import Staff, checked_form, context_of, render

logger = logging.getLogger(__name__)
router = APIRouter()
INTENT_LABELS = {
    "ask_procedure_overview": "Hỏi chung về thủ tục", "ask_documents": "Hỏi giấy tờ", "ask_fee": "Hỏi lệ phí",
    "ask_processing_time": "Hỏi thời gian", "ask_where": "Hỏi nơi nộp", "ask_online_submission": "Hỏi nộp trực tuyến",
    "ask_application_status": "Hỏi tình trạng hồ sơ", "give_feedback": "Phản ánh, kiến nghị",
    "request_human": "Muốn gặp cán bộ", "out_of_scope": "Ngoài phạm vi",
}
MESSAGES = {"labelled": "Đã lưu nhãn: câu này sẽ vào dữ liệu huấn luyện ở lần xuất tới.", "dismissed": "Đã bỏ qua."}


@router.get("/review", response_class=HTMLResponse)
async def pending(request: Request, staff: Staff, msg: str = "") -> Response:
    ctx = context_of(request)
    queue, problem, items = ctx.review(), "", []
    if queue is None or ctx.analytics is None:
        problem = "Chưa cấu hình nguồn số liệu hội thoại (CONSOLE_TRACKER_DB_URL)."
    else:
        try:
            await run_in_threadpool(ctx.analytics.ingest)
            items = await run_in_threadpool(queue.pending)
        except AnalyticsUnavailable as exc:
            logger.warning("review: %s", exc)
            problem = "Không đọc được kho hội thoại của Rasa lúc này; thử lại sau."
    procedures = sorted(ctx.kb().procedures.values(), key=lambda p: p.name)
    return render(request, "review.html", items=items, problem=problem, message=MESSAGES.get(msg, ""),
                  intents={k: INTENT_LABELS[k] for k in INTENTS}, procedures=procedures,
                  outcome_labels=OUTCOME_LABELS)


@router.post("/review/{event_id}")
async def decide(request: Request, staff: Staff, event_id: int) -> Response:
    form = await checked_form(request, staff)
    ctx = context_of(request)
    queue = ctx.review()
    if queue is None:
        return RedirectResponse("/review", status_code=303)
    procedure = form.get("procedure", "").strip()
    if procedure and procedure not in ctx.kb().procedures:
        return await _refused(request, "Thủ tục không có trong danh mục.")
    try:
        if form.get("action") == "dismiss":
            await run_in_threadpool(queue.dismiss, event_id, staff.username)
            done = "dismissed"
        else:
            await run_in_threadpool(queue.label, event_id, form.get("intent", ""), procedure or None, staff.username)
            done = "labelled"
    except ReviewRefused as exc:
        return await _refused(request, str(exc))
    except AnalyticsUnavailable:
        return await _refused(request, "Không đọc được kho hội thoại của Rasa lúc này; thử lại sau.")
    detail = f"{form.get('intent', '')} {procedure}".strip() if done == "labelled" else None
    await run_in_threadpool(ctx.accounts.record, staff.username, f"review_{done}", str(event_id), detail)
    return RedirectResponse(f"/review?msg={done}", status_code=303)


async def _refused(request: Request, message: str) -> Response:
    return render(request, "error.html", status_code=400, message=message)
