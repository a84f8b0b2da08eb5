"""Unanswered turns: staff read the conversation around them, reply to the citizen on their channel once,
label them (reviewed training examples) or dismiss them."""

from __future__ import annotations

import logging

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from starlette.concurrency import run_in_threadpool

from common.turn_outcome import OUTCOME_LABELS
from console.context import MAX_REPLY_CHARS
from console.exceptions import AnalyticsUnavailable, ReviewRefused
from console.review import INTENTS
from console.web import Staff, checked_form, context_of, render
from handover import texts

logger = logging.getLogger(__name__)
router = APIRouter()
INTENT_LABELS = {
    "ask_procedure_overview": "Hỏi chung về thủ tục", "ask_documents": "Hỏi giấy tờ", "ask_fee": "Hỏi lệ phí",
    "ask_processing_time": "Hỏi thời gian", "ask_where": "Hỏi nơi nộp", "ask_online_submission": "Hỏi nộp trực tuyến",
    "ask_application_status": "Hỏi tình trạng hồ sơ", "give_feedback": "Phản ánh, kiến nghị",
    "request_human": "Muốn gặp cán bộ", "out_of_scope": "Ngoài phạm vi",
}
MESSAGES = {"labelled": "Đã lưu nhãn: câu này sẽ vào dữ liệu huấn luyện ở lần xuất tới.", "dismissed": "Đã bỏ qua.",
            "answered": "Đã gửi câu trả lời tới người dân. Hãy gắn nhãn để trợ lý tự trả lời được lần sau.",
            "not_sent": "CHƯA gửi được tới người dân (xem nhật ký máy chủ). Câu trả lời đã được lưu."}
UNREADABLE = "Không đọc được kho hội thoại của Rasa lúc này; thử lại sau."


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
            problem = UNREADABLE
    procedures = sorted(ctx.kb().procedures.values(), key=lambda p: p.name)
    unhelpful = len(await run_in_threadpool(ctx.handovers().listing, ["unhelpful"], unanswered_only=True))
    return render(request, "review.html", items=items, problem=problem, message=MESSAGES.get(msg, ""),
                  intents={k: INTENT_LABELS[k] for k in INTENTS}, procedures=procedures,
                  outcome_labels=OUTCOME_LABELS, unhelpful=unhelpful)


async def _turn_page(request: Request, event_id: int, message: str = "", status_code: int = 200) -> Response:
    ctx = context_of(request)
    queue = ctx.review()
    if queue is None:
        return RedirectResponse("/review", status_code=303)
    try:
        turn = await run_in_threadpool(queue.context, event_id)
    except AnalyticsUnavailable as exc:
        logger.warning("review %s: %s", event_id, exc)
        return render(request, "error.html", status_code=503, message=UNREADABLE)
    if turn is None:
        return render(request, "error.html", status_code=404,
                      message="Không còn tin nhắn này trong kho hội thoại (có thể đã bị xoá theo thời hạn lưu).")
    procedures = sorted(ctx.kb().procedures.values(), key=lambda p: p.name)
    return render(request, "review_turn.html", status_code=status_code, turn=turn, message=message,
                  intents={k: INTENT_LABELS[k] for k in INTENTS}, procedures=procedures,
                  max_reply=MAX_REPLY_CHARS)


@router.get("/review/{event_id}", response_class=HTMLResponse)
async def turn_page(request: Request, staff: Staff, event_id: int, msg: str = "") -> Response:
    """The turn with the conversation around it: reply, label, dismiss."""
    return await _turn_page(request, event_id, MESSAGES.get(msg, ""))


@router.post("/review/{event_id}/reply")
async def reply(request: Request, staff: Staff, event_id: int) -> Response:
    """Answer the citizen on their channel, once; the answer is kept as an answered inbox case."""
    form = await checked_form(request, staff)
    answer = form.get("text", "").strip()
    ctx = context_of(request)
    queue = ctx.review()
    if queue is None:
        return RedirectResponse("/review", status_code=303)
    if not answer or len(answer) > MAX_REPLY_CHARS:
        return await _turn_page(request, event_id, "Câu trả lời trống hoặc quá dài.", 400)
    try:
        turn = await run_in_threadpool(queue.context, event_id)
        if turn is None:
            return await _turn_page(request, event_id)
        case_id = await run_in_threadpool(queue.reply, turn, answer, staff.username, ctx.handovers())
    except ReviewRefused as exc:
        return await _turn_page(request, event_id, str(exc), 409)
    except AnalyticsUnavailable:
        return render(request, "error.html", status_code=503, message=UNREADABLE)
    await run_in_threadpool(ctx.accounts.record, staff.username, "review_reply", str(event_id), f"case {case_id}")
    sent = await run_in_threadpool(ctx.send_to_citizen, turn.channel, turn.sender_id,
                                   texts.STAFF_ANSWER_PREFIX + answer, f"review {event_id}")
    return RedirectResponse(f"/review/{event_id}?msg={'answered' if sent else 'not_sent'}", status_code=303)


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
        return await _refused(request, UNREADABLE)
    detail = f"{form.get('intent', '')} {procedure}".strip() if done == "labelled" else None
    await run_in_threadpool(ctx.accounts.record, staff.username, f"review_{done}", str(event_id), detail)
    return RedirectResponse(f"/review?msg={done}", status_code=303)


async def _refused(request: Request, message: str) -> Response:
    return render(request, "error.html", status_code=400, message=message)
