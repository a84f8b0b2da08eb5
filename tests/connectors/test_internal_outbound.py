"""Staff answers from another process: PAKN's `HttpDeliverer` → `POST /internal/outbound` → Telegram/Zalo/web chat."""

from __future__ import annotations

import io
import logging
import threading
import time
from collections.abc import Callable

import httpx
import pytest
from sqlalchemy import Engine

import connectors.core.outbound as outbound
from common.db import make_session_factory
from common.settings import ConnectorSettings, PaknSettings
from fakes.fake_telegram import FakeTelegram
from fakes.fake_zalo import FakeZalo
from pakn.cli import main as pakn_cli
from pakn.delivery import DEFAULT_TIMEOUT, DeliveryResult, HttpDeliverer
from pakn.service import PaknService
from tests.connectors.helpers import RunningConnector, settle
from tests.pakn.conftest import draft

Start = Callable[..., RunningConnector]
TOKEN = "test-staff-token_0123456789abcdefghijklmn"
ZALO_USER = "8888888888888888888"
TEXT = "Cán bộ trả lời: mời anh đến nhận kết quả vào thứ Hai."


@pytest.fixture
def connector(start_connector: Start, telegram_settings: ConnectorSettings) -> RunningConnector:
    """The web service with Telegram (send-only, against the fake) and the internal API on."""
    running = start_connector(telegram_settings.with_overrides(staff_api_token=TOKEN))
    running.wait_telegram_ready()
    return running


def client(url: str, token: str = TOKEN) -> PaknSettings:
    """What the staff CLI's process would read from its environment."""
    return PaknSettings(internal_url=url, staff_api_token=token)


def send_to_citizen(channel: str, sender_id: str, text: str, *, settings: PaknSettings | None = None,
                    timeout: float = DEFAULT_TIMEOUT) -> DeliveryResult:
    return HttpDeliverer(settings, timeout=timeout)(channel, sender_id, text)


def post_raw(connector: RunningConnector, headers: dict[str, str], body: object) -> httpx.Response:
    return connector.post("/internal/outbound", json=body, headers=headers)


def test_staff_answer_reaches_telegram(connector: RunningConnector, fake_telegram: FakeTelegram) -> None:
    result = send_to_citizen("telegram", "telegram:42", TEXT, settings=client(connector.url))
    assert result == DeliveryResult(True, "")
    assert fake_telegram.sent_texts(42) == [TEXT]
    assert len(fake_telegram.calls_of("sendMessage")) == 1


def test_settings_come_from_the_environment(connector: RunningConnector, fake_telegram: FakeTelegram,
                                            monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CONNECTORS_INTERNAL_URL", connector.url + "/")
    monkeypatch.setenv("STAFF_API_TOKEN", TOKEN)
    assert send_to_citizen("telegram", "42", TEXT).delivered
    assert fake_telegram.sent_texts(42) == [TEXT]


def test_staff_answer_reaches_zalo(start_connector: Start, zalo_settings: ConnectorSettings, fake_zalo: FakeZalo) -> None:
    running = start_connector(zalo_settings.with_overrides(staff_api_token=TOKEN))
    result = send_to_citizen("zalo", f"zalo:{ZALO_USER}", TEXT, settings=client(running.url))
    assert result.delivered and not result.reason
    assert fake_zalo.sent_texts(ZALO_USER) == [TEXT]


def test_repeat_is_not_sent_twice(connector: RunningConnector, fake_telegram: FakeTelegram) -> None:
    settings = client(connector.url)
    assert send_to_citizen("telegram", "telegram:42", TEXT, settings=settings).delivered
    again = send_to_citizen("telegram", "42", TEXT, settings=settings)
    assert again.delivered and again.reason.startswith("already_sent")
    assert send_to_citizen("telegram", "42", "Một câu trả lời khác.", settings=settings).delivered
    assert fake_telegram.sent_texts(42) == [TEXT, "Một câu trả lời khác."]


def test_client_timeout_then_retry_sends_once(connector: RunningConnector, fake_telegram: FakeTelegram) -> None:
    fake_telegram.fail_next("sendMessage", 429, "Too Many Requests: retry after 2", retry_after=2)
    settings = client(connector.url)
    first = send_to_citizen("telegram", "42", TEXT, settings=settings, timeout=0.5)
    assert not first.delivered and first.reason.startswith("web_service_timeout")
    during = send_to_citizen("telegram", "42", TEXT, settings=settings)  # the service is still waiting
    assert not during.delivered and during.reason.startswith("in_progress") and during.retryable
    fake_telegram.wait_for(lambda: fake_telegram.sent_texts(42), timeout=10)
    settle(0.3)
    after = send_to_citizen("telegram", "42", TEXT, settings=settings)
    assert after.delivered and after.reason.startswith("already_sent")
    assert fake_telegram.sent_texts(42) == [TEXT]


def test_concurrent_identical_requests_send_once(connector: RunningConnector,
                                                  fake_telegram: FakeTelegram) -> None:
    fake_telegram.fail_next("sendMessage", 429, "Too Many Requests: retry after 1", retry_after=1)
    results: list[DeliveryResult] = []
    threads = [threading.Thread(target=lambda: results.append(
        send_to_citizen("telegram", "42", TEXT, settings=client(connector.url)))) for _ in range(3)]
    for thread in threads:
        thread.start()
        time.sleep(0.1)
    for thread in threads:
        thread.join(30)
    assert sum(r.delivered and not r.reason for r in results) == 1
    assert fake_telegram.sent_texts(42) == [TEXT]


def test_failed_send_may_be_retried(connector: RunningConnector, fake_telegram: FakeTelegram) -> None:
    fake_telegram.fail_next("sendMessage", 400, "Bad Request: chat not found")
    settings = client(connector.url)
    failed = send_to_citizen("telegram", "42", TEXT, settings=settings)
    assert not failed.delivered and failed.reason == "bad_request: Chat not found"
    assert send_to_citizen("telegram", "42", TEXT, settings=settings) == DeliveryResult(True, "")
    assert fake_telegram.sent_texts(42) == [TEXT]


def test_wrong_or_missing_token_is_refused(connector: RunningConnector, fake_telegram: FakeTelegram,
                                          caplog: pytest.LogCaptureFixture) -> None:
    body = {"channel": "telegram", "sender_id": "42", "text": TEXT}
    wrong = "wrong-token_0123456789abcdefghijklmnopq"
    with caplog.at_level(logging.INFO):
        for headers in ({"Authorization": f"Bearer {wrong}"}, {}, {"Authorization": f"Basic {TOKEN}"},
                        {"Authorization": f"Bearer {TOKEN}x"}):
            response = post_raw(connector, headers, body)
            assert response.status_code == 401, headers
            assert response.headers["www-authenticate"] == "Bearer"
        assert post_raw(connector, {"Authorization": f"Bearer {wrong}"}, {"junk": 1}).status_code == 401
        result = send_to_citizen("telegram", "42", TEXT, settings=client(connector.url, wrong))
    assert not result.delivered and result.reason.startswith("staff_token_rejected")
    assert wrong not in result.reason and wrong not in caplog.text and TOKEN not in caplog.text
    assert "refused a request" in caplog.text
    settle()
    assert fake_telegram.calls_of("sendMessage") == []


def test_bad_request_body_is_rejected(connector: RunningConnector, fake_telegram: FakeTelegram) -> None:
    headers = {"Authorization": f"Bearer {TOKEN}"}
    assert post_raw(connector, headers, {"channel": "telegram", "sender_id": "42"}).status_code == 422
    assert post_raw(connector, headers, {"channel": "telegram", "sender_id": "42", "text": ""}).status_code == 422
    assert fake_telegram.calls_of("sendMessage") == []


def test_endpoint_is_off_without_a_token(start_connector: Start, telegram_settings: ConnectorSettings,
                                         fake_telegram: FakeTelegram) -> None:
    running = start_connector(telegram_settings)  # STAFF_API_TOKEN unset on the web service
    running.wait_telegram_ready()
    body = {"channel": "telegram", "sender_id": "42", "text": TEXT}
    assert post_raw(running, {"Authorization": f"Bearer {TOKEN}"}, body).status_code == 404
    result = send_to_citizen("telegram", "42", TEXT, settings=client(running.url))
    assert not result.delivered and result.reason.startswith("internal_endpoint_disabled")
    unset = send_to_citizen("telegram", "42", TEXT, settings=client(running.url, ""))
    assert not unset.delivered and unset.reason.startswith("staff_api_token_unset")
    settle()
    assert fake_telegram.calls_of("sendMessage") == []


def test_web_service_down_is_an_undelivered_result(dead_url: str) -> None:
    url = dead_url.replace("http://", "http://user:pw-secret@")  # user info is never shown
    result = send_to_citizen("telegram", "42", TEXT, settings=client(url))
    assert not result.delivered and result.retryable
    assert result.reason.startswith("web_service_unreachable") and dead_url in result.reason
    assert "pw-secret" not in result.reason


def test_web_chat_answer_waits_in_the_inbox(connector: RunningConnector, engine: Engine) -> None:
    factory = make_session_factory(engine)
    service = PaknService(factory, PaknSettings(), deliver=HttpDeliverer(client(connector.url)))
    code = service.file(draft(sender_id="webchat:8b1f2c")).code
    result = service.answer(code, "Cán bộ A", "Mời bạn đến nhận kết quả.")
    assert result.delivery is not None and result.delivery.delivered
    [item] = outbound.WebInbox(factory).take("8b1f2c")
    assert code in item.text and "Mời bạn đến nhận kết quả." in item.text


# -- the staff CLI, a separate process in production (in-process `main` here) -----------------
def answer_from_cli(database_url: str, code: str, text: str) -> tuple[int, str]:
    out = io.StringIO()
    status = pakn_cli(["--database-url", database_url, "answer", code, "--staff", "Cán bộ A", "--text", text],
                      out=out)
    return status, out.getvalue()


def test_cli_answer_reaches_the_telegram_citizen(connector: RunningConnector, fake_telegram: FakeTelegram,
                                                 engine: Engine, database_url: str,
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CONNECTORS_INTERNAL_URL", connector.url)
    monkeypatch.setenv("STAFF_API_TOKEN", TOKEN)
    code = PaknService(make_session_factory(engine)).file(draft(sender_id="telegram:42")).code
    status, out = answer_from_cli(database_url, code, "Hồ sơ của anh đã được xử lý xong.")
    assert status == 0 and "Đã gửi tới người dân qua telegram" in out
    [sent] = fake_telegram.sent_texts(42)
    assert code in sent and "Hồ sơ của anh đã được xử lý xong." in sent
    assert len(fake_telegram.calls_of("sendMessage")) == 1
    delivery = PaknService(make_session_factory(engine)).get(code).history[-1]
    assert (delivery.event, delivery.delivered) == ("delivery", True)
    status, out = answer_from_cli(database_url, code, "Hồ sơ của anh đã được xử lý xong.")  # run twice by mistake
    assert status == 0 and "already_sent" in out
    assert len(fake_telegram.calls_of("sendMessage")) == 1


def test_cli_answer_is_kept_when_the_web_service_is_down(engine: Engine, database_url: str, dead_url: str,
                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CONNECTORS_INTERNAL_URL", dead_url)
    monkeypatch.setenv("STAFF_API_TOKEN", TOKEN)
    service = PaknService(make_session_factory(engine))
    code = service.file(draft(sender_id="telegram:42")).code
    status, out = answer_from_cli(database_url, code, "Hồ sơ của anh đã được xử lý xong.")
    assert status == 0 and "CHƯA gửi được" in out and "web_service_unreachable" in out
    view = service.get(code)
    assert view.status == "answered" and view.answer_text == "Hồ sơ của anh đã được xử lý xong."
    delivery = view.history[-1]
    assert delivery.delivered is False and (delivery.delivery_reason or "").startswith("web_service_unreachable")
    assert TOKEN not in out
