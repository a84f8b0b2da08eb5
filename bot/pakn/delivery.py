"""Hand a staff answer to the citizen's channel through the connectors' outbound interface."""

from __future__ import annotations

import asyncio
import inspect
from collections.abc import Callable
from typing import Any

from sqlalchemy.orm import Session, sessionmaker

from bot.pakn.masking import get_logger, mask_pii
from bot.pakn.records import DeliveryResult

logger = get_logger(__name__)

Deliver = Callable[[str, str, str], DeliveryResult]
WEBCHAT = "webchat"


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


def _as_result(result: Any) -> DeliveryResult:
    delivered = getattr(result, "delivered", None)
    if delivered is None:  # the connectors' DeliveryResult names it `ok`
        delivered = getattr(result, "ok", False)
    reason = str(getattr(result, "reason", "") or "")
    return DeliveryResult(bool(delivered), mask_pii(reason)[:250])


class ConnectorsDelivery:
    """Web chat: the connectors' inbox table directly; other channels: `connectors.core.outbound.send_to_citizen`.

    The inbox is written in this process (on this process's database), so web-chat answers need no
    running web service; Telegram and Zalo answers go through it. Never raises: every failure comes
    back as an undelivered result with its reason, so the stored answer is never lost and the
    history says what happened.
    """

    def __init__(self, session_factory: sessionmaker[Session] | None = None) -> None:
        self._factory = session_factory

    def __call__(self, channel: str, sender_id: str, text: str) -> DeliveryResult:
        try:
            import connectors.core.outbound as outbound
        except Exception as exc:  # connectors missing or broken: record it, staff can retry later
            logger.warning("outbound interface unavailable: %s", exc.__class__.__name__)
            return DeliveryResult(False, f"outbound interface unavailable ({exc.__class__.__name__})")
        send = getattr(outbound, "send_to_citizen", None)
        try:
            if channel == WEBCHAT:
                return self._to_web_inbox(outbound, sender_id, text)
            if send is not None:
                return _as_result(_resolve(send(channel, sender_id, text)))
        except Exception as exc:  # a platform error must not undo the stored answer
            logger.warning("delivery to %s failed: %s", channel, mask_pii(str(exc)))
            return DeliveryResult(False, mask_pii(f"{exc.__class__.__name__}: {exc}")[:250])
        return DeliveryResult(False, f"no outbound sender for channel '{channel}' in this process")

    def _to_web_inbox(self, outbound: Any, sender_id: str, text: str) -> DeliveryResult:
        """The web chat shows inbox messages on the citizen's next visit (keyed by the bare id)."""
        factory = self._factory
        if factory is None:
            from procedures_kb.db import make_engine, make_session_factory

            factory = make_session_factory(make_engine())
        prefix = f"{WEBCHAT}:"
        user_id = sender_id[len(prefix):] if sender_id.startswith(prefix) else sender_id
        outbound.WebInbox(factory).put(user_id, text)
        return DeliveryResult(True, "queued in the web-chat inbox (shown on the next visit)")


send_via_connectors = ConnectorsDelivery()
