"""End to end: the real Rasa and action servers answer over HTTP with facts from the KB."""

from __future__ import annotations

import uuid

import pytest

from tests.support.rasa_stack import RasaStack

pytestmark = pytest.mark.e2e


def _sender() -> str:
    return f"webchat:{uuid.uuid4().hex}"


def test_passport_fee_without_diacritics(rasa_stack: RasaStack) -> None:
    text = rasa_stack.say_text(_sender(), "lam ho chieu het bao nhieu tien")
    assert "100.000 đồng" in text and "200.000 đồng" in text
    assert "Nguồn:" in text and "Cập nhật:" in text


def test_marriage_documents_then_follow_up_keeps_procedure(rasa_stack: RasaStack) -> None:
    sender = _sender()
    first = rasa_stack.say_text(sender, "đăng ký kết hôn cần giấy tờ gì")
    assert "Tờ khai đăng ký kết hôn" in first
    second = rasa_stack.say_text(sender, "còn thời gian bao lâu?")
    assert "Thời gian giải quyết đăng ký kết hôn" in second


def test_follow_up_switches_procedure(rasa_stack: RasaStack) -> None:
    sender = _sender()
    first = rasa_stack.say_text(sender, "lệ phí đăng ký kết hôn bao nhiêu")
    assert "Lệ phí đăng ký kết hôn" in first
    second = rasa_stack.say_text(sender, "thế còn hộ chiếu?")
    assert "Lệ phí cấp hộ chiếu" in second and "100.000 đồng" in second


def test_cccd_documents_with_abbreviation(rasa_stack: RasaStack) -> None:
    text = rasa_stack.say_text(_sender(), "lam cccd can giay to gi")
    assert "Hồ sơ cấp thẻ căn cước" in text


def test_question_without_procedure_offers_buttons(rasa_stack: RasaStack) -> None:
    sender = _sender()
    replies = rasa_stack.say(sender, "lệ phí bao nhiêu vậy ad")
    buttons = [b for r in replies for b in r.get("buttons", [])]
    assert buttons, replies
    assert all(b["payload"].startswith("/ask_fee{") for b in buttons)
    passport = next(b for b in buttons if '"ho_chieu"' in b["payload"]) if any(
        '"ho_chieu"' in b["payload"] for b in buttons) else buttons[0]
    answer = rasa_stack.say_text(sender, passport["payload"])
    assert "Lệ phí" in answer and "Nguồn" in answer and "Cập nhật:" in answer


def test_menu_button_of_a_procedure_outside_the_catalogue_gets_the_honest_answer(rasa_stack: RasaStack) -> None:
    # the payload of the menu's outside-the-catalogue button (bot.compose.choose_procedure), pressed
    text = rasa_stack.say_text(_sender(), '/ask_procedure_overview{"catalogue_entry":"luong_huu"}')
    assert "Bảo hiểm xã hội" in text and "không làm tại UBND cấp xã" in text
    assert "Nguồn:" not in text  # no card of a KB procedure


def test_out_of_scope_gets_no_procedure_answer(rasa_stack: RasaStack) -> None:
    text = rasa_stack.say_text(_sender(), "giá vàng hôm nay bao nhiêu")
    assert "Nguồn" not in text and "Cập nhật:" not in text
    assert "thủ tục" in text


@pytest.mark.parametrize("message", ["😀😀😀", "<script>alert('x')</script>", "a" * 3000])
def test_odd_input_gets_a_polite_answer(rasa_stack: RasaStack, message: str) -> None:
    replies = rasa_stack.say(_sender(), message)
    assert replies and all(r.get("text") for r in replies)


@pytest.mark.parametrize(
    "message", ["làm hộ chiếu cần gì và mất bao lâu", "lam ho chieu can giay to gi va mat bao lau"]
)
def test_multi_question_message_gets_both_answers(rasa_stack: RasaStack, message: str) -> None:
    text = rasa_stack.say_text(_sender(), message)
    assert "Hồ sơ cấp hộ chiếu" in text
    assert "Thời gian giải quyết cấp hộ chiếu" in text


@pytest.mark.parametrize("message", ["thời tiết Hà Nội mai thế nào", "tỷ số trận MU tối qua", "vay tiền trả góp ở đâu"])
def test_out_of_scope_topics_get_no_procedure_answer(rasa_stack: RasaStack, message: str) -> None:
    text = rasa_stack.say_text(_sender(), message)
    assert "Cập nhật:" not in text


@pytest.mark.parametrize(("message", "name"), [
    ("lay vo can giay to gi ad", "Đăng ký kết hôn"),  # not the marriage with a foreign element
    ("mới cưới muốn làm giấy kết hôn", "Đăng ký kết hôn"),  # read as feedback, it got the feedback form
    ("bị mất cà vẹt xe máy", "Cấp lại chứng nhận đăng ký xe"),
])
def test_life_events_and_losses_told_in_phone_style_get_their_card(rasa_stack: RasaStack, message: str,
                                                                     name: str) -> None:
    text = rasa_stack.say_text(_sender(), message)
    assert name.lower() in text.lower() and "Nguồn:" in text, text
    assert "nước ngoài" not in text.split("\n")[0] and "phản ánh" not in text.split("\n")[0].lower()


def test_a_company_branch_suspending_its_business_gets_the_honest_answer_not_the_household_business_card(
        rasa_stack: RasaStack) -> None:
    text = rasa_stack.say_text(_sender(), "chi nhánh công ty em muốn tạm ngừng kinh doanh 1 năm thì làm thủ tục thế nào")
    assert "2.002029" in text and "Sở Tài chính" in text
    assert "Nguồn:" not in text  # no card of the household-business procedure


def test_a_long_stay_asked_as_whether_one_must_report_it_gets_the_temporary_residence_overview(
        rasa_stack: RasaStack) -> None:
    # Luật Cư trú 2020 Điều 27: from 30 days; it got the short-stay notification's card, then where to file
    text = rasa_stack.say_text(_sender(), "bố mẹ lên ở cùng vài tháng có phải báo công an không")
    assert "tạm trú" in text.lower() and "30 ngày" in text and "Nguồn:" in text, text
