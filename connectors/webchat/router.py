"""Web chat routes: `GET /` page, `POST /webchat/message`, `GET /webchat/inbox`, `POST /webchat/session/end`.

The citizen is known by the server-issued session cookie (connectors/webchat/session.py) only: a `sender`
in the body or the URL is ignored. Bodies are size-limited while read; bad JSON or invalid Unicode gets
a 4xx with a Vietnamese message, never a 500.
"""

from __future__ import annotations

import asyncio
import logging
import re
import uuid
from pathlib import Path

from fastapi import APIRouter, Request, Response
from fastapi.responses import HTMLResponse, JSONResponse

from connectors.core import texts
from connectors.core.outbound import WEBCHAT_CHANNEL
from connectors.core.replies import BotMessage, Incoming, MessageKind
from connectors.web.body import BadRequest, parse_json, read_body
from connectors.web.deps import get_runtime
from connectors.webchat.output import CollectingOutput
from connectors.webchat.session import same_origin

logger = logging.getLogger(__name__)

STATIC_DIR = Path(__file__).resolve().parent / "static"
SENDER_PATTERN = re.compile(r"^[A-Za-z0-9_-]{16,64}$")
MAX_BODY_BYTES = 64 * 1024

SECURITY_HEADERS = {
    "Content-Security-Policy": (
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' https: data:; "
        "connect-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
    ),
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "Cache-Control": "no-store",
}

router = APIRouter()


def _replies_json(replies: list[BotMessage]) -> JSONResponse:
    return JSONResponse([r.to_json() for r in replies], headers={"Cache-Control": "no-store"})


@router.get("/", include_in_schema=False)
async def webchat_page(request: Request) -> Response:
    """The chat page (static HTML; bot text is rendered with textContent); issues a session if needed."""
    html = (STATIC_DIR / "index.html").read_text(encoding="utf-8")
    response = HTMLResponse(html, headers=SECURITY_HEADERS)
    sessions = get_runtime(request).webchat_sessions
    if sessions.current(request) is None:
        sessions.set_cookie(response, request, sessions.issue()[1])
    return response


@router.post("/webchat/message", include_in_schema=False)
async def webchat_message(request: Request) -> Response:
    """One citizen message → the list of replies; never a 500 for odd input."""
    runtime = get_runtime(request)
    if not same_origin(request):
        return JSONResponse({"error": texts.FOREIGN_ORIGIN}, status_code=403)
    try:
        data = parse_json(await read_body(request, MAX_BODY_BYTES))
    except BadRequest as exc:
        return exc.response()
    if not isinstance(data, dict):
        return BadRequest(400, texts.BAD_REQUEST).response()
    address = request.client.host if request.client else "?"
    if not runtime.webchat_address_flood.allow(address):
        return JSONResponse({"error": texts.RATE_LIMITED}, status_code=429)
    sessions = runtime.webchat_sessions
    session_id, new_cookie = sessions.current(request), None
    if session_id is None:  # first message of a browser without a (valid) session: a new identity
        session_id, new_cookie = sessions.issue()
    message = data.get("message")
    text = message if isinstance(message, str) else ""
    output = CollectingOutput()
    try:
        await runtime.pipeline.handle(
            # A journal id per message: a crash mid-turn leaves it claimed, so it is recovered, not lost.
            Incoming(channel=WEBCHAT_CHANNEL, user_id=session_id, kind=MessageKind.TEXT, text=text,
                     message_id=uuid.uuid4().hex),
            output,
        )
        response = _replies_json(output.replies)
    except Exception:
        logger.exception("web chat turn failed")
        response = _replies_json([BotMessage(text=texts.APOLOGY_UNAVAILABLE)])
    if new_cookie is not None:
        sessions.set_cookie(response, request, new_cookie)
    return response


@router.get("/webchat/inbox", include_in_schema=False)
async def webchat_inbox(request: Request) -> Response:
    """Staff answers waiting for this session (each is returned once)."""
    runtime = get_runtime(request)
    session_id = runtime.webchat_sessions.current(request)
    if session_id is None:
        return JSONResponse({"error": texts.SESSION_REQUIRED}, status_code=401)
    items = await asyncio.to_thread(runtime.inbox.take, session_id)
    return JSONResponse(
        [{"text": i.text, "created_at": i.created_at.isoformat()} for i in items],
        headers={"Cache-Control": "no-store"},
    )


@router.post("/webchat/session/end", include_in_schema=False)
async def webchat_end_session(request: Request) -> Response:
    """Forget the session in this browser (shared computers, kiosks)."""
    if not same_origin(request):
        return JSONResponse({"error": texts.FOREIGN_ORIGIN}, status_code=403)
    response = JSONResponse({"ok": True}, headers={"Cache-Control": "no-store"})
    get_runtime(request).webchat_sessions.clear_cookie(response, request)
    return response
