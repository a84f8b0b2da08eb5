"""Routing around Rasa for handovers and ratings (used by the pipeline, one instance per process).

Before Rasa: a 👍/👎 button is stored (once per answer) and answered here; a message of a citizen
whose conversation a person owns (or waits for) goes to that conversation and the bot stays silent.
After Rasa: the `{"handover": …}` signal of action_request_human becomes a queued case (office hours)
or an inbox case (outside them) and a notice; every answer card's id is remembered for its ratings.
"""

from __future__ import annotations

import asyncio
import json
import logging
import math
from collections.abc import Awaitable, Callable, Mapping, Sequence
from datetime import timedelta
from typing import Any

from common.handover_settings import HandoverSettings
from common.vntime import local
from connectors.core.replies import BotMessage, Button, Incoming
from handover import texts
from handover.hours import OfficeHours, describe_opening
from handover.ratings import REASONS, RatingStore
from handover.store import Case, HandoverStore

logger = logging.getLogger(__name__)

RATE_PREFIX = "/rate_answer"
REASON_PREFIX = "/rate_reason"


def parse_payload(text: str, prefix: str) -> dict[str, str] | None:
    """The JSON entities of `/prefix{…}`, or None when the text is not such a payload."""
    if not text.startswith(prefix + "{"):
        return None
    try:
        data = json.loads(text[len(prefix):])
    except ValueError:
        return None
    if not isinstance(data, dict):
        return None
    return {str(k): str(v) for k, v in data.items()}


def _pakn_button() -> Button:
    return Button(texts.PAKN_BUTTON, texts.PAKN_PAYLOAD)


class HandoverDesk:
    """The connectors' side of handovers and ratings."""

    def __init__(self, store: HandoverStore, ratings: RatingStore, settings: HandoverSettings) -> None:
        self.store = store
        self.ratings = ratings
        self.hours = OfficeHours(settings)
        self.settings = settings
        self.timeout = timedelta(seconds=settings.handover_claim_timeout_seconds)

    async def before_rasa(self, incoming: Incoming, text: str) -> tuple[str, tuple[BotMessage, ...]] | None:
        """A rating, or a message for the person who owns the conversation; None → ask Rasa."""
        rating = parse_payload(text, RATE_PREFIX)
        if rating is not None:
            return await asyncio.to_thread(self._rate, incoming, rating)
        reason = parse_payload(text, REASON_PREFIX)
        if reason is not None:
            stored = await asyncio.to_thread(self.ratings.set_reason, reason.get("answer", ""), reason.get("reason", ""))
            return ("rating_reason" if stored else "rating_reason_repeated"), (BotMessage(texts.REASON_THANKS),)
        case = await asyncio.to_thread(self.store.active, incoming.sender)
        if case is None:
            return None
        await asyncio.to_thread(self.store.add_message, case.id, incoming.sender, text)
        overdue = case.status == "queued" and self.store.clock() - case.requested_at >= self.timeout
        if overdue and await asyncio.to_thread(self.store.time_out, case.id):
            return "handover_timed_out", (self.timed_out_notice(),)
        return f"handover_{case.status}", ()

    def _rate(self, incoming: Incoming, data: dict[str, str]) -> tuple[str, tuple[BotMessage, ...]]:
        answer_id, value = data.get("answer", "")[:32], data.get("value", "")
        if not answer_id or value not in ("up", "down"):
            return "rating_invalid", (BotMessage(texts.ALREADY_RATED),)
        record = self.ratings.answer(answer_id)
        procedure = record.procedure if record else data.get("procedure", "")
        aspect = record.aspect if record else data.get("aspect", "")
        if not self.ratings.rate(answer_id, value, incoming.channel, incoming.sender, procedure, aspect):
            return "rating_repeated", (BotMessage(texts.ALREADY_RATED),)
        if value == "up":
            return "rated_up", (BotMessage(texts.RATED_UP),)
        history = [{"who": "citizen", "text": record.question}, {"who": "bot", "text": record.answer}] if record else []
        self.store.open(incoming.channel, incoming.sender, history, in_hours=False, status="unhelpful",
                        question=record.question if record else "", answer_id=answer_id)
        buttons = tuple(Button(label, f'{REASON_PREFIX}{json.dumps({"answer": answer_id, "reason": key})}')
                        for key, label in REASONS.items())
        return "rated_down", (BotMessage(texts.RATED_DOWN, buttons),)

    async def after_rasa(self, incoming: Incoming, text: str, items: Sequence[Mapping[str, Any]],
                         replies: list[BotMessage]) -> list[BotMessage]:
        """Turn a handover signal into a case and a notice; remember rated answer cards."""
        for item in items:
            custom = item.get("custom")
            if isinstance(custom, Mapping) and isinstance(custom.get("handover"), Mapping):
                history = [h for h in custom["handover"].get("history") or [] if isinstance(h, Mapping)]
                notice = await asyncio.to_thread(self._request, incoming, [dict(h) for h in history])
                replies = [*replies, notice]
        for reply in replies:
            for button in reply.buttons:
                data = parse_payload(button.payload, RATE_PREFIX)
                if data and data.get("answer"):
                    await asyncio.to_thread(self.ratings.remember_answer, data["answer"][:32], incoming.channel,
                                            incoming.sender, data.get("procedure", ""), data.get("aspect", ""),
                                            text, reply.text)
                    break
        return replies

    def _request(self, incoming: Incoming, history: list[dict[str, str]]) -> BotMessage:
        now = self.store.clock()
        active = self.store.active(incoming.sender)
        in_hours = self.hours.is_open(now)
        case = active or self.store.open(incoming.channel, incoming.sender, history, in_hours=in_hours)
        if case.status == "queued":
            position = self.store.position(case.id)
            average = self.store.average_wait()
            per_case = (average.total_seconds() / 60 if average else 0) or self.settings.handover_minutes_per_case
            limit = self.timeout.total_seconds() / 60
            minutes = max(1, min(math.ceil(position * per_case), math.ceil(limit)))
            return BotMessage(texts.QUEUED.format(position=position, minutes=minutes))
        opening = describe_opening(self.hours.next_opening(now))
        template = texts.HOLIDAY if self.hours.is_holiday(local(now).date()) else texts.OUT_OF_HOURS
        text = template.format(hours=self.hours.describe(),
                               opening=texts.OPENING.format(when=opening) if opening else "")
        return BotMessage(f"{text}\n\n{texts.PAKN_OFFER}", (_pakn_button(),))

    def timed_out_notice(self) -> BotMessage:
        """What a citizen reads when nobody claimed the conversation in time."""
        text = texts.TIMED_OUT.format(hours=self.hours.describe())
        return BotMessage(f"{text}\n\n{texts.PAKN_OFFER}", (_pakn_button(),))

    async def sweep(self, send: Callable[[Case, BotMessage], Awaitable[None]]) -> int:
        """Time out overdue waiting cases and tell their citizens; returns how many."""
        count = 0
        for case in await asyncio.to_thread(self.store.overdue, self.timeout):
            if await asyncio.to_thread(self.store.time_out, case.id):
                count += 1
                try:
                    await send(case, self.timed_out_notice())
                except Exception:
                    logger.exception("telling a %s citizen about a timed-out handover failed", case.channel)
        return count
