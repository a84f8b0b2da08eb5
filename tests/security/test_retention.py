"""Finding 6 of issue 13 (part): old personal data is purged from every connector store and Rasa's trackers."""

from __future__ import annotations

import time
from datetime import timedelta

from sqlalchemy import Engine, text, update

from common.db import make_session_factory
from connectors.core.outbound import WebInbox
from connectors.core.retention import purge_personal_data
from connectors.core.undelivered import UndeliveredStore
from connectors.models import UndeliveredMessage, WebInboxMessage, utcnow


def test_old_personal_data_is_purged_everywhere(engine: Engine) -> None:
    factory = make_session_factory(engine)
    undelivered, inbox = UndeliveredStore(factory), WebInbox(factory)
    old_resolved = undelivered.record("webchat", "webchat:a", "số tôi 0912345678", "x")
    undelivered.resolve(old_resolved, "staff")
    recent = undelivered.record("webchat", "webchat:b", "mới", "x")
    inbox.put("a", "trả lời cũ")
    with engine.begin() as conn:
        long_ago = utcnow() - timedelta(days=100)
        conn.execute(update(UndeliveredMessage).where(UndeliveredMessage.id == old_resolved)
                     .values(created_at=long_ago))
        conn.execute(update(WebInboxMessage).values(created_at=long_ago))
        conn.execute(text("CREATE TABLE events (id INTEGER PRIMARY KEY, sender_id TEXT, timestamp FLOAT, data TEXT)"))
        # Explicit ids: a plain INTEGER PRIMARY KEY autoincrements on SQLite only, not on PostgreSQL.
        conn.execute(text("INSERT INTO events (id, sender_id, timestamp, data) VALUES (1, 'a', :old, 'Nguyễn Văn A'), "
                          "(2, 'b', :now, 'mới')"), {"old": time.time() - 100 * 86400, "now": time.time()})
    removed = purge_personal_data(factory, days=90)
    assert removed["undelivered"] == 1 and removed["web_inbox"] == 1 and removed["rasa_trackers"] == 1
    assert [r.id for r in undelivered.list(include_resolved=True)] == [recent]
    with engine.connect() as conn:
        assert conn.execute(text("SELECT sender_id FROM events")).scalars().all() == ["b"]


def test_finding_6_zalo_tokens_are_encrypted_at_rest(engine: Engine) -> None:
    from connectors.core.secretbox import SecretBox
    from connectors.zalo.tokens import ZaloTokenStore

    box = SecretBox(SecretBox.new_key())
    store = ZaloTokenStore(make_session_factory(engine), box)
    store.seed("app", "access-secret-123", "refresh-secret-456")
    with engine.connect() as conn:
        stored = conn.execute(text("SELECT access_token, refresh_token FROM conn_zalo_tokens")).one()
    assert all(v.startswith("fernet:") and "secret" not in v for v in stored)
    state = store.load("app")
    assert state is not None and (state.access_token, state.refresh_token) == ("access-secret-123", "refresh-secret-456")
