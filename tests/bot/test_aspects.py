"""Aspect detection from intents and words, with and without diacritics."""

from __future__ import annotations

import pytest

from bot.aspects import DOCUMENTS, FEE, ONLINE, OVERVIEW, TIME, WHERE, aspects_for, detect_aspects


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("làm hộ chiếu cần gì và mất bao lâu", [TIME, DOCUMENTS]),
        ("lam ho chieu can gi va mat bao lau", [TIME, DOCUMENTS]),
        ("lệ phí hộ chiếu bn", [FEE]),
        ("het bao nhieu tien", [FEE]),
        ("bao nhiêu ngày thì có", [TIME]),
        ("nộp hồ sơ ở đâu", [WHERE]),
        ("lam online dc ko", [ONLINE]),
        ("gia hạn tạm trú", []),
        ("thế còn hộ chiếu?", []),
        # costs paid back: how to be reimbursed, not what the procedure costs
        ("có được thanh toán lại chi phí khám chữa bệnh không, mang hóa đơn đến đâu", [WHERE]),
        ("hoan tra chi phi kham benh bhyt", []),
        ("chi phí làm hộ chiếu là bao nhiêu", [FEE]),
        # who pays is a question of liability, not of a fee
        ("nghỉ ốm 5 ngày thì ai trả tiền, công ty hay bảo hiểm?", []),
        ("nghi om thi ai tra tien", []),
        ("trả tiền lệ phí ở đâu", [FEE, WHERE]),
    ],
)
def test_detect(text: str, expected: list[str]) -> None:
    assert detect_aspects(text) == expected


def test_intent_plus_words_gives_both() -> None:
    assert aspects_for("ask_documents", "làm hộ chiếu cần gì và mất bao lâu", None) == [DOCUMENTS, TIME]


def test_switch_follow_up_keeps_last_aspect() -> None:
    assert aspects_for("ask_procedure_overview", "thế còn hộ chiếu?", FEE) == [FEE]
    assert aspects_for("ask_procedure_overview", "thu tuc lam ho chieu", FEE) == [OVERVIEW]


def test_follow_up_without_procedure() -> None:
    assert aspects_for("ask_processing_time", "còn thời gian bao lâu?", DOCUMENTS) == [TIME]


@pytest.mark.parametrize("text", ["thế còn hộ chiếu?", "con doi cccd thi sao", "vậy còn tạm trú", "hộ chiếu thì sao"])
def test_switch_phrases(text: str) -> None:
    assert aspects_for("ask_documents", text, FEE) == [FEE]


def test_child_is_not_a_switch() -> None:
    assert aspects_for("ask_procedure_overview", "đăng ký khai sinh cho con", FEE) == [OVERVIEW]
