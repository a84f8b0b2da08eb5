"""End to end: the fake Telegram server, the REAL Rasa and action servers, the connectors and the console
(in Debian's chromium for the queue), on one database and a frozen clock.

In office hours: ask for a person → the queue in the console → claim and reply → the Telegram chat gets
the reply → the citizen writes again and the bot stays silent → close → the bot answers again. Outside
office hours and on a public holiday: the hours are told and the question waits in the inbox. Ratings:
👍 pressed twice is stored once; 👎 lands in the inbox with its reason.
"""

from __future__ import annotations

import datetime as dt
import json
import time
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import httpx
import pytest
from sqlalchemy import Engine, func, select

from common.console_settings import ConsoleSettings
from common.db import make_session_factory, session_scope
from common.handover_settings import HandoverSettings
from common.settings import ConnectorSettings
from common.vntime import VN_TZ
from connectors.web.app import create_app as create_connector
from console.context import ConsoleContext
from console.web import create_app as create_console
from fakes.fake_telegram import FakeTelegram
from fakes.server import ServerThread
from handover import texts
from handover.models import Rating
from handover.store import HandoverStore
from tests.connectors.conftest import (  # noqa: F401 - fixtures of the connector tests, reused here
    _rasa_server,
    _telegram_server,
    base_settings,
    fake_rasa,
    fake_telegram,
    telegram_settings,
)
from tests.connectors.helpers import RunningConnector, settle, wait_until
from tests.connectors.test_internal_outbound import TOKEN
from tests.console.conftest import PASSWORD, STAFF, csrf_of
from tests.console.test_browser import CHROMIUM, LAUNCH_ARGS, _shot

pytestmark = [pytest.mark.e2e, pytest.mark.slow]
RASA_WAIT = 90.0
MONDAY_9AM = dt.datetime(2026, 11, 23, 9, 0, tzinfo=VN_TZ)
MONDAY_7PM = dt.datetime(2026, 11, 23, 19, 0, tzinfo=VN_TZ)
NATIONAL_DAY_9AM = dt.datetime(2026, 9, 2, 9, 0, tzinfo=VN_TZ)  # a Wednesday, a public holiday


class Clock:
    """The frozen clock of the connectors (office hours are judged on it)."""

    def __init__(self, moment: dt.datetime) -> None:
        self.now = moment.astimezone(dt.timezone.utc)

    def __call__(self) -> dt.datetime:
        return self.now


class Stack:
    """Connectors (Telegram polling, internal API) and the console on one database."""

    def __init__(self, connector: RunningConnector, console_url: str, ctx: ConsoleContext, clock: Clock,
                 telegram: FakeTelegram, chat: int) -> None:
        self.connector, self.console_url, self.ctx, self.clock = connector, console_url, ctx, clock
        self.telegram, self.chat = telegram, chat

    @property
    def sender(self) -> str:
        return f"telegram:{self.chat}"

    def say(self, text: str, what: str = "answer") -> list[str]:
        """Send a text from the chat and wait for at least one new message to it."""
        before = len(self.telegram.sent_texts(self.chat))
        self.telegram.push_text(self.chat, text)
        wait_until(lambda: len(self.telegram.sent_texts(self.chat)) > before, RASA_WAIT, 0.1, what=what)
        settle(1.0)  # an answer may come in several messages
        return self.telegram.sent_texts(self.chat)[before:]

    def keyboard(self, index: int = -1) -> list[dict[str, Any]]:
        markup = self.telegram.sent_messages(self.chat)[index].get("reply_markup")
        data = json.loads(markup) if isinstance(markup, str) else markup
        return [b for row in (data or {}).get("inline_keyboard", []) for b in row]

    def store(self) -> HandoverStore:
        return self.ctx.handovers()


@pytest.fixture
def chat() -> int:
    return 10**9 + time.time_ns() % 10**9


def _stack(kb_engine: Engine, telegram_settings: ConnectorSettings, fake_telegram: FakeTelegram,  # noqa: F811
           rasa_stack: Any, chat: int, moment: dt.datetime, **handover: Any) -> Iterator[Stack]:
    clock = Clock(moment)
    settings = telegram_settings.with_overrides(rasa_url=rasa_stack.rasa_url, rasa_timeout=60.0,
                                                rasa_auth_token=rasa_stack.rasa_token, staff_api_token=TOKEN)
    app = create_connector(settings, telegram_polling=True, clock=clock,
                           handover_settings=HandoverSettings(handover_sweep_seconds=0.2, **handover))
    connector = RunningConnector(ServerThread(app).start(), app)
    try:
        connector.wait_telegram_ready()
        ctx = ConsoleContext.build(ConsoleSettings(internal_url=connector.url, staff_api_token=TOKEN),
                                   make_session_factory(kb_engine), clock=clock)
        ctx.accounts.add_user(STAFF, PASSWORD)
        ctx.accounts.add_user("canbo2", PASSWORD)
        with ServerThread(create_console(ctx)) as console:
            yield Stack(connector, console.url, ctx, clock, fake_telegram, chat)
    finally:
        connector.stop()


@pytest.fixture
def office_hours(kb_engine: Engine, telegram_settings: ConnectorSettings,  # noqa: F811
                 fake_telegram: FakeTelegram, rasa_stack: Any, chat: int) -> Iterator[Stack]:  # noqa: F811
    yield from _stack(kb_engine, telegram_settings, fake_telegram, rasa_stack, chat, MONDAY_9AM)


@pytest.fixture
def browser() -> Iterator[Any]:
    if not CHROMIUM.exists():
        pytest.skip("needs Debian's chromium at /usr/bin/chromium")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        instance = p.chromium.launch(executable_path=str(CHROMIUM), args=LAUNCH_ARGS, headless=True)
        yield instance
        instance.close()


def test_person_takes_over_in_office_hours_and_hands_back(office_hours: Stack, browser: Any) -> None:
    from playwright.sync_api import expect

    s = office_hours
    answer = s.say("làm hộ chiếu cần giấy tờ gì")
    assert any("hộ chiếu" in a.lower() for a in answer), answer
    notice = "\n".join(s.say("cho em nói chuyện với người thật", what="queue notice"))
    assert "hàng chờ" in notice and "vị trí số 1" in notice and "phút" in notice, notice

    s.clock.now += dt.timedelta(minutes=2)  # the citizen waits two minutes
    context = browser.new_context(viewport={"width": 1366, "height": 900}, base_url=s.console_url, locale="vi-VN")
    page = context.new_page()
    errors: list[str] = []
    page.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
    page.goto("/handover")
    page.get_by_label("Tên đăng nhập").fill(STAFF)
    page.get_by_label("Mật khẩu").fill(PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()
    waiting = page.locator("#waiting")
    expect(waiting).to_contain_text("làm hộ chiếu cần giấy tờ gì")
    expect(waiting).to_contain_text("telegram")
    _shot(page, "handover_queue")
    before = len(s.telegram.sent_texts(s.chat))
    waiting.get_by_role("button", name="Nhận").first.click()
    expect(page.locator("#status")).to_contain_text("Đang trao đổi")
    expect(page.locator("#history")).to_contain_text("làm hộ chiếu cần giấy tờ gì")
    expect(page.locator("dl.facts")).to_contain_text("2 phút 0 giây")
    wait_until(lambda: texts.CLAIMED in s.telegram.sent_texts(s.chat)[before:], 15, what="claimed notice")

    reply = "Chào bạn, mình là cán bộ một cửa. Bạn cần làm hộ chiếu phổ thông lần đầu phải không?"
    page.get_by_label("Trả lời").fill(reply)
    page.get_by_role("button", name="Gửi", exact=True).click()
    expect(page.get_by_role("status")).to_contain_text("Đã gửi tới người dân")
    wait_until(lambda: reply in s.telegram.sent_texts(s.chat), 15, what="staff reply on Telegram")

    # The citizen writes again: the person gets it, the bot stays silent.
    case = s.store().active(s.sender)
    assert case is not None and case.status == "claimed" and case.claimed_by == STAFF
    count = len(s.telegram.sent_texts(s.chat))
    s.telegram.push_text(s.chat, "dạ đúng rồi, lệ phí hộ chiếu bao nhiêu ạ")
    wait_until(lambda: any(e.text == "dạ đúng rồi, lệ phí hộ chiếu bao nhiêu ạ" for e in s.store().events(case.id)),
               15, what="the citizen's message in the conversation")
    settle(3.0)
    assert len(s.telegram.sent_texts(s.chat)) == count, "the bot answered while a person owned the chat"
    page.reload()
    expect(page.locator("#events")).to_contain_text("lệ phí hộ chiếu bao nhiêu ạ")
    _shot(page, "handover_case")

    s.clock.now += dt.timedelta(minutes=3)  # three minutes in the person's hands
    page.get_by_role("button", name="Kết thúc, trả lại cho trợ lý").click()
    expect(page.locator("#status")).to_contain_text("Đã kết thúc")
    expect(page.locator("dl.facts")).to_contain_text("3 phút 0 giây")
    wait_until(lambda: texts.CLOSED in s.telegram.sent_texts(s.chat), 15, what="back-to-bot notice")
    context.close()
    assert not errors, errors

    back = "\n".join(s.say("lệ phí hộ chiếu bao nhiêu", what="the bot's answer after the handover"))
    assert "Lệ phí" in back, back
    kinds = [e.kind for e in s.store().events(case.id)]
    assert kinds[:3] == ["requested", "queued", "claimed"] and kinds[-1] == "closed" and kinds.count("message") >= 2


def test_unclaimed_request_times_out_into_the_inbox(office_hours: Stack) -> None:
    s = office_hours
    s.say("gap can bo", what="queue notice")
    case = s.store().active(s.sender)
    assert case is not None and case.status == "queued"
    before = len(s.telegram.sent_texts(s.chat))
    s.clock.now += dt.timedelta(minutes=5, seconds=1)
    wait_until(lambda: len(s.telegram.sent_texts(s.chat)) > before, 15, what="timeout notice")
    notice = s.telegram.sent_texts(s.chat)[-1]
    assert "các cán bộ đều đang bận" in notice and "07:30–11:30" in notice, notice
    after = s.store().get(case.id)
    assert after is not None and after.status == "timed_out"
    assert s.store().listing(["timed_out"], unanswered_only=True)[-1].id == case.id


@pytest.mark.parametrize(("moment", "expected"), [
    (MONDAY_7PM, ["ngoài giờ làm việc", "07:30 thứ Ba, 24/11/2026"]),
    (NATIONAL_DAY_9AM, ["ngày nghỉ lễ", "07:30 thứ Năm, 03/09/2026"]),
])
def test_outside_office_hours_the_question_waits_in_the_inbox(
        kb_engine: Engine, telegram_settings: ConnectorSettings, fake_telegram: FakeTelegram,  # noqa: F811
        rasa_stack: Any, chat: int, moment: dt.datetime, expected: list[str]) -> None:
    for s in _stack(kb_engine, telegram_settings, fake_telegram, rasa_stack, chat, moment):
        s.say("đăng ký khai sinh cho con ở đâu")
        notice = "\n".join(s.say("gặp cán bộ", what="out-of-hours notice"))
        for part in [*expected, "thứ Hai – thứ Sáu, 07:30–11:30 và 13:30–17:00", "phản ánh, kiến nghị"]:
            assert part in notice, notice
        assert any(b["text"] == texts.PAKN_BUTTON for b in s.keyboard())
        assert s.store().active(s.sender) is None
        kept = [c for c in s.store().listing(["out_of_hours"], unanswered_only=True) if c.sender_id == s.sender]
        assert len(kept) == 1 and kept[0].question == "đăng ký khai sinh cho con ở đâu"
        with _console_client(s) as client:
            assert "đăng ký khai sinh cho con ở đâu" in client.get("/handover").text
        assert s.say("lệ phí hộ chiếu bao nhiêu"), "the bot goes on answering"


@contextmanager
def _console_client(s: Stack) -> Iterator[httpx.Client]:
    """A logged-in staff client of the console."""
    with httpx.Client(base_url=s.console_url, timeout=30, trust_env=False) as client:
        token = csrf_of(client.get("/login").text)
        client.post("/login", data={"username": STAFF, "password": PASSWORD, "csrf_token": token, "next": "/handover"})
        yield client


def test_thumbs_up_twice_is_stored_once_and_thumbs_down_lands_in_the_inbox(office_hours: Stack) -> None:
    s = office_hours
    s.say("lệ phí làm hộ chiếu")
    up = next(b for b in s.keyboard() if b["text"].startswith("👍"))
    s.say("đăng ký khai sinh cần giấy tờ gì")
    down = next(b for b in s.keyboard() if b["text"].startswith("👎"))
    before = len(s.telegram.sent_texts(s.chat))
    s.telegram.push_callback(s.chat, up["callback_data"])
    s.telegram.push_callback(s.chat, up["callback_data"])
    wait_until(lambda: len(s.telegram.sent_texts(s.chat)) >= before + 2, 30, what="rating answers")
    assert s.telegram.sent_texts(s.chat)[before:before + 2] == [texts.RATED_UP, texts.ALREADY_RATED]
    with session_scope(s.ctx.factory) as session:
        assert session.scalar(select(func.count()).select_from(Rating).where(Rating.sender_id == s.sender)) == 1

    before = len(s.telegram.sent_texts(s.chat))
    s.telegram.push_callback(s.chat, down["callback_data"])
    wait_until(lambda: len(s.telegram.sent_texts(s.chat)) > before, 30, what="what was wrong?")
    assert s.telegram.sent_texts(s.chat)[-1] == texts.RATED_DOWN
    outdated = next(b for b in s.keyboard() if b["text"] == "Thông tin đã cũ")
    s.telegram.push_callback(s.chat, outdated["callback_data"])
    wait_until(lambda: texts.REASON_THANKS in s.telegram.sent_texts(s.chat), 30, what="reason thanks")
    inbox = [c for c in s.store().listing(["unhelpful"], unanswered_only=True) if c.sender_id == s.sender]
    assert len(inbox) == 1 and inbox[0].question == "đăng ký khai sinh cần giấy tờ gì"
    assert "khai sinh" in inbox[0].history[1]["text"].lower()
    with _console_client(s) as client:
        page = client.get("/handover").text
        assert "đăng ký khai sinh cần giấy tờ gì" in page and "👎" in page and "Thông tin đã cũ" in page
        analytics = client.get("/ratings").text
        assert "50.0 %" in analytics and "ho_chieu" in analytics
