"""A reduced scale-out topology on the real engines: 2 Rasa replicas on PostgreSQL trackers and a Redis lock."""

from __future__ import annotations

import json
import subprocess
import threading
import time
import uuid
from collections.abc import Iterator
from typing import Any

import pytest
import requests
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from bot.launcher import RASA_DIR, RASA_PYTHON, LaunchError
from bot.nginx import nginx_binary
from bot.topology import Topology, drop_database, event_queue_depth, prepare_databases, start_topology
from common.scale_settings import ScaleSettings
from common.settings import process_environment
from tests.support import databases

pytestmark = [pytest.mark.e2e, pytest.mark.slow]


@pytest.fixture(scope="module")
def topology(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Topology]:
    """nginx, 1 action server, 2 Rasa replicas, 1 web process; fresh PostgreSQL databases, own Redis keys."""
    if nginx_binary() is None:
        pytest.fail("nginx is missing: run `make setup` (scripts/setup.sh installs the Debian package)")
    tag = f"t{uuid.uuid4().hex[:10]}"
    server = make_url(databases.test_database_base_url() or "postgresql://postgres@127.0.0.1:5432/test")  # CI: the local one
    settings = ScaleSettings.from_env({}).with_overrides(
        scale_database_url=server.set(database=f"{tag}_app").render_as_string(hide_password=False),
        tracker_database_url=server.set(database=f"{tag}_trk").render_as_string(hide_password=False),
        scale_rasa_replicas=2, scale_action_replicas=1, scale_web_replicas=1)
    try:
        prepare_databases(settings)
        topo = start_topology(settings, name=tag, log_dir=tmp_path_factory.mktemp("scale-log"),
                              extra_env={"TTHC_TODAY": "2026-11-23"})
    except LaunchError as exc:
        drop_database(settings.scale_database_url)
        drop_database(settings.tracker_database_url)
        pytest.fail(f"could not start the topology: {exc}")
    try:
        yield topo
    finally:
        topo.stop()
        event_queue_depth(settings, tag, delete=True)
        drop_database(settings.scale_database_url)
        drop_database(settings.tracker_database_url)


def say(topo: Topology, replica: str, sender: str, message: str) -> str:
    """One turn on one Rasa replica, straight to it (no balancer): the replies' texts."""
    resp = requests.post(f"{topo.replica_url(replica)}/webhooks/rest/webhook", json={"sender": sender, "message": message},
                         headers={"Authorization": f"Bearer {topo.rasa_token}"}, timeout=60)
    resp.raise_for_status()
    return "\n\n".join(r.get("text", "") for r in resp.json())


def events(topo: Topology, sender: str) -> list[dict[str, Any]]:
    """The conversation's events as stored in PostgreSQL, in insertion order."""
    engine = create_engine(topo.tracker_database_url)
    try:
        with engine.connect() as conn:
            rows = conn.execute(text("SELECT data FROM events WHERE sender_id = :s ORDER BY id"), {"s": sender})
            return [json.loads(row[0]) for row in rows]
    finally:
        engine.dispose()


def test_two_conversations_served_alternately_by_both_replicas_keep_their_context(topology: Topology) -> None:
    marriage, passport = f"webchat:{uuid.uuid4().hex}", f"webchat:{uuid.uuid4().hex}"
    assert "Tờ khai đăng ký kết hôn" in say(topology, "rasa-1", marriage, "đăng ký kết hôn cần giấy tờ gì")
    assert "Hồ sơ cấp hộ chiếu" in say(topology, "rasa-2", passport, "làm hộ chiếu cần giấy tờ gì")
    # Each follow-up names no procedure and lands on the replica that did not see the first turn.
    assert "Thời gian giải quyết đăng ký kết hôn" in say(topology, "rasa-2", marriage, "còn thời gian bao lâu?")
    assert "Thời gian giải quyết cấp hộ chiếu" in say(topology, "rasa-1", passport, "còn thời gian bao lâu?")
    stored = [e["text"] for e in events(topology, marriage) if e["event"] == "user"]
    assert stored == ["đăng ký kết hôn cần giấy tờ gì", "còn thời gian bao lâu?"]


def test_the_redis_lock_keeps_one_conversations_turns_in_order(topology: Topology) -> None:
    sender = f"webchat:{uuid.uuid4().hex}"
    # Four turns: the last waits for three (Rasa polls the lock each second), well within the ticket lifetime.
    messages = ["lệ phí đăng ký kết hôn bao nhiêu", "còn thời gian bao lâu?", "thế còn hộ chiếu?", "cần giấy tờ gì?"]
    answers: dict[int, str] = {}

    def turn(i: int) -> None:
        answers[i] = say(topology, f"rasa-{1 + i % 2}", sender, messages[i])

    # Sent while the previous turns are still running, alternately to both replicas.
    threads = [threading.Thread(target=turn, args=(i,)) for i in range(len(messages))]
    for thread in threads:
        thread.start()
        time.sleep(0.3)
    for thread in threads:
        thread.join(90)
    assert sorted(answers) == list(range(len(messages))) and all(answers.values())
    stored = events(topology, sender)
    users = [i for i, e in enumerate(stored) if e["event"] == "user"]
    assert [stored[i]["text"] for i in users] == messages, "turns were stored out of arrival order"
    # One turn at a time: every user message is answered (a bot event) before the next one is read.
    for start, end in zip(users, [*users[1:], len(stored)], strict=True):
        assert any(e["event"] == "bot" for e in stored[start:end]), f"turn at event {start} interleaved"
    assert "Thời gian giải quyết đăng ký kết hôn" in answers[1]
    assert "hộ chiếu" in answers[2]


def test_the_balanced_web_chat_answers_through_nginx(topology: Topology) -> None:
    session = requests.Session()
    resp = session.post(f"{topology.public_url}/webchat/message", json={"message": "lam ho chieu het bao nhieu tien"},
                        timeout=60)
    assert resp.status_code == 200
    assert "100.000 đồng" in " ".join(r.get("text", "") for r in resp.json())


def test_every_replica_publishes_its_events_to_rabbitmq(topology: Topology) -> None:
    assert topology.settings is not None
    assert event_queue_depth(topology.settings, topology.name) > 0


LOCK_RACE = """
import sys, threading, uuid
sys.path.insert(0, ".")
from rasa.core.lock_store import LockStore
from rasa.utils.endpoints import EndpointConfig
store = LockStore.create(EndpointConfig(url="127.0.0.1", type="stores.redis_lock.AtomicRedisLockStore",
                                        port=6379, db=1, key_prefix="locktest"))
cid, tickets = uuid.uuid4().hex, []
def issue():
    for _ in range(50):
        tickets.append(store.issue_ticket(cid, 30))
threads = [threading.Thread(target=issue) for _ in range(4)]
[t.start() for t in threads]
[t.join() for t in threads]
store.delete_lock(cid)
print(type(store).__name__, len(tickets), len(set(tickets)))
"""


def test_replicas_issuing_tickets_at_once_never_share_one() -> None:
    # Rasa 3.6's RedisLockStore, 4 threads x 50 tickets: about half were duplicates when measured (98 unique of
    # 200); stores/redis_lock.py must give 200 distinct tickets.
    done = subprocess.run([str(RASA_PYTHON), "-c", LOCK_RACE], cwd=RASA_DIR, capture_output=True, text=True,
                          timeout=120, env=process_environment(SQLALCHEMY_SILENCE_UBER_WARNING="1"))
    assert done.stdout.split() == ["AtomicRedisLockStore", "200", "200"], done.stderr[-2000:]
