"""The real PAKN actions, driven with rasa_sdk trackers as Rasa's form loop calls them, on a real database."""

from __future__ import annotations

import pytest
from sqlalchemy import Engine, select, text
from sqlalchemy.orm import Session

from pakn import service as service_module
from pakn.models import Feedback
from pakn.service import PaknService
from tests.pakn.form_driver import Conversation

SKIP = '/deny{"pakn_choice":"skip"}'
CONTENT = "Cán bộ bộ phận một cửa phường hẹn trả thẻ căn cước đã trễ ba tuần mà không báo lý do."


@pytest.fixture(autouse=True)
def _fresh_kb_cache() -> None:
    from bot import kb_access

    kb_access._cache.cache_clear()


def rows(engine: Engine) -> list[Feedback]:
    with Session(engine) as session:
        return list(session.scalars(select(Feedback)))


def fill_until_confirm(c: Conversation, phone: str = "0912 345 678") -> None:
    turn = c.say("tôi muốn gửi phản ánh", "give_feedback", 0.97)
    assert turn.responses[:2] == ["utter_pakn_intro", "utter_ask_pakn_content"]  # type taken from the message
    assert c.slots["pakn_kind"] == "phan_anh"
    assert c.say(CONTENT, "give_feedback", 0.6).responses == ["utter_ask_pakn_procedure"]
    assert c.say("cấp căn cước", "ask_procedure_overview", 0.9,
                 [{"entity": "procedure", "value": "can_cuoc_14plus"}]).responses == ["utter_ask_pakn_province"]
    assert c.slots["pakn_procedure_id"] == "can_cuoc_14plus"
    c.say("Hà Nội", "nlu_fallback", 0.3)
    assert c.slots["pakn_province"]
    assert c.slots["requested_slot"] in ("pakn_commune", "pakn_name")
    if c.slots["requested_slot"] == "pakn_commune":
        assert c.say(SKIP, "deny").responses == ["utter_ask_pakn_name"]
    assert c.say("Nguyễn Văn An", "nlu_fallback", 0.2).responses == ["utter_ask_pakn_phone"]
    consent = c.say(phone, "nlu_fallback", 0.2)
    assert consent.responses == ["utter_ask_pakn_consent"]
    assert consent.replies[0].kwargs["retention_days"] == 365
    summary = c.say("/affirm", "affirm")
    assert "Bạn kiểm tra lại thông tin" in summary.texts
    assert summary.replies[-1].buttons[0]["title"] == "Gửi"


def test_file_confirm_and_get_a_code(live_service: PaknService, engine: Engine) -> None:
    c = Conversation("telegram:1001")
    fill_until_confirm(c)
    turn = c.say("/affirm", "affirm")
    [filed] = turn.replies
    assert filed.response == "utter_pakn_filed"
    code = filed.kwargs["code"]
    [row] = rows(engine)
    assert row.code == code and row.status == "received" and row.phone == "0912345678"
    assert row.content == CONTENT and row.channel == "telegram" and row.sender_id == "telegram:1001"
    assert row.procedure_id == "can_cuoc_14plus" and row.citizen_name == "Nguyễn Văn An"
    assert all(value is None for name, value in c.slots.items() if name.startswith("pakn_") and
               name != "pakn_status_attempts")
    # the same sender checks the status with the code in the message: no phone needed
    status = c.say(f"tra cứu {code.lower()}", "check_feedback_status", 0.9)
    assert code in status.texts and "Đã tiếp nhận" in status.texts


def test_cancel_in_the_middle_stores_nothing(live_service: PaknService, engine: Engine) -> None:
    c = Conversation("zalo:55")
    c.say("gửi kiến nghị", "give_feedback")
    assert c.slots["pakn_kind"] == "kien_nghi"
    turn = c.say("thôi", "deny", 0.9)
    assert turn.responses == ["utter_pakn_cancelled"]
    assert c.active_loop is None and c.slots["pakn_kind"] is None
    assert rows(engine) == []


def test_cancel_button_on_the_first_question(live_service: PaknService, engine: Engine) -> None:
    c = Conversation("zalo:56")
    assert c.say("/give_feedback", "give_feedback").responses == ["utter_pakn_intro", "utter_ask_pakn_kind"]
    assert c.say("/deny", "deny").responses == ["utter_pakn_cancelled"]
    assert rows(engine) == []


def test_invalid_phone_is_asked_again(live_service: PaknService, engine: Engine) -> None:
    c = Conversation("webchat:abc")
    c.say('/give_feedback{"pakn_choice":"kien_nghi"}', "give_feedback")
    c.say("Đề nghị bộ phận một cửa tiếp nhận hồ sơ cả buổi trưa cho người đi làm.", "give_feedback", 0.5)
    c.say(SKIP, "deny")
    c.say("Đà Nẵng", "nlu_fallback", 0.2)
    if c.slots["requested_slot"] == "pakn_commune":
        c.say("phường Hải Châu", "nlu_fallback", 0.2)
    c.say(SKIP, "deny")
    assert c.slots["requested_slot"] == "pakn_phone"
    turn = c.say("0123 456", "nlu_fallback", 0.2)
    assert turn.responses == ["utter_pakn_phone_invalid", "utter_ask_pakn_phone"]
    assert c.say("+84 987 654 321", "nlu_fallback", 0.2).responses == ["utter_ask_pakn_consent"]
    c.say("đồng ý", "affirm", 0.99)
    c.say("gửi đi", "affirm", 0.9)
    [row] = rows(engine)
    assert row.phone == "0987654321" and row.kind == "kien_nghi" and row.citizen_name is None


def test_edit_a_field_from_the_summary(live_service: PaknService, engine: Engine) -> None:
    c = Conversation("telegram:2002")
    fill_until_confirm(c)
    turn = c.say('/give_feedback{"pakn_choice":"edit_phone"}', "give_feedback")
    assert turn.responses == ["utter_ask_pakn_phone"]
    summary = c.say("0988 777 666", "nlu_fallback", 0.3)
    assert "0988 777 666" in summary.texts  # back to the summary, consent not asked again
    turn = c.say("sửa tên", "nlu_fallback", 0.3)
    assert turn.responses == ["utter_ask_pakn_name"]
    c.say("Lê Thị Hoa", "nlu_fallback", 0.3)
    c.say("/affirm", "affirm")
    [row] = rows(engine)
    assert (row.phone, row.citizen_name) == ("0988777666", "Lê Thị Hoa")


def test_procedure_question_is_a_digression(live_service: PaknService, engine: Engine) -> None:
    c = Conversation("telegram:3003")
    c.say("tôi muốn gửi phản ánh", "give_feedback")
    c.say(CONTENT, "give_feedback", 0.5)
    c.say(SKIP, "deny")
    assert c.slots["requested_slot"] == "pakn_province"
    turn = c.say("lệ phí làm hộ chiếu bao nhiêu?", "ask_fee", 0.93,
                 [{"entity": "procedure", "value": "ho_chieu"}])
    assert turn.rejected and turn.replies == []
    assert c.slots["pakn_province"] is None
    assert c.resume().responses == ["utter_ask_pakn_province"]
    c.say("Hà Nội", "nlu_fallback", 0.3)
    assert c.slots["pakn_province"]


def test_consent_declined_cancels(live_service: PaknService, engine: Engine) -> None:
    c = Conversation("telegram:4004")
    assert c.say("tôi muốn gửi phản ánh", "give_feedback").responses[-1] == "utter_ask_pakn_content"
    c.say(CONTENT, "give_feedback", 0.5)
    c.say(SKIP, "deny")
    c.say("Huế", "nlu_fallback", 0.3)
    while c.slots["requested_slot"] != "pakn_consent":
        c.say(SKIP, "deny")
    turn = c.say("/deny", "deny")
    assert turn.responses == ["utter_pakn_consent_declined", "utter_pakn_cancelled"]
    assert rows(engine) == []


def test_database_outage_gives_no_false_confirmation(live_service: PaknService, engine: Engine,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    c = Conversation("telegram:5005")
    fill_until_confirm(c)
    with engine.begin() as conn:
        conn.execute(text("ALTER TABLE pakn_status_history RENAME TO pakn_status_history_off"))
    try:
        turn = c.say("/affirm", "affirm")
    finally:
        with engine.begin() as conn:
            conn.execute(text("ALTER TABLE pakn_status_history_off RENAME TO pakn_status_history"))
    assert turn.responses[0] == "utter_pakn_not_saved"
    assert "PAKN-" not in turn.texts
    assert "Bạn kiểm tra lại thông tin" in turn.texts  # the summary again, to send once more
    assert rows(engine) == []
    retry = c.say("/affirm", "affirm")
    assert retry.responses == ["utter_pakn_filed"]
    assert len(rows(engine)) == 1


def test_unreachable_database_at_submit(live_service: PaknService, engine: Engine,
                                        monkeypatch: pytest.MonkeyPatch) -> None:
    c = Conversation("telegram:5006")
    fill_until_confirm(c)
    monkeypatch.setenv("DATABASE_URL", "postgresql+psycopg2://nobody:x@127.0.0.1:9/none?connect_timeout=2")
    service_module.reset_service()
    turn = c.say("/affirm", "affirm")
    assert turn.responses[0] == "utter_pakn_not_saved" and "PAKN-" not in turn.texts
    assert rows(engine) == []


def test_other_sender_needs_the_phone(live_service: PaknService, engine: Engine) -> None:
    owner = Conversation("telegram:6006")
    fill_until_confirm(owner, phone="0912 345 678")
    code = owner.say("/affirm", "affirm").replies[0].kwargs["code"]
    stranger = Conversation("zalo:stranger")
    turn = stranger.say(f"tra cứu {code}", "check_feedback_status", 0.9)
    assert turn.responses == ["utter_ask_pakn_status_phone"]
    wrong = stranger.say("0912 345 679", "nlu_fallback", 0.2)
    assert wrong.responses == ["utter_pakn_status_not_found"]
    assert code not in wrong.texts
    stranger.say(code, "check_feedback_status", 0.9)
    right = stranger.say("+84912345678", "nlu_fallback", 0.2)
    assert code in right.texts and "Đã tiếp nhận" in right.texts


def test_status_without_phone_reveals_nothing(live_service: PaknService, engine: Engine) -> None:
    stranger = Conversation("zalo:stranger2")
    stranger.say("tra cứu PAKN-AAAAAAAAAA", "check_feedback_status", 0.9)
    turn = stranger.say("không", "deny", 0.9)
    assert turn.responses == ["utter_pakn_status_need_phone"]


def test_status_attempts_are_limited(live_service: PaknService) -> None:
    stranger = Conversation("zalo:guesser")
    for _ in range(3):
        stranger.say("tra cứu PAKN-AAAAAAAAAA", "check_feedback_status", 0.9)
        assert stranger.say("0912345678", "nlu_fallback", 0.2).responses == ["utter_pakn_status_not_found"]
    stranger.say("tra cứu PAKN-AAAAAAAAAA", "check_feedback_status", 0.9)
    assert stranger.say("0912345678", "nlu_fallback", 0.2).responses == ["utter_pakn_status_locked"]


def test_status_question_without_code_lists_own_codes(live_service: PaknService) -> None:
    c = Conversation("telegram:7007")
    fill_until_confirm(c)
    code = c.say("/affirm", "affirm").replies[0].kwargs["code"]
    # one PAKN from this sender: shown directly
    assert code in c.say("phản ánh của tôi xử lý chưa", "check_feedback_status", 0.9).texts
    fill_until_confirm(c)
    second = c.say("/affirm", "affirm").replies[0].kwargs["code"]
    ask = c.say("phản ánh của tôi xử lý chưa", "check_feedback_status", 0.9)
    assert ask.responses == ["utter_ask_pakn_status_code"]
    assert {b["title"] for b in ask.replies[0].buttons} == {code, second}
    answer = c.say(f'/check_feedback_status{{"pakn_choice":"{second}"}}', "check_feedback_status",
                   entities=[{"entity": "pakn_choice", "value": second}])
    assert second in answer.texts


def test_status_shows_the_staff_answer(live_service: PaknService) -> None:
    c = Conversation("webchat:8008")
    fill_until_confirm(c)
    code = c.say("/affirm", "affirm").replies[0].kwargs["code"]
    live_service.answer(code, "Cán bộ A", "Hồ sơ đã có kết quả, mời bạn đến nhận.", deliver=False)
    turn = c.say(f"tra cứu {code}", "check_feedback_status", 0.9)
    assert "Đã trả lời" in turn.texts and "mời bạn đến nhận" in turn.texts


def test_a_new_start_drops_a_draft_left_in_an_expired_session(live_service: PaknService) -> None:
    c = Conversation("telegram:9009")
    c.say("tôi muốn gửi phản ánh", "give_feedback")
    c.say(CONTENT, "give_feedback", 0.5)
    assert c.slots["pakn_content"] == CONTENT
    c.active_loop = None  # the session expired: Rasa keeps the slots but not the active form
    turn = c.say("/give_feedback", "give_feedback")
    assert turn.responses == ["utter_pakn_intro", "utter_ask_pakn_kind"]
    assert c.slots["pakn_content"] is None and c.slots["pakn_kind"] is None
