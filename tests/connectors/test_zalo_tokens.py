"""Zalo token store and single-flight refresh (in one process and across processes)."""

from __future__ import annotations

import asyncio
from datetime import timedelta

import pytest
from sqlalchemy import Engine

from common.db import make_engine, make_session_factory
from connectors.exceptions import ZaloTokenRefreshError
from connectors.models import utcnow
from connectors.zalo.client import TokenPair, ZaloClient
from connectors.zalo.tokens import ZaloTokenManager, ZaloTokenStore
from fakes.fake_zalo import FakeZalo


def _client(fake: FakeZalo) -> ZaloClient:
    return ZaloClient(fake.url, fake.url, fake.app_id, fake.app_secret)


def _store(engine: Engine) -> ZaloTokenStore:
    return ZaloTokenStore(make_session_factory(engine))


def test_seed_keeps_refreshed_tokens_and_accepts_new_env_tokens(engine: Engine) -> None:
    store = _store(engine)
    store.seed("app", "at-env", "rt-env")
    state = store.load("app")
    assert state is not None and (state.access_token, state.version) == ("at-env", 0)
    assert store.save_refreshed("app", 0, TokenPair("at-new", "rt-new", None))
    store.seed("app", "at-env", "rt-env")  # restart with the same (now used) env tokens
    state = store.load("app")
    assert state is not None and (state.access_token, state.refresh_token) == ("at-new", "rt-new")
    store.seed("app", "at-reauth", "rt-reauth")  # operator re-authorised the OA
    state = store.load("app")
    assert state is not None and state.refresh_token == "rt-reauth" and state.version == 2


def test_lease_is_exclusive_and_version_checked(engine: Engine) -> None:
    store = _store(engine)
    store.seed("app", "a", "r")
    assert store.try_lease("app", 0, "p1", 30)
    assert not store.try_lease("app", 0, "p2", 30)
    assert not store.try_lease("app", 1, "p2", 30)
    store.release_lease("app", "p1")
    assert store.try_lease("app", 0, "p2", 30)


def test_refresh_persists_the_new_pair_before_use(engine: Engine, fake_zalo: FakeZalo) -> None:
    access, refresh = fake_zalo.issue_tokens()
    store = _store(engine)
    store.seed(fake_zalo.app_id, access, refresh)

    async def run() -> None:
        client = _client(fake_zalo)
        manager = ZaloTokenManager(store, client, fake_zalo.app_id)
        try:
            state = await manager.refresh(0)
        finally:
            await client.aclose()
        stored = store.load(fake_zalo.app_id)
        assert stored is not None
        assert (stored.access_token, stored.refresh_token, stored.version) == (
            state.access_token, state.refresh_token, 1)
        assert stored.refresh_token != refresh
        assert stored.expires_at is not None and stored.expires_at > utcnow() + timedelta(hours=24)

    asyncio.run(run())


def test_two_processes_refreshing_at_once_make_one_oauth_call(engine: Engine,
                                                              fake_zalo: FakeZalo) -> None:
    """Two managers with their own engines and locks stand for two worker processes."""
    access, refresh = fake_zalo.issue_tokens()
    _store(engine).seed(fake_zalo.app_id, access, refresh)
    fake_zalo.set_refresh_delay(0.5)
    other_engine = make_engine(engine.url.render_as_string(hide_password=False))

    async def run() -> None:
        clients = [_client(fake_zalo), _client(fake_zalo)]
        managers = [
            ZaloTokenManager(_store(engine), clients[0], fake_zalo.app_id, poll_interval=0.05),
            ZaloTokenManager(_store(other_engine), clients[1], fake_zalo.app_id,
                             poll_interval=0.05),
        ]
        try:
            results = await asyncio.gather(*(m.refresh(0) for m in managers for _ in range(3)))
        finally:
            for client in clients:
                await client.aclose()
        assert len({r.access_token for r in results}) == 1
        assert {r.version for r in results} == {1}

    try:
        asyncio.run(run())
    finally:
        other_engine.dispose()
    assert len(fake_zalo.oauth_calls()) == 1
    assert [c.error for c in fake_zalo.oauth_calls()] == [0]


def test_refresh_failure_releases_the_lease(engine: Engine, fake_zalo: FakeZalo) -> None:
    store = _store(engine)
    store.seed(fake_zalo.app_id, "at-unknown", "rt-unknown")

    async def run() -> None:
        client = _client(fake_zalo)
        manager = ZaloTokenManager(store, client, fake_zalo.app_id)
        try:
            with pytest.raises(ZaloTokenRefreshError, match="invalid or already used"):
                await manager.refresh(0)
        finally:
            await client.aclose()

    asyncio.run(run())
    assert store.try_lease(fake_zalo.app_id, 0, "someone-else", 30)


def test_expiring_token_is_refreshed_proactively(engine: Engine, fake_zalo: FakeZalo) -> None:
    access, refresh = fake_zalo.issue_tokens()
    store = _store(engine)
    store.seed(fake_zalo.app_id, access, refresh)
    assert store.save_refreshed(fake_zalo.app_id, 0, TokenPair(
        access, refresh, utcnow() + timedelta(minutes=2)))

    async def run() -> str:
        client = _client(fake_zalo)
        try:
            state = await ZaloTokenManager(store, client, fake_zalo.app_id).current()
        finally:
            await client.aclose()
        return state.access_token

    assert asyncio.run(run()) != access
    assert len(fake_zalo.oauth_calls()) == 1
