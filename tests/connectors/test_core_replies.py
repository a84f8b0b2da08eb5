"""Conversion of Rasa REST answers and coalescing of split paragraphs."""

from __future__ import annotations

from connectors.core.input_checks import InputProblem, check_text, normalise
from connectors.core.replies import Button, Reply, coalesce, replies_from_rasa


def test_rasa_items_become_replies() -> None:
    items = [
        {"recipient_id": "u", "text": "Xin chào", "buttons": [{"title": "Có", "payload": "/affirm"}]},
        {"recipient_id": "u", "image": "https://example.invalid/a.png"},
        {"recipient_id": "u", "custom": {"text": "Từ custom"}},
        {"recipient_id": "u", "custom": {"kind": "form"}},
        {"recipient_id": "u", "text": "  "},
    ]
    assert replies_from_rasa(items) == [
        Reply("Xin chào", (Button("Có", "/affirm"),)),
        Reply("", (), "https://example.invalid/a.png"),
        Reply("Từ custom"),
    ]


def test_coalesce_joins_plain_texts_into_the_next_card() -> None:
    replies = [Reply("A"), Reply("B"), Reply("C", (Button("x", "/x"),)), Reply("D")]
    assert coalesce(replies) == [Reply("A\n\nB\n\nC", (Button("x", "/x"),)), Reply("D")]


def test_input_checks() -> None:
    assert check_text(normalise("")) is InputProblem.EMPTY
    assert check_text(normalise("\x00 ")) is InputProblem.EMPTY
    assert check_text("x" * 2001) is InputProblem.TOO_LONG
    assert check_text("🙏🙏") is InputProblem.NO_WORDS
    assert check_text("<img src=x onerror=alert(1)>") is InputProblem.HTML
    assert check_text("<!-- x -->") is InputProblem.HTML
    assert check_text("lệ phí < 100k > 50k") is None
    assert check_text("Làm CCCD cần gì?") is None


def test_normalise_composes_vietnamese() -> None:
    decomposed = "Cha\u0300o"
    assert normalise(decomposed) == "Chào"
