"""Handing a conversation to a person, offering one after repeated failures, and rating buttons.

The action only signals: it sends a custom message `{"handover": {...}}` with the conversation so far.
The connectors (which own channels, office hours and delivery) queue the conversation for staff and
tell the citizen what happens next; Rasa stays unaware of who answers while a person owns the chat.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Iterable, Mapping
from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType
from rasa_sdk.executor import CollectingDispatcher

from bot.compose import Reply

HISTORY_LIMIT = 30
# Bot turns that mean "I did not understand": two in a row and a person is offered.
FAILED_ACTIONS = frozenset({"action_clarify", "action_default_fallback", "utter_default"})
REQUEST_PAYLOAD = "/request_human"
OFFER_TEXT = "Có vẻ tôi chưa giúp được bạn. Bạn có muốn nói chuyện với cán bộ không?"
OFFER_BUTTON = {"title": "Gặp cán bộ hỗ trợ", "payload": REQUEST_PAYLOAD}
RATING_TITLES = {"up": "👍 Hữu ích", "down": "👎 Chưa đúng"}


def conversation_history(events: Iterable[Mapping[str, Any]], limit: int = HISTORY_LIMIT) -> list[dict[str, str]]:
    """The last `limit` texts of the conversation, `{"who": "citizen"|"bot", "text": …}`, oldest first."""
    history: list[dict[str, str]] = []
    for event in events:
        text = str(event.get("text") or "").strip()
        if not text:
            continue
        if event.get("event") == "user":
            history.append({"who": "citizen", "text": text})
        elif event.get("event") == "bot":
            history.append({"who": "bot", "text": text})
    return history[-limit:]


def failed_turns_in_a_row(events: Iterable[Mapping[str, Any]]) -> int:
    """How many of the latest citizen turns (before the current one) ended in a failed bot action."""
    turns: list[bool] = []
    failed = False
    for event in events:
        if event.get("event") == "user":
            turns.append(failed)
            failed = False
        elif event.get("event") == "action" and event.get("name") in FAILED_ACTIONS:
            failed = True
    turns.append(failed)
    count = 0
    for was_failed in reversed(turns[1:-1] if len(turns) > 1 else []):
        if not was_failed:
            break
        count += 1
    return count


def with_person_offer(reply: Reply, events: Iterable[Mapping[str, Any]]) -> Reply:
    """The reply of a failed turn, plus an offer of a person when the previous turn failed too."""
    if failed_turns_in_a_row(events) < 1:
        return reply
    return Reply(f"{reply.text}\n\n{OFFER_TEXT}", [*reply.buttons, OFFER_BUTTON])


def rating_payload(answer_id: str, value: str, procedure: str, aspect: str) -> str:
    """`/rate_answer{…}`: read by the connectors, which store one rating per answer id."""
    body = {"answer": answer_id, "value": value, "procedure": procedure, "aspect": aspect}
    return f"/rate_answer{json.dumps(body, ensure_ascii=False, separators=(',', ':'))}"


def with_rating(reply: Reply, procedure: str, aspect: str, answer_id: str | None = None) -> Reply:
    """The answer card with 👍 / 👎 buttons carrying one answer id."""
    answer_id = answer_id or uuid.uuid4().hex[:16]
    rating = [{"title": RATING_TITLES[v], "payload": rating_payload(answer_id, v, procedure, aspect)}
              for v in ("up", "down")]
    return Reply(reply.text, [*reply.buttons, *rating])


class ActionRequestHuman(Action):
    """The citizen asked for a person: hand the conversation to the connectors' staff queue."""

    def name(self) -> str:
        return "action_request_human"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[EventType]:
        history = conversation_history(tracker.events)
        dispatcher.utter_message(json_message={"handover": {"history": history}})
        return []
