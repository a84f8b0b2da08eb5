"""End to end: fake Telegram/Zalo at the network edge, the REAL Rasa and action servers behind."""

from __future__ import annotations

import json
import time
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from sqlalchemy import Engine

from common.settings import ConnectorSettings
from connectors.core import texts
from fakes.fake_telegram import FakeTelegram, load_payload
from fakes.fake_zalo import FakeZalo
from tests.connectors.helpers import RunningConnector, undelivered_rows, wait_until
from tests.support.rasa_stack import running_stack

pytestmark = pytest.mark.e2e

Start = Callable[..., RunningConnector]
RASA_WAIT = 90.0  # first turns of a fresh Rasa can be slow


@pytest.fixture
def chat() -> int:
    """A chat id never used before, so Rasa's tracker starts empty."""
    return 10**9 + time.time_ns() % 10**9


@pytest.fixture
def telegram_e2e(start_connector: Start, telegram_settings: ConnectorSettings,
                 rasa_stack: Any) -> RunningConnector:
    connector = start_connector(
        telegram_settings.with_overrides(rasa_url=rasa_stack.rasa_url, rasa_timeout=60.0,
                                     rasa_auth_token=rasa_stack.rasa_token),
        telegram_polling=True,
    )
    connector.wait_telegram_ready()
    return connector


def _keyboard(params: dict[str, Any]) -> list[dict[str, Any]]:
    markup = params.get("reply_markup")
    data = json.loads(markup) if isinstance(markup, str) else markup
    return [button for row in (data or {}).get("inline_keyboard", []) for button in row]


def test_passport_fee_via_telegram(telegram_e2e: RunningConnector,
                                   fake_telegram: FakeTelegram, chat: int) -> None:
    fake_telegram.push_text(chat, "le phi ho chieu")
    sent = wait_until(lambda: fake_telegram.sent_texts(chat), RASA_WAIT, what="answer")
    assert any("100.000" in t for t in sent), sent
    assert fake_telegram.calls_of("sendChatAction")


def test_button_round_trip_via_telegram(telegram_e2e: RunningConnector,
                                        fake_telegram: FakeTelegram, chat: int) -> None:
    fake_telegram.push_text(chat, "lệ phí bao nhiêu vậy ad")
    with_buttons = wait_until(
        lambda: [m for m in fake_telegram.sent_messages(chat) if _keyboard(m)], RASA_WAIT,
        what="answer with buttons")
    buttons = _keyboard(with_buttons[0])
    assert all(1 <= len(b["callback_data"].encode()) <= 64 for b in buttons)
    before = len(fake_telegram.sent_messages(chat))
    fake_telegram.push_callback(chat, buttons[0]["callback_data"])
    wait_until(lambda: len(fake_telegram.sent_messages(chat)) > before, RASA_WAIT,
               what="answer to the button")
    answer = "\n".join(fake_telegram.sent_texts(chat)[before:])
    assert "Lệ phí" in answer and "Nguồn" in answer and "Cập nhật:" in answer, answer
    assert len(fake_telegram.calls_of("answerCallbackQuery")) == 1


def test_signed_zalo_documents_question(start_connector: Start, zalo_settings: ConnectorSettings,
                                        rasa_stack: Any, fake_zalo: FakeZalo) -> None:
    connector = start_connector(
        zalo_settings.with_overrides(rasa_url=rasa_stack.rasa_url, rasa_timeout=60.0,
                                     rasa_auth_token=rasa_stack.rasa_token))
    event = load_payload("zalo_user_send_text.json")
    user = str(8 * 10**18 + time.time_ns() % 10**18)
    event["sender"]["id"] = user
    event["message"]["text"] = "lam cccd can giay to gi"
    event["message"]["msg_id"] = f"e2e{int(time.time() * 1000)}"
    raw, headers = fake_zalo.signed(event)
    assert connector.post("/zalo/webhook", content=raw, headers=headers).status_code == 200
    sent = wait_until(lambda: fake_zalo.sent_texts(user), RASA_WAIT, what="cs message")
    answer = "\n".join(sent)
    assert "CC01" in answer or "căn cước" in answer.lower(), answer
    assert all(len(t) <= 2000 for t in sent)


@pytest.fixture(scope="module")
def stopped_rasa_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A private real stack, checked to answer, then stopped: its URL now refuses."""
    with running_stack(tmp_path_factory.mktemp("stopped-stack")) as stack:
        assert stack.say("probe", "xin chào")
        stack.stack.stop()
        yield stack.rasa_url


@pytest.mark.slow
def test_rasa_stopped_gives_apology_and_undelivered_row(
    start_connector: Start, telegram_settings: ConnectorSettings, stopped_rasa_url: str,
    fake_telegram: FakeTelegram, engine: Engine, chat: int,
) -> None:
    connector = start_connector(telegram_settings.with_overrides(rasa_url=stopped_rasa_url),
                                telegram_polling=True)
    connector.wait_telegram_ready()
    fake_telegram.push_text(chat, "le phi ho chieu")
    sent = wait_until(lambda: fake_telegram.sent_texts(chat), 30, what="apology")
    assert sent == [texts.APOLOGY_UNAVAILABLE]
    rows = wait_until(lambda: undelivered_rows(engine, "telegram"), what="undelivered row")
    assert rows[0].text == "le phi ho chieu"
    assert rows[0].sender_id == f"telegram:{chat}"
    assert rows[0].reason.startswith("rasa_unavailable")
