"""Durable stores: de-duplication, undelivered messages, web inbox, callback payload keys."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta

from sqlalchemy import Engine

from common.db import make_engine, make_session_factory
from connectors.core.dedup import DedupStore
from connectors.core.outbound import WebInbox
from connectors.core.undelivered import UndeliveredStore
from connectors.telegram.callback_store import CallbackPayloadStore, fits_inline


def test_claim_is_true_once(engine: Engine) -> None:
    store = DedupStore(make_session_factory(engine))
    assert store.claim("telegram", "m:1:1") is True
    assert store.claim("telegram", "m:1:1") is False
    assert store.claim("zalo", "m:1:1") is True


def test_concurrent_claims_from_many_workers_have_one_winner(engine: Engine) -> None:
    url = engine.url.render_as_string(hide_password=False)
    engines = [make_engine(url) for _ in range(4)]
    stores = [DedupStore(make_session_factory(e)) for e in engines]
    try:
        with ThreadPoolExecutor(max_workers=8) as pool:
            results = list(pool.map(lambda i: stores[i % 4].claim("zalo", "msg-1"), range(16)))
    finally:
        for e in engines:
            e.dispose()
    assert results.count(True) == 1


def test_prune_forgets_old_ids(engine: Engine) -> None:
    store = DedupStore(make_session_factory(engine))
    store.claim("telegram", "old")
    assert store.prune(timedelta(days=-1)) == 1
    assert store.claim("telegram", "old") is True


def test_undelivered_list_and_resolve(engine: Engine) -> None:
    store = UndeliveredStore(make_session_factory(engine))
    first = store.record("zalo", "zalo:1", "câu hỏi", "rasa_unavailable: RasaTimeout")
    store.record("telegram", "telegram:2", "khác", "delivery_failed: blocked", "trả lời")
    assert [r.channel for r in store.list()] == ["telegram", "zalo"]
    assert store.resolve(first, "can_bo_a") is True
    assert [r.channel for r in store.list()] == ["telegram"]
    resolved = store.list(include_resolved=True, channel="zalo")[0]
    assert resolved.resolved_by == "can_bo_a" and resolved.resolved_at is not None
    assert resolved.created_at.tzinfo is not None
    assert store.resolve(9999, "x") is False


def test_web_inbox_returns_each_answer_once(engine: Engine) -> None:
    inbox = WebInbox(make_session_factory(engine))
    inbox.put("s1", "một")
    inbox.put("s1", "hai")
    inbox.put("s2", "khác")
    assert [i.text for i in inbox.take("s1")] == ["một", "hai"]
    assert inbox.take("s1") == []


def test_callback_payload_keys(engine: Engine) -> None:
    factory = make_session_factory(engine)
    long_payload = '/ask_documents{"procedure":"dang_ky_khai_sinh_co_yeu_to_nuoc_ngoai"}'
    store = CallbackPayloadStore(factory)
    assert store.callback_data("/affirm") == "/affirm"
    key = store.callback_data(long_payload)
    assert len(key.encode()) <= 64 and key.startswith("k:")
    assert store.callback_data(long_payload) == key
    # another process (fresh cache) resolves the same key from the database
    assert CallbackPayloadStore(factory).resolve(key) == long_payload
    assert CallbackPayloadStore(factory).resolve("k:missing") is None
    assert not fits_inline("k:looks-like-a-key")
    assert not fits_inline("đ" * 33)  # 66 bytes in UTF-8
