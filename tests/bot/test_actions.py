"""The real actions, driven with rasa_sdk trackers over a real database (and a database that is down)."""

from __future__ import annotations

import asyncio
from typing import Any

import pytest
from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

from bot import kb_access
from bot.actions.clarify import ActionClarify
from bot.actions.common import KB_DOWN_MESSAGE
from bot.actions.procedure_answers import ActionAnswerProcedure


def _tracker(text: str, intent: str, entities: list[dict[str, Any]] | None = None,
             slots: dict[str, Any] | None = None, ranking: list[dict[str, Any]] | None = None) -> Tracker:
    message = {"text": text, "intent": {"name": intent, "confidence": 0.9}, "entities": entities or [],
               "intent_ranking": ranking or [{"name": intent, "confidence": 0.9}]}
    return Tracker("webchat:test", slots or {}, message, [], False, None, {}, "action_listen")


def _run(action: Any, tracker: Tracker) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    dispatcher = CollectingDispatcher()
    events = asyncio.run(action.run(dispatcher, tracker, {}))
    return dispatcher.messages, events




def test_fee_answer_from_database(kb_env: None) -> None:
    messages, events = _run(ActionAnswerProcedure(), _tracker("lệ phí hộ chiếu bao nhiêu", "ask_fee"))
    assert "100.000 đồng" in messages[0]["text"]
    assert {"event": "slot", "name": "procedure", "value": "ho_chieu", "timestamp": None} in events


def test_follow_up_uses_slot(kb_env: None) -> None:
    messages, _ = _run(ActionAnswerProcedure(),
                       _tracker("còn thời gian bao lâu?", "ask_processing_time", slots={"procedure": "ket_hon"}))
    assert "Thời gian giải quyết đăng ký kết hôn" in messages[0]["text"]


def test_no_procedure_asks_which_with_buttons(kb_env: None) -> None:
    messages, _ = _run(ActionAnswerProcedure(), _tracker("cần giấy tờ gì", "ask_documents"))
    assert "thủ tục nào" in messages[0]["text"]
    assert messages[0]["buttons"] and all(b["payload"].startswith("/ask_documents{") for b in messages[0]["buttons"])


def test_menu_torn_with_a_procedure_outside_the_catalogue_offers_it_and_its_honest_answer(kb_env: None) -> None:
    text = "đóng đủ 20 năm bảo hiểm rồi, giờ nghỉ thì chờ hưởng lương hưu hay đóng tiếp tự nguyện"
    message = {"text": text, "intent": {"name": "ask_procedure_overview", "confidence": 0.9}, "entities": [],
               "intent_ranking": [{"name": "ask_procedure_overview", "confidence": 0.9}],
               "procedure_ranking": [{"name": "bhxh_tu_nguyen", "confidence": 0.49},
                                     {"name": "outside:luong_huu", "confidence": 0.36},
                                     {"name": "bhxh_mot_lan", "confidence": 0.08}]}
    tracker = Tracker("webchat:test", {}, message, [], False, None, {}, "action_listen")
    messages, _ = _run(ActionAnswerProcedure(), tracker)
    buttons = messages[0]["buttons"]
    assert len(buttons) <= 4 and "bhxh_tu_nguyen" in buttons[0]["payload"]
    outside = [b for b in buttons if "catalogue_entry" in b["payload"]]
    assert [b["title"] for b in outside] == ["Hưởng lương hưu (người lao động đóng BHXH bắt buộc)"]
    # the button, pressed: the honest answer, no card of another procedure
    entities = [{"entity": "catalogue_entry", "value": "luong_huu"}]
    pressed = _tracker(outside[0]["payload"], "ask_procedure_overview", entities)
    messages, events = _run(ActionAnswerProcedure(), pressed)
    assert "Bảo hiểm xã hội" in messages[0]["text"] and "không làm tại UBND cấp xã" in messages[0]["text"]
    assert {"event": "slot", "name": "procedure", "value": None, "timestamp": None} in events


def _ranked_card(ranking: list[dict[str, Any]]) -> Tracker:
    text = "em bị móc túi ngoài chợ mất cái thẻ rồi giờ làm sao"
    message = {"text": text, "intent": {"name": "ask_procedure_overview", "confidence": 0.8},
               "entities": [{"entity": "procedure", "value": "can_cuoc_cap_doi", "extractor": "TurnInterpreter"}],
               "intent_ranking": [{"name": "ask_procedure_overview", "confidence": 0.8}],
               "procedure_ranking": ranking}
    return Tracker("webchat:test", {}, message, [], False, None, {}, "action_listen")


def test_unsure_card_offers_the_rankers_next_procedures(kb_env: None) -> None:
    ranking = [{"name": "can_cuoc_cap_doi", "confidence": 0.46}, {"name": "outside:gcn_cap_lai", "confidence": 0.2},
               {"name": "can_cuoc_cap_lai", "confidence": 0.3}, {"name": "none", "confidence": 0.04}]
    messages, events = _run(ActionAnswerProcedure(), _ranked_card(ranking))
    assert {"event": "slot", "name": "procedure", "value": "can_cuoc_cap_doi", "timestamp": None} in events
    assert "hãy chọn một thủ tục gần nhất bên dưới" in messages[0]["text"]
    offered = [b for b in messages[0]["buttons"] if "can_cuoc_cap_lai" in b["payload"]]
    assert len(offered) == 1 and offered[0]["payload"].startswith("/ask_procedure_overview{")
    assert offered[0]["title"].startswith("Cấp lại thẻ căn cước")
    assert not any("gcn_cap_lai" in b["payload"] for b in messages[0]["buttons"])  # not in the KB: no card button


def test_sure_card_offers_no_other_procedure(kb_env: None) -> None:
    ranking = [{"name": "can_cuoc_cap_doi", "confidence": 0.93}, {"name": "can_cuoc_cap_lai", "confidence": 0.05}]
    messages, _ = _run(ActionAnswerProcedure(), _ranked_card(ranking))
    assert "thủ tục gần nhất" not in messages[0]["text"]
    assert not any("can_cuoc_cap_lai" in b["payload"] for b in messages[0]["buttons"])


def test_clarify_offers_likeliest_readings(kb_env: None) -> None:
    ranking = [{"name": "nlu_fallback", "confidence": 0.5}, {"name": "ask_fee", "confidence": 0.4},
               {"name": "ask_processing_time", "confidence": 0.35}, {"name": "greet", "confidence": 0.1}]
    messages, _ = _run(ActionClarify(), _tracker("hộ chiếu thì bao nhiêu lâu tiền", "nlu_fallback", ranking=ranking))
    titles = [b["title"] for b in messages[0]["buttons"]]
    assert titles[:2] == ["Lệ phí", "Thời gian giải quyết"]
    assert '"ho_chieu"' in messages[0]["buttons"][0]["payload"]


def test_database_down_gives_polite_message(monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture) -> None:
    monkeypatch.setenv("DATABASE_URL", "postgresql://nobody@127.0.0.1:1/nothing")
    kb_access._cache.cache_clear()
    try:
        messages, events = _run(ActionAnswerProcedure(), _tracker("lệ phí hộ chiếu", "ask_fee"))
    finally:
        kb_access._cache.cache_clear()
    assert messages[0]["text"] == KB_DOWN_MESSAGE
    assert events == []
    assert "knowledge base unavailable" in caplog.text


def test_action_server_masks_phone_numbers_in_logs(caplog: pytest.LogCaptureFixture) -> None:
    import logging

    from bot.action_server import install_masking

    root = logging.getLogger()
    handler = logging.StreamHandler()
    root.addHandler(handler)
    try:
        install_masking()
        record = logging.LogRecord("x", logging.INFO, __file__, 1, "gọi lại 0912345678, CCCD 001203004567", None, None)
        assert all(f.filter(record) for f in handler.filters)
        assert "0912345678" not in record.getMessage() and "001203004567" not in record.getMessage()
    finally:
        root.removeHandler(handler)


def _ranked_tracker(text: str, intent: str, procedure_ranking: list[tuple[str, float]], slot: str) -> Tracker:
    message = {"text": text, "intent": {"name": intent, "confidence": 0.9}, "entities": [],
               "intent_ranking": [{"name": intent, "confidence": 0.9}],
               "procedure_ranking": [{"name": n, "confidence": c} for n, c in procedure_ranking]}
    return Tracker("webchat:test", {"procedure": slot}, message, [], False, None, {}, "action_listen")


def test_a_new_question_about_another_procedure_does_not_get_the_previous_card(kb_env: None) -> None:
    # after a birth card, a death told in a full sentence that the ranker reads as another procedure: a menu of the
    # likeliest procedures, not the birth card again
    tracker = _ranked_tracker("ông nội em vừa qua đời, gia đình cần làm thủ tục gì", "ask_procedure_overview",
                              [("khai_tu", 0.23), ("bhxh_tu_tuat", 0.09), ("gplx_doi_cap_lai", 0.04)], "khai_sinh")
    messages, events = _run(ActionAnswerProcedure(), tracker)
    assert "khai sinh" not in messages[0]["text"].lower()
    assert {"event": "slot", "name": "procedure", "value": "khai_sinh", "timestamp": None} not in events
    # a follow-up keeps the procedure: short, or read as `none`, or naming it among the likeliest
    for text, ranking in (("cho người già thì sao", [("nguoi_nuoc_ngoai_gia_han_tam_tru", 0.18), ("none", 0.13)]),
                          ("vậy nếu tôi ở tỉnh khác thì nộp ở đâu", [("none", 0.6), ("thuong_tru", 0.05)]),
                          ("nếu làm cho bé sinh ở bệnh viện tư thì cần gì",
                           [("thai_san", 0.3), ("khai_sinh", 0.2), ("none", 0.1)])):
        messages, _ = _run(ActionAnswerProcedure(), _ranked_tracker(text, "ask_documents", ranking, "khai_sinh"))
        assert "khai sinh" in messages[0]["text"].lower(), text
