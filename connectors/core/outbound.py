"""Staff answers to citizens on the channel they used; web-chat answers wait in an inbox.

Other processes (the staff CLI) reach `Outbound.send_to_citizen` through the authenticated
`POST /internal/outbound` of the web service (connectors/web/internal.py).
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from common.db import session_scope
from connectors.core.pipeline import ChannelOutput
from connectors.core.replies import BotMessage, SendOutcome
from connectors.core.send_once import Claim, SendOnceGuard, message_key
from connectors.core.undelivered import UndeliveredStore
from connectors.models import WebInboxMessage, utcnow

logger = logging.getLogger(__name__)

WEBCHAT_CHANNEL = "webchat"

__all__ = ["WEBCHAT_CHANNEL", "InboxItem", "Outbound", "WebInbox", "WebInboxOutput"]


@dataclass(frozen=True)
class InboxItem:
    """A staff answer for a web-chat citizen."""

    id: int
    text: str
    created_at: datetime


class WebInbox:
    """Per-sender inbox of staff answers for the web chat (`conn_web_inbox`)."""

    def __init__(self, session_factory: sessionmaker[Session]) -> None:
        self._factory = session_factory

    def put(self, sender_id: str, text: str) -> int:
        """Store an answer; returns its id."""
        with session_scope(self._factory) as session:
            row = WebInboxMessage(sender_id=sender_id, text=text)
            session.add(row)
            session.flush()
            return int(row.id)

    def take(self, sender_id: str, limit: int = 50) -> list[InboxItem]:
        """Return the undelivered answers of a sender, oldest first, and mark them delivered."""
        with session_scope(self._factory) as session:
            rows = list(
                session.scalars(
                    select(WebInboxMessage)
                    .where(WebInboxMessage.sender_id == sender_id)
                    .where(WebInboxMessage.delivered_at.is_(None))
                    .order_by(WebInboxMessage.id)
                    .limit(limit)
                )
            )
            now = utcnow()
            for row in rows:
                row.delivered_at = now
            return [InboxItem(r.id, r.text, r.created_at) for r in rows]


class WebInboxOutput:
    """ChannelOutput for staff answers to web-chat citizens: stores them in the inbox."""

    channel = WEBCHAT_CHANNEL

    def __init__(self, inbox: WebInbox) -> None:
        self._inbox = inbox

    async def typing(self, user_id: str) -> None:
        """The web chat has no typing indicator for stored answers."""

    async def send(self, user_id: str, replies: Sequence[BotMessage]) -> SendOutcome:
        """Store every reply's text in the citizen's inbox."""
        try:
            for reply in replies:
                await asyncio.to_thread(self._inbox.put, user_id, reply.text)
        except Exception as exc:
            logger.exception("storing a web-chat answer failed")
            return SendOutcome.failure(f"inbox_error: {type(exc).__name__}")
        return SendOutcome.success(len(replies))


class Outbound:
    """`send_to_citizen(channel, sender_id, text)`: the one entry point for staff answers."""

    def __init__(
        self,
        outputs: Mapping[str, ChannelOutput],
        undelivered: UndeliveredStore,
        once: SendOnceGuard | None = None,
    ) -> None:
        self._outputs = dict(outputs)
        self._undelivered = undelivered
        self._once = once

    @property
    def channels(self) -> list[str]:
        """Channels that can currently deliver."""
        return sorted(self._outputs)

    async def send_to_citizen(self, channel: str, sender_id: str, text: str) -> SendOutcome:
        """Deliver a staff answer; failures are recorded in `conn_undelivered`.

        `sender_id` may be the platform id (`42`) or the Rasa sender id (`telegram:42`). With a
        `SendOnceGuard`, the same text to the same citizen within its window is sent only once.
        """
        prefix = f"{channel}:"
        user_id = sender_id[len(prefix):] if sender_id.startswith(prefix) else sender_id
        output = self._outputs.get(channel)
        if output is None:
            result = SendOutcome.failure(f"unknown_channel: {channel}")
        elif not text.strip():
            return SendOutcome.failure("empty_text")
        else:
            key = message_key(channel, user_id, text.strip())
            claim = await self._claim(key)
            if claim is Claim.ALREADY_SENT:
                logger.info("staff answer on %s already delivered; not sent again", channel)
                return SendOutcome(ok=True, sent=0, reason="already_sent: the same answer reached this "
                                      "citizen a few minutes ago; not sent again")
            if claim is Claim.IN_PROGRESS:
                logger.info("staff answer on %s is being sent by another request; not sent twice", channel)
                return SendOutcome.failure("in_progress: the same answer is being sent right now; "
                                              "not sent twice", retryable=True)
            result = SendOutcome.failure("send_interrupted")
            try:
                result = await output.send(user_id, [BotMessage(text=text.strip())])
            finally:
                await self._finish(key, result.ok)
        if not result.ok:
            await asyncio.to_thread(
                self._undelivered.record,
                channel,
                f"{channel}:{user_id}",
                "",
                f"staff_reply_failed: {result.reason}",
                text,
            )
        return result

    async def send_replies(self, channel: str, sender_id: str, replies: Sequence[BotMessage]) -> SendOutcome:
        """Send notices with buttons (e.g. a timed-out handover) on the citizen's channel; never raises."""
        prefix = f"{channel}:"
        user_id = sender_id[len(prefix):] if sender_id.startswith(prefix) else sender_id
        output = self._outputs.get(channel)
        if output is None:
            return SendOutcome.failure(f"unknown_channel: {channel}")
        try:
            return await output.send(user_id, replies)
        except Exception as exc:
            logger.exception("sending a notice on %s failed", channel)
            return SendOutcome.failure(f"exception: {type(exc).__name__}")

    async def _claim(self, key: str) -> Claim:
        if self._once is None:
            return Claim.CLAIMED
        try:
            return await asyncio.to_thread(self._once.claim, key)
        except Exception:  # the citizen's answer matters more than duplicate protection
            logger.warning("duplicate check unavailable; sending anyway", exc_info=True)
            return Claim.CLAIMED

    async def _finish(self, key: str, delivered: bool) -> None:
        if self._once is None:
            return
        try:
            await asyncio.to_thread(self._once.finish, key, delivered)
        except Exception:
            logger.warning("recording a staff send for duplicate checks failed", exc_info=True)
