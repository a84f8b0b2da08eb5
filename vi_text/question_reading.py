"""Reading the question in a citizen's message: which sentence asks, whether it asks at all, what it asks about.

Real messages tell a story and ask at the end, often without a question mark ("…thì cần mang theo những gì"). The
turn logic (vi_text.turn_logic) reads the procedure from the whole message and the question from these patterns.
Patterns run over `normalize()`d text unless a parameter says otherwise.
"""

from __future__ import annotations

import re

from vi_text.aspects import ASPECT_INTENT, INTENT_ASPECT, OVERVIEW, aspect_positions
from vi_text.text import normalize

QUESTION_INTENTS = frozenset(INTENT_ASPECT)

SENTENCE_END = re.compile(r"(?<=[?.!…\n])\s+")
ASKING = re.compile(
    r"\b(may (ngay|thang|tuan)|(cho|noi) nao|xin hoi|cho (toi|em|minh|chau|hoi)|muon hoi|hoi (la|ve)|bao nhieu|bao lau|o dau|the nao|ra sao|"
    r"nhu the nao|duoc khong|co duoc|co phai|lam sao|can (gi|nhung gi)|giay to gi|thu tuc gi|khong a|"
    r"hay khong|duoc ko|tu van|"
    # "…thì cần mang theo những gì" (no question mark); 5-fold CV, everything out of fold: covered right +1
    r"(mang( theo)?|chuan bi|gom|bao gom|nop) (\w+ )?nhung gi|co bat buoc( \w+){0,3} khong)\b"
)
# A request for guidance asks as a question does, wherever it is in the message ("…Nay xin luật sư hướng dẫn thủ
# tục để làm hồ sơ", no question mark); "cán bộ hướng dẫn sai" is no request. 5-fold CV, everything out of fold:
# covered right +1, outside honest +1, nothing else moved
GUIDANCE = re.compile(r"\b(xin|nho|mong|vui long|giup (toi|em|minh))( \w+){0,3} huong dan\b")
# A question about what to do (not a rhetorical one: "có phải nộp 60 triệu tiền chống trốn…?").
HOW_TO = re.compile(r"\b(the nao|ra sao|lam sao|lam gi|thu tuc|can (gi|nhung gi)|giay to gi|o dau|"
                    r"co duoc (khong|ko|hay khong)|duoc khong|hay khong)\b")
# A short statement of a need or a loss ("mới cưới muốn làm giấy kết hôn", "bị mất cà vẹt xe máy"): what the citizen
# needs, not a complaint about a service. Read as feedback with a sure procedure it got the feedback form (Chromium
# probes of life events); "nhân viên làm mất hồ sơ" is no loss of one's own: the loss must open the message
NEED = re.compile(r"\b(muon|can(?! cuoc)|dinh|sap|xin)\b|^((em|toi|minh|nha (em|toi|minh)|con|vo|chong) )?"
                  r"((bi|lam|vua|moi|da) )*(mat|danh roi|roi mat)\b")
# In a long story a need is narrower: the writer (or kin, "chị tôi") wants to do or apply for something ("Hiện tôi
# muốn làm giấy khai sinh cho con nhưng…", "Nay chị tôi muốn nhập hộ khẩu Hà Nội nhưng…": read as feedback, no question
# mark). The broad `NEED` over long stories took 9 complaints' feedback form away ("xin việc", "dự định đổi…"); this one,
# 5-fold CV, everything out of fold: covered right +3 (misses), nothing else moved
NEED_LONG = re.compile(r"\b(toi|em|minh) (\w+ ){0,2}muon (\w+ )?(lam|xin|dang ky|nhap|cap|doi|tach|chuyen)\b")
# Whether one must at all ("bố mẹ lên ở cùng vài tháng có phải báo công an không" was answered where to file): the
# overview, whose summary says when the procedure is required (tạm trú: from 30 days), not one aspect of it
MUST = re.compile(r"\b(co (phai|can|bat buoc)|bat buoc)( \w+){0,6} (khong|ko|hong|k|hay khong)\b")
QUESTION_WORDS = re.compile(
    r"\b(khong|gi|nao|sao|bao nhieu|bao lau|o dau|the nao|ra sao|duoc khong|co duoc|can|phai|hoi)\b"
)


def question_part(text: str) -> str:
    """The sentence(s) that ask: the last sentence with a question mark or question words."""
    sentences = [s for s in SENTENCE_END.split(text.strip()) if s.strip()]
    if len(sentences) <= 1:
        return text
    asking = [s for s in sentences if "?" in s] or [s for s in sentences if QUESTION_WORDS.search(normalize(s))]
    return " ".join(asking[-2:]) if asking else sentences[-1]


def asks_something(text: str, norm: str, folded_part: str) -> bool:
    """The message asks something: a question mark, question words in its question part, or a request for guidance
    anywhere (`norm` is the normalize()d message, `folded_part` its question part)."""
    return "?" in text or bool(ASKING.search(folded_part)) or bool(GUIDANCE.search(norm))


def asked_intent(text: str, part: str, folded_part: str, predicted: str) -> str:
    """The question intent: the aspect the question sentence names first, else an overview when it asks whether one
    must do the procedure at all, else the predicted question intent, else an overview (`part` is the message's
    question part, `folded_part` that part normalize()d, as `decide` has them)."""
    named = aspect_positions(part) or aspect_positions(text)
    if named:
        aspects = [aspect for _, aspect in named]
        if predicted in QUESTION_INTENTS and INTENT_ASPECT[predicted] in aspects:
            return predicted
        return ASPECT_INTENT[aspects[0]]
    if MUST.search(folded_part):
        return ASPECT_INTENT[OVERVIEW]
    return predicted if predicted in QUESTION_INTENTS else ASPECT_INTENT[OVERVIEW]
