"""`POST /internal/outbound`: other processes (the staff CLI) send staff answers through this service."""

from __future__ import annotations

import hashlib
import hmac
import logging

from fastapi import APIRouter, Depends, HTTPException, Request
from fastapi.responses import JSONResponse
from pydantic import BaseModel, Field

from connectors.web.deps import get_runtime

logger = logging.getLogger(__name__)

MAX_TEXT_CHARS = 16000


class OutboundRequest(BaseModel):
    """One staff answer for one citizen."""

    channel: str = Field(min_length=1, max_length=32)
    sender_id: str = Field(min_length=1, max_length=191)
    text: str = Field(min_length=1, max_length=MAX_TEXT_CHARS)


def _digest(value: str) -> bytes:
    return hashlib.sha256(value.encode("utf-8", "surrogateescape")).digest()


def build_internal_router(token: str) -> APIRouter:
    """The router, authorised by `Authorization: Bearer <token>`; mount it only when a token is set."""
    if not token:
        raise ValueError("the internal API needs STAFF_API_TOKEN")
    expected = _digest(token)

    def authorise(request: Request) -> None:
        scheme, _, given = request.headers.get("authorization", "").partition(" ")
        # Equal-length digests: the comparison time says nothing about the token.
        if not (scheme.lower() == "bearer" and hmac.compare_digest(_digest(given.strip()), expected)):
            client = request.client.host if request.client else "?"
            logger.warning("internal API: refused a request from %s (missing or wrong token)", client)
            raise HTTPException(status_code=401, detail="unauthorised",
                                headers={"WWW-Authenticate": "Bearer"})

    router = APIRouter(prefix="/internal", dependencies=[Depends(authorise)])

    @router.post("/outbound", include_in_schema=False)
    async def outbound(body: OutboundRequest, request: Request) -> JSONResponse:
        """Send the answer on the citizen's channel and return the SendOutcome."""
        result = await get_runtime(request).outbound.send_to_citizen(body.channel, body.sender_id, body.text)
        logger.info("internal API: staff answer on %s ok=%s sent=%d", body.channel, result.ok, result.sent)
        return JSONResponse({"ok": result.ok, "sent": result.sent, "reason": result.reason,
                             "retryable": result.retryable})

    return router
