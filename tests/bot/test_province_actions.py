"""Province-dependent fees in the conversation: ask, read free text (old names too), remember the answer."""

from __future__ import annotations

import asyncio
from typing import Any

import pytest
from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

from bot.actions.procedure_answers import ActionAnswerProcedure
from bot.actions.province import RETRY_PREFIX, ActionAnswerProvince


def _tracker(text: str, intent: str, slots: dict[str, Any] | None = None,
             events: list[dict[str, Any]] | None = None, form: str | None = None) -> Tracker:
    message = {"text": text, "intent": {"name": intent, "confidence": 0.9}, "entities": [],
               "intent_ranking": [{"name": intent, "confidence": 0.9}]}
    loop = {"name": form} if form else {}
    return Tracker("webchat:test", slots or {}, message, events or [], False, None, loop, "action_listen")


def _run(action: Any, tracker: Tracker) -> tuple[list[dict[str, Any]], dict[str, Any]]:
    dispatcher = CollectingDispatcher()
    events = asyncio.run(action.run(dispatcher, tracker, {}))
    return dispatcher.messages, {e["name"]: e["value"] for e in events if e.get("event") == "slot"}


pytestmark = pytest.mark.usefixtures("kb_env")


def test_fee_that_depends_on_the_province_asks_for_it() -> None:
    messages, slots = _run(ActionAnswerProcedure(), _tracker("lệ phí đăng ký hộ kinh doanh bao nhiêu", "ask_fee"))
    assert len(messages) == 1
    assert "Bạn ở tỉnh/thành phố nào?" in messages[0]["text"]
    payloads = [b["payload"] for b in messages[0]["buttons"]]
    assert payloads[0] == '/ask_fee{"procedure":"ho_kinh_doanh","province":"ha_noi"}'
    assert len(payloads) == 4 and all(len(p.encode()) <= 64 for p in payloads)  # Zalo: ≤ 4; Telegram: 64 bytes
    assert slots == {"procedure": "ho_kinh_doanh", "last_aspect": "fee", "province_asked": True}


def test_national_fee_does_not_ask() -> None:
    messages, slots = _run(ActionAnswerProcedure(), _tracker("lệ phí hộ chiếu", "ask_fee"))
    assert "tỉnh/thành phố nào" not in messages[0]["text"] and "100.000 đồng" in messages[0]["text"]
    assert slots["province_asked"] is False


def test_button_payload_answers_for_the_province() -> None:
    tracker = _tracker('/ask_fee{"procedure":"ho_kinh_doanh","province":"ha_noi"}', "ask_fee",
                       slots={"procedure": "ho_kinh_doanh", "province": "ha_noi", "province_asked": True})
    messages, slots = _run(ActionAnswerProcedure(), tracker)
    text = messages[0]["text"]
    assert "tại Thành phố Hà Nội" in text and "100.000 đồng" in text and "78/2026/NQ-HĐND" in text
    assert slots["province"] == "ha_noi" and slots["province_asked"] is False


@pytest.mark.parametrize(("reply", "intent"), [("Sài Gòn", "nlu_fallback"), ("tp hcm ạ", "out_of_scope"),
                                               ("ho chi minh", "greet")])
def test_free_text_reply_is_read_as_a_province(reply: str, intent: str) -> None:
    tracker = _tracker(reply, intent, slots={"procedure": "ho_kinh_doanh", "province_asked": True})
    messages, slots = _run(ActionAnswerProvince(), tracker)
    text = messages[0]["text"]
    assert "Lệ phí đăng ký thành lập hộ kinh doanh tại Thành phố Hồ Chí Minh" in text
    assert "chưa có dữ liệu mức thu tại TP. Hồ Chí Minh" in text
    assert "0 đồng" not in text and "miễn phí" not in text
    assert slots["province"] == "ho_chi_minh" and slots["province_asked"] is False


def test_old_province_name_is_mapped_and_said() -> None:
    tracker = _tracker("binh duong", "nlu_fallback", slots={"procedure": "dang_ky_xe", "province_asked": True})
    messages, slots = _run(ActionAnswerProvince(), tracker)
    text = messages[0]["text"]
    assert text.startswith("Bình Dương nay thuộc Thành phố Hồ Chí Minh")
    assert "14.000.000 đồng" in text
    assert slots["province"] == "ho_chi_minh"


def test_reply_classified_as_a_procedure_question_still_counts() -> None:
    tracker = _tracker("Hà Nội", "ask_where", slots={"procedure": "ho_kinh_doanh", "province_asked": True,
                                                     "last_aspect": "fee"})
    messages, slots = _run(ActionAnswerProcedure(), tracker)
    assert "Lệ phí đăng ký thành lập hộ kinh doanh tại Thành phố Hà Nội" in messages[0]["text"]
    assert slots["province"] == "ha_noi"


def test_province_is_remembered_for_later_answers() -> None:
    tracker = _tracker("lệ phí đăng ký khai sinh quá hạn", "ask_fee", slots={"province": "ha_noi"})
    messages, _ = _run(ActionAnswerProcedure(), tracker)
    assert "tại Thành phố Hà Nội" in messages[0]["text"] and "5.000 đồng" in messages[0]["text"]


def test_province_named_in_the_question_needs_no_question() -> None:
    messages, slots = _run(ActionAnswerProcedure(), _tracker("lệ phí đăng ký hộ kinh doanh ở đà nẵng", "ask_fee"))
    assert len(messages) == 1 and "tại Thành phố Đà Nẵng" in messages[0]["text"]
    assert slots["province"] == "da_nang"


def test_other_aspects_are_answered_before_the_question() -> None:
    tracker = _tracker("hộ kinh doanh cần giấy tờ gì và lệ phí bao nhiêu", "ask_documents")
    messages, slots = _run(ActionAnswerProcedure(), tracker)
    assert "Giấy đề nghị đăng ký hộ kinh doanh" in messages[0]["text"]
    assert "Bạn ở tỉnh/thành phố nào?" in messages[1]["text"]
    assert slots["province_asked"] is True


def test_reply_that_is_no_province_gets_its_usual_answer() -> None:
    tracker = _tracker("cảm ơn nhé", "thank", slots={"procedure": "ho_kinh_doanh", "province_asked": True})
    messages, slots = _run(ActionAnswerProvince(), tracker)
    assert messages[0]["response"] == "utter_thank"
    assert slots == {"province_asked": False}


def test_unrecognised_short_reply_is_asked_again_once() -> None:
    slots_in = {"procedure": "ho_kinh_doanh", "province_asked": True}
    messages, slots = _run(ActionAnswerProvince(), _tracker("quận 3", "nlu_fallback", slots=slots_in))
    assert messages[0]["text"].startswith(RETRY_PREFIX) and len(messages[0]["buttons"]) == 4
    assert slots == {}
    again = _tracker("quận 3", "nlu_fallback", slots=slots_in,
                     events=[{"event": "bot", "text": messages[0]["text"]}])
    messages, slots = _run(ActionAnswerProvince(), again)
    assert not messages[0].get("text", "").startswith(RETRY_PREFIX)
    assert slots["province_asked"] is False


def test_inside_a_form_the_fee_is_answered_without_asking() -> None:
    tracker = _tracker("lệ phí hộ kinh doanh bao nhiêu", "ask_fee", form="pakn_form")
    messages, slots = _run(ActionAnswerProcedure(), tracker)
    assert len(messages) == 1 and "tỉnh/thành phố nào?" not in messages[0]["text"]
    assert "cho biết bạn ở tỉnh, thành phố nào" in messages[0]["text"]
    assert slots["province_asked"] is False
