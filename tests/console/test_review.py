"""Unanswered turns: listed from the real tracker events, labelled or dismissed once, exported as training
data with phone numbers masked; a reserved question never becomes an example."""

from __future__ import annotations

import copy
import dataclasses
import io
import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import Engine

from common.db import make_engine, make_session_factory
from common.migrate import upgrade
from console.analytics import ConversationAnalytics
from console.cli import main
from console.exceptions import ReviewRefused
from console.review import ReviewQueue
from handover.store import HandoverStore
from tests.console.conftest import Console, csrf_of
from tests.console.test_analytics import console_reading, recorded, store, tracker_store
from tests.support.databases import fresh_database_url


def with_a_phone_number() -> dict[str, list[dict[str, object]]]:
    """The recorded conversations, and one more: the out-of-scope turn again, with a phone number."""
    conversations = recorded()
    turn = []
    for event in conversations["telegram:1001"]:
        if event.get("event") == "user" and "thời tiết" in str(event.get("text")):
            turn = [copy.deepcopy(event)]
        elif turn and event.get("event") == "user":
            break
        elif turn:
            turn.append(copy.deepcopy(event))
    turn[0]["text"] = "thời tiết mai thế nào, gọi tôi số 0912 345 678"
    conversations["zalo:9999"] = turn
    return conversations


@pytest.fixture
def queue(tmp_path: Path) -> Iterator[tuple[Engine, ConversationAnalytics, ReviewQueue]]:
    tracker = tracker_store(tmp_path)
    store(tracker, with_a_phone_number())
    with fresh_database_url(tmp_path) as url:
        engine = make_engine(url)
        upgrade(engine)
        factory = make_session_factory(engine)
        analytics = ConversationAnalytics(tracker, factory, settle_seconds=0)
        analytics.ingest()
        yield tracker, analytics, ReviewQueue(tracker, factory)
        engine.dispose()
    tracker.dispose()


def test_label_dismiss_and_export(queue: tuple[Engine, ConversationAnalytics, ReviewQueue], tmp_path: Path) -> None:
    _, _, review = queue
    pending = review.pending()
    assert [p.outcome for p in pending] == ["out_of_scope", "out_of_scope"]
    masked = next(p for p in pending if p.channel == "zalo")
    assert "0912 345 678" not in masked.text and "thời tiết mai" in masked.text
    plain = next(p for p in pending if p.channel == "telegram")
    review.label(plain.event_id, "out_of_scope", None, "canbo1")
    with pytest.raises(ReviewRefused):
        review.label(plain.event_id, "ask_fee", "ho_chieu", "canbo2")  # once only
    with pytest.raises(ReviewRefused):
        review.label(masked.event_id, "not_an_intent", None, "canbo1")
    review.label(masked.event_id, "ask_where", "can_cuoc_cap_lai", "canbo1")
    assert review.pending() == []
    nlu, ranker = tmp_path / "reviewed.yml", tmp_path / "reviewed.jsonl"
    assert review.export(nlu, ranker) == 2
    exported = nlu.read_text(encoding="utf-8")
    assert "- intent: out_of_scope" in exported and "thời tiết Hà Nội mai thế nào" in exported
    assert "0912" not in exported and "0912" not in ranker.read_text(encoding="utf-8")
    pairs = [json.loads(line) for line in ranker.read_text(encoding="utf-8").splitlines()]
    assert {p["label"] for p in pairs} == {"none", "can_cuoc_cap_lai"}


def test_the_review_page_labels_through_a_form(console: Console, tmp_path: Path) -> None:
    with console_reading(console, tmp_path), console.login() as client:
        page = client.get("/review")
        assert page.status_code == 200 and "thời tiết Hà Nội mai thế nào" in page.text
        event_id = page.text.split('action="/review/')[1].split('"')[0]
        refused = client.post(f"/review/{event_id}", data={"intent": "out_of_scope", "action": "label"})
        assert refused.status_code == 403  # no CSRF token
        done = client.post(f"/review/{event_id}", data={"csrf_token": csrf_of(page.text), "intent": "out_of_scope",
                                                         "procedure": "", "action": "label"})
        assert done.status_code == 303
        after = client.get("/review?msg=labelled")
        assert "thời tiết Hà Nội mai thế nào" not in after.text and "Đã lưu nhãn" in after.text
        bad = client.post(f"/review/{event_id}", data={"csrf_token": csrf_of(page.text), "intent": "ask_fee",
                                                        "procedure": "not_a_procedure", "action": "label"})
        assert bad.status_code == 400


def test_the_export_command(queue: tuple[Engine, ConversationAnalytics, ReviewQueue], tmp_path: Path,
                            monkeypatch: pytest.MonkeyPatch) -> None:
    tracker, analytics, review = queue
    review.label(review.pending()[0].event_id, "out_of_scope", None, "canbo1")
    monkeypatch.setenv("DATABASE_URL", str(analytics._factory.kw["bind"].url.render_as_string(hide_password=False)))
    monkeypatch.setenv("CONSOLE_TRACKER_DB_URL", str(tracker.url))
    out = io.StringIO()
    nlu, ranker = tmp_path / "out.yml", tmp_path / "out.jsonl"
    assert main(["export-labels", "--nlu", str(nlu), "--ranker", str(ranker)], out=out) == 0
    assert "Đã xuất 1 câu" in out.getvalue() and "- intent: out_of_scope" in nlu.read_text(encoding="utf-8")


def test_a_rest_channel_turn_cannot_be_replied_to(queue: tuple[Engine, ConversationAnalytics, ReviewQueue]) -> None:
    _, analytics, review = queue
    handovers = HandoverStore(analytics._factory)
    turn = review.context(review.pending()[0].event_id)
    assert turn is not None and turn.lines and any(line.target for line in turn.lines)
    rest = dataclasses.replace(turn, sender_id="eval-1", channel="rest")
    with pytest.raises(ReviewRefused):
        review.reply(rest, "Dạ.", "canbo1", handovers)
    case_id = review.reply(turn, "Dạ.", "canbo1", handovers)
    assert case_id > 0
    with pytest.raises(ReviewRefused):
        review.reply(turn, "Dạ, lần nữa.", "canbo2", handovers)
