"""Finding 5 of issue 13 at the store level: claimed → done; a crash leaves a claim that is recovered."""

from __future__ import annotations

import time
from datetime import timedelta

from sqlalchemy import Engine

from common.db import make_session_factory
from connectors.core.dedup import INTERRUPTED_REASON, Claim, DedupStore
from tests.connectors.helpers import undelivered_rows


def test_a_finished_turn_is_answered_once(engine: Engine) -> None:
    store = DedupStore(make_session_factory(engine))
    assert store.begin("zalo", "m1", "zalo:1", "câu hỏi") is Claim.FRESH
    store.finish("zalo", "m1")
    assert store.begin("zalo", "m1", "zalo:1", "câu hỏi") is Claim.DUPLICATE


def test_a_live_claim_is_not_taken_but_a_stale_one_is(engine: Engine) -> None:
    store = DedupStore(make_session_factory(engine), lease=timedelta(seconds=0.5))
    assert store.begin("telegram", "u1", "telegram:1", "a") is Claim.FRESH
    assert store.begin("telegram", "u1", "telegram:1", "a") is Claim.IN_PROGRESS
    time.sleep(0.6)  # the worker died: its claim goes stale
    assert store.begin("telegram", "u1", "telegram:1", "a") is Claim.RETRY
    assert store.begin("telegram", "u1", "telegram:1", "a") is Claim.IN_PROGRESS


def test_recover_records_interrupted_turns_for_staff_once(engine: Engine) -> None:
    store = DedupStore(make_session_factory(engine), lease=timedelta(seconds=0.2))
    store.begin("webchat", "w1", "webchat:abc", "lệ phí hộ chiếu")
    store.begin("webchat", "w2", "webchat:abc", "xong rồi")
    store.finish("webchat", "w2")
    time.sleep(0.3)
    assert [t.text for t in store.recover()] == ["lệ phí hộ chiếu"]
    assert store.recover() == []
    rows = undelivered_rows(engine)
    assert [(r.sender_id, r.text, r.reason) for r in rows] == [("webchat:abc", "lệ phí hộ chiếu", INTERRUPTED_REASON)]
    assert store.begin("webchat", "w1", "webchat:abc", "lệ phí hộ chiếu") is Claim.RETRY  # a redelivery is answered
