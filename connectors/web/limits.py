"""A body-size limit on every route of the web service, enforced while the bytes arrive.

`BodyLimit` refuses an announced Content-Length over the limit at once (413) and counts the bytes of
bodies without one (chunked): past the limit the app's next read raises `BodyTooLarge`, answered 413.
Routes may read with a smaller limit (connectors/web/body.py).
"""

from __future__ import annotations

from typing import Any

from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from connectors.core import texts


class BodyTooLarge(Exception):
    """The request body went past the limit while being read."""


def _too_large() -> JSONResponse:
    return JSONResponse({"error": texts.BODY_TOO_LARGE}, status_code=413)


async def body_too_large_handler(_request: Request, _exc: Exception) -> JSONResponse:
    """Exception handler: 413 with the Vietnamese message."""
    return _too_large()


class BodyLimit:
    """Pure ASGI middleware (streams are not buffered)."""

    def __init__(self, app: ASGIApp, max_bytes: int) -> None:
        self.app = app
        self.max_bytes = max_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = dict(scope.get("headers") or [])
        length = headers.get(b"content-length", b"").strip()
        if length and (not length.isdigit() or int(length) > self.max_bytes):
            await _too_large()(scope, receive, send)
            return
        received = 0

        async def limited_receive() -> Message:
            nonlocal received
            message: dict[str, Any] = dict(await receive())
            if message.get("type") == "http.request":
                received += len(message.get("body", b""))
                if received > self.max_bytes:
                    raise BodyTooLarge
            return message

        await self.app(scope, limited_receive, send)
