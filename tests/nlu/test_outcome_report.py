"""The outcome evaluation's report tells apart what an honest "not in our catalogue" answer names."""

from __future__ import annotations

from bench.outcome_eval import StackClient, evaluate, render
from common.turn_outcome import Turn
from procedures_kb.catalogue_index import load_index
from vi_text.text import strip_diacritics


class ScriptedStack(StackClient):
    """The stack's turns, given per message (the REST round trip is `tests/e2e/test_real_outcomes.py`'s)."""

    def __init__(self, turns: dict[str, Turn]) -> None:
        super().__init__("http://127.0.0.1:9")
        self.turns = turns

    def turn(self, text: str) -> Turn:
        return self.turns[text]


def test_honest_answers_are_told_apart_by_what_they_name() -> None:
    items = [
        {"id": "a", "text": "sang tên sổ đỏ cần gì", "intent": "ask_documents",
         "procedure": "dang_ky_bien_dong_dat (outside KB)"},
        {"id": "b", "text": "chia thừa kế nhà đất thế nào", "intent": "ask_documents",
         "procedure": "thua_ke (outside KB)"},
        {"id": "c", "text": "xin giấy phép karaoke", "intent": "ask_documents",
         "procedure": "karaoke (outside KB)"},
        {"id": "d", "text": "làm giấy khai sinh cần gì", "intent": "ask_documents", "procedure": "khai_sinh"},
    ]
    turns = {
        "sang tên sổ đỏ cần gì": Turn("outside", "dang_ky_bien_dong_dat"),
        "chia thừa kế nhà đất thế nào": Turn("outside", "dang_ky_bien_dong_dat"),
        "xin giấy phép karaoke": Turn("outside", "karaoke"),
        "làm giấy khai sinh cần gì": Turn("card", "khai_sinh"),
    }
    turns |= {strip_diacritics(text): turn for text, turn in turns.items()}  # the variant without diacritics
    tally, rows = evaluate(ScriptedStack(turns), items, {"khai_sinh"}, index=load_index())
    assert len(rows) == 8
    # all three honest answers count as right; what they name does not
    assert tally.rate("outside", "as written", "right") == 1.0
    assert tally.honest["as written"] == {"the expected entry": 1, "another entry": 1, "the portal only": 1}
    report = render(tally, "test", len(items))
    assert "| the expected entry | 1 | 1 |" in report and "| another entry | 1 | 1 |" in report
    assert "| the portal only | 1 | 1 |" in report
