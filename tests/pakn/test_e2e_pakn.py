"""End-to-end PAKN conversations over Rasa's REST channel with the real Rasa and action servers."""

from __future__ import annotations

import re
import threading
import uuid
from collections.abc import Iterator
from typing import Any

import pytest
from sqlalchemy import Engine, select, text
from sqlalchemy.orm import Session

from common.db import make_engine
from pakn.models import Feedback, StatusEvent
from tests.support.rasa_stack import RasaStack

pytestmark = pytest.mark.e2e

CODE = re.compile(r"PAKN-[23456789A-HJKMNP-Z]{10}")
SKIP = '/deny{"pakn_choice":"skip"}'
CONTENT = "Cán bộ bộ phận một cửa phường hẹn trả thẻ căn cước đã trễ ba tuần mà không báo lý do."


@pytest.fixture(scope="module")
def stack_engine(rasa_stack: RasaStack) -> Iterator[Engine]:
    engine = make_engine(rasa_stack.database_url)
    yield engine
    engine.dispose()


def sender(channel: str = "webchat") -> str:
    return f"{channel}:e2e-{uuid.uuid4().hex[:10]}"


def texts(replies: list[dict[str, Any]]) -> str:
    return "\n".join(str(r.get("text") or "") for r in replies)


def buttons(replies: list[dict[str, Any]]) -> list[str]:
    return [str(b.get("payload")) for r in replies for b in (r.get("buttons") or [])]


def rows(engine: Engine, sender_id: str) -> list[Feedback]:
    with Session(engine) as session:
        return list(session.scalars(select(Feedback).where(Feedback.sender_id == sender_id)))


def fill_until_summary(stack: RasaStack, who: str, phone: str = "0912 345 678") -> str:
    """Answer every question of the form; return the summary text."""
    first = stack.say(who, "/give_feedback")
    assert "phản ánh hay kiến nghị" in texts(first)
    assert '/give_feedback{"pakn_choice":"phan_anh"}' in buttons(first)
    assert "Bạn mô tả cụ thể sự việc" in texts(stack.say(who, '/give_feedback{"pakn_choice":"phan_anh"}'))
    assert "thủ tục hoặc cơ quan nào" in texts(stack.say(who, CONTENT))
    assert "tỉnh, thành phố nào" in texts(stack.say(who, SKIP))
    reply = texts(stack.say(who, "Hà Nội"))
    if "Xã, phường" in reply:
        reply = texts(stack.say(who, "phường Ba Đình"))
    assert "họ tên" in reply
    assert "Số điện thoại" in texts(stack.say(who, "Nguyễn Văn An"))
    assert "Bạn có đồng ý không?" in texts(stack.say(who, phone))
    summary = stack.say(who, "/affirm")
    assert "/affirm" in buttons(summary) and "/deny" in buttons(summary)
    return texts(summary)


def test_file_confirm_get_code_and_check_status(rasa_stack: RasaStack, stack_engine: Engine) -> None:
    who = sender("webchat")
    summary = fill_until_summary(rasa_stack, who)
    assert "Nguyễn Văn An" in summary and "0912 345 678" in summary and "trễ ba tuần" in summary
    filed = texts(rasa_stack.say(who, "/affirm"))
    found = CODE.search(filed)
    assert found, filed
    code = found.group(0)
    [row] = rows(stack_engine, who)
    assert (row.code, row.status, row.kind, row.channel, row.phone) == (code, "received", "phan_anh", "webchat",
                                                                        "0912345678")
    assert row.content == CONTENT and row.citizen_name == "Nguyễn Văn An"
    with Session(stack_engine) as session:
        history = list(session.scalars(select(StatusEvent).where(StatusEvent.feedback_id == row.id)))
    assert [(h.event, h.to_status, h.actor) for h in history] == [("filed", "received", "citizen")]
    status = texts(rasa_stack.say(who, f'/check_feedback_status{{"pakn_choice":"{code}"}}'))
    assert code in status and "Đã tiếp nhận" in status


def test_edit_a_field_before_sending(rasa_stack: RasaStack, stack_engine: Engine) -> None:
    who = sender("telegram")
    fill_until_summary(rasa_stack, who)
    ask = texts(rasa_stack.say(who, '/give_feedback{"pakn_choice":"edit_phone"}'))
    assert "Số điện thoại" in ask
    summary = texts(rasa_stack.say(who, "0988 777 666"))
    assert "0988 777 666" in summary and "Bạn kiểm tra lại thông tin" in summary
    assert CODE.search(texts(rasa_stack.say(who, "/affirm")))
    [row] = rows(stack_engine, who)
    assert row.phone == "0988777666" and row.channel == "telegram"


def test_cancel_stores_nothing(rasa_stack: RasaStack, stack_engine: Engine) -> None:
    who = sender()
    rasa_stack.say(who, "/give_feedback")
    rasa_stack.say(who, '/give_feedback{"pakn_choice":"kien_nghi"}')
    reply = texts(rasa_stack.say(who, "hủy"))
    assert "Đã hủy" in reply and not CODE.search(reply)
    assert rows(stack_engine, who) == []
    # the conversation goes on normally afterwards
    assert "phản ánh hay kiến nghị" in texts(rasa_stack.say(who, "/give_feedback"))
    assert "Đã hủy" in texts(rasa_stack.say(who, "/deny"))


def test_invalid_phone_is_asked_again(rasa_stack: RasaStack, stack_engine: Engine) -> None:
    who = sender()
    rasa_stack.say(who, "/give_feedback")
    rasa_stack.say(who, '/give_feedback{"pakn_choice":"phan_anh"}')
    rasa_stack.say(who, CONTENT)
    rasa_stack.say(who, SKIP)
    reply = texts(rasa_stack.say(who, "Đà Nẵng"))
    if "Xã, phường" in reply:
        rasa_stack.say(who, SKIP)
    rasa_stack.say(who, SKIP)
    invalid = texts(rasa_stack.say(who, "0123 456"))
    assert "Số điện thoại chưa đúng" in invalid and "Số điện thoại để cán bộ gọi lại" in invalid
    assert "Bạn có đồng ý không?" in texts(rasa_stack.say(who, "+84 987 654 321"))
    rasa_stack.say(who, "/affirm")
    assert CODE.search(texts(rasa_stack.say(who, "/affirm")))
    [row] = rows(stack_engine, who)
    assert row.phone == "0987654321" and row.citizen_name is None


def test_procedure_question_inside_the_form(rasa_stack: RasaStack, stack_engine: Engine) -> None:
    who = sender()
    rasa_stack.say(who, "/give_feedback")
    rasa_stack.say(who, '/give_feedback{"pakn_choice":"phan_anh"}')
    rasa_stack.say(who, CONTENT)
    assert "tỉnh, thành phố nào" in texts(rasa_stack.say(who, SKIP))
    replies = rasa_stack.say(who, '/ask_fee{"procedure":"ho_chieu"}')
    answer = texts(replies)
    assert "hộ chiếu" in answer.lower()  # answered by the procedure action…
    assert "tỉnh, thành phố nào" in str(replies[-1].get("text"))  # …then the form asks its question again
    reply = texts(rasa_stack.say(who, "Hà Nội"))
    assert "Xã, phường" in reply or "họ tên" in reply


def test_other_sender_needs_the_phone(rasa_stack: RasaStack) -> None:
    owner = sender("zalo")
    fill_until_summary(rasa_stack, owner, phone="0912 345 678")
    found = CODE.search(texts(rasa_stack.say(owner, "/affirm")))
    assert found
    code = found.group(0)
    stranger = sender("telegram")
    ask = texts(rasa_stack.say(stranger, f'/check_feedback_status{{"pakn_choice":"{code}"}}'))
    assert "số điện thoại đã khai" in ask and "Đã tiếp nhận" not in ask
    refused = texts(rasa_stack.say(stranger, "không"))
    assert "Đã tiếp nhận" not in refused and "Nội dung" not in refused
    rasa_stack.say(stranger, f'/check_feedback_status{{"pakn_choice":"{code}"}}')
    wrong = texts(rasa_stack.say(stranger, "0912 345 679"))
    assert "Không tìm thấy" in wrong and "Đã tiếp nhận" not in wrong
    rasa_stack.say(stranger, f'/check_feedback_status{{"pakn_choice":"{code}"}}')
    right = texts(rasa_stack.say(stranger, "0912345678"))
    assert code in right and "Đã tiếp nhận" in right


def test_concurrent_filings_get_unique_codes(rasa_stack: RasaStack, stack_engine: Engine) -> None:
    senders = [sender() for _ in range(4)]
    codes: dict[str, str] = {}
    errors: list[BaseException] = []

    def file(who: str) -> None:
        try:
            fill_until_summary(rasa_stack, who)
            found = CODE.search(texts(rasa_stack.say(who, "/affirm")))
            assert found
            codes[who] = found.group(0)
        except BaseException as exc:  # reported below
            errors.append(exc)

    threads = [threading.Thread(target=file, args=(who,)) for who in senders]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    assert len(set(codes.values())) == 4
    for who in senders:
        [row] = rows(stack_engine, who)
        assert row.code == codes[who]


def test_database_outage_gives_no_false_confirmation(rasa_stack: RasaStack, stack_engine: Engine) -> None:
    who = sender()
    fill_until_summary(rasa_stack, who)
    with stack_engine.begin() as conn:
        conn.execute(text("ALTER TABLE pakn_status_history RENAME TO pakn_status_history_off"))
    try:
        reply = texts(rasa_stack.say(who, "/affirm"))
    finally:
        with stack_engine.begin() as conn:
            conn.execute(text("ALTER TABLE pakn_status_history_off RENAME TO pakn_status_history"))
    assert "chưa lưu được" in reply and not CODE.search(reply)
    assert rows(stack_engine, who) == []
    again = texts(rasa_stack.say(who, "/affirm"))
    assert CODE.search(again)
    assert len(rows(stack_engine, who)) == 1
