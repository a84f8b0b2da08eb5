"""Unanswered turns in the console: the conversation around a turn, and one staff reply delivered on the
citizen's channel (recorded as an answered inbox case); a second reply is refused."""

from __future__ import annotations

from pathlib import Path

from tests.console.conftest import Console, csrf_of
from tests.console.test_analytics import console_reading
from tests.console.test_review import with_a_phone_number


def test_the_conversation_around_a_turn_and_one_reply(console: Console, tmp_path: Path) -> None:
    with console_reading(console, tmp_path, with_a_phone_number()):
        with console.login() as client:
            page = client.get("/review")
            links = [part.split('"')[0] for part in page.text.split('href="/review/')[1:]]
            assert len(links) == 2
            turns = {link: client.get(f"/review/{link}") for link in links}
            telegram_id, telegram = next((k, v) for k, v in turns.items() if "telegram" in v.text)
            zalo_id, zalo = next((k, v) for k, v in turns.items() if "zalo" in v.text)
            # The conversation around the turn: what came before and the bot's reply after it, masked.
            assert 'class="citizen target"' in telegram.text and "thời tiết Hà Nội mai thế nào" in telegram.text
            assert telegram.text.count('<li class="citizen') >= 2 and '<li class="bot' in telegram.text
            assert "0912 345 678" not in zalo.text and "thời tiết mai" in zalo.text
            token = csrf_of(telegram.text)
            empty = client.post(f"/review/{telegram_id}/reply", data={"csrf_token": token, "text": "  "})
            assert empty.status_code == 400 and "trống hoặc quá dài" in empty.text
            assert client.post(f"/review/{telegram_id}/reply", data={"text": "Chào anh"}).status_code == 403
            answer = "Dạ, trợ lý chỉ hướng dẫn thủ tục hành chính; anh xem dự báo thời tiết trên nchmf.gov.vn."
            sent = client.post(f"/review/{telegram_id}/reply", data={"csrf_token": token, "text": answer})
            assert sent.status_code == 303 and sent.headers["location"].endswith("msg=answered")
            assert console.outbox.sent == [("telegram", "telegram:1001", "Cán bộ trả lời: " + answer)]
            again = client.post(f"/review/{telegram_id}/reply", data={"csrf_token": token, "text": answer + " Xin lỗi."})
            assert again.status_code == 409 and "đã được cán bộ trả lời" in again.text
            assert len(console.outbox.sent) == 1  # exactly once
            after = client.get(f"/review/{telegram_id}")
            assert 'id="send-reply"' not in after.text and "đã trả lời người dân" in after.text
            case_id = after.text.split('href="/handover/')[1].split('"')[0]
            case = client.get(f"/handover/{case_id}")
            assert "Câu hỏi trợ lý chưa trả lời được" in case.text and answer in case.text
            assert "đã trả lời" in client.get("/review").text  # still to be labelled, marked as answered
            labelled = client.post(f"/review/{telegram_id}", data={"csrf_token": token, "intent": "out_of_scope",
                                                                    "procedure": "", "action": "label"})
            assert labelled.status_code == 303
            audit = console.ctx.accounts.actions(limit=20)
            assert any(a.action == "review_reply" and a.target == telegram_id for a in audit)
        console.outbox.sent.clear()
        with console.login() as client:
            assert client.get(f"/review/{zalo_id}").status_code == 200
            assert client.get("/review/99999999").status_code == 404
