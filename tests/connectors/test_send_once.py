"""SendOnceGuard: one sender per message key, across processes, within a window."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Engine

from common.db import make_session_factory
from connectors.core.send_once import Claim, SendOnceGuard, message_key

T0 = dt.datetime(2026, 1, 5, 2, 0, tzinfo=dt.timezone.utc)


class Clock:
    def __init__(self) -> None:
        self.now = T0

    def __call__(self) -> dt.datetime:
        return self.now


def guards(engine: Engine, clock: Clock) -> tuple[SendOnceGuard, SendOnceGuard]:
    """Two guards on one database, as two web-service replicas would have."""
    return (SendOnceGuard(make_session_factory(engine), clock=clock),
            SendOnceGuard(make_session_factory(engine), clock=clock))


def test_keys_differ_by_channel_user_and_text() -> None:
    keys = {message_key("telegram", "42", "a"), message_key("zalo", "42", "a"),
            message_key("telegram", "43", "a"), message_key("telegram", "42", "b")}
    assert len(keys) == 4 and all(len(k) == 64 for k in keys)


def test_one_sender_then_already_sent_until_the_window_ends(engine: Engine) -> None:
    clock = Clock()
    first, second = guards(engine, clock)
    key = message_key("telegram", "42", "xin chào")
    assert first.claim(key) is Claim.CLAIMED
    assert second.claim(key) is Claim.IN_PROGRESS
    first.finish(key, delivered=True)
    assert second.claim(key) is Claim.ALREADY_SENT
    clock.now += first.window + dt.timedelta(seconds=1)
    assert second.claim(key) is Claim.CLAIMED  # a deliberate resend later is allowed


def test_failure_releases_the_claim(engine: Engine) -> None:
    first, second = guards(engine, Clock())
    key = message_key("zalo", "u1", "trả lời")
    assert first.claim(key) is Claim.CLAIMED
    first.finish(key, delivered=False)
    assert second.claim(key) is Claim.CLAIMED


def test_claim_left_by_a_crashed_sender_expires(engine: Engine) -> None:
    clock = Clock()
    first, second = guards(engine, clock)
    key = message_key("telegram", "42", "x")
    assert first.claim(key) is Claim.CLAIMED  # and the process dies
    clock.now += dt.timedelta(minutes=5)
    assert second.claim(key) is Claim.IN_PROGRESS
    clock.now += first.window
    assert second.claim(key) is Claim.CLAIMED
