"""Civil-status events with a foreign element or of a citizen abroad: the procedure that applies instead."""

from __future__ import annotations

import re

from vi_text.ranker_labels import OUTSIDE_PREFIX

# A foreign element (a foreign party, a Vietnamese settled abroad): the law gives civil-status events
# with one their own procedure ("có yếu tố nước ngoài": other papers, another office), which the KB's
# domestic entries do not describe. Country names only after a word that makes them a nationality or a
# person ("người Anh" is also "elder brother", "Lào" folds into "lao động": both left out there; "kháng chiến
# chống Pháp" folds into "chồng Pháp", a French husband: not after "kháng chiến" or "chiến tranh").
_COUNTRY = (r"(my|hoa ky|uc|han quoc|nhat ban|nhat|trung quoc|dai loan|phap|duc|canada|nga|bungari|singapore|"
            r"thai lan|campuchia|malaysia|philippines|an do|ba lan|ha lan|thuy dien|na uy|dan mach|new zealand)")
_FOREIGN = re.compile(
    r"\b(nguoi nuoc ngoai|cong dan nuoc ngoai|quoc tich (nuoc ngoai|anh|lao|" + _COUNTRY + r")|viet kieu|"
    r"yeu to nuoc ngoai|(nguoi|goc|(?<!khang chien )(?<!chien tranh )chong|vo|ban trai|ban gai|cong dan) " + _COUNTRY + r"|"
    r"(dinh cu|sinh song|cu tru) (o |tai )(nuoc ngoai|anh|lao|" + _COUNTRY + r"))\b")
# A birth in the story: with a foreign element, the birth is registered by the procedure with a foreign
# element (where the parents also choose the child's nationality), whatever the ranker read.
_BIRTH = re.compile(r"\b(sinh con|con (chung toi |toi |em )?sinh ra|sap sinh|mang thai|chao doi|khai sinh|sinh em be|"
                    r"sinh be|sinh chau)\b")
# Domestic KB entry → the procedure for the same event with a foreign element: a KB id, or an
# `outside:` catalogue-index entry (answered honestly as not covered, with its agency and link).
FOREIGN_VARIANTS = {
    "khai_sinh": "khai_sinh_nuoc_ngoai",
    "khai_tu": OUTSIDE_PREFIX + "khai_tu_nuoc_ngoai",
    "ket_hon": "ket_hon_nuoc_ngoai",
    "nhan_cha_me_con": OUTSIDE_PREFIX + "nhan_cha_me_con_nuoc_ngoai",
    "giam_ho": OUTSIDE_PREFIX + "giam_ho_nuoc_ngoai",
    "nuoi_con_nuoi": OUTSIDE_PREFIX + "nuoi_con_nuoi_nuoc_ngoai",
}
# The citizen lives abroad now, or the event happens abroad: a Vietnamese citizen residing abroad
# registers births, marriages, deaths… at the Vietnamese embassy or consulate there, not at a commune
# in Vietnam (Luật Hộ tịch 2014, Điều 53), so no domestic card applies. Present-tense markers only:
# "trước đây đi lao động ở Hàn Quốc, nay về nước" is not abroad.
_LIVES_ABROAD = re.compile(
    r"\b((dang|hien dang|hien nay|hien) (o|song|sinh song|lam viec|du hoc|hoc|lao dong|cu tru|dinh cu|cong tac)|du hoc)"
    r" (o |tai |ben )?(nuoc ngoai|" + _COUNTRY + r")\b")
_HAPPENS_ABROAD = re.compile(
    r"\b(mat|qua doi|chet|sinh ra|sinh con|sinh chau|sinh be|de) (o|tai) (nuoc ngoai|" + _COUNTRY + r")\b")
# "Chồng em đang làm việc ở nước ngoài, em mới sinh bé": a relative abroad, the citizen at home.
_RELATIVE_BEFORE = re.compile(r"\b(chong|vo|bo|me|ba|anh|chi|con|ong|em (trai|gai)) (em|toi|minh|chau)\s*$")
# ...unless the event takes place in Vietnam ("định cư ở Mỹ…, về Việt Nam sinh con": a birth with a
# foreign element, registered at home).
_IN_VIETNAM = re.compile(r"\b(ve (viet nam|vn|nuoc)|(o|tai) (viet nam|vn|trong nuoc))\b")
ABROAD_ENTRY = "ho_tich_o_nuoc_ngoai"
# Domestic civil-status entries that a citizen abroad does at the embassy instead (`ABROAD_ENTRY`).
ABROAD_REGISTERED = frozenset({"khai_sinh", "khai_sinh_nuoc_ngoai", "khai_tu", "ket_hon", "ket_hon_nuoc_ngoai", "nhan_cha_me_con", "giam_ho", "xac_nhan_hon_nhan",
                               "lien_thong_khai_sinh", "lien_thong_khai_tu"})

# A short message that names nothing foreign at all is a domestic event: "lay vo can giay to gi ad" was read as the
# marriage with a foreign element (its KB texts say "lấy vợ nước ngoài", "lấy chồng Hàn Quốc"). Any hint of abroad
# (a country, "nước ngoài", "kiều", "quốc tịch", "Tây", "Hàn"…) keeps the ranker's reading, and so does a long story
# (the caller says which messages are short: the turn logic's `alias_max_words`)
DOMESTIC_VARIANTS = {variant: domestic for domestic, variant in FOREIGN_VARIANTS.items()
                     if not variant.startswith(OUTSIDE_PREFIX)}
ANY_FOREIGN = re.compile(r"\b(nuoc ngoai|ngoai quoc|quoc tich|kieu|tay|han|lao|hong kong|chau au|xuat khau|xkld|"
                          r"lanh su|dai su|hop phap hoa|" + _COUNTRY + r")\b")

# The event is registered at a Vietnamese embassy or consulate ("đăng ký kết hôn tại Đại sứ quán Việt Nam tại nước
# ngoài", "tôi đã đăng ký khai sinh cho con tại Đại sứ quán"): the registration abroad, whatever else the story says.
_AT_EMBASSY = re.compile(r"\b(dai su quan|dsq|lanh su quan|tong lanh su|co quan dai dien)\b")


def _abroad(norm: str) -> bool:
    """The citizen lives abroad now, the birth or death happens abroad, or the registration is at an embassy,
    and nothing puts it in Vietnam."""
    if _AT_EMBASSY.search(norm):
        return True
    if _IN_VIETNAM.search(norm):
        return False
    lives = any(not _RELATIVE_BEFORE.search(norm[:m.start()]) for m in _LIVES_ABROAD.finditer(norm))
    return lives or bool(_HAPPENS_ABROAD.search(norm))


def foreign_reading(norm: str, procedure: str | None, outside: str | None,
                    short: bool = False) -> tuple[str | None, str | None]:
    """(KB procedure, outside entry) once a foreign element or a stay abroad in `norm` is read (`short`: the message is
    short enough that naming nothing foreign makes it a domestic event)."""
    foreign = bool(_FOREIGN.search(norm))
    if procedure in DOMESTIC_VARIANTS and short and not ANY_FOREIGN.search(norm):
        procedure = DOMESTIC_VARIANTS[procedure]
    if foreign and procedure is None and outside is None and _BIRTH.search(norm):
        procedure = "khai_sinh"
    if procedure in ABROAD_REGISTERED and _abroad(norm):
        return None, ABROAD_ENTRY
    if procedure in FOREIGN_VARIANTS and foreign:
        variant = FOREIGN_VARIANTS[procedure]
        if variant.startswith(OUTSIDE_PREFIX):
            return None, variant.removeprefix(OUTSIDE_PREFIX)
        return variant, None
    return procedure, outside
