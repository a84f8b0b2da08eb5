"""Cues from life events told in a message: a death in the family, a child just born, a wedding, a stay of months.

Citizens tell what happened instead of naming a procedure ("ông nội em vừa qua đời, gia đình cần làm thủ tục gì",
"vợ em vừa đẻ bé hôm qua", "bố mẹ lên ở cùng vài tháng có phải báo công an không"). Each function reads one event
with the question it must come with and the matters that rule it out, over `normalize()`d text, and returns
(KB procedure, event, evidence) or None; `vi_text.cues.find_cue` asks them when no paper-and-event cue is found.
"""

from __future__ import annotations

import re

from vi_text.foreign_element import ANY_FOREIGN

# (KB procedure id, event name, the words that show the event)
Event = tuple[str, str, str]

# Kin whose "mất" is a death ("bố tôi mất sổ đỏ…"); "tôi", "em", "mình" who "mất" a paper lost it.
KIN = frozenset(["bo", "me", "cha", "ong", "ba", "chong", "vo", "con", "co", "chu", "bac", "di", "cau", "mo", "thim", "nguoi"])
# A stay of months (or of 30 days or more) at a place other than one's permanent residence is registered as a
# temporary residence (Luật Cư trú 2020 Điều 27 khoản 1: "từ 30 ngày trở lên"), not notified as a short stay (lưu trú):
# "bố mẹ lên ở cùng vài tháng có phải báo công an không" got the short-stay card.
_LONG_STAY = re.compile(r"\b(?:o|song|o lai|o cung|o chung|o nho|o tro)(?: (?:cung|voi|lai|chung|tai|nha|toi|em|minh|chau|"
                        r"con|day|do|tren|nay))* (?:vai|may|hon|tren|khoang|gan|[2-9]|[1-9][0-9]|hai|ba|bon|nam|sau) "
                        r"(?:thang|nam)\b|\b(?:tu|tren) 30 ngay\b")
# ...read only in a question whether to report or register the stay, and never beside the permanent residence (living
# somewhere for three years is a condition of "nhập khẩu") or an absence (tạm vắng)
_STAY_ASKS = re.compile(r"\b(?:bao cong an|khai bao|phai bao|bao (?:voi )?(?:cong an|phuong|xa)|phai dang ky|dang ky gi|"
                        r"dang ky tam tru)\b")
_NOT_TEMPORARY = re.compile(r"\b(?:thuong tru|nhap khau|ho khau|tam vang|chuyen khau|kt ?3)\b")
# A death in the family of someone insured, with a question about what the family receives: the survivors' benefits
# (chế độ tử tuất: funeral grant and survivor allowance, Luật BHXH 2024 Điều 84–86), not the pension, the work-accident
# benefit or the one-off withdrawal the story names ("cha tôi đang hưởng lương hưu… đã qua đời… người thân có được chế
# độ gì không?"; "…bị tai nạn lao động và tử vong… được hưởng những chế độ gì"). Read over the whole message: the
# death, the insurance and the question are often in three sentences. Not when the story is about the death
# registration or its joint procedure (khai tử, liên thông), nor about people with merit (their own allowance).
# "mất" is a death after kin and a possessive ("cha tôi mất", "chồng em vừa mất") or after "vừa/mới" ("về hưu rồi mới
# mất"): folded, "co mat" is also "có mất" and "con mat" "còn mất"; never before a paper, a loss or a duration ("bố tôi
# mất sổ", "mất việc", "vừa mất mấy ngày"). "bị chết" is a death when a cause or a time follows ("bị chết do già yếu";
# 5-fold CV, everything out of fold: covered right +1, wrong −1).
_LOST_OBJECT = (r"(?! (?:\w+ )?(?:so|the|giay|ho chieu|bang|can cuoc|viec|tien|kha nang|suc|lien lac|tich)\b)"
                r"(?! (?:bao|may|nhieu|thoi gian|cong|het|\d+)\b)")
_DEATH = re.compile(r"\b(?:qua doi|tu vong|tu tran|(?<!ket )(?<!bi )chet(?! luu)|bi chet (?:do|vi|vao|ngay|nam|khi|luc)|(?:(?:" + "|".join(sorted(KIN)) +
                    r") (?:toi|em|minh|chau)(?: (?:da|vua|moi))?|vua|moi) mat" + _LOST_OBJECT + r")\b")
# (also read by `vi_text.sibling_procedures`, where the social insurance keeps its own card)
INSURED_WORDS = (r"bao hiem xa hoi|bhxh|luong huu|huu tri|nghi huu|ve huu|tai nan lao dong|benh nghe nghiep|"
                 r"dong bao hiem")
_INSURED = re.compile(rf"\b(?:{INSURED_WORDS})\b")
_SURVIVOR_ASKS = re.compile(r"\b(?:che do|tro cap|tien tuat|tuat|mai tang|quyen loi|duoc huong|huong gi|duoc nhan|"
                            r"nhan duoc gi)\b")
_NOT_SURVIVOR = re.compile(r"\b(?:khai tu|giay chung tu|trich luc|lien thong|xoa (?:dang ky )?thuong tru|nguoi co cong|"
                           r"liet si|thuong binh|thai san|mang thai|chet luu)\b")
# A death in the family and a question about what to do or which papers, with no insurance in the story: the death
# registration (khai tử: the relatives register it within 15 days, Luật Hộ tịch 2014 Điều 33), which the ranker read
# as the survivors' benefits or left unsure ("ông nội em vừa qua đời, gia đình cần làm thủ tục gì"). Not when the
# story is about an inheritance, land or a house, the joint procedure, the funeral grant, a benefit, or removing the
# residence registration (their own entries or neighbours).
_WHAT_TO_DO = r"thu tuc|giay to|lam gi|can lam"  # a question about what to do or which papers
_REGISTRATION_ASKS = re.compile(rf"\b(?:{_WHAT_TO_DO}|khai tu|chung tu|bao tu)\b")
_NOT_REGISTRATION = re.compile(r"\b(?:thua ke|di chuc|di san|so do|so k?hong|dat|nha|tai san|sang ten|lien thong|"
                               r"mai tang|tro cap|che do|tuat|xoa (?:dang ky )?(?:thuong tru|ho khau)|tiet kiem|"
                               r"ngan hang|bao hiem|ho chieu|ket hon|ly hon)\b")
# A child just born and a question about what to do or which papers: the birth registration (khai sinh: the parents
# register it within 60 days, Luật Hộ tịch 2014 Điều 15), which the ranker left unsure and the classifier read as a
# dossier status ("vợ em vừa đẻ bé trai hôm qua, giờ làm giấy tờ gì cho bé ạ"). "sinh con" alone is also the
# maternity story: the birth must be recent ("vừa/mới sinh", "mới chào đời") or the papers be for the child ("giấy tờ
# cho bé"). Not when the story is about maternity or other benefits, the joint procedure, a late, repeated or corrected
# registration, paternity, adoption or surrogacy (their own entries), nor with a nationality or a foreign country in
# the story (a birth abroad is registered at the embassy; the ranker and the turn logic read those).
# "đẻ" folds into "để" (so that), "sinh" also starts "sinh sống", "sinh viên", and a law too "mới ra đời": a child word
# must follow the verb, or come before "ra đời"; "chào đời" is a birth alone.
_CHILD = r"(?:be|em be|con|chau|thang cu|thang|dua|bao)"
_BIRTH = re.compile(rf"\b(?:chao doi|{_CHILD}(?: \w+){{0,2}} (?:vua|moi) ra doi|"
                    rf"(?:vua|moi) (?:\w+ ){{0,2}}?(?:sinh|de) (?:duoc )?(?:{_CHILD}|xong|roi)|"
                    rf"(?:sinh|de) (?:duoc )?{_CHILD}(?: trai| gai)? (?:hom qua|hom nay|tuan truoc|tuan nay|thang truoc|"
                    r"roi|xong))\b")
_BIRTH_ASKS = re.compile(rf"\b(?:{_WHAT_TO_DO}|giay gi|khai sinh|lam giay|lam nhung gi)\b")
_NOT_BIRTH = re.compile(r"\b(?:thai san|bao hiem|bhxh|bhyt|che do|tro cap|nghi sinh|lien thong|qua han|dang ky lai|"
                        r"cai chinh|sua|trich luc|nhan cha|nhan con|con nuoi|mang thai ho|ket hon|ly hon|tu vong|"
                        r"chet|qua doi|quoc tich|nuoc ngoai|viet kieu)\b")


# A short question about the papers for one's own wedding, told as the event ("lay vo can giay to gi ad", "sắp cưới
# cần chuẩn bị những gì"): the marriage registration (Luật Hộ tịch 2014 Điều 17–18), which the ranker split between
# the domestic marriage and the one with a foreign element (0.29 / 0.22) and left to a menu. In the real corpus a
# wedding is told only as background, in long stories about something else (residence after marriage, a divorce,
# benefits, a child's birth: 16 train and dev questions, none about the marriage registration), so the event is read
# in a message of at most `_MARRIAGE_MAX_WORDS` words, in the clause that asks, and never beside another matter or a
# foreign party (the ranker and the turn logic read those).
_MARRIAGE_MAX_WORDS = 15
_MARRIAGE = re.compile(r"\b(?:lay (?:vo|chong)|cuoi (?:vo|chong)|(?:sap|moi|vua|chuan bi|dinh|muon|se) (?:\w+ )?cuoi|"
                       r"dam cuoi|cuoi nhau)\b")
_MARRIAGE_ASKS = re.compile(rf"\b(?:{_WHAT_TO_DO}|giay gi|can gi|can nhung gi|chuan bi (?:nhung )?gi|lam giay|"
                            r"dang ky|o dau|lam sao|the nao|nhu nao)\b")
# Any hint of abroad is the turn logic's (`vi_text.foreign_element.ANY_FOREIGN`); "Tàu", "Trung" (China) are added here.
_NOT_MARRIAGE = re.compile(r"\b(?:tau|trung|ly hon|ly di|doc than|tinh trang hon nhan|xac nhan|dang ky lai|"
                           r"ket hon lai|trich luc|ban sao|nhap khau|ho khau|chuyen khau|thuong tru|tam tru|cu tru|"
                           r"can cuoc|cmnd|ho chieu|thai san|bao hiem|bhxh|bhyt|che do|tro cap|khai sinh|sinh con|"
                           r"mang thai|co bau|so do|so k?hong|nha dat|dat dai|tai san|thua ke|doi ten|doi ho|dan toc|"
                           r"giam ho|nhan cha|nghi|phep|luong|thue)\b")


def death_event(clauses: list[str], folded: str) -> Event | None:
    """A death in the message (`clauses`: its normalize()d clauses, `folded` them joined; a death is read per clause:
    "…rồi mới mất, tiền tuất…" is a death): the survivors' benefits when the dead person was insured and the question
    is about benefits, the death registration when nothing is insured and the question is what to do or which papers."""
    death = next((m for clause in clauses if (m := _DEATH.search(clause))), None)
    if death is None:
        return None
    insured = bool(_INSURED.search(folded))
    if insured and _SURVIVOR_ASKS.search(folded) and not _NOT_SURVIVOR.search(folded):
        return "bhxh_tu_tuat", "survivor", death.group(0)
    if not insured and _REGISTRATION_ASKS.search(folded) and not _NOT_REGISTRATION.search(folded):
        return "khai_tu", "death", death.group(0)
    return None


def birth_event(folded: str) -> Event | None:
    """A recent birth and a question about what to do or which papers, with no benefit or other civil-status matter in
    the message (`folded`: its normalize()d clauses): the birth registration."""
    birth = _BIRTH.search(folded)
    if birth and _BIRTH_ASKS.search(folded) and not _NOT_BIRTH.search(folded):
        return "khai_sinh", "birth", birth.group(0)
    return None


def stay_event(folded: str) -> Event | None:
    """A stay of months and a question whether to report or register it, with nothing of a permanent residence or an
    absence in the message (`folded`: its normalize()d clauses): the temporary residence."""
    stay = _LONG_STAY.search(folded)
    if stay and _STAY_ASKS.search(folded) and not _NOT_TEMPORARY.search(folded):
        return "tam_tru", "long_stay", stay.group(0)
    return None


def marriage_event(clauses: list[str], folded: str) -> Event | None:
    """A wedding told in a short message, in the clause that asks which papers or how to register, with no other
    matter or foreign party in the message (`clauses`: its normalize()d clauses, `folded` them joined): the marriage
    registration."""
    if len(folded.split()) > _MARRIAGE_MAX_WORDS or ANY_FOREIGN.search(folded) or _NOT_MARRIAGE.search(folded):
        return None
    for clause in clauses:
        wedding = _MARRIAGE.search(clause)
        if wedding and _MARRIAGE_ASKS.search(clause):
            return "ket_hon", "marriage", wedding.group(0)
    return None
