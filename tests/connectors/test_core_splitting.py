"""Splitting long text at paragraph, line, sentence and word boundaries."""

from __future__ import annotations

import pytest

from connectors.core.splitting import split_text, utf16_length


def test_short_text_is_unchanged() -> None:
    assert split_text("  Xin chào  ", 100) == ["Xin chào"]
    assert split_text("   ", 100) == []


def test_paragraphs_are_packed_greedily() -> None:
    text = "aaaa\n\nbbbb\n\ncccc"
    assert split_text(text, 10) == ["aaaa\n\nbbbb", "cccc"]


def test_long_paragraph_falls_back_to_lines_then_sentences() -> None:
    text = "Dòng một dài.\nDòng hai dài.\n\nCâu một. Câu hai. Câu ba."
    chunks = split_text(text, 20)
    assert chunks == ["Dòng một dài.", "Dòng hai dài.", "Câu một. Câu hai.", "Câu ba."]


def test_words_then_hard_cut() -> None:
    assert split_text("abc defgh", 5) == ["abc", "defgh"]
    assert split_text("x" * 12, 5) == ["xxxxx", "xxxxx", "xx"]


@pytest.mark.parametrize("limit", [50, 200, 4096])
def test_nothing_is_lost_and_every_chunk_fits(limit: int) -> None:
    text = "\n\n".join(f"Đoạn {i}. " + "Giấy tờ cần có: tờ khai, ảnh. " * (i * 7 + 1)
                       for i in range(20))
    chunks = split_text(text, limit)
    assert all(0 < len(c) <= limit for c in chunks)
    assert "".join(text.split()) == "".join("".join(chunks).split())


def test_utf16_measure_counts_emoji_twice() -> None:
    assert utf16_length("a😀") == 3
    chunks = split_text("😀" * 5, 4, utf16_length)
    assert chunks == ["😀😀", "😀😀", "😀"]


def test_limit_must_be_positive() -> None:
    with pytest.raises(ValueError):
        split_text("x", 0)
