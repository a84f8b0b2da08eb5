"""End to end: a fee set by each province — the assistant asks where, reads the reply, remembers it."""

from __future__ import annotations

import uuid

import pytest

from tests.support.rasa_stack import RasaStack

pytestmark = pytest.mark.e2e


def _sender() -> str:
    return f"webchat:{uuid.uuid4().hex}"


def test_question_then_free_text_province_then_remembered(rasa_stack: RasaStack) -> None:
    sender = _sender()
    replies = rasa_stack.say(sender, "lệ phí đăng ký hộ kinh doanh bao nhiêu")
    asked = "\n".join(r.get("text", "") for r in replies)
    assert "Bạn ở tỉnh/thành phố nào?" in asked
    buttons = [b["payload"] for r in replies for b in r.get("buttons", [])]
    assert '/ask_fee{"procedure":"ho_kinh_doanh","province":"ha_noi"}' in buttons
    answer = rasa_stack.say_text(sender, "ha noi")
    assert "tại Thành phố Hà Nội" in answer and "100.000 đồng" in answer and "Nguồn" in answer
    later = rasa_stack.say_text(sender, "lệ phí đăng ký khai sinh quá hạn bao nhiêu")
    assert "tại Thành phố Hà Nội" in later and "5.000 đồng" in later


def test_old_province_name_without_diacritics(rasa_stack: RasaStack) -> None:
    sender = _sender()
    assert "tỉnh/thành phố nào" in rasa_stack.say_text(sender, "dang ky xe o to het bao nhieu tien")
    answer = rasa_stack.say_text(sender, "binh duong")
    assert "Bình Dương nay thuộc Thành phố Hồ Chí Minh" in answer and "14.000.000 đồng" in answer


def test_province_button(rasa_stack: RasaStack) -> None:
    answer = rasa_stack.say_text(_sender(), '/ask_fee{"procedure":"ho_kinh_doanh","province":"da_nang"}')
    assert "tại Thành phố Đà Nẵng" in answer and "chưa có dữ liệu mức thu tại Đà Nẵng" in answer
    assert "miễn phí" not in answer


def test_reply_that_is_no_province_is_answered_as_usual(rasa_stack: RasaStack) -> None:
    sender = _sender()
    rasa_stack.say_text(sender, "lệ phí hộ kinh doanh")
    text = rasa_stack.say_text(sender, "cảm ơn bạn")
    assert "Lệ phí" not in text and text
    # and the next question is answered normally
    assert "Lệ phí cấp hộ chiếu" in rasa_stack.say_text(sender, "lệ phí hộ chiếu bao nhiêu")
