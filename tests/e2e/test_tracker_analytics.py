"""End to end: the real stack keeps conversations in Rasa's SQL tracker store, and the console's
analytics read them from there, each turn once, with the outcome the citizen got."""

from __future__ import annotations

import uuid
from pathlib import Path

import pytest
from sqlalchemy import text

from common.db import make_engine, make_session_factory
from common.migrate import upgrade
from console.analytics import ConversationAnalytics
from tests.support.databases import fresh_database_url
from tests.support.rasa_stack import RasaStack

pytestmark = pytest.mark.e2e


def test_the_console_counts_what_the_real_stack_answered(rasa_stack: RasaStack, tmp_path: Path) -> None:
    sender = f"telegram:{uuid.uuid4().hex[:12]}"
    for message in ("lam ho chieu het bao nhieu tien", "còn thời gian bao lâu?", "thời tiết Hà Nội mai thế nào"):
        assert rasa_stack.say(sender, message)
    tracker = make_engine(rasa_stack.stack.tracker_url)
    with fresh_database_url(tmp_path) as url:
        engine = make_engine(url)
        upgrade(engine)
        analytics = ConversationAnalytics(tracker, make_session_factory(engine), settle_seconds=0)
        assert analytics.ingest() >= 3  # other tests' conversations on this stack count too
        assert analytics.ingest() == 0
        with engine.connect() as conn:
            rows = conn.execute(text("SELECT channel, intent, procedure, outcome FROM console_analytics_turns "
                                     "WHERE channel = 'telegram' ORDER BY event_id")).all()
        engine.dispose()
    tracker.dispose()
    mine = [tuple(r) for r in rows][-3:]
    assert mine == [("telegram", "ask_fee", "ho_chieu", "answered"),
                    ("telegram", "ask_processing_time", "ho_chieu", "answered"),
                    ("telegram", "out_of_scope", None, "out_of_scope")]
