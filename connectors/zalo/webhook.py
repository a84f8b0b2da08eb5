"""`POST /zalo/webhook`: verify the signature over the raw body, answer 200 at once."""

from __future__ import annotations

import json
import logging

from fastapi import APIRouter, Request, Response
from fastapi.responses import JSONResponse

from connectors.web.deps import get_runtime
from connectors.zalo.signature import HEADER

logger = logging.getLogger(__name__)

router = APIRouter()


@router.post("/zalo/webhook", include_in_schema=False)
async def zalo_webhook(request: Request) -> Response:
    """401 and nothing processed unless `X-ZEvent-Signature` matches; else 200, then work."""
    zalo = get_runtime(request).zalo
    if zalo is None:
        return JSONResponse({"error": "zalo not configured"}, status_code=404)
    raw = await request.body()
    try:
        event = json.loads(raw)
    except ValueError:
        event = None
    if not isinstance(event, dict) or not zalo.verify(request.headers.get(HEADER, ""), raw, event):
        logger.warning("Zalo webhook call with a missing or wrong signature")
        return JSONResponse({"error": "invalid signature"}, status_code=401)
    status = zalo.dispatch(event)
    return JSONResponse({"message": "ok", "status": status})
