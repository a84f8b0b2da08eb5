"""The fee shown on both sides of 1 January 2027, through the real action with the day frozen.

The 50 % reductions of Thông tư 64/2025/TT-BTC end on 31/12/2026 (no extension is in the KB: none was found);
the passport base fees (200.000 / 400.000 đồng, Thông tư 28/2026/TT-BTC) apply again from 1/1/2027; the
TT 117/2026 waiver for "công dân số" runs on to 28/02/2027 on both days. Birth registration on time stays free.
"""

from __future__ import annotations

import asyncio

import pytest
from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

from bot import kb_access
from bot.actions.procedure_answers import ActionAnswerProcedure

NEW_YEARS_EVE, NEW_YEAR = "2026-12-31", "2027-01-01"


def _fee_answer(monkeypatch: pytest.MonkeyPatch, day: str, procedure: str, text: str) -> str:
    monkeypatch.setenv("TTHC_TODAY", day)
    kb_access._cache.cache_clear()
    message = {"text": text, "intent": {"name": "ask_fee", "confidence": 0.9},
               "entities": [{"entity": "procedure", "value": procedure}],
               "intent_ranking": [{"name": "ask_fee", "confidence": 0.9}]}
    tracker = Tracker("webchat:test", {}, message, [], False, None, {}, "action_listen")
    dispatcher = CollectingDispatcher()
    asyncio.run(ActionAnswerProcedure().run(dispatcher, tracker, {}))
    return "\n\n".join(m.get("text") or "" for m in dispatcher.messages)


@pytest.mark.parametrize(
    ("procedure", "eve", "new_year"),
    [
        ("ho_chieu", "cấp mới hộ chiếu: 100.000 đồng (giảm 50% đến hết 31/12/2026; mức thường 200.000 đồng).",
         "cấp mới hộ chiếu: 200.000 đồng."),
        ("can_cuoc_cap_lai", ": 35.000 đồng (giảm 50% đến hết 31/12/2026; mức thường 70.000 đồng).", ": 70.000 đồng"),
        ("can_cuoc_cap_doi", "cấp đổi thẻ căn cước: 25.000 đồng (giảm 50% đến hết 31/12/2026; mức thường 50.000 đồng).",
         "cấp đổi thẻ căn cước: 50.000 đồng"),
    ],
)
def test_first_line_on_both_sides_of_new_year(kb_env: None, monkeypatch: pytest.MonkeyPatch, procedure: str,
                                              eve: str, new_year: str) -> None:
    before = _fee_answer(monkeypatch, NEW_YEARS_EVE, procedure, "lệ phí bao nhiêu")
    after = _fee_answer(monkeypatch, NEW_YEAR, procedure, "lệ phí bao nhiêu")
    assert "hôm nay (31/12/2026)" in before.splitlines()[0] and eve in before.splitlines()[0]
    assert "hôm nay (01/01/2027)" in after.splitlines()[0] and new_year in after.splitlines()[0]
    assert "giảm 50%" not in after
    assert "Mức giảm lệ phí theo Thông tư 64/2025/TT-BTC đã kết thúc sau ngày 31/12/2026." in after
    for text in (before, after):  # the waiver for "công dân số" runs to 28/02/2027 on both days
        assert "Miễn phí đến hết 28/02/2027 cho công dân số: có tài khoản VNeID mức 2" in text


def test_passport_reissue_amounts(kb_env: None, monkeypatch: pytest.MonkeyPatch) -> None:
    before = _fee_answer(monkeypatch, NEW_YEARS_EVE, "ho_chieu", "lệ phí làm lại hộ chiếu bị mất")
    after = _fee_answer(monkeypatch, NEW_YEAR, "ho_chieu", "lệ phí làm lại hộ chiếu bị mất")
    assert "• Cấp lại hộ chiếu do bị hỏng hoặc bị mất: 200.000 đồng (giảm 50% đến hết 31/12/2026; " \
           "mức thường 400.000 đồng)." in before
    assert "• Cấp lại hộ chiếu do bị hỏng hoặc bị mất: 400.000 đồng." in after


@pytest.mark.parametrize("day", [NEW_YEARS_EVE, NEW_YEAR])
def test_on_time_birth_registration_is_free_before_the_province_is_asked(
        kb_env: None, monkeypatch: pytest.MonkeyPatch, day: str) -> None:
    text = _fee_answer(monkeypatch, day, "khai_sinh", "làm giấy khai sinh mất bao nhiêu tiền")
    assert text.startswith("Lệ phí áp dụng ở mọi nơi:\n• Đăng ký khai sinh đúng hạn: miễn phí")
    assert "Mức lệ phí đăng ký khai sinh quá hạn khác nhau giữa các tỉnh, thành phố. Bạn ở tỉnh/thành phố nào?" in text
