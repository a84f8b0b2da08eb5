"""Conversion of Rasa REST answers and coalescing of split paragraphs."""

from __future__ import annotations

from connectors.core.input_checks import InputProblem, check_text, clean_incoming_text
from connectors.core.replies import BotMessage, Button, coalesce, replies_from_rasa


def test_rasa_items_become_replies() -> None:
    items = [
        {"recipient_id": "u", "text": "Xin chào", "buttons": [{"title": "Có", "payload": "/affirm"}]},
        {"recipient_id": "u", "image": "https://example.invalid/a.png"},
        {"recipient_id": "u", "custom": {"text": "Từ custom"}},
        {"recipient_id": "u", "custom": {"kind": "form"}},
        {"recipient_id": "u", "text": "  "},
    ]
    assert replies_from_rasa(items) == [
        BotMessage("Xin chào", (Button("Có", "/affirm"),)),
        BotMessage("", (), "https://example.invalid/a.png"),
        BotMessage("Từ custom"),
    ]


def test_coalesce_joins_plain_texts_into_the_next_card() -> None:
    replies = [BotMessage("A"), BotMessage("B"), BotMessage("C", (Button("x", "/x"),)), BotMessage("D")]
    assert coalesce(replies) == [BotMessage("A\n\nB\n\nC", (Button("x", "/x"),)), BotMessage("D")]


def test_input_checks() -> None:
    assert check_text(clean_incoming_text("")) is InputProblem.EMPTY
    assert check_text(clean_incoming_text("\x00 ")) is InputProblem.EMPTY
    assert check_text("x" * 2001) is InputProblem.TOO_LONG
    assert check_text("🙏🙏") is InputProblem.NO_WORDS
    assert check_text("<img src=x onerror=alert(1)>") is InputProblem.HTML
    assert check_text("<!-- x -->") is InputProblem.HTML
    assert check_text("lệ phí < 100k > 50k") is None
    assert check_text("Làm CCCD cần gì?") is None


def test_normalise_composes_vietnamese() -> None:
    decomposed = "Cha\u0300o"
    assert clean_incoming_text(decomposed) == "Chào"
