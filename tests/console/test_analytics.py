"""Conversation analytics from Rasa's SQL tracker store: a recorded real conversation set, stored the
way Rasa's SQLTrackerStore stores it, read once per turn, counted as the outcome evaluation counts."""

from __future__ import annotations

import datetime as dt
import json
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from sqlalchemy import Engine, text

import console.analytics as analytics_module
from common.db import make_engine, make_session_factory
from common.migrate import upgrade
from common.vntime import VN_TZ
from console.analytics import ConversationAnalytics
from fakes.fake_telegram import PAYLOADS
from tests.console.conftest import Console
from tests.support.databases import fresh_database_url

# Rasa 3.6's SQLTrackerStore.SQLEvent table (rasa/core/tracker_store.py).
EVENTS_DDL = ("CREATE TABLE events (id INTEGER PRIMARY KEY AUTOINCREMENT, sender_id VARCHAR(255) NOT NULL, "
              "type_name VARCHAR(255) NOT NULL, timestamp FLOAT, intent_name VARCHAR(255), "
              "action_name VARCHAR(255), data TEXT)")
EXPECTED = {"answered": 4, "out_of_scope": 1, "feedback": 1, "other": 2}


def recorded() -> dict[str, list[dict[str, object]]]:
    """Three real conversations (Telegram, web chat, Zalo) read back from a running Rasa's tracker API."""
    data: dict[str, list[dict[str, object]]] = json.loads(
        (PAYLOADS / "rasa_tracker_events.json").read_text(encoding="utf-8"))
    return data


def store(engine: Engine, conversations: dict[str, list[dict[str, object]]], shift: float = 0.0) -> None:
    """Insert each conversation's events as Rasa saves them: one save per user message, the
    conversations' saves interleaved."""
    saves: list[tuple[str, list[dict[str, object]]]] = []
    for sender, events in conversations.items():
        current: list[dict[str, object]] = []
        for event in events:
            if event.get("event") == "user" and current:
                saves.append((sender, current))
                current = []
            current.append(event)
        saves.append((sender, current))
    order = sorted(range(len(saves)), key=lambda i: (i % 3, i))  # interleave the conversations
    with engine.begin() as conn:
        for i in order:
            sender, events = saves[i]
            for event in events:
                stamp = float(event.get("timestamp") or 0) + shift  # type: ignore[arg-type]
                conn.execute(text("INSERT INTO events (sender_id, type_name, timestamp, intent_name, action_name, "
                                  "data) VALUES (:s, :t, :ts, :i, :a, :d)"),
                             {"s": sender, "t": event.get("event"), "ts": stamp, "i": None,
                              "a": event.get("name"), "d": json.dumps({**event, "timestamp": stamp})})


def tracker_store(tmp_path: Path) -> Engine:
    """An empty SQLite tracker store with Rasa's `events` table."""
    tracker = make_engine(f"sqlite:///{tmp_path / 'rasa.db'}")
    with tracker.begin() as conn:
        conn.execute(text(EVENTS_DDL))
    return tracker


RECORDED_AT = 1795915976.8  # when the recorded conversations happened (their first event's timestamp)


@contextmanager
def console_reading(console: Console, tmp_path: Path,
                    conversations: dict[str, list[dict[str, object]]] | None = None) -> Iterator[Engine]:
    """The console's analytics (and unanswered turns) reading a tracker store that holds the recorded
    conversations (or the given ones), moved to two minutes ago; the console reads no store afterwards."""
    tracker = tracker_store(tmp_path)
    store(tracker, recorded() if conversations is None else conversations, shift=time.time() - RECORDED_AT - 120)
    console.ctx.analytics = ConversationAnalytics(tracker, console.ctx.factory, settle_seconds=0)
    try:
        yield tracker
    finally:
        console.ctx.analytics = None
        tracker.dispose()


@pytest.fixture
def stores(tmp_path: Path) -> Iterator[tuple[Engine, ConversationAnalytics]]:
    tracker = tracker_store(tmp_path)
    with fresh_database_url(tmp_path) as url:
        engine = make_engine(url)
        upgrade(engine)
        yield tracker, ConversationAnalytics(tracker, make_session_factory(engine), settle_seconds=0)
        engine.dispose()
    tracker.dispose()


def test_turns_are_counted_once_with_their_outcome(stores: tuple[Engine, ConversationAnalytics]) -> None:
    tracker, analytics = stores
    store(tracker, recorded())
    assert analytics.ingest() == 8
    assert analytics.ingest() == 0  # nothing new: nothing counted twice
    day = dt.datetime.fromtimestamp(1795915975, dt.timezone.utc).astimezone(VN_TZ).date()
    summary = analytics.summary(day, day)
    assert dict(summary.outcomes) == EXPECTED
    assert dict(summary.channels) == {"telegram": 4, "webchat": 2, "zalo": 2}
    assert dict(summary.procedures)["ho_chieu"] == 2
    assert {"ask_fee", "ask_processing_time", "ask_where", "ask_documents"} <= dict(summary.aspects).keys()
    store(tracker, {"telegram:1001": recorded()["telegram:1001"]})  # the same citizen asks again later
    assert analytics.ingest() == 4


def test_a_batch_cut_inside_a_turn_reads_that_turn_whole_next_time(
        stores: tuple[Engine, ConversationAnalytics], monkeypatch: pytest.MonkeyPatch) -> None:
    tracker, analytics = stores
    store(tracker, recorded())
    monkeypatch.setattr(analytics_module, "BATCH_ROWS", 7)
    analytics.ingest()
    day = dt.datetime.fromtimestamp(1795915975, dt.timezone.utc).astimezone(VN_TZ).date()
    assert dict(analytics.summary(day, day).outcomes) == EXPECTED


def test_unsettled_events_wait_and_an_unreadable_store_is_reported(tmp_path: Path) -> None:
    tracker = tracker_store(tmp_path)
    with fresh_database_url(tmp_path) as url:
        engine = make_engine(url)
        upgrade(engine)
        factory = make_session_factory(engine)
        now_shift = time.time() - RECORDED_AT
        store(tracker, recorded(), shift=now_shift)  # happening right now: maybe still being saved
        assert ConversationAnalytics(tracker, factory, settle_seconds=30).ingest() == 0
        broken = ConversationAnalytics(make_engine(f"sqlite:///{tmp_path / 'none.db'}"), factory)
        with pytest.raises(analytics_module.AnalyticsUnavailable):
            broken.ingest()
        engine.dispose()


def test_the_analytics_page_and_its_csv(console: Console, tmp_path: Path) -> None:
    with console_reading(console, tmp_path):
        with console.client() as anonymous:
            assert anonymous.get("/analytics").status_code in {303, 401}
        with console.login() as client:
            page = client.get("/analytics?days=7")
            assert page.status_code == 200
            assert "Câu hỏi của người dân: <strong>8</strong>" in page.text
            assert "Ngoài phạm vi" in page.text and "Cấp lại thẻ căn cước" in page.text
            csv = client.get("/analytics/outcomes.csv?days=7")
            assert csv.status_code == 200 and "answered,Trả lời được,4,0.5000" in csv.text
            assert client.get("/analytics/nothing.csv").status_code == 404
