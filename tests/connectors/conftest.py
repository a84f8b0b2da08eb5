"""Fixtures of the connector tests: fake servers (session-wide, reset per test) and the app."""

from __future__ import annotations

from collections.abc import Callable, Iterator

import pytest

from common.settings import ConnectorSettings
from connectors.web.app import create_app
from fakes.fake_rasa import FakeRasa
from fakes.fake_telegram import FakeTelegram
from fakes.fake_zalo import APP_ID, APP_SECRET, OA_SECRET_KEY, FakeZalo
from fakes.ports import free_port
from fakes.server import ServerThread
from tests.connectors.helpers import RunningConnector, staff_router

WEBHOOK_SECRET = "test-webhook-secret_0123456789"


@pytest.fixture(scope="session")
def _telegram_server() -> Iterator[FakeTelegram]:
    fake = FakeTelegram()
    with ServerThread(fake.app) as server:
        fake.url = server.url
        yield fake


@pytest.fixture(scope="session")
def _zalo_server() -> Iterator[FakeZalo]:
    fake = FakeZalo()
    with ServerThread(fake.app) as server:
        fake.url = server.url
        yield fake


@pytest.fixture(scope="session")
def _rasa_server() -> Iterator[FakeRasa]:
    fake = FakeRasa()
    with ServerThread(fake.app) as server:
        fake.url = server.url
        yield fake


@pytest.fixture
def fake_telegram(_telegram_server: FakeTelegram) -> FakeTelegram:
    """The fake Telegram Bot API, emptied for this test."""
    _telegram_server.reset()
    return _telegram_server


@pytest.fixture
def fake_zalo(_zalo_server: FakeZalo) -> FakeZalo:
    """The fake Zalo OA + OAuth server, emptied for this test."""
    _zalo_server.reset()
    return _zalo_server


@pytest.fixture
def fake_rasa(_rasa_server: FakeRasa) -> FakeRasa:
    """The fake Rasa REST channel, emptied for this test."""
    _rasa_server.reset()
    return _rasa_server


@pytest.fixture
def dead_url() -> str:
    """A loopback URL where nothing listens (Rasa stopped)."""
    return f"http://127.0.0.1:{free_port()}"


@pytest.fixture
def base_settings(database_url: str, fake_rasa: FakeRasa) -> ConnectorSettings:
    """ConnectorSettings on the fresh test database and the fake Rasa; no platform enabled."""
    return ConnectorSettings(
        rasa_url=fake_rasa.url,
        rasa_timeout=5.0,
        database_url=database_url,
        auto_migrate=False,
        max_messages_per_minute=1000,
    )


@pytest.fixture
def telegram_settings(base_settings: ConnectorSettings, fake_telegram: FakeTelegram) -> ConnectorSettings:
    """Telegram enabled against the fake server (long polling with a 1 s timeout)."""
    return base_settings.with_overrides(
        telegram_bot_token=fake_telegram.token,
        telegram_api_base_url=fake_telegram.url,
        telegram_poll_timeout=1,
        telegram_max_retry_after=5.0,
    )


@pytest.fixture
def zalo_settings(base_settings: ConnectorSettings, fake_zalo: FakeZalo) -> ConnectorSettings:
    """Zalo enabled against the fake server, with a fresh token pair in the environment."""
    access, refresh = fake_zalo.issue_tokens()
    return base_settings.with_overrides(
        zalo_app_id=APP_ID,
        zalo_app_secret=APP_SECRET,
        zalo_oa_secret_key=OA_SECRET_KEY,
        zalo_access_token=access,
        zalo_refresh_token=refresh,
        zalo_api_base_url=fake_zalo.url,
        zalo_oauth_base_url=fake_zalo.url,
        zalo_retry_base_delay=0.05,
    )


@pytest.fixture
def start_connector() -> Iterator[Callable[..., RunningConnector]]:
    """Factory: run create_app(settings) under uvicorn; everything is stopped afterwards."""
    running: list[RunningConnector] = []

    def start(settings: ConnectorSettings, *, telegram_polling: bool = False) -> RunningConnector:
        app = create_app(settings, telegram_polling=telegram_polling, routers=[staff_router])
        connector = RunningConnector(ServerThread(app).start(), app)
        running.append(connector)
        return connector

    yield start
    for connector in reversed(running):
        connector.stop()
