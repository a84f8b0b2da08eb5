"""The aspect booster re-labels question intents only when the words name another aspect."""

from __future__ import annotations

import pytest

from vi_text.aspects import boosted_intent


@pytest.mark.parametrize(
    ("text", "predicted", "expected"),
    [
        ("lệ phí làm hộ chiếu", "ask_documents", "ask_fee"),
        ("lam ho chieu mat bao lau", "ask_fee", "ask_processing_time"),
        ("nop ho so ket hon o dau", "ask_documents", "ask_where"),
        ("lam cccd online dc ko", "ask_where", "ask_online_submission"),
        ("thủ tục đăng ký kết hôn như thế nào", "ask_documents", "ask_procedure_overview"),
        ("làm hộ chiếu cần gì và mất bao lâu", "ask_documents", None),  # classifier's aspect is named
        ("lệ phí hộ chiếu", "ask_fee", None),
        ("vay tiền ngân hàng cần giấy tờ gì", "out_of_scope", None),  # never turns OOS into a question
        ("xin chào", "greet", None),
    ],
)
def test_boost(text: str, predicted: str, expected: str | None) -> None:
    assert boosted_intent(text, predicted) == expected
