"""Reading request bodies safely: a size limit enforced while reading, JSON that never raises past here.

Every public entry reads its body with `read_body` (chunked bodies without Content-Length included:
the limit applies to the bytes as they arrive, not after) and parses with `parse_json`, whose only
errors are `BadRequest` with a Vietnamese message and a 4xx status.
"""

from __future__ import annotations

import json
from typing import Any

from fastapi import Request
from fastapi.responses import JSONResponse

from connectors.core import texts


class BadRequest(Exception):
    """A request refused before any processing; `response()` is the 4xx to send."""

    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status
        self.message = message

    def response(self) -> JSONResponse:
        """`{"error": <Vietnamese message>}` with the status."""
        return JSONResponse({"error": self.message}, status_code=self.status, headers={"Cache-Control": "no-store"})


async def read_body(request: Request, limit: int) -> bytes:
    """The raw body, or BadRequest(413) as soon as more than `limit` bytes are announced or received."""
    length = request.headers.get("content-length", "").strip()
    if length and (not length.isdigit() or int(length) > limit):
        raise BadRequest(413 if length.isdigit() else 400, texts.BODY_TOO_LARGE)
    chunks: list[bytes] = []
    size = 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > limit:
            raise BadRequest(413, texts.BODY_TOO_LARGE)
        chunks.append(chunk)
    return b"".join(chunks)


def has_lone_surrogate(value: Any) -> bool:
    """True when any string inside `value` (keys included) holds an unpaired UTF-16 surrogate."""
    stack = [value]
    while stack:
        item = stack.pop()
        if isinstance(item, str):
            if any(0xD800 <= ord(c) <= 0xDFFF for c in item):
                return True
        elif isinstance(item, dict):
            stack.extend(item.keys())
            stack.extend(item.values())
        elif isinstance(item, list):
            stack.extend(item)
    return False


def parse_json(raw: bytes, *, allow_lone_surrogates: bool = False) -> Any:
    """The JSON value of `raw`; BadRequest(400) for bad UTF-8, bad JSON, deep nesting (RecursionError), lone surrogates."""
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        raise BadRequest(400, texts.INVALID_UNICODE) from None
    try:
        value = json.loads(text)
    except (ValueError, RecursionError):
        raise BadRequest(400, texts.BAD_REQUEST) from None
    if not allow_lone_surrogates and has_lone_surrogate(value):
        raise BadRequest(400, texts.INVALID_UNICODE)
    return value
