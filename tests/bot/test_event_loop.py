"""The action server never blocks its event loop: a slow database holds up one conversation, not the others.

Both conversations run on one event loop, as in the rasa_sdk server. Every SQL statement of the slow
database waits SLOW seconds; the other conversation must still be answered within ON_TIME seconds of
being asked (with the blocking calls of v1 it waited for the whole slow transaction).
"""

from __future__ import annotations

import asyncio
import time
from typing import Any

import pytest
from rasa_sdk import Action, Tracker
from rasa_sdk.executor import CollectingDispatcher
from sqlalchemy import Engine, event

from bot import kb_access
from bot.actions import common, pakn_submit
from bot.actions.pakn_submit import ActionPaknCancel, ActionPaknSubmit
from bot.actions.procedure_answers import ActionAnswerProcedure
from common.db import make_engine, make_session_factory
from common.settings import PaknSettings
from pakn.service import PaknService
from procedures_kb.repository import CachedKnowledgeBase

SLOW = 1.0  # seconds per SQL statement
ON_TIME = 0.5  # seconds from being asked to being answered, for the conversation that needs no database


def _slow(engine: Engine) -> Engine:
    @event.listens_for(engine, "before_cursor_execute")
    def wait(*_args: Any) -> None:
        time.sleep(SLOW)

    return engine


def _tracker(sender: str, text: str, intent: str, slots: dict[str, Any] | None = None) -> Tracker:
    message = {"text": text, "intent": {"name": intent, "confidence": 0.9}, "entities": [],
               "intent_ranking": [{"name": intent, "confidence": 0.9}]}
    return Tracker(sender, slots or {}, message, [], False, None, {}, "action_listen")


async def _conversation(action: Action, tracker: Tracker, t0: float, delay: float = 0.0) -> tuple[list[Any], float]:
    """Run the action after `delay`; return its messages and when it finished, counted from t0."""
    await asyncio.sleep(delay)
    dispatcher = CollectingDispatcher()
    await action.run(dispatcher, tracker, {})
    return dispatcher.messages, time.perf_counter() - t0


async def _both(slow: tuple[Action, Tracker], quick: tuple[Action, Tracker]) -> tuple[float, float, list[Any]]:
    t0 = time.perf_counter()
    (_, slow_done), (messages, quick_done) = await asyncio.gather(
        _conversation(*slow, t0), _conversation(*quick, t0, delay=0.05))
    return slow_done, quick_done, messages


def test_slow_pakn_database_does_not_hold_up_a_procedure_question(
        kb_env: None, database_url: str, monkeypatch: pytest.MonkeyPatch) -> None:
    kb_access.knowledge_base()  # the KB snapshot is loaded; the PAKN database is the slow one
    service = PaknService(make_session_factory(_slow(make_engine(database_url))), PaknSettings())
    monkeypatch.setattr(pakn_submit, "get_service", lambda: service)
    filing = _tracker("webchat:slow", "Gửi", "affirm", {
        "pakn_outcome": "submit", "pakn_confirmed": "yes", "pakn_kind": "phan_anh", "pakn_consent": True,
        "pakn_content": "Hồ sơ cấp đổi căn cước của tôi đã quá hạn hai tuần mà chưa có kết quả",
        "pakn_province": "Hà Nội", "pakn_province_id": "ha_noi"})
    question = _tracker("webchat:other", "lệ phí hộ chiếu bao nhiêu", "ask_fee")

    slow_done, quick_done, messages = asyncio.run(
        _both((ActionPaknSubmit(), filing), (ActionAnswerProcedure(), question)))

    assert "100.000 đồng" in messages[0]["text"]
    assert slow_done > SLOW  # the filing really waited for the database
    assert quick_done < 0.05 + ON_TIME, f"the other citizen waited {quick_done:.2f} s"


def test_slow_kb_reload_does_not_hold_up_another_conversation(
        kb_env: None, database_url: str, monkeypatch: pytest.MonkeyPatch) -> None:
    slow_kb = CachedKnowledgeBase(_slow(make_engine(database_url)), ttl=60)
    monkeypatch.setattr(common, "knowledge_base", slow_kb.get)
    question = _tracker("webchat:slow", "lệ phí hộ chiếu bao nhiêu", "ask_fee")
    cancel = _tracker("webchat:other", "hủy", "deny")

    slow_done, quick_done, messages = asyncio.run(_both((ActionAnswerProcedure(), question),
                                                        (ActionPaknCancel(), cancel)))

    assert messages and messages[0].get("response") == "utter_pakn_cancelled"
    assert slow_done > SLOW
    assert quick_done < 0.05 + ON_TIME, f"the other citizen waited {quick_done:.2f} s"
