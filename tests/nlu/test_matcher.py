"""The phrase matcher: typo tolerance, and the memos that keep long stories fast stay bounded and exact."""

from __future__ import annotations

import pytest

from vi_text import matcher
from vi_text.matcher import PhraseMatcher, typo_close

ALIASES = [("đăng ký tạm trú", "tam_tru"), ("đăng ký thường trú", "thuong_tru"), ("cấp lại căn cước", "cccd_cap_lai")]


def test_typo_close_accepts_sound_alikes_and_one_edit() -> None:
    assert typo_close("chu", "tru")  # "tạm chú" typed by ear
    assert typo_close("thuog", "thuong")
    assert not typo_close("tam", "tam")
    assert not typo_close("ho", "xe")


def test_misspelt_story_matches_the_same_with_a_cold_and_a_warm_memo() -> None:
    story = "Toi o tro da 2 nam. Xin hoi dang ky tam chu can nhung giay to gi, lam o dau?"
    cold = PhraseMatcher(ALIASES).best(story)
    warm_matcher = PhraseMatcher(ALIASES)
    warm_matcher.best(story)
    warm = warm_matcher.best(story)
    assert cold is not None and cold.key == "tam_tru"
    assert warm == cold


def test_repair_memo_is_bounded(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(matcher, "REPAIR_MEMO", 3)
    index = PhraseMatcher(ALIASES)
    for word in ("thuongg", "truuu", "caaap", "cuocc", "dangg"):
        index.best(f"{word} gi do")
    assert len(index._repaired) <= 3
    assert index.best("dang ky thuongg tru").key == "thuong_tru"  # type: ignore[union-attr]
