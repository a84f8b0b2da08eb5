"""Aspect keywords of procedure questions (fee, time, documents, where, online), stdlib only."""

from __future__ import annotations

import re

from vi_text.text import normalize

OVERVIEW = "overview"
DOCUMENTS = "documents"
FEE = "fee"
TIME = "processing_time"
WHERE = "where"
ONLINE = "online"

INTENT_ASPECT: dict[str, str] = {
    "ask_procedure_overview": OVERVIEW,
    "ask_documents": DOCUMENTS,
    "ask_fee": FEE,
    "ask_processing_time": TIME,
    "ask_where": WHERE,
    "ask_online_submission": ONLINE,
}
ASPECT_INTENT: dict[str, str] = {v: k for k, v in INTENT_ASPECT.items()}

# Patterns over normalize()d text (no diacritics, abbreviations expanded). Time before fee:
# "bao nhieu ngay" asks for time, "bao nhieu" alone for money. Costs to be paid back ("được thanh toán lại chi
# phí khám chữa bệnh", "hoàn trả chi phí") ask how to be reimbursed, not what the procedure costs; who pays ("ai trả
# tiền": the employer or the insurance fund?) asks who is liable, not a fee (Chromium, sickness benefit).
_PATTERNS: tuple[tuple[str, re.Pattern[str]], ...] = (
    (TIME, re.compile(r"\b(bao lau|may ngay|bao nhieu ngay|may hom|thoi gian|thoi han|bao gio|khi nao|"
                      r"lau khong|lau ko|may tuan|may thang|bao nhieu thang|bao nhieu lau|bao nhieu hom|co nhanh khong|nhanh khong|hom sau)\b")),
    (FEE, re.compile(r"\b(le phi|phi|bao nhieu tien|(?:het|mat|ton) bao nhieu(?! (?:ngay|hom|tuan|thang|lau|buoi))|het tien|ton tien|"
                     r"mat tien|mien phi|chi phi|dong bao nhieu|tra bao nhieu|(?<!ai )tra tien|nop tien|tinh tien|dong nao|gia bao nhieu|"
                     r"ton kem)\b")),
    (DOCUMENTS, re.compile(r"\b(giay to|(?<!nop )ho so|can gi|can nhung gi|mang gi|mang theo|thanh phan|"
                           r"chuan bi gi|chuan bi nhung|can nhung|to khai|mau don|dem theo|dem gi|loai giay|nop nhung gi|"
                           r"can giay)\b")),
    (WHERE, re.compile(r"\b(o dau|nop dau|lam dau|cho nao|noi nao|co quan nao|noi nop|noi lam|"
                       r"den dau|o cho nao|phuong nao|xa nao|noi tiep nhan|cho nao|buu dien)\b")),
    (ONLINE, re.compile(r"\b(online|truc tuyen|vneid|qua mang|link|dich vu cong|tren mang|"
                        r"qua app|ung dung|cong dich vu|tu nha|tai nha|tren dien thoai)\b")),
)


_OVERVIEW_CUES = re.compile(
    r"\b(the nao|ra sao|nhu the nao|trinh tu|cac buoc|nhung buoc|buoc nao|huong dan|quy trinh|lam gi|"
    r"lam nhung gi|xu ly|khau nao|tien hanh|bat dau tu dau|lam sao|thu tuc)\b"
)


_REIMBURSED_COSTS = re.compile(r"\b(?:thanh toan(?: lai)?|hoan (?:tra|lai)|chi tra) chi phi\b")


def aspect_positions(text: str) -> list[tuple[int, str]]:
    """(position, aspect) of every aspect the words of the message name, in text order."""
    norm = normalize(text)
    # blanked, not removed, so that the other aspects keep their positions
    without_refunds = _REIMBURSED_COSTS.sub(lambda m: " " * len(m.group(0)), norm)
    found = []
    for aspect, pattern in _PATTERNS:
        match = pattern.search(without_refunds if aspect == FEE else norm)
        if match:
            found.append((match.start(), aspect))
    return sorted(found)


def detect_aspects(text: str) -> list[str]:
    """Aspects named by the words of the message, in a fixed order (may be empty)."""
    named = {aspect for _, aspect in aspect_positions(text)}
    return [aspect for aspect, _ in _PATTERNS if aspect in named]


def has_overview_cue(text: str) -> bool:
    """'thủ tục … thế nào', 'trình tự', 'hướng dẫn', 'phải làm những gì' — a how-to question."""
    return bool(_OVERVIEW_CUES.search(normalize(text)))


def boosted_intent(text: str, predicted: str) -> str | None:
    """The question intent the words point at, when it differs from a predicted question intent."""
    if predicted not in INTENT_ASPECT:
        return None
    named = aspect_positions(text)
    if named:
        aspects = [aspect for _, aspect in named]
        if INTENT_ASPECT[predicted] in aspects:
            return None
        return ASPECT_INTENT[aspects[0]]
    if has_overview_cue(text) and INTENT_ASPECT[predicted] != OVERVIEW:
        return ASPECT_INTENT[OVERVIEW]
    return None
