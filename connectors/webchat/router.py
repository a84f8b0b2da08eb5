"""Web chat routes: `GET /` page, `POST /webchat/message`, `GET /webchat/inbox`."""

from __future__ import annotations

import asyncio
import json
import logging
import re
from pathlib import Path
from typing import Any

from fastapi import APIRouter, Request, Response
from fastapi.responses import HTMLResponse, JSONResponse

from connectors.core import texts
from connectors.core.outbound import WEBCHAT_CHANNEL
from connectors.core.replies import BotMessage, Incoming, MessageKind
from connectors.web.deps import get_runtime
from connectors.webchat.output import CollectingOutput

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
}

router = APIRouter()


def _replies_json(replies: list[BotMessage]) -> JSONResponse:
    return JSONResponse([r.to_json() for r in replies], headers={"Cache-Control": "no-store"})


@router.get("/", include_in_schema=False)
async def webchat_page() -> Response:
    """The chat page (static HTML; all bot text is rendered with textContent by chat.js)."""
    html = (STATIC_DIR / "index.html").read_text(encoding="utf-8")
    return HTMLResponse(html, headers=SECURITY_HEADERS)


async def _read_json(request: Request) -> Any:
    length = request.headers.get("content-length", "")
    if length.isdigit() and int(length) > MAX_BODY_BYTES:
        return {"_too_large": True}
    body = await request.body()
    if len(body) > MAX_BODY_BYTES:
        return {"_too_large": True}
    try:
        return json.loads(body)
    except ValueError:
        return None


@router.post("/webchat/message", include_in_schema=False)
async def webchat_message(request: Request) -> Response:
    """One citizen message → the list of replies; never a 500 for odd input."""
    runtime = get_runtime(request)
    data = await _read_json(request)
    if not isinstance(data, dict):
        return JSONResponse({"error": "Yêu cầu không hợp lệ."}, status_code=400)
    if data.get("_too_large"):
        return _replies_json([BotMessage(text=texts.TOO_LONG)])
    sender = data.get("sender")
    if not isinstance(sender, str) or not SENDER_PATTERN.match(sender):
        return JSONResponse({"error": texts.INVALID_SENDER}, status_code=400)
    message = data.get("message")
    text = message if isinstance(message, str) else ""
    output = CollectingOutput()
    try:
        await runtime.pipeline.handle(
            Incoming(channel=WEBCHAT_CHANNEL, user_id=sender, kind=MessageKind.TEXT, text=text),
            output,
        )
    except Exception:
        logger.exception("web chat turn failed")
        return _replies_json([BotMessage(text=texts.APOLOGY_UNAVAILABLE)])
    return _replies_json(output.replies)


@router.get("/webchat/inbox", include_in_schema=False)
async def webchat_inbox(request: Request, sender: str = "") -> Response:
    """Staff answers waiting for this sender (each is returned once)."""
    runtime = get_runtime(request)
    if not SENDER_PATTERN.match(sender):
        return JSONResponse({"error": texts.INVALID_SENDER}, status_code=400)
    items = await asyncio.to_thread(runtime.inbox.take, sender)
    return JSONResponse(
        [{"text": i.text, "created_at": i.created_at.isoformat()} for i in items],
        headers={"Cache-Control": "no-store"},
    )
