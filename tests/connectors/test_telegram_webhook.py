"""Telegram in webhook mode: setWebhook with a secret token, verified updates at /telegram/webhook."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from common.settings import ConfigurationError, ConnectorSettings
from connectors.web.app import create_app
from fakes.fake_rasa import FakeRasa
from fakes.fake_telegram import FakeTelegram
from tests.connectors.conftest import WEBHOOK_SECRET
from tests.connectors.helpers import RunningConnector, settle, wait_until

Start = Callable[..., RunningConnector]
CHAT = 4242
HEADER = "X-Telegram-Bot-Api-Secret-Token"


@pytest.fixture
def webhook(start_connector: Start, telegram_settings: ConnectorSettings,
            fake_telegram: FakeTelegram) -> RunningConnector:
    settings = telegram_settings.with_overrides(
        telegram_webhook_url="https://tthc.example.gov.vn/telegram/webhook",
        telegram_webhook_secret=WEBHOOK_SECRET,
    )
    connector = start_connector(settings)
    connector.wait_telegram_ready()
    return connector


def test_set_webhook_is_called_with_the_secret_token(webhook: RunningConnector,
                                                     fake_telegram: FakeTelegram) -> None:
    assert fake_telegram.webhook == ("https://tthc.example.gov.vn/telegram/webhook",
                                     WEBHOOK_SECRET)
    assert fake_telegram.calls_of("getUpdates") == []


def test_valid_update_is_answered(webhook: RunningConnector, fake_telegram: FakeTelegram,
                                  fake_rasa: FakeRasa) -> None:
    update = fake_telegram.text_update(CHAT, "le phi ho chieu")
    response = webhook.post("/telegram/webhook", json=update, headers={HEADER: WEBHOOK_SECRET})
    assert response.status_code == 200
    sent = wait_until(lambda: fake_telegram.sent_texts(CHAT), what="reply")
    assert sent == ["Bạn hỏi: le phi ho chieu"]


@pytest.mark.parametrize("headers", [{}, {HEADER: "wrong-secret"}, {HEADER: ""},
                                     {HEADER: WEBHOOK_SECRET + "x"}])
def test_missing_or_wrong_secret_is_403_and_nothing_processed(
    webhook: RunningConnector, fake_telegram: FakeTelegram, fake_rasa: FakeRasa,
    headers: dict[str, str],
) -> None:
    update = fake_telegram.text_update(CHAT, "gia mao")
    response = webhook.post("/telegram/webhook", json=update, headers=headers)
    assert response.status_code == 403
    settle(0.3)
    assert fake_telegram.calls_of("sendMessage") == []
    assert fake_rasa.calls == []


def test_same_update_twice_is_answered_once(webhook: RunningConnector,
                                            fake_telegram: FakeTelegram,
                                            fake_rasa: FakeRasa) -> None:
    update = fake_telegram.text_update(CHAT, "mot lan thoi")
    for _ in range(3):
        assert webhook.post("/telegram/webhook", json=update,
                            headers={HEADER: WEBHOOK_SECRET}).status_code == 200
    wait_until(lambda: fake_telegram.sent_messages(CHAT), what="reply")
    settle(0.4)
    assert len(fake_telegram.sent_messages(CHAT)) == 1
    assert len(fake_rasa.calls) == 1


def test_callback_query_by_webhook_is_answered(webhook: RunningConnector,
                                               fake_telegram: FakeTelegram,
                                               fake_rasa: FakeRasa) -> None:
    update = fake_telegram.callback_update(CHAT, "/affirm")
    assert webhook.post("/telegram/webhook", json=update,
                        headers={HEADER: WEBHOOK_SECRET}).status_code == 200
    wait_until(lambda: fake_telegram.sent_messages(CHAT), what="reply")
    assert fake_rasa.messages() == ["/affirm"]
    assert len(fake_telegram.calls_of("answerCallbackQuery")) == 1


def test_garbage_body_is_400(webhook: RunningConnector, fake_telegram: FakeTelegram) -> None:
    assert webhook.post("/telegram/webhook", content=b"not json",
                        headers={HEADER: WEBHOOK_SECRET,
                                 "Content-Type": "application/json"}).status_code == 400
    assert webhook.post("/telegram/webhook", json={"hello": 1},
                        headers={HEADER: WEBHOOK_SECRET}).status_code == 400


def test_webhook_route_is_404_in_polling_mode(start_connector: Start,
                                              telegram_settings: ConnectorSettings,
                                              fake_telegram: FakeTelegram) -> None:
    connector = start_connector(telegram_settings, telegram_polling=True)
    update = fake_telegram.text_update(CHAT, "x")
    assert connector.post("/telegram/webhook", json=update,
                          headers={HEADER: WEBHOOK_SECRET}).status_code == 404


def test_webhook_without_secret_refuses_to_start(telegram_settings: ConnectorSettings) -> None:
    settings = telegram_settings.with_overrides(
        telegram_webhook_url="https://tthc.example.gov.vn/telegram/webhook")
    with pytest.raises(ConfigurationError):
        create_app(settings)
