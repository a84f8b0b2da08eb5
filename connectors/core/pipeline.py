"""The flow shared by every channel: order → claim → Rasa → render → send → done; nothing dropped.

A message with an id is claimed in the turn journal (connectors/core/dedup.py) before Rasa sees it and
marked done only after the reply was delivered or recorded as undelivered: a crash in between leaves
the claim, which is recovered (recorded for staff) or taken over by a redelivery.

With a HandoverDesk (connectors/core/handover_flow.py), 👍/👎 presses are stored without Rasa, and the
messages of a citizen whose conversation a person owns (or waits for) go to that person: Rasa never
sees them, so the bot stays silent until staff close the conversation.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Protocol

from connectors.core import texts
from connectors.core.background import BackgroundTasks
from connectors.core.dedup import Claim, DedupStore
from connectors.core.handover_flow import HandoverDesk
from connectors.core.input_checks import POLITE_ANSWERS, check_text, clean_incoming_text
from connectors.core.ordering import KeyedSequencer, Turn
from connectors.core.rasa_client import RasaClient
from connectors.core.ratelimit import SlidingWindowLimiter
from connectors.core.replies import (
    BotMessage,
    Incoming,
    MessageKind,
    SendOutcome,
    replies_from_rasa,
)
from connectors.core.undelivered import UndeliveredStore
from connectors.exceptions import RasaError

logger = logging.getLogger(__name__)


class ChannelOutput(Protocol):
    """What a platform module provides to send replies to one citizen."""

    @property
    def channel(self) -> str:
        """The channel name, e.g. `telegram`."""
        ...

    async def typing(self, user_id: str) -> None:
        """Show a typing indicator where the platform has one (never raises)."""
        ...

    async def send(self, user_id: str, replies: Sequence[BotMessage]) -> SendOutcome:
        """Render and send the replies in order (never raises)."""
        ...


@dataclass(frozen=True)
class Outcome:
    """What happened to one incoming message."""

    status: str
    replies: tuple[BotMessage, ...] = ()
    delivery: SendOutcome | None = None


@dataclass(frozen=True)
class _Answer:
    status: str
    replies: tuple[BotMessage, ...]
    unanswered_reason: str | None = None


def _describe(incoming: Incoming) -> str:
    if incoming.kind is MessageKind.NON_TEXT:
        return incoming.text or "[tin nhắn không phải chữ]"
    return incoming.text


class Pipeline:
    """Runs citizen messages through Rasa; one turn per conversation at a time."""

    def __init__(
        self,
        rasa: RasaClient,
        dedup: DedupStore,
        undelivered: UndeliveredStore,
        *,
        sequencer: KeyedSequencer | None = None,
        tasks: BackgroundTasks | None = None,
        flood_limiter: SlidingWindowLimiter | None = None,
        max_concurrent_turns: int = 16,
        handover: HandoverDesk | None = None,
    ) -> None:
        self._rasa = rasa
        self._dedup = dedup
        self._undelivered = undelivered
        self._sequencer = sequencer or KeyedSequencer()
        self._tasks = tasks or BackgroundTasks()
        self._flood = flood_limiter
        # One pool of Rasa slots per channel: a flood on one channel cannot starve the others.
        self._max_turns = max(1, max_concurrent_turns)
        self._slots: dict[str, asyncio.Semaphore] = {}
        self._handover = handover  # ratings, and messages for the person who owns a conversation

    @property
    def tasks(self) -> BackgroundTasks:
        """The background tasks started by `submit`."""
        return self._tasks

    def submit(self, incoming: Incoming, output: ChannelOutput) -> asyncio.Task[Outcome]:
        """Queue the message (its place in the conversation is taken now) and return at once."""
        turn = self._sequencer.ticket(incoming.sender)
        self._acknowledge_now(incoming)
        task = self._tasks.spawn(self._process(turn, incoming, output), name=incoming.sender)
        task.add_done_callback(lambda _t: turn.abandon())
        return task

    async def handle(self, incoming: Incoming, output: ChannelOutput) -> Outcome:
        """Process the message and wait for the outcome (web chat)."""
        turn = self._sequencer.ticket(incoming.sender)
        self._acknowledge_now(incoming)
        try:
            return await self._process(turn, incoming, output)
        finally:
            turn.abandon()

    def _acknowledge_now(self, incoming: Incoming) -> None:
        """Run the platform ack (e.g. answerCallbackQuery) at once, not after earlier turns."""
        if incoming.acknowledge is not None:
            self._tasks.spawn(self._acknowledge(incoming), name=f"ack {incoming.sender}")

    @staticmethod
    async def _acknowledge(incoming: Incoming) -> None:
        if incoming.acknowledge is None:
            return
        try:
            await incoming.acknowledge()
        except Exception:
            logger.info("acknowledging a %s message failed (already answered?)",
                        incoming.channel, exc_info=True)

    async def _process(self, turn: Turn, incoming: Incoming, output: ChannelOutput) -> Outcome:
        async with turn:
            if incoming.message_id is not None:
                try:
                    claim = await asyncio.to_thread(self._dedup.begin, incoming.channel, incoming.message_id,
                                                    incoming.sender, _describe(incoming))
                except Exception:  # journal unreachable: answering twice beats losing the message
                    logger.exception("could not claim a %s turn; answering it anyway", incoming.channel)
                    claim = Claim.FRESH
                if not claim.process:
                    logger.info("%s %s message ignored", claim.value, incoming.channel)
                    return Outcome("duplicate")
                if claim is Claim.RETRY:
                    logger.warning("a %s message left unfinished by a crash is answered now", incoming.channel)
            try:
                outcome = await self._process_in_turn(incoming, output)
            except asyncio.CancelledError:
                await self._record(incoming, "cancelled_at_shutdown")
                await self._finish(incoming)
                raise
            except Exception:
                logger.exception("unexpected error handling a %s message", incoming.channel)
                await self._record(incoming, "internal_error")
                apology = (BotMessage(text=texts.APOLOGY_UNAVAILABLE),)
                delivery = await self._send(incoming, output, apology)
                outcome = Outcome("error", apology, delivery)
            await self._finish(incoming)
            return outcome

    async def _finish(self, incoming: Incoming) -> None:
        if incoming.message_id is None:
            return
        try:
            await asyncio.to_thread(self._dedup.finish, incoming.channel, incoming.message_id)
        except Exception:  # the claim stays: recovered later (recorded for staff), never lost
            logger.exception("could not mark a %s turn as done", incoming.channel)

    async def _process_in_turn(self, incoming: Incoming, output: ChannelOutput) -> Outcome:
        answer = await self._answer(incoming, output)
        if answer.unanswered_reason:
            await self._record(incoming, answer.unanswered_reason)
        delivery = await self._send(incoming, output, answer.replies)
        if not delivery.ok:
            await self._record(
                incoming,
                f"delivery_failed: {delivery.reason}",
                reply_text="\n\n".join(r.text for r in answer.replies),
            )
        return Outcome(answer.status, answer.replies, delivery)

    async def _answer(self, incoming: Incoming, output: ChannelOutput) -> _Answer:
        if incoming.kind is MessageKind.WELCOME:
            return _Answer("welcome", (BotMessage(text=texts.WELCOME),))
        if incoming.kind is MessageKind.HELP:
            return _Answer("help", (BotMessage(text=texts.HELP),))
        if incoming.kind is MessageKind.NON_TEXT:
            return _Answer("non_text", (BotMessage(text=texts.NON_TEXT),))
        text = clean_incoming_text(incoming.text)
        if incoming.kind is MessageKind.TEXT:
            problem = check_text(text)
            if problem is not None:
                return _Answer(f"rejected_{problem.value}", (BotMessage(text=POLITE_ANSWERS[problem]),))
        elif not text:
            return _Answer("rejected_empty", (BotMessage(text=texts.EXPIRED_BUTTON),))
        if self._flood is not None and not self._flood.allow(incoming.sender):
            return self._flooded(incoming)
        if self._handover is not None:
            try:
                routed = await self._handover.before_rasa(incoming, text)
            except Exception:  # the handover tables unreachable: the bot answers rather than nobody
                logger.exception("handover routing failed for a %s message; asking Rasa", incoming.channel)
                routed = None
            if routed is not None:
                return _Answer(routed[0], routed[1])
        return await self._ask_rasa(incoming, output, text)

    def _flooded(self, incoming: Incoming) -> _Answer:
        # One notice per message at most: never amplifies, and the citizen is never left
        # without an answer; the message itself is recorded for staff.
        return _Answer("rate_limited", (BotMessage(text=texts.RATE_LIMITED),), "rate_limited")

    async def _ask_rasa(self, incoming: Incoming, output: ChannelOutput, text: str) -> _Answer:
        # The typing indicator travels while Rasa thinks; it is awaited before any reply is
        # sent so it can never arrive after the answer.
        typing = asyncio.ensure_future(output.typing(incoming.user_id))
        metadata = {**incoming.metadata, "channel": incoming.channel}
        try:
            async with self._slots.setdefault(incoming.channel, asyncio.Semaphore(self._max_turns)):
                items = await self._rasa.send_message(incoming.sender, text, metadata)
        except RasaError as exc:
            logger.error("Rasa failed for a %s message: %s", incoming.channel, exc)
            reason = f"rasa_unavailable: {type(exc).__name__}"
            return _Answer("apology", (BotMessage(text=texts.APOLOGY_UNAVAILABLE),), reason)
        finally:
            await asyncio.gather(typing, return_exceptions=True)
        replies = replies_from_rasa(items)
        if self._handover is not None:
            replies = await self._handover.after_rasa(incoming, text, items, replies)
        if not replies:
            return _Answer("no_reply", (BotMessage(text=texts.NO_REPLY),), "rasa_no_reply")
        return _Answer("answered", tuple(replies))

    async def _send(
        self, incoming: Incoming, output: ChannelOutput, replies: Sequence[BotMessage]
    ) -> SendOutcome:
        if not replies:
            return SendOutcome.success(0)
        try:
            return await output.send(incoming.user_id, replies)
        except Exception as exc:
            logger.exception("sending to %s failed", incoming.channel)
            return SendOutcome.failure(f"exception: {type(exc).__name__}")

    async def _record(
        self, incoming: Incoming, reason: str, reply_text: str | None = None
    ) -> None:
        try:
            await asyncio.to_thread(
                self._undelivered.record,
                incoming.channel,
                incoming.sender,
                _describe(incoming),
                reason,
                reply_text,
            )
        except Exception:
            logger.exception(
                "could not record an undelivered %s message (reason %s)",
                incoming.channel,
                reason,
            )
