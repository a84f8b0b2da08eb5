"""`POST /zalo/webhook`: size-limited read, signature verified over the raw bytes *before* JSON parsing.

Zalo's MAC covers app_id + raw body + timestamp + OA secret key. The id and timestamp are taken from the
raw bytes (a few candidates, see `signature.candidates`), never from a parsed structure, so an unsigned
body is refused with 401 without being parsed; a signed body that is not valid JSON gets 400.
"""

from __future__ import annotations

import logging

from fastapi import APIRouter, Request, Response
from fastapi.responses import JSONResponse

from connectors.web.body import BadRequest, parse_json, read_body
from connectors.web.deps import get_runtime
from connectors.zalo.signature import HEADER

logger = logging.getLogger(__name__)

router = APIRouter()


@router.post("/zalo/webhook", include_in_schema=False)
async def zalo_webhook(request: Request) -> Response:
    """401 and nothing parsed unless `X-ZEvent-Signature` matches; else 200, then work."""
    runtime = get_runtime(request)
    zalo = runtime.zalo
    if zalo is None:
        return JSONResponse({"error": "zalo not configured"}, status_code=404)
    try:
        raw = await read_body(request, runtime.settings.max_body_bytes)
    except BadRequest as exc:
        return exc.response()
    if not zalo.verify_raw(request.headers.get(HEADER, ""), raw):
        logger.warning("Zalo webhook call with a missing or wrong signature")
        return JSONResponse({"error": "invalid signature"}, status_code=401)
    try:
        # Signed by Zalo: text that is not valid Unicode is repaired later, never refused (it would be lost).
        event = parse_json(raw, allow_lone_surrogates=True)
    except BadRequest as exc:
        return exc.response()
    if not isinstance(event, dict) or str(event.get("app_id", "")) != zalo.app_id:
        return JSONResponse({"error": "invalid event"}, status_code=400)
    status = zalo.dispatch(event)
    return JSONResponse({"message": "ok", "status": status})
