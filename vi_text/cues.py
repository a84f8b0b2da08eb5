"""Cues that settle the procedure from what happened to which paper ("làm rơi mất CCCD" → cấp lại,
"sổ đỏ bị rách" → cấp đổi, "CCCD sắp hết hạn" → cấp đổi), and from a few events the law names
("ngủ qua đêm" → lưu trú, not tạm trú, and "ở cùng vài tháng" → tạm trú; "đổi dân tộc" → the civil-status change;
"thi bằng lái" → the first licence).

A statistical ranker reads a long story as a bag of words: "Do lưu giữ hồ sơ không cẩn thận nên tôi
làm mất Giấy chứng nhận quyền sử dụng đất…" shares more words with the first-issue procedure's
formal name than with "mất sổ đỏ", and a lost citizen ID went to "tích hợp thông tin" because the
story was about the chip. Citizens say the event in few words right beside the paper; that pairing
is rare by accident and decisive when present, so it is read by rule here and put first by the
ranker (see vi_nlu.procedure_ranker). Patterns run over `normalize()`d text (folded, abbreviations
expanded), so "mat cccd", "mất CCCD" and "bị mất căn cước công dân" read alike.

"mất" alone is ambiguous ("mất bao lâu", "bố tôi mất", "mẹ mất để lại sổ đỏ"): a loss is a loss verb
before the paper ("làm mất", "đánh rơi", "bị trộm", up to three words between), a bare "mất" right
before it and not after a person ("bố tôi mất sổ đỏ…" reads as a death), or the paper right before
"bị/đã mất", "thất lạc"… Each clause is read alone, so "bố tôi mất, sổ đỏ…" is no loss.
The old ID card (CMND) is not a cue: whoever loses one now applies for a căn cước, not a re-issue.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from vi_text.text import normalize

# Papers, over normalize()d text (the abbreviation table expands cccd, cmnd, gplx, gcn, bhxh, bhyt).
# "giấy đỏ", "bìa đỏ", "bìa hồng" are what many call the land certificate (5-fold CV, everything out of fold: a torn
# "giấy đỏ" read as a first issue became the exchange; covered right +1, wrong −1).
_PAPERS: dict[str, str] = {
    "id_card": r"(?:the )?(?:can cuoc(?: cong dan)?|cccd)(?: gan chip)?",
    "land_certificate": r"(?:(?<!bien )so do|so k?hong|giay do|bia do|bia k?hong|giay chung nhan quyen su dung dat|giay to nha dat|gcn qsdd|gcn)",
    "driving_licence": r"(?:giay phep lai xe|bang lai(?: xe)?|gplx)",
    "passport": r"(?:ho chieu|passport)",
    "social_insurance_book": r"(?:so bao hiem xa hoi|so bhxh)",
    "vehicle_registration": r"(?:bien so(?: xe)?(?: may| o to)?|ca ?vet(?: xe)?|(?:giay )?dang ky xe(?: may| o to)?)",
    "death_certificate": r"(?:giay chung tu|giay bao tu|trich luc khai tu)",
}
_LOSS_BEFORE = r"(?:lam roi mat|danh roi mat|lam roi|danh roi|danh mat|lam mat|bi mat|da mat|" \
               r"that lac|bi trom|trom mat|bi moc tui lay mat|bi moc tui mat|bi cuop|chay mat|bi chay|troi mat|cuon mat)"
# Kin whose "mất" is a death ("bố tôi mất sổ đỏ…"); "tôi", "em", "mình" who "mất" a paper lost it.
_KIN = frozenset(["bo", "me", "cha", "ong", "ba", "chong", "vo", "con", "co", "chu", "bac", "di", "cau", "mo", "thim", "nguoi"])
_LOSS_AFTER = r"(?:bi mat|da mat|mat roi|bi roi|bi that lac|that lac|bi trom|bi moc|bi cuop|bi chay|bi troi|cuon troi|" \
              r"troi mat|chay rui)"
# A theft or a lost wallet anywhere in the sentence that names the paper ("bị móc túi, trong ví có cccd").
_THEFT = re.compile(r"\b(?:bi moc tui|moc tui mat|bi trom|mat trom|bi cuop|bi giat|mat vi|roi vi|danh roi vi|mat tui|"
                    r"roi tui|that lac vi|(?:danh roi|lam roi|lam mat|bi mat|mat het|that lac) giay to|"
                    r"(?:lo|neu|khi) (?:bi|lam|danh) (?:roi )?mat)\b")  # also a loss supposed: "lỡ bị mất thì…"
# Damage and expiry, after the paper ("thẻ căn cước bị hỏng", "sổ đỏ đã bị rách", "CCCD sắp hết hạn"). "bị/đã"
# is required before damage words: "mo" is both "mờ" and "mở", and normalize() reads a bare "hong" as the
# chat spelling of "không" (so "hỏng" arrives as "khong", and "sổ hồng" as "so khong").
_DAMAGED_AFTER = r"(?:(?:da )?bi (?:rach|k?hong|hu k?hong|hu|nhoe|bong troc|gay|nat|mo)|da (?:rach|hu k?hong|nhoe|nat))"
_EXPIRED_AFTER = r"(?:(?:sap|da|bi|gan) )?het han"
# A registration or plate that is faded or broken is exchanged (cấp đổi); "rách, cháy" the KB files under
# re-issue, so only these two words are read for vehicles.
_DAMAGED_BY_PAPER = {"vehicle_registration": r"(?:(?:da )?bi (?:mo|gay))",
                     # a land certificate worn out with age is exchanged too ("sổ hồng đã quá cũ")
                     "land_certificate": rf"(?:{_DAMAGED_AFTER}|(?:da )?qua cu)"}
_FILLER = r"(?:\w+ ){0,3}?"  # up to three words between the verb and the paper ("làm mất cái ví có thẻ căn cước")

# (paper, event) → KB procedure id.
_PROCEDURE: dict[tuple[str, str], str] = {
    ("id_card", "lost"): "can_cuoc_cap_lai",
    ("land_certificate", "lost"): "gcn_cap_lai",
    ("driving_licence", "lost"): "gplx_doi_cap_lai",
    ("passport", "lost"): "bao_mat_ho_chieu",
    ("social_insurance_book", "lost"): "so_bhxh_cap_lai",
    # The law's own cases: a lost vehicle registration or plate is re-issued (cấp lại), a faded one
    # exchanged (Thông tư 79/2024/TT-BCA); a căn cước lost or damaged beyond use is re-issued (cấp lại,
    # Luật Căn cước 2023 Điều 24 khoản 2 điểm a), an expired one exchanged (khoản 1); a damaged or expired
    # land certificate or licence is exchanged (cấp đổi; Luật Đất đai 2024, Luật TTATGTĐB 2024); a lost
    # death extract is copied from the civil register.
    ("vehicle_registration", "lost"): "dang_ky_xe_cap_lai",
    ("death_certificate", "lost"): "trich_luc_ho_tich",
    ("vehicle_registration", "damaged"): "dang_ky_xe_doi",
    ("id_card", "damaged"): "can_cuoc_cap_lai",
    ("land_certificate", "damaged"): "gcn_cap_doi",
    ("driving_licence", "damaged"): "gplx_doi_cap_lai",
    ("id_card", "expired"): "can_cuoc_cap_doi",
    ("driving_licence", "expired"): "gplx_doi_cap_lai",
    ("passport", "expired"): "ho_chieu",
}


@dataclass(frozen=True)
class Cue:
    """A procedure named by an event beside a paper (`paper` "none" for an event alone), with the words."""

    procedure: str
    paper: str
    event: str
    evidence: str


def _patterns() -> list[tuple[re.Pattern[str], str, str]]:
    compiled = []
    for paper, noun in _PAPERS.items():
        compiled.append((re.compile(rf"\b{_LOSS_BEFORE} {_FILLER}{noun}\b"), paper, "lost"))
        compiled.append((re.compile(rf"\bmat {noun}\b"), paper, "bare"))
        compiled.append((re.compile(rf"\b{noun} (?:\w+ ){{0,2}}?{_LOSS_AFTER}\b"), paper, "lost"))
        damaged = _DAMAGED_BY_PAPER.get(paper, _DAMAGED_AFTER)
        compiled.append((re.compile(rf"\b{noun} (?:\w+ ){{0,3}}?{damaged}\b"), paper, "damaged"))
        compiled.append((re.compile(rf"\b{noun} (?:\w+ ){{0,8}}?{_EXPIRED_AFTER}\b"), paper, "expired"))
    return compiled


_COMPILED = _patterns()
_PAPER_NAMED = {paper: re.compile(rf"\b{noun}\b") for paper, noun in _PAPERS.items()}
# A căn cước is exchanged at 25, 40 and 60 (Luật Căn cước 2023 Điều 21; at 14 a first card is as likely) and
# after a merger of provinces or communes changes the address printed on it (Điều 24).
_ID_EXCHANGE = re.compile(r"\b(?:(?:du|tron|sap|den|toi|len) )?(?:25|40|60) tuoi\b|\bsap nhap\b")
# Changing one's ethnicity is "xác định lại dân tộc", registered with the civil-status changes (Luật Hộ tịch
# 2014 Điều 28; the KB's cải chính entry), not a birth registration.
# A child under six gets the căn cước by its own procedure (Luật Căn cước 2023 Điều 19 khoản 2, Điều 23: through the
# guardian, without biometrics): "con e 2 tuoi lam cccd dc ko" got the card of the first issue from 14. Digits only:
# "năm" is also a year.
_UNDER_SIX = re.compile(r"\b(?:[0-5] ?(?:tuoi|t)|[0-9]{1,2} thang tuoi|so sinh)\b")
_ETHNICITY_CHANGE = re.compile(r"\b(?:thay doi|doi|chuyen|xac dinh lai|cai chinh|sua)(?: lai)? (?:cho \w+ )?(?:sang |theo )?"
                               r"dan toc\b")
# Sitting the driving test is the first licence (sát hạch, cấp mới), whatever licence words follow.
_DRIVING_TEST = re.compile(r"\bthi (?:lay |lai )?(?:bang lai|giay phep lai xe|bang xe)\b")
# A night or a few days at someone's home is a stay (lưu trú: under 30 days, notified by the host, Luật Cư trú
# 2020 Điều 30), not a temporary residence (tạm trú: 30 days or more), whatever else the message names.
_SHORT_STAY = re.compile(r"\b(?:(?:ngu|o|nghi|ngu lai|o lai) qua dem|ngu lai (?:nha|o nha|tai nha))\b")
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
# Procedures that a citizen names by their event, beside a KB procedure they resemble (answered with the honest
# not-in-the-catalogue entry of the index, never the neighbour's card; an `outside:` label counts as the KB id
# once the KB holds the procedure, as it does for the first two since 2026-11-30: procedure_ranker.rank_message):
# - being paid back by health insurance for care or medicine already paid for ("thanh toán lại", "mua thuốc
#   ngoài"): the direct payment of BHYT costs, not the issue of a card (Luật BHYT Điều 31);
# - "dưỡng sức, phục hồi sức khỏe" after sickness or maternity: its own benefit, not the maternity one;
# - a lost passport found again ("tìm lại được hộ chiếu", "khôi phục hộ chiếu"): its restoration, not a loss report.
_HEALTH_INSURANCE = re.compile(r"\b(?:bao hiem y te|bhyt)\b")
_BHYT_REFUND = re.compile(r"\b(?:thanh toan truc tiep|(?:thanh toan|hoan tra|hoan|chi tra|(?<!kiem )tra) lai|mua (?:thuoc )?(?:o |ben )?ngoai|"
                          r"tu (?:bo tien|chi tra|tra tien) (?:mua|kham))\b")
_RECOVERY = re.compile(r"\b(?:duong suc(?: phuc hoi suc khoe)?|nghi duong suc)\b")
_PASSPORT_FOUND = re.compile(r"\b(?:khoi phuc (?:gia tri )?(?:su dung )?(?:cua )?ho chieu|"
                             r"(?:tim|nhat) (?:lai )?(?:duoc|thay) (?:\w+ ){0,2}?ho chieu|ho chieu (?:\w+ ){0,3}?(?:tim|nhat) (?:lai )?(?:duoc|thay))\b")
_OUTSIDE_EVENTS: tuple[tuple[str, re.Pattern[str], re.Pattern[str] | None, str], ...] = (
    ("refund", _BHYT_REFUND, _HEALTH_INSURANCE, "outside:bhyt_thanh_toan_truc_tiep"),
    ("recovery", _RECOVERY, None, "outside:bhxh_duong_suc"),
    ("found", _PASSPORT_FOUND, None, "outside:khoi_phuc_ho_chieu"),
)
# Events read per sentence: (event, pattern, paper, whether the paper must be named in that sentence, procedure).
_EVENTS: tuple[tuple[str, re.Pattern[str], str, bool, str], ...] = (
    ("exchange", _ID_EXCHANGE, "id_card", True, "can_cuoc_cap_doi"),
    ("under_six", _UNDER_SIX, "id_card", True, "can_cuoc_duoi_6"),
    ("ethnicity", _ETHNICITY_CHANGE, "none", False, "cai_chinh_ho_tich"),
    ("test", _DRIVING_TEST, "driving_licence", False, "gplx_cap_moi"),
    ("short_stay", _SHORT_STAY, "none", False, "thong_bao_luu_tru"),
)
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
_DEATH = re.compile(r"\b(?:qua doi|tu vong|tu tran|(?<!ket )(?<!bi )chet(?! luu)|bi chet (?:do|vi|vao|ngay|nam|khi|luc)|(?:(?:" + "|".join(sorted(_KIN)) +
                    r") (?:toi|em|minh|chau)(?: (?:da|vua|moi))?|vua|moi) mat" + _LOST_OBJECT + r")\b")
_INSURED = re.compile(r"\b(?:bao hiem xa hoi|bhxh|luong huu|huu tri|nghi huu|ve huu|tai nan lao dong|benh nghe nghiep|"
                      r"dong bao hiem)\b")
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
_CLAUSE = re.compile(r"[,.;:!?…\n()]+")
_SENTENCE = re.compile(r"[.;!?…\n]+")


def find_cue(text: str) -> Cue | None:
    """The first paper-and-event cue in the message, or None."""
    found: list[tuple[int, Cue]] = []
    clauses: list[str] = []  # folded once, read again by `_death_cue` and `_birth_cue`
    for position, clause in enumerate(_CLAUSE.split(text)):
        folded = normalize(clause)
        clauses.append(folded)
        for pattern, paper, event in _COMPILED:
            match = pattern.search(folded)
            if match and event == "bare":
                if _KIN & set(folded[:match.start()].split()[-2:]):
                    continue
                event = "lost"
            if match and (paper, event) in _PROCEDURE:
                found.append((position, Cue(_PROCEDURE[(paper, event)], paper, event, match.group(0).strip())))
    for position, sentence in enumerate(_SENTENCE.split(text)):
        folded = normalize(sentence)
        named = {paper: m for paper, pattern in _PAPER_NAMED.items() if (m := pattern.search(folded))}
        theft = _THEFT.search(folded)
        if theft:
            for paper, paper_match in named.items():
                if (paper, "lost") in _PROCEDURE:
                    found.append((position, Cue(_PROCEDURE[(paper, "lost")], paper, "lost",
                                                f"{theft.group(0)} … {paper_match.group(0)}")))
        for event, pattern, paper, paper_required, procedure in _EVENTS:
            match = pattern.search(folded)
            if match is None or (paper_required and paper not in named):
                continue
            evidence = f"{named[paper].group(0)} … {match.group(0)}" if paper_required else match.group(0)
            found.append((position, Cue(procedure, paper, event, evidence)))
    outside = _outside_cue(text)
    if outside is not None:
        return outside  # found again after a loss, paid back after a card: the event decides
    if not found:
        folded = " ".join(clauses)
        return _death_cue(clauses, folded) or _birth_cue(folded) or _stay_cue(folded)
    procedures = {cue.procedure for _, cue in found}
    if len(procedures) > 1:
        return None  # two papers lost in one message: let the ranker and the menu sort it out
    return min(found, key=lambda item: item[0])[1]


def _outside_cue(text: str) -> Cue | None:
    """The first event of a procedure outside the catalogue, read per sentence (see `_OUTSIDE_EVENTS`)."""
    for sentence in _SENTENCE.split(text):
        folded = normalize(sentence)
        for event, pattern, context, procedure in _OUTSIDE_EVENTS:
            match = pattern.search(folded)
            if match and (context is None or context.search(folded)):
                return Cue(procedure, "none", event, match.group(0))
    return None


def _death_cue(clauses: list[str], folded: str) -> Cue | None:
    """A death in the message (`clauses`: its normalize()d clauses, `folded` them joined; a death is read per clause:
    "…rồi mới mất, tiền tuất…" is a death): the survivors' benefits when the dead person was insured and the question
    is about benefits, the death registration when nothing is insured and the question is what to do or which papers."""
    death = next((m for clause in clauses if (m := _DEATH.search(clause))), None)
    if death is None:
        return None
    insured = bool(_INSURED.search(folded))
    if insured and _SURVIVOR_ASKS.search(folded) and not _NOT_SURVIVOR.search(folded):
        return Cue("bhxh_tu_tuat", "none", "survivor", death.group(0))
    if not insured and _REGISTRATION_ASKS.search(folded) and not _NOT_REGISTRATION.search(folded):
        return Cue("khai_tu", "none", "death", death.group(0))
    return None


def _birth_cue(folded: str) -> Cue | None:
    """A recent birth and a question about what to do or which papers, with no benefit or other civil-status matter in
    the message (`folded`: its normalize()d clauses): the birth registration."""
    birth = _BIRTH.search(folded)
    if birth and _BIRTH_ASKS.search(folded) and not _NOT_BIRTH.search(folded):
        return Cue("khai_sinh", "none", "birth", birth.group(0))
    return None


def _stay_cue(folded: str) -> Cue | None:
    """A stay of months and a question whether to report or register it, with nothing of a permanent residence or an
    absence in the message (`folded`: its normalize()d clauses): the temporary residence."""
    stay = _LONG_STAY.search(folded)
    if stay and _STAY_ASKS.search(folded) and not _NOT_TEMPORARY.search(folded):
        return Cue("tam_tru", "none", "long_stay", stay.group(0))
    return None
