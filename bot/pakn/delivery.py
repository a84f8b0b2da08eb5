"""Hand a staff answer to the citizen's channel through the connectors' outbound interface."""

from __future__ import annotations

import asyncio
import inspect
from collections.abc import Callable
from typing import Any

from bot.pakn.masking import get_logger, mask_pii
from bot.pakn.records import DeliveryResult

logger = get_logger(__name__)

Deliver = Callable[[str, str, str], DeliveryResult]
KNOWN_CHANNELS = ("telegram", "zalo", "webchat")


def channel_of(sender_id: str, default: str = "rest") -> str:
    """The channel a sender id belongs to: `telegram:123` → telegram; no prefix → `default`."""
    prefix, sep, rest = (sender_id or "").partition(":")
    if sep and rest and prefix.isidentifier() and len(prefix) <= 32:
        return prefix.lower()
    return default


def _resolve(result: Any) -> Any:
    if inspect.isawaitable(result):
        return asyncio.run(result)  # type: ignore[arg-type]
    return result


def send_via_connectors(channel: str, sender_id: str, text: str) -> DeliveryResult:
    """Call `connectors.core.outbound.send_to_citizen`; never raises, reports why it failed."""
    try:
        import connectors.core.outbound as outbound

        send_to_citizen = outbound.send_to_citizen  # type: ignore[attr-defined]
    except Exception as exc:  # connectors missing or broken: record it, staff can retry later
        logger.warning("outbound interface unavailable: %s", exc.__class__.__name__)
        return DeliveryResult(False, f"outbound interface unavailable ({exc.__class__.__name__})")
    try:
        result = _resolve(send_to_citizen(channel, sender_id, text))
    except Exception as exc:  # a platform error must not undo the stored answer
        logger.warning("delivery to %s failed: %s", channel, mask_pii(str(exc)))
        return DeliveryResult(False, mask_pii(f"{exc.__class__.__name__}: {exc}")[:250])
    delivered = getattr(result, "delivered", None)
    if delivered is None:  # the connectors' DeliveryResult names it `ok`
        delivered = getattr(result, "ok", False)
    reason = str(getattr(result, "reason", "") or "")
    return DeliveryResult(bool(delivered), mask_pii(reason)[:250])
