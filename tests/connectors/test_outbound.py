"""`send_to_citizen`: staff answers reach the citizen on the channel they used."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from sqlalchemy import Engine

from common.settings import ConnectorSettings
from fakes.fake_telegram import FakeTelegram
from fakes.fake_zalo import FakeZalo
from tests.connectors.helpers import RunningConnector, undelivered_rows

Start = Callable[..., RunningConnector]
USER = "8888888888888888888"


@pytest.fixture
def connector(start_connector: Start, telegram_settings: ConnectorSettings,
              zalo_settings: ConnectorSettings) -> RunningConnector:
    settings = zalo_settings.with_overrides(
        telegram_bot_token=telegram_settings.telegram_bot_token.get_secret_value(),
        telegram_api_base_url=telegram_settings.telegram_api_base_url,
    )
    running = start_connector(settings)  # Telegram in send-only mode (no polling)
    running.wait_telegram_ready()
    return running


def test_channels_available(connector: RunningConnector) -> None:
    assert connector.health()["channels"] == ["telegram", "webchat", "zalo"]
    assert connector.health()["telegram"]["mode"] == "send_only"


def test_staff_answer_on_telegram(connector: RunningConnector,
                                  fake_telegram: FakeTelegram) -> None:
    result = connector.staff_reply("telegram", "telegram:42", "Cán bộ <trả lời> & hướng dẫn")
    assert result["ok"] is True
    assert fake_telegram.sent_texts(42) == ["Cán bộ <trả lời> & hướng dẫn"]
    assert fake_telegram.calls_of("getUpdates") == []


def test_staff_answer_on_zalo(connector: RunningConnector, fake_zalo: FakeZalo) -> None:
    assert connector.staff_reply("zalo", USER, "Hồ sơ đã đủ.")["ok"] is True
    assert fake_zalo.sent_texts(USER) == ["Hồ sơ đã đủ."]


def test_zalo_window_closed_is_reported_and_recorded(connector: RunningConnector,
                                                     fake_zalo: FakeZalo,
                                                     engine: Engine) -> None:
    fake_zalo.force_error(-232)
    result = connector.staff_reply("zalo", f"zalo:{USER}", "Trả lời muộn")
    assert result["ok"] is False and "-232" in result["reason"]
    row = undelivered_rows(engine, "zalo")[0]
    assert row.sender_id == f"zalo:{USER}"
    assert row.reply_text == "Trả lời muộn"
    assert row.reason.startswith("staff_reply_failed: zalo_window_closed")


def test_blocked_telegram_user_is_reported(connector: RunningConnector,
                                           fake_telegram: FakeTelegram, engine: Engine) -> None:
    fake_telegram.block(77)
    result = connector.staff_reply("telegram", "77", "Xin chào")
    assert result["ok"] is False and "blocked" in result["reason"]
    assert undelivered_rows(engine, "telegram")[0].reply_text == "Xin chào"


def test_unknown_channel_is_reported(connector: RunningConnector, engine: Engine) -> None:
    result = connector.staff_reply("viber", "x1", "Xin chào")
    assert result == {"ok": False, "sent": 0, "reason": "unknown_channel: viber"}
    assert undelivered_rows(engine, "viber")[0].reply_text == "Xin chào"
