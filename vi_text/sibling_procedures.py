"""Words that name a sibling of a KB procedure: another procedure of the national catalogue, with its own file
and office, that the KB has no full entry for ("giấy phép xây dựng có thời hạn" beside the new-building permit).

The procedure ranker reads a message as a bag of words and characters; a KB procedure learnt from hundreds of
texts outweighs its sibling's few index keywords when they share most words ("thủ tục chứng thực chữ ký của
phiên dịch viên": chung_thuc_chu_ky 0.78, the translator's signature 0.02). The sibling's distinguishing words
settle it. Each sibling below is a separate procedure of the catalogue (Cơ sở dữ liệu quốc gia về TTHC, entries
of procedures_kb/data/catalogue_index.yml; a test checks that every target is there), so the citizen gets the
honest answer with that procedure's office and official page instead of the card of its neighbour, whose papers
and fees are not the ones asked about. A sibling the KB card itself covers is not listed ("chấm dứt giám hộ" is
in the guardianship card). Patterns run over `normalize()`d text.
"""

from __future__ import annotations

import re

_BUILDING_PERMIT = r"(giay phep xay dung|giay phep xd|cap phep xay dung|phep xay dung)"
# correcting an error on a land certificate (đính chính) is its own procedure of the catalogue, not an exchange or
# a registration of changes; the word alone, with a land certificate named anywhere in the message
_LAND_CORRECTION = (re.compile(r"\bdinh chinh\b(?=.*\b(so do|so k?hong|gcn|giay chung nhan|bia do|giay do)\b)|"
                               r"\b(so do|so k?hong|gcn|giay chung nhan|bia do|giay do)\b.*\bdinh chinh\b"),
                    "dinh_chinh_gcn")
# a licence issued abroad is exchanged for a Vietnamese one by its own procedure of the catalogue, which neither the
# international permit (IDP) nor the domestic exchange card describes
_FOREIGN_LICENCE = (re.compile(r"\bdoi (\w+ ){0,6}sang (bang lai |gplx |giay phep lai xe )?(xe )?(cua )?(viet nam|vn)\b"),
                    "gplx_doi_nguoi_nuoc_ngoai")

# KB procedure → (pattern, catalogue-index entry id): first match wins.
SIBLINGS: dict[str, tuple[tuple[re.Pattern[str], str], ...]] = {
    # a permit with a time limit (for land under a zoning plan), for repairs, its extension, change, re-issue and a
    # building's relocation are separate procedures of the catalogue, each with its own code
    "giay_phep_xay_dung": (
        (re.compile(rf"\b({_BUILDING_PERMIT} (tam|co thoi han)|giay phep (xay dung )?co thoi han)\b"),
         "giay_phep_xay_dung_co_thoi_han"),
        (re.compile(rf"\b(gia han {_BUILDING_PERMIT}|{_BUILDING_PERMIT} (da |bi |sap )?het han)\b"),
         "giay_phep_xay_dung_gia_han"),
        (re.compile(rf"\bdieu chinh {_BUILDING_PERMIT}\b"), "giay_phep_xay_dung_dieu_chinh"),
        (re.compile(rf"\b(cap lai {_BUILDING_PERMIT}|(lam |bi |da )?mat {_BUILDING_PERMIT})\b"),
         "giay_phep_xay_dung_cap_lai"),
        (re.compile(rf"\b({_BUILDING_PERMIT} (de )?(sua chua|cai tao)|(xin phep|phep) (sua chua|cai tao)|"
                    r"sua chua,? cai tao)\b"), "giay_phep_xay_dung_sua_chua"),
        (re.compile(r"\bdi doi cong trinh\b"), "giay_phep_di_doi_cong_trinh"),
    ),
    # a translator's signature is certified by its own procedure of the catalogue
    "chung_thuc_chu_ky": (
        (re.compile(r"\b(nguoi dich|phien dich vien|ban dich|dich thuat vien)\b"), "chung_thuc_chu_ky_nguoi_dich"),
    ),
    # a person registering their own birth late, who already has personal papers (an ID card, a passport), is
    # registered by the catalogue's own procedure (other papers than a newborn's certificate of birth)
    "khai_sinh": ((re.compile(r"\bkhai sinh (cho )?(toi|minh|ban than)\b.*\b(da co|co day du|co du|van co) (\w+ ){0,4}"
                              r"(giay to ca nhan|giay to tuy than|chung minh nhan dan|can cuoc|ho chieu)\b"),
                   "khai_sinh_nguoi_da_co_giay_to"),),
    # re-registering a death or an adoption: procedures of their own in the catalogue
    "khai_tu": ((re.compile(r"\bdang ky lai (viec )?khai tu\b"), "khai_tu_dang_ky_lai"),),
    "nuoi_con_nuoi": ((re.compile(r"\bdang ky lai (viec )?nuoi con nuoi\b"), "nuoi_con_nuoi_dang_ky_lai"),),
    # closing and reopening a tax code are procedures of their own in the catalogue
    "ma_so_thue_ca_nhan": (
        (re.compile(r"\b(cham dut (hieu luc )?ma so thue|dong ma so thue|khoa ma so thue)\b"), "ma_so_thue_cham_dut"),
        (re.compile(r"\bkhoi phuc (lai )?ma so thue\b"), "ma_so_thue_khoi_phuc"),
    ),
    "gcn_lan_dau": (_LAND_CORRECTION,),
    "gcn_cap_doi": (_LAND_CORRECTION,),
    "gcn_cap_lai": (_LAND_CORRECTION,),
    "dang_ky_bien_dong_dat": (_LAND_CORRECTION,),
    "gplx_quoc_te": (_FOREIGN_LICENCE,),
    "gplx_doi_cap_lai": (_FOREIGN_LICENCE,),
    # a company's suspension and dissolution are procedures of their own in the catalogue
    "dang_ky_doanh_nghiep": (
        (re.compile(r"\bgiai the (cong ty|doanh nghiep)\b"), "giai_the_doanh_nghiep"),
        (re.compile(r"\btam ngung (kinh doanh |hoat dong )?(cua )?(cong ty|doanh nghiep)\b"), "tam_ngung_doanh_nghiep"),
    ),
}


def sibling_of(procedure: str, norm: str) -> str | None:
    """The catalogue-index entry that the message (`norm`: normalize()d) names instead of `procedure`, if any."""
    return next((entry for pattern, entry in SIBLINGS.get(procedure, ()) if pattern.search(norm)), None)


def sibling_targets() -> set[str]:
    """Every catalogue-index entry a sibling pattern can name (a test checks the index holds them)."""
    return {entry for rules in SIBLINGS.values() for _, entry in rules}
