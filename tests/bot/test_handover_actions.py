"""Handover signal, the offer of a person after two failed turns, and rating buttons on answer cards."""

from __future__ import annotations

import asyncio
import json
from typing import Any

from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

from bot.actions.clarify import ActionClarify
from bot.actions.handover import (
    OFFER_TEXT,
    REQUEST_PAYLOAD,
    ActionRequestHuman,
    conversation_history,
    failed_turns_in_a_row,
)
from bot.actions.procedure_answers import ActionAnswerProcedure


def user(text: str) -> dict[str, Any]:
    return {"event": "user", "text": text}


def bot(text: str) -> dict[str, Any]:
    return {"event": "bot", "text": text}


def action(name: str) -> dict[str, Any]:
    return {"event": "action", "name": name}


def _tracker(text: str, intent: str, events: list[dict[str, Any]]) -> Tracker:
    message = {"text": text, "intent": {"name": intent, "confidence": 0.3}, "entities": [],
               "intent_ranking": [{"name": intent, "confidence": 0.3}]}
    return Tracker("telegram:1", {}, message, events, False, None, {}, "action_listen")


def _run(act: Any, tracker: Tracker) -> list[dict[str, Any]]:
    dispatcher = CollectingDispatcher()
    asyncio.run(act.run(dispatcher, tracker, {}))
    return dispatcher.messages


def test_failed_turns_are_counted_before_the_current_one() -> None:
    failed_once = [user("xyz"), action("action_clarify"), bot("Xin lỗi…"), action("action_listen"), user("abc")]
    assert failed_turns_in_a_row(failed_once) == 1
    answered_between = [user("xyz"), action("action_clarify"), user("lệ phí hộ chiếu"),
                        action("action_answer_procedure"), user("abc")]
    assert failed_turns_in_a_row(answered_between) == 0
    assert failed_turns_in_a_row([user("abc")]) == 0


def test_second_failed_turn_offers_a_person(kb_env: None) -> None:
    first = _run(ActionClarify(), _tracker("asdfgh qwerty", "nlu_fallback", [user("asdfgh qwerty")]))
    assert all(OFFER_TEXT not in m["text"] for m in first)
    events = [user("asdfgh"), action("action_clarify"), bot("Xin lỗi…"), action("action_listen"), user("qwerty zxc")]
    second = _run(ActionClarify(), _tracker("qwerty zxc", "nlu_fallback", events))
    assert OFFER_TEXT in second[-1]["text"]
    assert {"title": "Gặp cán bộ hỗ trợ", "payload": REQUEST_PAYLOAD} in second[-1]["buttons"]


def test_request_human_sends_the_conversation_to_the_connectors() -> None:
    events = [user("mất căn cước làm lại sao"), bot("Bạn cần…"), user("gặp cán bộ")]
    messages = _run(ActionRequestHuman(), _tracker("gặp cán bộ", "request_human", events))
    assert messages[0]["custom"] == {"handover": {"history": conversation_history(events)}}
    assert not messages[0].get("text")  # the connectors tell the citizen (they know the office hours)


def test_every_answer_card_carries_rating_buttons_with_one_answer_id(kb_env: None) -> None:
    tracker = Tracker("telegram:1", {}, {"text": "lệ phí hộ chiếu", "intent": {"name": "ask_fee", "confidence": 0.9},
                                         "entities": [], "intent_ranking": []}, [], False, None, {}, "action_listen")
    [card] = _run(ActionAnswerProcedure(), tracker)
    rating = [b for b in card["buttons"] if b["payload"].startswith("/rate_answer")]
    assert [b["title"] for b in rating] == ["👍 Hữu ích", "👎 Chưa đúng"]
    bodies = [json.loads(b["payload"][len("/rate_answer"):]) for b in rating]
    assert bodies[0]["answer"] == bodies[1]["answer"] and len(bodies[0]["answer"]) == 16
    assert [b["value"] for b in bodies] == ["up", "down"] and bodies[0]["procedure"] == "ho_chieu"
    assert bodies[0]["aspect"] == "fee"
