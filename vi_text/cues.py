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

from vi_text.life_event_cues import KIN, birth_event, death_event, marriage_event, stay_event
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
    # "thẻ BHYT" arrives as "the bao hiem y te" (normalize expands the abbreviation)
    "health_insurance_card": r"the bao hiem y te",
}
_LOSS_BEFORE = r"(?:lam roi mat|danh roi mat|lam roi|danh roi|danh mat|lam mat|bi mat|da mat|" \
               r"that lac|bi trom|trom mat|bi moc tui lay mat|bi moc tui mat|bi cuop|chay mat|bi chay|troi mat|cuon mat)"
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
    # A health-insurance card lost is re-issued, a torn or damaged one exchanged (Luật BHYT 2008, sửa đổi 2014,
    # Điều 18 and 19): both are the KB's "cấp lại, đổi thẻ BHYT" entry, not the issue of a card (5-fold CV, everything
    # out of fold: two lost or torn cards read as the card's issue became right, nothing else moved). An expired card
    # is no cue: the renewal, or a question about the care paid for while it lapsed ("…thẻ BHYT của tôi hết hạn… đã đi
    # gia hạn… có được thanh toán…", the direct payment) — the cue turned that right card wrong.
    ("health_insurance_card", "lost"): "doi_noi_kcb_bhyt",
    ("health_insurance_card", "damaged"): "doi_noi_kcb_bhyt",
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
_CLAUSE = re.compile(r"[,.;:!?…\n()]+")
_SENTENCE = re.compile(r"[.;!?…\n]+")


def find_cue(text: str) -> Cue | None:
    """The first paper-and-event cue in the message, or None."""
    found: list[tuple[int, Cue]] = []
    clauses: list[str] = []  # folded once, read again by the life-event cues (`vi_text.life_event_cues`)
    for position, clause in enumerate(_CLAUSE.split(text)):
        folded = normalize(clause)
        clauses.append(folded)
        for pattern, paper, event in _COMPILED:
            match = pattern.search(folded)
            if match and event == "bare":
                if KIN & set(folded[:match.start()].split()[-2:]):
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
        told = (death_event(clauses, folded) or birth_event(folded) or marriage_event(clauses, folded)
                or stay_event(folded))
        return None if told is None else Cue(told[0], "none", told[1], told[2])
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
