"""Reading citizens' answers: cancel, skip, yes/no, type, edit requests, questions; the summary."""

from __future__ import annotations

import pytest

from bot.actions.pakn_chat import confirm_buttons
from pakn.dialogue import (
    SKIPPED,
    explicit_kind,
    is_cancel,
    is_question,
    is_skip,
    parse_edit,
    parse_kind,
    parse_phone_answer,
    payload_choice,
    render_summary,
    yes_no,
)


@pytest.mark.parametrize("text", ["thôi", "Hủy", "huỷ", "huy", "hủy bỏ", "không gửi nữa", "khong gui nua",
                                  "Thôi nhé", "hủy đi ạ", "dừng lại"])
def test_cancel_words(text: str) -> None:
    assert is_cancel(text)


@pytest.mark.parametrize("text", ["cán bộ hủy hồ sơ của tôi", "không", "thôi khỏi", "bỏ qua", "Hà Nội"])
def test_not_cancel(text: str) -> None:
    assert not is_cancel(text)


@pytest.mark.parametrize("text", ["không", "ko", "k", "Không ạ", "bỏ qua", "thôi khỏi", "không cung cấp"])
def test_skip_words(text: str) -> None:
    assert is_skip(text)


@pytest.mark.parametrize(("text", "answer"), [("Đồng ý", True), ("ok", True), ("có", True), ("ừ", True),
                                               ("gửi đi", True), ("không đồng ý", False), ("ko", False),
                                               ("để mình nghĩ", None)])
def test_yes_no(text: str, answer: bool | None) -> None:
    assert yes_no(text) is answer


@pytest.mark.parametrize(("text", "kind"), [("phản ánh", "phan_anh"), ("Kiến nghị", "kien_nghi"),
                                             ("phan anh", "phan_anh"), ("góp ý", "kien_nghi"),
                                             ("phản ánh kiến nghị", None), ("abc", None)])
def test_parse_kind(text: str, kind: str | None) -> None:
    assert parse_kind(text) == kind


def test_explicit_kind_only_for_explicit_words() -> None:
    assert explicit_kind("tôi muốn phản ánh cán bộ xã") == "phan_anh"
    assert explicit_kind("tôi có ý kiến về một cửa") is None
    assert explicit_kind("/give_feedback") is None


@pytest.mark.parametrize(("text", "field"), [("sửa số điện thoại", "phone"), ("đổi sđt", "phone"),
                                              ("sửa tên", "name"), ("sửa lại nội dung", "content"),
                                              ("đổi địa phương", "place"), ("sửa thủ tục", "procedure"),
                                              ("sửa loại", "kind"), ('/give_feedback{"pakn_choice":"edit_phone"}', "phone"),
                                              ("số điện thoại", None), ("gửi", None)])
def test_parse_edit(text: str, field: str | None) -> None:
    assert parse_edit(text) == field


def test_questions() -> None:
    assert is_question("lệ phí làm hộ chiếu bao nhiêu")
    assert is_question("làm căn cước cần giấy tờ gì")
    assert is_question("nộp hồ sơ ở đâu?")
    assert not is_question("phường Dịch Vọng")
    assert not is_question("Nguyễn Văn A")


def test_payload_choice_and_phone_answer() -> None:
    assert payload_choice('/deny{"pakn_choice":"skip"}') == "skip"
    assert payload_choice("/affirm") is None
    assert payload_choice("hello") is None
    phone = parse_phone_answer("số của tôi là 0912 345 678")
    assert phone is not None and phone.number == "0912345678"
    assert parse_phone_answer("12345") is None


def test_summary_lists_every_field() -> None:
    text = render_summary({
        "pakn_kind": "kien_nghi", "pakn_content": "Đề nghị tiếp dân cả buổi trưa cho người đi làm.",
        "pakn_procedure": SKIPPED, "pakn_province": "Thành phố Hà Nội", "pakn_commune": "Phường Ba Đình",
        "pakn_name": SKIPPED, "pakn_phone": "0912345678", "pakn_consent": True,
    })
    assert "Kiến nghị" in text and "tiếp dân cả buổi trưa" in text
    assert "Phường Ba Đình, Thành phố Hà Nội" in text
    assert "0912 345 678" in text and "(không cung cấp)" in text and "(không nêu)" in text
    payloads = [b["payload"] for b in confirm_buttons()]
    assert payloads[:2] == ["/affirm", "/deny"]  # within Zalo's first four buttons
    assert {parse_edit(p) for p in payloads[2:]} == {"content", "phone", "kind", "procedure", "place", "name"}
