"""The console in a real browser: Playwright driving Debian's chromium (/usr/bin/chromium), headless.

Never Playwright's own browser download: scripts/setup.sh installs the Debian package where it is
missing. Each page visited is saved as a screenshot under reports/console/.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import Engine

from common.console_settings import ConsoleSettings
from common.db import make_session_factory
from common.settings import ConnectorSettings
from console.context import ConsoleContext
from console.web import create_app
from fakes.fake_telegram import FakeTelegram
from fakes.server import ServerThread
from tests.connectors.conftest import (  # noqa: F401 - fixtures of the connector tests, reused here
    _rasa_server,
    _telegram_server,
    base_settings,
    fake_rasa,
    fake_telegram,
    start_connector,
    telegram_settings,
)
from tests.connectors.test_internal_outbound import TOKEN, Start
from tests.console.conftest import PASSWORD, STAFF, Console
from tests.pakn.conftest import draft

CHROMIUM = Path("/usr/bin/chromium")
LAUNCH_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
               "--disable-component-update", "--disable-sync", "--no-first-run"]
SHOTS = Path(__file__).resolve().parents[2] / "reports" / "console"

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(not CHROMIUM.exists(), reason="needs Debian's chromium at /usr/bin/chromium "
                                                     "(scripts/setup.sh installs it where apt-get is available)"),
]


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        instance = p.chromium.launch(executable_path=str(CHROMIUM), args=LAUNCH_ARGS, headless=True)
        yield instance
        instance.close()


@pytest.fixture
def page(browser: object, console: Console) -> Iterator[object]:
    from playwright.sync_api import Browser

    assert isinstance(browser, Browser)
    context = browser.new_context(viewport={"width": 1366, "height": 768}, base_url=console.url, locale="vi-VN")
    tab = context.new_page()
    errors: list[str] = []
    tab.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
    yield tab
    context.close()
    assert not errors, f"browser console errors (CSP violations?): {errors}"


def _shot(page: object, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)  # type: ignore[attr-defined]


def _login(page: object) -> None:
    from playwright.sync_api import Page, expect

    assert isinstance(page, Page)
    page.goto("/pakn")
    expect(page).to_have_url(re.compile(r"/login\?next="))
    _shot(page, "login")
    page.get_by_label("Tên đăng nhập").fill(STAFF)
    page.get_by_label("Mật khẩu").fill(PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()


def test_desk_search_card_and_print_view(page: object, console: Console) -> None:
    from playwright.sync_api import Page, expect

    assert isinstance(page, Page)
    _login(page)
    page.get_by_role("link", name="Tra cứu thủ tục").click()
    page.get_by_label("Người dân hỏi gì?").fill("mat cccd")
    page.get_by_role("button", name="Tìm").click()
    first = page.locator("ol.hits a.hit").first
    expect(first).to_contain_text("Cấp lại thẻ căn cước")
    _shot(page, "desk_search")
    first.click()
    expect(page.locator("h1")).to_contain_text("Cấp lại thẻ căn cước")
    page.get_by_label("Tỉnh/thành phố (mức phí)").select_option("ha_noi")
    page.get_by_role("button", name="Xem mức phí").click()
    fees = page.locator("section.fees")
    expect(fees).to_contain_text("Lệ phí áp dụng ngày")
    expect(fees).to_contain_text("Hà Nội")
    expect(fees.locator("td.amount").first).to_contain_text("đồng")
    _shot(page, "card")
    with page.context.expect_page() as printed:
        page.get_by_role("link", name="In danh mục cho người dân (A4)").click()
    sheet = printed.value
    sheet.wait_for_load_state()
    expect(sheet.locator("figure.qr svg")).to_be_visible()
    _shot(sheet, "print")
    pdf = sheet.pdf(format="A4")
    assert len(re.findall(rb"/Type\s*/Page(?!s)", pdf)) == 1, "the checklist fits one A4 page"


def test_pakn_queue_set_status_and_answer(page: object, console: Console) -> None:
    from playwright.sync_api import Page, expect

    assert isinstance(page, Page)
    code = console.file_pakn(content="Chờ cấp lại căn cước đã quá hạn <script>alert(1)</script> mà chưa có kết quả")
    _login(page)
    expect(page.locator("h1")).to_have_text("Phản ánh, kiến nghị")
    page.get_by_label("Tỉnh/thành phố").fill("ha noi")
    page.get_by_role("button", name="Lọc").click()
    _shot(page, "pakn_queue")
    page.get_by_role("link", name=code).click()
    expect(page.locator("#status")).to_contain_text("Đã tiếp nhận")
    expect(page.locator(".content").first).to_contain_text("<script>alert(1)</script>")
    page.get_by_label("Đổi trạng thái").select_option("processing")
    page.get_by_role("button", name="Lưu trạng thái").click()
    expect(page.locator("#status")).to_contain_text("Đang xử lý")
    expect(page.get_by_role("status")).to_contain_text("Đã đổi trạng thái")
    page.get_by_label("Trả lời người dân").fill("Hồ sơ đã có kết quả, mời anh đến nhận vào thứ Hai.")
    page.get_by_role("button", name="Gửi trả lời").click()
    expect(page.get_by_role("status")).to_contain_text("Đã lưu câu trả lời và gửi tới người dân")
    expect(page.locator("#status")).to_contain_text("Đã trả lời")
    _shot(page, "pakn_detail")
    assert [(c, s) for c, s, _ in console.outbox.sent] == [("telegram", "telegram:424242")]
    assert console.ctx.pakn.get(code).status == "answered"


def test_answer_reaches_the_citizens_telegram_chat(
    browser: object, kb_engine: Engine,
    start_connector: Start,  # noqa: F811 - the imported fixture
    telegram_settings: ConnectorSettings,  # noqa: F811
    fake_telegram: FakeTelegram,  # noqa: F811
) -> None:
    """Console → pakn's HttpDeliverer → the web service's /internal/outbound → (fake) Telegram, once."""
    from playwright.sync_api import Browser, expect

    assert isinstance(browser, Browser)
    connector = start_connector(telegram_settings.with_overrides(staff_api_token=TOKEN))
    connector.wait_telegram_ready()
    settings = ConsoleSettings(internal_url=connector.url, staff_api_token=TOKEN)
    ctx = ConsoleContext.build(settings, make_session_factory(kb_engine))
    ctx.accounts.add_user(STAFF, PASSWORD)
    code = ctx.pakn.file(draft(sender_id="telegram:515151")).code
    answer = "Hồ sơ cấp lại căn cước của anh đã có kết quả, mời anh đến nhận."
    with ServerThread(create_app(ctx)) as server:
        context = browser.new_context(viewport={"width": 1366, "height": 768}, base_url=server.url)
        page = context.new_page()
        page.goto(f"/pakn/{code}")
        page.get_by_label("Tên đăng nhập").fill(STAFF)
        page.get_by_label("Mật khẩu").fill(PASSWORD)
        page.get_by_role("button", name="Đăng nhập").click()
        expect(page.locator("h1")).to_contain_text(code)
        page.get_by_label("Trả lời người dân").fill(answer)
        page.get_by_role("button", name="Gửi trả lời").click()
        expect(page.get_by_role("status")).to_contain_text("Đã lưu câu trả lời và gửi tới người dân")
        expect(page.locator("table.history")).to_contain_text("đã gửi tới người dân")
        page.go_back()  # the browser may re-send; the one-time form id keeps it to one answer
        context.close()
    sent = fake_telegram.sent_texts(515151)
    assert len(sent) == 1 and answer in sent[0] and code in sent[0]


def test_label_an_unanswered_message_and_find_it_in_the_training_data(
        page: object, console: Console, tmp_path: Path) -> None:
    from playwright.sync_api import Page, expect

    from console.review import ReviewQueue
    from tests.console.test_analytics import console_reading

    assert isinstance(page, Page)
    with console_reading(console, tmp_path) as tracker:
        _login(page)
        page.get_by_role("link", name="Câu chưa trả lời được").click()
        row = page.locator("tr", has_text="thời tiết Hà Nội mai thế nào")
        expect(row).to_contain_text("Ngoài phạm vi")
        _shot(page, "review")
        row.get_by_role("link", name="thời tiết Hà Nội mai thế nào").click()  # the conversation around it
        expect(page.locator("#conversation li.target")).to_contain_text("thời tiết Hà Nội mai thế nào")
        expect(page.locator("#conversation li.bot").first).to_be_visible()
        answer = "Dạ, trợ lý chỉ hướng dẫn thủ tục hành chính; mời anh xem dự báo trên nchmf.gov.vn."
        page.get_by_label("Câu trả lời").fill(answer)
        _shot(page, "review_turn")
        page.get_by_role("button", name="Gửi câu trả lời").click()
        expect(page.get_by_role("status")).to_contain_text("Đã gửi câu trả lời tới người dân")
        assert console.outbox.sent == [("telegram", "telegram:1001", "Cán bộ trả lời: " + answer)]
        page.get_by_label("Ý định").select_option("out_of_scope")
        page.get_by_role("button", name="Lưu nhãn").click()
        expect(page.get_by_role("status")).to_contain_text("Đã lưu nhãn")
        expect(page.locator("tr", has_text="thời tiết Hà Nội mai thế nào")).to_have_count(0)
        nlu, ranker = tmp_path / "reviewed.yml", tmp_path / "reviewed.jsonl"
        ReviewQueue(tracker, console.ctx.factory).export(nlu, ranker)  # what `python -m console export-labels` runs
        assert "- intent: out_of_scope\n  examples: |\n    - thời tiết Hà Nội mai thế nào" in nlu.read_text(encoding="utf-8")
