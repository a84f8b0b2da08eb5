"""`POST /zalo/webhook`: size-limited read, signature verified over the raw bytes *before* JSON parsing.

Zalo's MAC covers app_id + raw body + timestamp + OA secret key. The id and timestamp are taken from the
raw bytes (a few candidates, see `signature.candidates`), never from a parsed structure, so an unsigned
body is refused with 401 without being parsed; a signed body that is not valid JSON gets 400; a signed
event whose timestamp lies outside the replay window (ZALO_EVENT_MAX_AGE_SECONDS) gets 403.
"""

from __future__ import annotations

import logging
import time

from fastapi import APIRouter, Request, Response
from fastapi.responses import JSONResponse

from connectors.web.body import BadRequest, parse_json, read_body
from connectors.web.deps import get_runtime
from connectors.zalo.events import event_age_seconds
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
    age = event_age_seconds(event, time.time())
    max_age = runtime.settings.zalo_event_max_age_seconds
    if age is None or abs(age) > max_age:
        # A replayed (or re-dated) event: refused with a reason; a real Zalo delivery is never this late.
        logger.warning("Zalo event refused: timestamp %s outside the replay window (%d s)",
                       "missing" if age is None else f"{age:.0f} s old", max_age)
        return JSONResponse({"error": "stale event"}, status_code=403)
    status = zalo.dispatch(event)
    return JSONResponse({"message": "ok", "status": status})
