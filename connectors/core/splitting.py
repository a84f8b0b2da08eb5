"""Split long text at paragraph, then line, then sentence, then word boundaries."""

from __future__ import annotations

import re
from collections.abc import Callable

Measure = Callable[[str], int]

_LEVELS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("\n\n", re.compile(r"\n[ \t]*\n\s*")),
    ("\n", re.compile(r"\n")),
    (" ", re.compile(r"(?<=[.!?…;:])\s+")),
    (" ", re.compile(r"\s+")),
)


def utf16_length(text: str) -> int:
    """Length in UTF-16 code units, the unit Telegram counts in."""
    return len(text.encode("utf-16-le")) // 2


def split_text(text: str, limit: int, measure: Measure = len) -> list[str]:
    """Split `text` into non-empty chunks of at most `limit` (by `measure`), in order."""
    if limit < 1:
        raise ValueError("limit must be positive")
    text = text.strip()
    if not text:
        return []
    return _split(text, limit, measure, 0)


def _split(text: str, limit: int, measure: Measure, level: int) -> list[str]:
    if measure(text) <= limit:
        return [text]
    if level >= len(_LEVELS):
        return _hard_cut(text, limit, measure)
    joiner, pattern = _LEVELS[level]
    parts = [p.strip() for p in pattern.split(text) if p.strip()]
    if len(parts) <= 1:
        return _split(text, limit, measure, level + 1)
    pieces: list[str] = []
    for part in parts:
        pieces.extend(_split(part, limit, measure, level + 1))
    return _pack(pieces, joiner, limit, measure)


def _pack(pieces: list[str], joiner: str, limit: int, measure: Measure) -> list[str]:
    chunks: list[str] = []
    current = ""
    for piece in pieces:
        candidate = f"{current}{joiner}{piece}" if current else piece
        if measure(candidate) <= limit:
            current = candidate
        else:
            chunks.append(current)
            current = piece
    if current:
        chunks.append(current)
    return chunks


def _hard_cut(text: str, limit: int, measure: Measure) -> list[str]:
    chunks: list[str] = []
    current: list[str] = []
    size = 0
    for char in text:
        width = measure(char)
        if current and size + width > limit:
            chunks.append("".join(current))
            current, size = [], 0
        current.append(char)
        size += width
    if current:
        chunks.append("".join(current))
    return chunks
