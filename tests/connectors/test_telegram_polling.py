"""Telegram over long polling against the fake Bot API and a fake Rasa."""

from __future__ import annotations

import json
import logging
import time
from collections.abc import Callable

import pytest
from sqlalchemy import Engine

from common.settings import ConnectorSettings
from connectors.core import texts
from fakes.fake_rasa import FakeRasa
from fakes.fake_telegram import FakeTelegram
from tests.connectors.helpers import RunningConnector, settle, undelivered_rows, wait_until

Start = Callable[..., RunningConnector]
CHAT = 42


@pytest.fixture
def polling(start_connector: Start, telegram_settings: ConnectorSettings) -> RunningConnector:
    connector = start_connector(telegram_settings, telegram_polling=True)
    connector.wait_telegram_ready()
    return connector


def _keyboard(params: dict) -> list[list[dict]]:
    markup = params.get("reply_markup")
    data = json.loads(markup) if isinstance(markup, str) else markup
    return data["inline_keyboard"] if data else []


def test_start_command_sends_vietnamese_welcome(polling: RunningConnector,
                                                fake_telegram: FakeTelegram,
                                                fake_rasa: FakeRasa) -> None:
    fake_telegram.push_text(CHAT, "/start")
    texts_sent = wait_until(lambda: fake_telegram.sent_texts(CHAT), what="welcome")
    assert "Xin chào" in texts_sent[0]
    assert "Lệ phí cấp hộ chiếu" in texts_sent[0]
    assert fake_rasa.calls == []
    methods = [c.method for c in fake_telegram.calls]
    assert methods[:2] == ["getMe", "deleteWebhook"]


def test_help_and_unknown_commands_send_help(polling: RunningConnector,
                                             fake_telegram: FakeTelegram) -> None:
    fake_telegram.push_text(CHAT, "/help")
    fake_telegram.push_text(CHAT, "/lenh_la")
    sent = wait_until(lambda: len(fake_telegram.sent_texts(CHAT)) >= 2 and
                      fake_telegram.sent_texts(CHAT), what="help")
    assert all("gõ câu hỏi" in t for t in sent)


def test_text_goes_to_rasa_and_reply_is_sent(polling: RunningConnector,
                                             fake_telegram: FakeTelegram,
                                             fake_rasa: FakeRasa) -> None:
    fake_rasa.answer("le phi ho chieu", [{"text": "Lệ phí cấp hộ chiếu: 200.000 đồng."}])
    fake_telegram.push_text(CHAT, "le phi ho chieu")
    sent = wait_until(lambda: fake_telegram.sent_messages(CHAT), what="reply")
    assert sent[0]["text"] == "Lệ phí cấp hộ chiếu: 200.000 đồng."
    assert sent[0]["parse_mode"] == "HTML"
    call = fake_rasa.calls[0]
    assert call.sender == f"telegram:{CHAT}"
    assert call.metadata["channel"] == "telegram"
    assert call.metadata["chat_id"] == CHAT
    # typing indicator before the answer
    actions = fake_telegram.calls_of("sendChatAction")
    assert actions and actions[0].params["action"] == "typing"
    assert actions[0].at <= fake_telegram.calls_of("sendMessage")[0].at


def test_bot_text_is_html_escaped(polling: RunningConnector, fake_telegram: FakeTelegram,
                                  fake_rasa: FakeRasa) -> None:
    evil = "<script>alert('x')</script> & <b>không đậm</b>"
    fake_rasa.answer("xss", [{"text": evil}])
    fake_telegram.push_text(CHAT, "xss")
    sent = wait_until(lambda: fake_telegram.sent_messages(CHAT), what="reply")
    assert "<script>" not in sent[0]["text"]
    assert "&lt;script&gt;" in sent[0]["text"]
    assert fake_telegram.sent_texts(CHAT) == [evil]


def test_multi_paragraph_rasa_answer_is_one_message(polling: RunningConnector,
                                                    fake_telegram: FakeTelegram,
                                                    fake_rasa: FakeRasa) -> None:
    fake_rasa.answer("cccd", [{"text": "Đoạn một."}, {"text": "Đoạn hai."}])
    fake_telegram.push_text(CHAT, "cccd")
    wait_until(lambda: fake_telegram.sent_texts(CHAT), what="reply")
    settle(0.2)
    assert fake_telegram.sent_texts(CHAT) == ["Đoạn một.\n\nĐoạn hai."]


def test_buttons_become_inline_keyboard_with_short_callback_data(
    polling: RunningConnector, fake_telegram: FakeTelegram, fake_rasa: FakeRasa
) -> None:
    long_payload = '/ask_fee{"procedure":"cap_ho_chieu_pho_thong_lan_dau_tai_cong_an_tinh"}'
    assert len(long_payload.encode()) > 64
    fake_rasa.answer("chon", [{"text": "Bạn muốn hỏi gì?", "buttons": [
        {"title": "Có", "payload": "/affirm"},
        {"title": "Lệ phí hộ chiếu (thủ tục cấp lần đầu)", "payload": long_payload},
    ]}])
    fake_telegram.push_text(CHAT, "chon")
    sent = wait_until(lambda: fake_telegram.sent_messages(CHAT), what="reply with buttons")
    keyboard = _keyboard(sent[0])
    assert [row[0]["text"] for row in keyboard] == ["Có", "Lệ phí hộ chiếu (thủ tục cấp lần đầu)"]
    datas = [row[0]["callback_data"] for row in keyboard]
    assert datas[0] == "/affirm"
    assert all(1 <= len(d.encode()) <= 64 for d in datas)
    assert datas[1] != long_payload

    # pressing the long button sends the original payload to Rasa and answers the query
    fake_rasa.answer(long_payload, [{"text": "Lệ phí là 200.000 đồng."}])
    update = fake_telegram.push_callback(CHAT, datas[1])
    wait_until(lambda: len(fake_telegram.sent_messages(CHAT)) >= 2, what="button answer")
    assert fake_rasa.messages(f"telegram:{CHAT}")[-1] == long_payload
    answers = fake_telegram.calls_of("answerCallbackQuery")
    assert [a.params["callback_query_id"] for a in answers] == [
        update["callback_query"]["id"]]


def test_callback_with_unknown_key_is_answered_politely(polling: RunningConnector,
                                                        fake_telegram: FakeTelegram,
                                                        fake_rasa: FakeRasa) -> None:
    fake_telegram.push_callback(CHAT, "k:unknown-key-xxxxxxxx")
    sent = wait_until(lambda: fake_telegram.sent_texts(CHAT), what="expired button reply")
    assert sent == [texts.EXPIRED_BUTTON]
    assert len(fake_telegram.calls_of("answerCallbackQuery")) == 1
    assert fake_rasa.calls == []


def test_duplicate_update_is_answered_once(polling: RunningConnector,
                                           fake_telegram: FakeTelegram,
                                           fake_rasa: FakeRasa) -> None:
    update = fake_telegram.text_update(CHAT, "xin chao")
    fake_telegram.push_update(update)
    wait_until(lambda: fake_telegram.sent_messages(CHAT), what="first reply")
    fake_telegram.push_update(update)  # Telegram re-delivers the same update_id
    fake_telegram.push_text(CHAT, "sau do")
    wait_until(lambda: len(fake_telegram.sent_messages(CHAT)) >= 2, what="second reply")
    settle(0.3)
    assert fake_telegram.sent_texts(CHAT) == ["Bạn hỏi: xin chao", "Bạn hỏi: sau do"]
    assert fake_rasa.messages() == ["xin chao", "sau do"]


def test_messages_of_one_chat_keep_order_other_chats_run_concurrently(
    polling: RunningConnector, fake_telegram: FakeTelegram, fake_rasa: FakeRasa
) -> None:
    fake_rasa.delay(0.8, "mot")
    fake_telegram.push_text(CHAT, "mot")
    fake_telegram.push_text(CHAT, "hai")
    fake_telegram.push_text(7, "khac")
    wait_until(lambda: len(fake_telegram.sent_messages(CHAT)) >= 2, what="both replies")
    assert fake_telegram.sent_texts(CHAT) == ["Bạn hỏi: mot", "Bạn hỏi: hai"]
    sends = fake_telegram.calls_of("sendMessage")
    order = [int(c.params["chat_id"]) for c in sends]
    assert order.index(7) < order.index(CHAT), "another chat must not wait for a slow one"


def test_flood_429_waits_retry_after_and_resends(polling: RunningConnector,
                                                 fake_telegram: FakeTelegram) -> None:
    fake_telegram.fail_next("sendMessage", 429, "Too Many Requests: retry after 1",
                            retry_after=1)
    fake_telegram.push_text(CHAT, "nhanh")
    sent = wait_until(lambda: fake_telegram.sent_texts(CHAT), timeout=10, what="resend")
    assert sent == ["Bạn hỏi: nhanh"]
    attempts = fake_telegram.calls_of("sendMessage")
    assert [c.status for c in attempts] == [429, 200]
    assert attempts[1].at - attempts[0].at >= 0.9


def test_blocked_user_is_recorded_and_not_retried(polling: RunningConnector,
                                                  fake_telegram: FakeTelegram,
                                                  engine: Engine) -> None:
    fake_telegram.block(CHAT)
    fake_telegram.push_text(CHAT, "alo")
    rows = wait_until(lambda: undelivered_rows(engine, "telegram"), what="undelivered row")
    assert rows[0].sender_id == f"telegram:{CHAT}"
    assert rows[0].text == "alo"
    assert "blocked" in rows[0].reason
    assert rows[0].reply_text == "Bạn hỏi: alo"
    settle(0.3)
    assert [c.status for c in fake_telegram.calls_of("sendMessage")] == [403]


def test_long_answer_is_split_under_4096_in_order(polling: RunningConnector,
                                                  fake_telegram: FakeTelegram,
                                                  fake_rasa: FakeRasa) -> None:
    paragraphs = [f"Đoạn {i}: " + ("giấy tờ cần chuẩn bị " * 40).strip() for i in range(12)]
    answer = "\n\n".join(paragraphs)
    assert len(answer) > 4096 * 2
    fake_rasa.answer("dai", [{"text": answer, "buttons": [{"title": "OK", "payload": "/affirm"}]}])
    fake_telegram.push_text(CHAT, "dai")
    wait_until(lambda: len(fake_telegram.sent_messages(CHAT)) >= 3, what="all parts")
    settle(0.2)
    sent = fake_telegram.sent_texts(CHAT)
    assert all(len(t) <= 4096 for t in sent)
    assert "\n\n".join(sent) == answer  # split only at paragraph boundaries, nothing lost
    messages = fake_telegram.sent_messages(CHAT)
    assert _keyboard(messages[-1]) and all(not m.get("reply_markup") for m in messages[:-1])


@pytest.mark.parametrize("fixture", ["telegram_photo.json", "telegram_sticker.json",
                                     "telegram_voice.json", "telegram_document.json"])
def test_non_text_messages_get_a_polite_text_reply(polling: RunningConnector,
                                                   fake_telegram: FakeTelegram,
                                                   fake_rasa: FakeRasa, fixture: str) -> None:
    fake_telegram.push_update(fake_telegram.payload_update(fixture, CHAT))
    sent = wait_until(lambda: fake_telegram.sent_texts(CHAT), what="polite reply")
    assert sent == [texts.NON_TEXT]
    assert fake_rasa.calls == []


def test_rasa_down_sends_apology_and_records(start_connector: Start,
                                             telegram_settings: ConnectorSettings, dead_url: str,
                                             fake_telegram: FakeTelegram,
                                             engine: Engine) -> None:
    connector = start_connector(telegram_settings.with_overrides(rasa_url=dead_url),
                                telegram_polling=True)
    connector.wait_telegram_ready()
    fake_telegram.push_text(CHAT, "le phi ho chieu")
    sent = wait_until(lambda: fake_telegram.sent_texts(CHAT), what="apology")
    assert sent == [texts.APOLOGY_UNAVAILABLE]
    rows = wait_until(lambda: undelivered_rows(engine, "telegram"), what="undelivered row")
    assert rows[0].text == "le phi ho chieu"
    assert rows[0].reason.startswith("rasa_unavailable")


def test_token_never_appears_in_logs(start_connector: Start, telegram_settings: ConnectorSettings,
                                     fake_telegram: FakeTelegram,
                                     caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG)
    logging.getLogger("httpx").setLevel(logging.DEBUG)
    try:
        connector = start_connector(telegram_settings, telegram_polling=True)
        connector.wait_telegram_ready()
        fake_telegram.block(CHAT)
        fake_telegram.push_text(CHAT, "so dien thoai cua toi la 0912345678")
        wait_until(lambda: fake_telegram.calls_of("sendMessage"), what="send attempt")
        time.sleep(0.3)
        logging.getLogger("httpx").info("HTTP Request: POST %s/bot%s/sendMessage",
                                        fake_telegram.url, fake_telegram.token)
    finally:
        logging.getLogger("httpx").setLevel(logging.NOTSET)
    assert caplog.records, "expected some log records"
    assert any("sendMessage" in r.getMessage() for r in caplog.records)
    token_secret_part = fake_telegram.token.split(":", 1)[1]
    assert token_secret_part not in caplog.text
    assert "0912345678" not in caplog.text


def test_button_press_is_acknowledged_without_waiting_for_a_slow_turn(
    polling: RunningConnector, fake_telegram: FakeTelegram, fake_rasa: FakeRasa
) -> None:
    fake_rasa.delay(2.0, "cham")
    fake_telegram.push_text(CHAT, "cham")
    wait_until(lambda: fake_rasa.calls, what="slow turn started")
    pressed = time.monotonic()
    fake_telegram.push_callback(CHAT, "/affirm")
    answered = wait_until(lambda: fake_telegram.calls_of("answerCallbackQuery"), what="ack")
    assert answered[0].at - pressed < 1.5
    assert fake_telegram.sent_messages(CHAT) == []  # the slow answer is still pending
    wait_until(lambda: len(fake_telegram.sent_messages(CHAT)) >= 2, what="both answers")
    assert fake_telegram.sent_texts(CHAT) == ["Bạn hỏi: cham", "Bạn hỏi: /affirm"]
