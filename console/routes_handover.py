"""Talking to citizens: the live queue, claim (one staff wins), reply, close, the unanswered inbox,
and the ratings analytics.

Replies reach the citizen on the channel they used through the connectors' outbound API (the
context's Deliverer); the connectors keep the bot silent while a case is claimed.
"""

from __future__ import annotations

from datetime import timedelta

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from starlette.concurrency import run_in_threadpool

from console.context import MAX_REPLY_CHARS
from console.web import Staff, checked_form, context_of, render
from handover import texts
from handover.models import INBOX
from handover.ratings import REASONS
from handover.store import Case

router = APIRouter()
STATUS_LABELS = {
    "queued": "Đang chờ", "claimed": "Đang trao đổi", "closed": "Đã kết thúc", "timed_out": "Quá thời gian chờ",
    "out_of_hours": "Ngoài giờ làm việc", "unhelpful": "Câu trả lời bị đánh giá 👎",
    "unanswered": "Câu hỏi trợ lý chưa trả lời được",
}
EVENT_LABELS = {
    "requested": "Người dân yêu cầu gặp cán bộ", "queued": "Vào hàng chờ", "claimed": "Cán bộ nhận",
    "message": "Tin nhắn", "closed": "Kết thúc, trả lại cho trợ lý", "timed_out": "Quá thời gian chờ, chuyển vào hộp thư",
    "out_of_hours": "Ngoài giờ làm việc, chuyển vào hộp thư", "unhelpful": "Đánh giá 👎, chuyển vào hộp thư",
    "unanswered": "Từ danh sách câu hỏi chưa trả lời được",
    "answered": "Cán bộ trả lời sau",
}
MESSAGES = {
    "claimed": "Bạn đã nhận cuộc trò chuyện. Trợ lý tự động tạm dừng với người dân này.",
    "taken": "Cán bộ khác đã nhận cuộc trò chuyện này trước.",
    "sent": "Đã gửi tới người dân.",
    "closed": "Đã kết thúc; trợ lý tự động tiếp tục trả lời người dân.",
    "answered": "Đã gửi câu trả lời tới người dân.",
    "repeat": "Mục này đã được trả lời.",
    "not_sent": "CHƯA gửi được tới người dân (xem nhật ký máy chủ). Tin nhắn đã được lưu.",
}


def minutes(delta: timedelta | None) -> str:
    """`3 phút 20 giây`, or '—'."""
    if delta is None:
        return "—"
    seconds = max(0, int(delta.total_seconds()))
    if seconds >= 3600:
        return f"{seconds // 3600} giờ {seconds % 3600 // 60} phút"
    return f"{seconds // 60} phút {seconds % 60} giây" if seconds >= 60 else f"{seconds} giây"


def average(values: list[timedelta]) -> timedelta | None:
    """The mean duration, None without any."""
    return sum(values, timedelta()) / len(values) if values else None


def _deliver(request: Request, case: Case, text: str) -> bool:
    return context_of(request).send_to_citizen(case.channel, case.sender_id, text, f"handover {case.id}")


@router.get("/handover", response_class=HTMLResponse)
def queue(request: Request, staff: Staff, msg: str = "") -> Response:
    ctx = context_of(request)
    store = ctx.handovers()
    waiting = store.listing(["queued"])
    handling = store.listing(["claimed"])
    inbox = store.listing(list(INBOX), unanswered_only=True)
    ratings = ctx.ratings().of_senders([c.sender_id for c in inbox])
    hours = ctx.office_hours()
    now = ctx.clock()
    return render(request, "handover_queue.html", waiting=waiting, handling=handling, inbox=inbox, ratings=ratings,
                  now=now, minutes=minutes, statuses=STATUS_LABELS, reasons=REASONS, hours=hours.describe(),
                  open_now=hours.is_open(now), message=MESSAGES.get(msg, ""))


def _detail(request: Request, staff_name: str, case_id: int, message: str = "", status_code: int = 200) -> Response:
    ctx = context_of(request)
    store = ctx.handovers()
    case = store.get(case_id)
    if case is None:
        return render(request, "error.html", status_code=404, message="Không có cuộc trò chuyện này.")
    ratings = ctx.ratings().of_senders([case.sender_id]).get(case.sender_id, [])
    return render(request, "handover_case.html", status_code=status_code, case=case, events=store.events(case_id),
                  now=ctx.clock(), minutes=minutes, statuses=STATUS_LABELS, event_labels=EVENT_LABELS,
                  mine=case.status == "claimed" and case.claimed_by == staff_name, inbox=case.status in INBOX,
                  ratings=ratings, reasons=REASONS, message=message, max_reply=MAX_REPLY_CHARS)


@router.get("/handover/{case_id}", response_class=HTMLResponse)
def detail(request: Request, staff: Staff, case_id: int, msg: str = "") -> Response:
    return _detail(request, staff.username, case_id, MESSAGES.get(msg, ""))


@router.post("/handover/{case_id}/claim")
async def claim(request: Request, staff: Staff, case_id: int) -> Response:
    await checked_form(request, staff)
    ctx = context_of(request)
    store = ctx.handovers()
    won = await run_in_threadpool(store.claim, case_id, staff.username)
    if not won:
        return RedirectResponse(f"/handover/{case_id}?msg=taken", status_code=303)
    await run_in_threadpool(ctx.accounts.record, staff.username, "handover_claim", str(case_id), None)
    case = await run_in_threadpool(store.get, case_id)
    if case is not None:
        await run_in_threadpool(_deliver, request, case, texts.CLAIMED)
    return RedirectResponse(f"/handover/{case_id}?msg=claimed", status_code=303)


@router.post("/handover/{case_id}/reply")
async def reply(request: Request, staff: Staff, case_id: int) -> Response:
    form = await checked_form(request, staff)
    text = form.get("text", "").strip()
    ctx = context_of(request)
    store = ctx.handovers()
    case = await run_in_threadpool(store.get, case_id)
    if case is None or case.status != "claimed" or case.claimed_by != staff.username:
        return await run_in_threadpool(_detail, request, staff.username, case_id,
                                       "Chỉ cán bộ đã nhận cuộc trò chuyện mới trả lời được.", 409)
    if not text or len(text) > MAX_REPLY_CHARS:
        return await run_in_threadpool(_detail, request, staff.username, case_id,
                                       "Tin nhắn trống hoặc quá dài.", 400)
    await run_in_threadpool(store.add_message, case_id, staff.username, text)
    sent = await run_in_threadpool(_deliver, request, case, text)
    return RedirectResponse(f"/handover/{case_id}?msg={'sent' if sent else 'not_sent'}", status_code=303)


@router.post("/handover/{case_id}/close")
async def close(request: Request, staff: Staff, case_id: int) -> Response:
    await checked_form(request, staff)
    ctx = context_of(request)
    store = ctx.handovers()
    if not await run_in_threadpool(store.close, case_id, staff.username):
        return await run_in_threadpool(_detail, request, staff.username, case_id,
                                       "Chỉ cán bộ đã nhận cuộc trò chuyện mới kết thúc được.", 409)
    await run_in_threadpool(ctx.accounts.record, staff.username, "handover_close", str(case_id), None)
    case = await run_in_threadpool(store.get, case_id)
    if case is not None:
        await run_in_threadpool(_deliver, request, case, texts.CLOSED)
    return RedirectResponse(f"/handover/{case_id}?msg=closed", status_code=303)


@router.post("/handover/{case_id}/answer")
async def answer(request: Request, staff: Staff, case_id: int) -> Response:
    """Answer an inbox item later, on the citizen's channel (once)."""
    form = await checked_form(request, staff)
    text = form.get("text", "").strip()
    ctx = context_of(request)
    store = ctx.handovers()
    if not text or len(text) > MAX_REPLY_CHARS:
        return await run_in_threadpool(_detail, request, staff.username, case_id, "Câu trả lời trống hoặc quá dài.", 400)
    if not await run_in_threadpool(store.mark_answered, case_id, staff.username, text):
        return RedirectResponse(f"/handover/{case_id}?msg=repeat", status_code=303)
    case = await run_in_threadpool(store.get, case_id)
    sent = case is not None and await run_in_threadpool(_deliver, request, case, texts.STAFF_ANSWER_PREFIX + text)
    return RedirectResponse(f"/handover/{case_id}?msg={'answered' if sent else 'not_sent'}", status_code=303)


@router.get("/ratings", response_class=HTMLResponse)
def ratings_page(request: Request, staff: Staff) -> Response:
    """Helpful rate overall, by procedure, by aspect, by reason; waiting and handling times."""
    ctx = context_of(request)
    ratings = ctx.ratings()
    store = ctx.handovers()
    now = ctx.clock()
    done = store.listing(["claimed", "closed"], limit=1000)
    waits = [c.waited(now) for c in done]
    handled = [h for h in (c.handled(now) for c in store.listing(["closed"], limit=1000)) if h is not None]
    return render(request, "ratings.html", overall=ratings.overall(), by_procedure=ratings.by_procedure(),
                  by_aspect=ratings.by_aspect(), by_reason=ratings.by_reason(), reasons=REASONS,
                  average_wait=minutes(average(waits)), average_handling=minutes(average(handled)),
                  claimed_count=len(done), minutes=minutes)
