"""The queue on SQLite and PostgreSQL: one winner per claim, timeouts, events with times, ratings once."""

from __future__ import annotations

import datetime as dt
import os
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session, sessionmaker

from common.db import make_engine, make_session_factory
from common.migrate import upgrade
from handover.ratings import RatingStore
from handover.store import HandoverStore
from tests.support.databases import fresh_database_url

LOCAL_POSTGRES = "postgresql://postgres@127.0.0.1:5432/test"
HISTORY = [{"who": "citizen", "text": "làm lại căn cước bị mất thế nào"}, {"who": "bot", "text": "Bạn cần…"},
           {"who": "citizen", "text": "gặp cán bộ"}]


class Clock:
    def __init__(self) -> None:
        self.now = dt.datetime(2026, 11, 23, 2, 0, tzinfo=dt.timezone.utc)

    def __call__(self) -> dt.datetime:
        return self.now


def _postgres_reachable(url: str) -> bool:
    try:
        engine = create_engine(url, connect_args={"connect_timeout": 2})
        with engine.connect() as conn:
            conn.execute(text("SELECT 1"))
        engine.dispose()
    except (OperationalError, ImportError):
        return False
    return True


@pytest.fixture(params=["sqlite", "postgresql"])
def factory(request: pytest.FixtureRequest, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
            ) -> Iterator[sessionmaker[Session]]:
    """A migrated database on each engine (PostgreSQL: TEST_DATABASE_URL, else the local server)."""
    if request.param == "sqlite":
        monkeypatch.delenv("TEST_DATABASE_URL", raising=False)
    else:
        url = os.environ.get("TEST_DATABASE_URL") or LOCAL_POSTGRES
        if not _postgres_reachable(url.replace("postgres://", "postgresql://", 1)):
            pytest.skip("no PostgreSQL on 127.0.0.1:5432 and no TEST_DATABASE_URL")
        monkeypatch.setenv("TEST_DATABASE_URL", url)
    with fresh_database_url(tmp_path) as url:
        engine = make_engine(url)
        upgrade(engine)
        yield make_session_factory(engine)
        engine.dispose()


def test_two_staff_claiming_at_once_exactly_one_wins(factory: sessionmaker[Session]) -> None:
    store = HandoverStore(factory, Clock())
    for round_ in range(10):
        case = store.open("telegram", f"telegram:{round_}", HISTORY, in_hours=True)
        barrier = threading.Barrier(4)
        results: dict[str, bool] = {}

        def claim(name: str, case_id: int = case.id, gate: threading.Barrier = barrier,
                  out: dict[str, bool] = results) -> None:
            gate.wait()
            out[name] = store.claim(case_id, name)

        threads = [threading.Thread(target=claim, args=(f"canbo{i}",)) for i in range(4)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        winners = [name for name, won in results.items() if won]
        assert len(winners) == 1, results
        after = store.get(case.id)
        assert after is not None and after.status == "claimed" and after.claimed_by == winners[0]
        assert [e.kind for e in store.events(case.id)].count("claimed") == 1


def test_lifecycle_records_every_event_with_its_time(factory: sessionmaker[Session]) -> None:
    clock = Clock()
    store = HandoverStore(factory, clock)
    case = store.open("zalo", "zalo:9", HISTORY, in_hours=True)
    assert case.question == "làm lại căn cước bị mất thế nào"
    assert store.active("zalo:9") == case and store.position(case.id) == 1
    clock.now += dt.timedelta(minutes=2)
    assert store.claim(case.id, "canbo1") and not store.claim(case.id, "canbo2")
    store.add_message(case.id, "zalo:9", "em mất cả giấy khai sinh")
    store.add_message(case.id, "canbo1", "Anh mang theo sổ hộ khẩu cũ nếu còn.")
    assert not store.close(case.id, "canbo2")  # only the owner closes
    clock.now += dt.timedelta(minutes=5)
    assert store.close(case.id, "canbo1") and store.active("zalo:9") is None
    events = store.events(case.id)
    assert [e.kind for e in events] == ["requested", "queued", "claimed", "message", "message", "closed"]
    closed = store.get(case.id)
    assert closed is not None
    assert closed.waited(clock.now) == dt.timedelta(minutes=2)
    assert closed.handled(clock.now) == dt.timedelta(minutes=5)
    assert store.average_wait() == dt.timedelta(minutes=2)


def test_unclaimed_case_times_out_once_and_never_after_a_claim(factory: sessionmaker[Session]) -> None:
    clock = Clock()
    store = HandoverStore(factory, clock)
    late = store.open("webchat", "webchat:a", HISTORY, in_hours=True)
    taken = store.open("webchat", "webchat:b", HISTORY, in_hours=True)
    assert store.claim(taken.id, "canbo1")
    clock.now += dt.timedelta(minutes=6)
    assert [c.id for c in store.overdue(dt.timedelta(minutes=5))] == [late.id]
    assert store.time_out(late.id) and not store.time_out(late.id) and not store.time_out(taken.id)
    assert not store.claim(late.id, "canbo2")  # too late: it is in the inbox now
    inbox = store.listing(["timed_out", "out_of_hours", "unhelpful"], unanswered_only=True)
    assert [c.id for c in inbox] == [late.id]
    assert store.mark_answered(late.id, "canbo2", "Trả lời sau") and not store.mark_answered(late.id, "canbo3", "x")
    assert store.listing(["timed_out"], unanswered_only=True) == []


def test_out_of_hours_request_goes_straight_to_the_inbox(factory: sessionmaker[Session]) -> None:
    store = HandoverStore(factory, Clock())
    case = store.open("telegram", "telegram:5", HISTORY, in_hours=False)
    assert case.status == "out_of_hours" and store.active("telegram:5") is None
    assert [e.kind for e in store.events(case.id)] == ["requested", "out_of_hours"]


def test_a_rating_is_stored_once_per_answer(factory: sessionmaker[Session]) -> None:
    ratings = RatingStore(factory, Clock())
    assert ratings.remember_answer("a1", "telegram", "telegram:1", "ho_chieu", "fee", "lệ phí hộ chiếu", "…")
    assert not ratings.remember_answer("a1", "telegram", "telegram:1", "ho_chieu", "fee", "lệ phí hộ chiếu", "…")
    assert ratings.rate("a1", "up", "telegram", "telegram:1", "ho_chieu", "fee")
    assert not ratings.rate("a1", "up", "telegram", "telegram:1", "ho_chieu", "fee")
    assert not ratings.rate("a1", "down", "telegram", "telegram:1", "ho_chieu", "fee")
    assert ratings.rate("a2", "down", "zalo", "zalo:2", "khai_sinh", "documents")
    assert ratings.set_reason("a2", "outdated") and not ratings.set_reason("a2", "unclear")
    assert not ratings.set_reason("a1", "unclear")  # only a 👎 has a reason
    overall = ratings.overall()
    assert (overall.up, overall.down, overall.helpful) == (1, 1, 0.5)
    assert {r.label: r.helpful for r in ratings.by_procedure()} == {"ho_chieu": 1.0, "khai_sinh": 0.0}
    assert {r.label: (r.up, r.down) for r in ratings.by_aspect()} == {"documents": (0, 1), "fee": (1, 0)}
    assert [(r.label, r.down) for r in ratings.by_reason()] == [("outdated", 1)]
    assert [v.reason for v in ratings.of_senders(["zalo:2"])["zalo:2"]] == ["outdated"]


def test_retention_removes_old_finished_cases_and_answer_texts(factory: sessionmaker[Session]) -> None:
    from connectors.core.retention import purge_personal_data

    clock = Clock()
    clock.now = dt.datetime.now(dt.timezone.utc) - dt.timedelta(days=100)
    store, ratings = HandoverStore(factory, clock), RatingStore(factory, clock)
    old = store.open("telegram", "telegram:1", HISTORY, in_hours=True)
    store.claim(old.id, "canbo1")
    store.close(old.id, "canbo1")
    waiting_inbox = store.open("telegram", "telegram:2", HISTORY, in_hours=False)  # unanswered: kept longer
    ratings.remember_answer("old", "telegram", "telegram:1", "ho_chieu", "fee", "lệ phí", "200.000 đồng")
    ratings.rate("old", "up", "telegram", "telegram:1", "ho_chieu", "fee")
    clock.now = dt.datetime.now(dt.timezone.utc)
    recent = store.open("telegram", "telegram:3", HISTORY, in_hours=False)
    removed = purge_personal_data(factory, days=90)
    assert removed["handover_cases"] == 1 and removed["handover_events"] == 4 and removed["rated_answers"] == 1
    assert store.get(old.id) is None and store.get(waiting_inbox.id) and store.get(recent.id)
    assert ratings.overall().up == 1  # the rating itself (no text) stays for the analytics
