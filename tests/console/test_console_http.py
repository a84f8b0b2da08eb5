"""The console over real HTTP: login everywhere, CSRF, escaping, desk search, card, PAKN queue, accounts."""

from __future__ import annotations

import io

import pytest

from console.cli import main as console_cli
from tests.console.conftest import ADMIN, PASSWORD, REQUEST_ID_RE, STAFF, Console, csrf_of

PAGES = ["/", "/desk", "/pakn/summary", "/desk?q=mat+cccd", "/desk/procedure/ho_chieu", "/desk/procedure/ho_chieu/print", "/pakn",
         "/pakn/export.csv", "/pakn/PAKN-ABCDEFGHJK", "/admin/users"]


@pytest.mark.parametrize("path", PAGES)
def test_no_page_without_login(console: Console, path: str) -> None:
    with console.client() as client:
        response = client.get(path)
    assert response.status_code == 303
    assert response.headers["location"].startswith("/login?next=")


@pytest.mark.parametrize("path", ["/logout", "/pakn/PAKN-ABCDEFGHJK/status", "/pakn/PAKN-ABCDEFGHJK/answer",
                                  "/admin/users"])
def test_no_action_without_login(console: Console, path: str) -> None:
    with console.client() as client:
        assert client.post(path, data={"csrf_token": "x"}).status_code == 401


def test_login_sets_a_strict_http_only_cookie_and_a_strict_csp(console: Console) -> None:
    with console.client() as client:
        page = client.get("/login")
        assert "script-src 'self'" in page.headers["content-security-policy"]
        response = client.post("/login", data={"username": STAFF, "password": PASSWORD,
                                               "csrf_token": csrf_of(page.text), "next": "/pakn"})
    assert response.status_code == 303 and response.headers["location"] == "/pakn"
    cookie = next(v for k, v in response.headers.multi_items() if k == "set-cookie" and "console_session" in v)
    assert "HttpOnly" in cookie and "SameSite=strict" in cookie


def test_wrong_password_is_refused_and_attempts_are_limited(console: Console) -> None:
    console.ctx.accounts.add_user("canbo_khoa", PASSWORD)
    with console.client() as client:
        for _ in range(3):
            page = client.get("/login")
            bad = client.post("/login", data={"username": "canbo_khoa", "password": "sai-mat-khau-roi",
                                              "csrf_token": csrf_of(page.text)})
            assert bad.status_code == 401 and "Sai tên đăng nhập" in bad.text
        page = client.get("/login")
        locked = client.post("/login", data={"username": "canbo_khoa", "password": PASSWORD,
                                             "csrf_token": csrf_of(page.text)})
    assert locked.status_code == 401, "locked after 3 failures even with the right password"


def test_login_without_csrf_is_refused(console: Console) -> None:
    with console.client() as client:
        client.get("/login")
        response = client.post("/login", data={"username": STAFF, "password": PASSWORD})
    assert response.status_code == 403


def test_login_never_redirects_off_site(console: Console) -> None:
    with console.client() as client:
        page = client.get("/login")
        response = client.post("/login", data={"username": STAFF, "password": PASSWORD,
                                               "csrf_token": csrf_of(page.text), "next": "//evil.example/x"})
    assert response.headers["location"] == "/desk"


def test_desk_search_without_diacritics_finds_the_lost_id_card(console: Console) -> None:
    with console.login() as client:
        page = client.get("/desk", params={"q": "mat cccd"})
    assert page.status_code == 200
    assert "/desk/procedure/can_cuoc_cap_lai" in page.text.split("</ol>")[0].split("<li>")[1]


def test_card_shows_documents_fee_time_place_and_sources(console: Console) -> None:
    with console.login() as client:
        page = client.get("/desk/procedure/can_cuoc_cap_lai", params={"province": "ha_noi"})
    assert page.status_code == 200
    text = page.text
    for heading in ("Giấy tờ cần nộp", "Lệ phí áp dụng ngày", "Thời hạn giải quyết", "Nơi nộp", "Căn cứ pháp lý",
                    "Nguồn", "Kiểm tra lần cuối"):
        assert heading in text
    assert "đồng" in text or "miễn" in text


def test_print_view_has_a_qr_code_of_the_official_page(console: Console) -> None:
    with console.login() as client:
        page = client.get("/desk/procedure/ho_chieu/print")
    assert page.status_code == 200 and "<svg" in page.text and "segno" in page.text


def test_unknown_procedure_is_a_clear_404(console: Console) -> None:
    with console.login() as client:
        page = client.get("/desk/procedure/khong_co")
    assert page.status_code == 404 and "Không có thủ tục này" in page.text


def test_pakn_content_is_escaped(console: Console) -> None:
    code = console.file_pakn(content="<script>alert('xss')</script> cán bộ trả hồ sơ chậm quá hai tuần rồi",
                             citizen_name="<b>Tên</b>")
    with console.login() as client:
        listing = client.get("/pakn")
        detail = client.get(f"/pakn/{code}")
    for page in (listing, detail):
        assert "<script>alert" not in page.text
        assert "&lt;script&gt;" in page.text
    assert "<b>Tên</b>" not in detail.text


def test_queue_filters_and_clear_message_on_bad_input(console: Console) -> None:
    hn = console.file_pakn()
    hcm = console.file_pakn(province_name="Thành phố Hồ Chí Minh", province_id="ho_chi_minh", kind="kien_nghi")
    with console.login() as client:
        assert hn in client.get("/pakn", params={"province": "ha noi"}).text
        assert hcm not in client.get("/pakn", params={"province": "ha noi"}).text
        assert hn not in client.get("/pakn", params={"kind": "kien_nghi"}).text
        assert hn not in client.get("/pakn", params={"overdue": "1"}).text
        bad = client.get("/pakn", params={"status": "<x>"})
    assert bad.status_code == 400 and "Trạng thái không hợp lệ" in bad.text and "<x>" not in bad.text


def test_set_status_needs_csrf_and_is_recorded(console: Console) -> None:
    code = console.file_pakn()
    with console.login() as client:
        refused = client.post(f"/pakn/{code}/status", data={"status": "processing"})
        assert refused.status_code == 403
        wrong = client.post(f"/pakn/{code}/status", data={"status": "processing", "csrf_token": "forged"})
        assert wrong.status_code == 403
        cross = client.post(f"/pakn/{code}/status", headers={"Origin": "http://evil.example"},
                            data={"status": "processing", "csrf_token": csrf_of(client.get(f"/pakn/{code}").text)})
        assert cross.status_code == 403
        assert console.ctx.pakn.get(code).status == "received"
        token = csrf_of(client.get(f"/pakn/{code}").text)
        done = client.post(f"/pakn/{code}/status", data={"status": "processing", "note": "đã chuyển", "csrf_token": token})
        assert done.status_code == 303
        page = client.get(done.headers["location"])
    assert "Đã đổi trạng thái" in page.text
    view = console.ctx.pakn.get(code)
    assert view.status == "processing" and view.history[-1].actor == STAFF
    assert any(a.action == "pakn_status" and a.actor == STAFF for a in console.ctx.accounts.actions())


def test_a_forbidden_transition_gets_a_clear_message(console: Console) -> None:
    code = console.file_pakn()
    with console.login() as client:
        token = csrf_of(client.get(f"/pakn/{code}").text)
        response = client.post(f"/pakn/{code}/status", data={"status": "answered", "csrf_token": token})
    assert response.status_code == 409 and "Không đổi được trạng thái" in response.text


def test_answer_is_delivered_exactly_once(console: Console) -> None:
    code = console.file_pakn()
    with console.login() as client:
        page = client.get(f"/pakn/{code}").text
        form = {"answer": "Hồ sơ của anh đã có kết quả, mời đến nhận.", "csrf_token": csrf_of(page),
                "request_id": REQUEST_ID_RE.search(page).group(1)}  # type: ignore[union-attr]
        first = client.post(f"/pakn/{code}/answer", data=form)
        again = client.post(f"/pakn/{code}/answer", data=form)
        assert "msg=answered" in first.headers["location"] and "msg=repeat" in again.headers["location"]
        empty = client.post(f"/pakn/{code}/answer", data={**form, "answer": " ", "request_id": "other"})
    assert empty.status_code == 400 and "trống" in empty.text
    assert len(console.outbox.sent) == 1
    channel, sender, text = console.outbox.sent[0]
    assert (channel, sender) == ("telegram", "telegram:424242") and "mời đến nhận" in text
    assert console.ctx.pakn.get(code).status == "answered"


def test_csv_export_has_no_personal_data(console: Console) -> None:
    code = console.file_pakn()
    with console.login() as client:
        response = client.get("/pakn/export.csv")
    assert response.status_code == 200 and response.headers["content-type"].startswith("text/csv")
    assert code in response.text and "0912345678" not in response.text and "Nguyễn Văn An" not in response.text


def test_staff_cannot_manage_accounts_admin_can(console: Console) -> None:
    with console.login() as client:
        assert client.get("/admin/users").status_code == 403
        token = csrf_of(client.get("/desk").text)
        assert client.post("/admin/users", data={"username": "x1", "password": PASSWORD, "role": "admin",
                                                 "csrf_token": token}).status_code == 403
    with console.login(ADMIN) as admin:
        token = csrf_of(admin.get("/admin/users").text)
        added = admin.post("/admin/users", data={"username": "canbo2", "password": PASSWORD, "role": "staff",
                                                 "csrf_token": token})
        assert added.status_code == 303
        short = admin.post("/admin/users", data={"username": "canbo3", "password": "ngan", "role": "staff",
                                                 "csrf_token": token})
        assert short.status_code == 400 and "ít nhất" in short.text
    with console.login("canbo2"):
        pass


def test_logout_ends_the_session(console: Console) -> None:
    with console.login() as client:
        token = csrf_of(client.get("/desk").text)
        assert client.post("/logout", data={"csrf_token": token}).status_code == 303
        assert client.get("/desk").status_code == 303


def test_cli_adds_an_account_from_stdin(console: Console, monkeypatch: pytest.MonkeyPatch,
                                        console_database: str) -> None:
    monkeypatch.setenv("DATABASE_URL", console_database)
    out = io.StringIO()
    code = console_cli(["users", "add", "Canbo9", "--role", "admin", "--password-stdin"], out=out,
                       stdin=io.StringIO(PASSWORD + "\n"))
    assert code == 0 and "canbo9" in out.getvalue()
    assert console_cli(["users", "add", "canbo9", "--password-stdin"], out=out, stdin=io.StringIO(PASSWORD)) == 1
    with console.login("canbo9"):
        pass


def test_summary_counts_received_processed_and_overdue(console: Console) -> None:
    console.file_pakn()
    with console.login() as client:
        page = client.get("/pakn/summary")
        bad = client.get("/pakn/summary", params={"date_from": "31/12/2026"})
    assert page.status_code == 200 and "Tỷ lệ xử lý" in page.text and "Hà Nội" in page.text
    assert bad.status_code == 400 and "Ngày không hợp lệ" in bad.text
