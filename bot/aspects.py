"""Which aspect of a procedure a question asks about: from the intent and from the words used."""

from __future__ import annotations

import re

from vi_text.aspects import (
    ASPECT_INTENT,
    DOCUMENTS,
    FEE,
    INTENT_ASPECT,
    ONLINE,
    OVERVIEW,
    TIME,
    WHERE,
    detect_aspects,
)
from vi_text.text import normalize

ASPECTS: tuple[str, ...] = (OVERVIEW, DOCUMENTS, FEE, TIME, WHERE, ONLINE)
__all__ = ["ASPECTS", "ASPECT_INTENT", "ASPECT_LABEL", "DOCUMENTS", "FEE", "INTENT_ASPECT", "ONLINE", "OVERVIEW",
           "TIME", "WHERE", "aspects_for", "detect_aspects", "is_switch_follow_up"]

ASPECT_LABEL: dict[str, str] = {
    OVERVIEW: "Tổng quan",
    DOCUMENTS: "Giấy tờ cần có",
    FEE: "Lệ phí",
    TIME: "Thời gian giải quyết",
    WHERE: "Nơi nộp hồ sơ",
    ONLINE: "Nộp trực tuyến",
}

_SWITCH_START = re.compile(r"^(the |vay |the thi |vay thi |con )?(con|con voi|con ve)\b")
_SWITCH_END = re.compile(r"\b(thi sao|thi the nao|thi sao a|thi sao ad|the nao)$")


def is_switch_follow_up(text: str) -> bool:
    """'thế còn hộ chiếu?', 'còn đổi cccd thì sao' — a new procedure, same question as before."""
    norm = normalize(text)
    if detect_aspects(text) or len(norm.split()) > 10:
        return False
    return bool(_SWITCH_START.search(norm) or _SWITCH_END.search(norm))


def aspects_for(intent: str | None, text: str, last_aspect: str | None) -> list[str]:
    """The aspects to answer: the intent's, plus any other the words ask for (multi-question)."""
    from_words = detect_aspects(text)
    primary = INTENT_ASPECT.get(intent or "")
    if last_aspect and is_switch_follow_up(text):
        return [last_aspect]
    result: list[str] = []
    if primary and not (primary == OVERVIEW and from_words):
        result.append(primary)
    for aspect in from_words:
        if aspect not in result:
            result.append(aspect)
    return result or [OVERVIEW]
