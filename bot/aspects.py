"""Which aspect of a procedure a question asks about: from the intent and from the words used."""

from __future__ import annotations

import re

from vi_nlu.text import normalize

OVERVIEW = "overview"
DOCUMENTS = "documents"
FEE = "fee"
TIME = "processing_time"
WHERE = "where"
ONLINE = "online"
ASPECTS: tuple[str, ...] = (OVERVIEW, DOCUMENTS, FEE, TIME, WHERE, ONLINE)

INTENT_ASPECT: dict[str, str] = {
    "ask_procedure_overview": OVERVIEW,
    "ask_documents": DOCUMENTS,
    "ask_fee": FEE,
    "ask_processing_time": TIME,
    "ask_where": WHERE,
    "ask_online_submission": ONLINE,
}
ASPECT_INTENT: dict[str, str] = {v: k for k, v in INTENT_ASPECT.items()}

ASPECT_LABEL: dict[str, str] = {
    OVERVIEW: "Tổng quan",
    DOCUMENTS: "Giấy tờ cần có",
    FEE: "Lệ phí",
    TIME: "Thời gian giải quyết",
    WHERE: "Nơi nộp hồ sơ",
    ONLINE: "Nộp trực tuyến",
}

# Patterns over normalize()d text (no diacritics, abbreviations expanded). Time before fee:
# "bao nhieu ngay" asks for time, "bao nhieu" alone for money.
_PATTERNS: tuple[tuple[str, re.Pattern[str]], ...] = (
    (TIME, re.compile(r"\b(bao lau|may ngay|bao nhieu ngay|may hom|thoi gian|thoi han|bao gio|khi nao|"
                      r"lau khong|lau ko|mat bao|may tuan|bao nhieu lau)\b")),
    (FEE, re.compile(r"\b(le phi|phi|bao nhieu tien|het bao nhieu|mat bao nhieu|ton bao nhieu|het tien|ton tien|"
                     r"mat tien|mien phi|chi phi|dong bao nhieu|tra bao nhieu|tra tien|nop tien)\b")),
    (DOCUMENTS, re.compile(r"\b(giay to|(?<!nop )ho so|can gi|can nhung gi|mang gi|mang theo|thanh phan|"
                           r"chuan bi gi|chuan bi nhung|can nhung|to khai|mau don)\b")),
    (WHERE, re.compile(r"\b(o dau|nop dau|lam dau|cho nao|noi nao|co quan nao|noi nop|noi lam|"
                       r"den dau|o cho nao|phuong nao|xa nao)\b")),
    (ONLINE, re.compile(r"\b(online|truc tuyen|vneid|qua mang|link|dich vu cong|tren mang|"
                        r"qua app|ung dung|cong dich vu)\b")),
)


def detect_aspects(text: str) -> list[str]:
    """Aspects named by the words of the message, in a fixed order (may be empty)."""
    norm = normalize(text)
    return [aspect for aspect, pattern in _PATTERNS if pattern.search(norm)]


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
