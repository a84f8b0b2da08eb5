"""`POST /telegram/webhook`: secret-token check (constant time), then hand-off to PTB."""

from __future__ import annotations

import hmac
import logging

from fastapi import APIRouter, Request, Response
from fastapi.responses import JSONResponse

from connectors.web.body import BadRequest, parse_json, read_body
from connectors.web.deps import get_runtime

logger = logging.getLogger(__name__)

SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"


def secret_matches(received: str, expected: str) -> bool:
    """Constant-time comparison; an empty expected secret never matches."""
    if not expected:
        return False
    return hmac.compare_digest(received.encode("utf-8"), expected.encode("utf-8"))


router = APIRouter()


@router.post("/telegram/webhook", include_in_schema=False)
async def telegram_webhook(request: Request) -> Response:
    """Verify the secret token; 403 and nothing processed when it is missing or wrong."""
    runtime = get_runtime(request)
    telegram = runtime.telegram
    if telegram is None or telegram.mode != "webhook":
        return JSONResponse({"ok": False}, status_code=404)
    if not secret_matches(request.headers.get(SECRET_HEADER, ""),
                          runtime.settings.telegram_webhook_secret.get_secret_value()):
        logger.warning("Telegram webhook call with a missing or wrong secret token")
        return JSONResponse({"ok": False}, status_code=403)
    try:
        # Verified as Telegram's: bad code points are repaired downstream, never refused (the update would be lost).
        data = parse_json(await read_body(request, runtime.settings.max_body_bytes), allow_lone_surrogates=True)
    except BadRequest as exc:
        return JSONResponse({"ok": False, "error": exc.message}, status_code=exc.status)
    if not isinstance(data, dict) or not isinstance(data.get("update_id"), int):
        return JSONResponse({"ok": False}, status_code=400)
    try:
        processed = await telegram.process_webhook_update(data)
    except ValueError:
        return JSONResponse({"ok": False}, status_code=400)
    if not processed:
        return JSONResponse({"ok": False}, status_code=503)
    return JSONResponse({"ok": True})
