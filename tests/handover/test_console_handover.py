"""The console's handover pages over HTTP: login required, everything escaped, two staff claiming at
once (exactly one wins), only the owner replies and closes, inbox answers once, analytics."""

from __future__ import annotations

import re
import threading

import httpx

from handover import texts
from handover.ratings import RatingStore
from tests.console.conftest import (  # noqa: F401 - console fixtures
    ADMIN,
    STAFF,
    Console,
    console,
    console_database,
    csrf_of,
    running_console,
)

HISTORY = [{"who": "citizen", "text": "<script>alert(1)</script> mất căn cước làm lại thế nào"},
           {"who": "bot", "text": "Bạn cần…"}, {"who": "citizen", "text": "gặp cán bộ"}]


def token_of(client: httpx.Client, path: str) -> str:
    return csrf_of(client.get(path).text)


def test_pages_need_a_login(console: Console) -> None:  # noqa: F811
    with console.client() as client:
        assert client.get("/handover").status_code == 303
        assert client.get("/ratings").status_code == 303
        assert client.post("/handover/1/claim", data={}).status_code == 401


def test_two_staff_claiming_at_once_exactly_one_wins(console: Console) -> None:  # noqa: F811
    case = console.ctx.handovers().open("telegram", "telegram:777", HISTORY, in_hours=True)
    results: list[str] = []
    barrier = threading.Barrier(2)
    with console.login(STAFF) as first, console.login(ADMIN) as second:
        tokens = {id(c): token_of(c, f"/handover/{case.id}") for c in (first, second)}

        def claim(client: httpx.Client) -> None:
            barrier.wait()
            response = client.post(f"/handover/{case.id}/claim", data={"csrf_token": tokens[id(client)]})
            results.append(response.headers["location"])

        threads = [threading.Thread(target=claim, args=(c,)) for c in (first, second)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
    assert sorted(r.rsplit("=", 1)[1] for r in results) == ["claimed", "taken"]
    claimed = console.ctx.handovers().get(case.id)
    assert claimed is not None and claimed.status == "claimed" and claimed.claimed_by in {STAFF, ADMIN}
    assert [(c, s, t) for c, s, t in console.outbox.sent] == [("telegram", "telegram:777", texts.CLAIMED)]


def test_owner_replies_and_closes_others_cannot(console: Console) -> None:  # noqa: F811
    store = console.ctx.handovers()
    case = store.open("zalo", "zalo:12", HISTORY, in_hours=True)
    with console.login(STAFF) as owner, console.login(ADMIN) as other:
        page = owner.get("/handover")
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page.text and "<script>alert(1)" not in page.text
        owner.post(f"/handover/{case.id}/claim", data={"csrf_token": csrf_of(page.text)})
        token = token_of(other, f"/handover/{case.id}")
        assert other.post(f"/handover/{case.id}/reply", data={"csrf_token": token, "text": "x"}).status_code == 409
        assert other.post(f"/handover/{case.id}/close", data={"csrf_token": token}).status_code == 409
        assert owner.post(f"/handover/{case.id}/reply", data={"text": "thiếu CSRF"}).status_code == 403
        token = token_of(owner, f"/handover/{case.id}")
        sent = owner.post(f"/handover/{case.id}/reply", data={"csrf_token": token, "text": "Bạn mang CCCD cũ nhé."})
        assert sent.headers["location"].endswith("msg=sent")
        closed = owner.post(f"/handover/{case.id}/close", data={"csrf_token": token})
        assert closed.headers["location"].endswith("msg=closed")
        detail = owner.get(f"/handover/{case.id}").text
        assert "Đã kết thúc" in detail and "Bạn mang CCCD cũ nhé." in detail
        assert re.search(r"Thời gian chờ</dt><dd>\d+ giây", detail)
    assert [t for _, _, t in console.outbox.sent] == [texts.CLAIMED, "Bạn mang CCCD cũ nhé.", texts.CLOSED]


def test_inbox_item_is_answered_once_with_the_citizens_ratings(console: Console) -> None:  # noqa: F811
    store = console.ctx.handovers()
    ratings = RatingStore(console.ctx.factory)
    ratings.rate("r-inbox-1", "down", "telegram", "telegram:31", "ho_chieu", "fee")
    ratings.set_reason("r-inbox-1", "outdated")
    case = store.open("telegram", "telegram:31", HISTORY, in_hours=False)
    with console.login(STAFF) as client:
        page = client.get("/handover").text
        inbox = page[page.index('id="inbox"'):]
        assert "Ngoài giờ làm việc" in inbox and "👎" in inbox and "Thông tin đã cũ" in inbox
        token = csrf_of(page)
        first = client.post(f"/handover/{case.id}/answer", data={"csrf_token": token, "text": "Lệ phí mới là…"})
        again = client.post(f"/handover/{case.id}/answer", data={"csrf_token": token, "text": "Lệ phí mới là…"})
        assert first.headers["location"].endswith("msg=answered") and again.headers["location"].endswith("msg=repeat")
        analytics = client.get("/ratings").text
        assert "ho_chieu" in analytics and "Tỷ lệ hữu ích chung" in analytics
    assert [t for _, _, t in console.outbox.sent] == [texts.STAFF_ANSWER_PREFIX + "Lệ phí mới là…"]
