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

from vi_text.life_event_cues import INSURED_WORDS

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

# The funeral grant and survivors' allowance of the social insurance (chế độ tử tuất, Luật BHXH 2024 Điều 84–86) are
# not the allowances of people with merit when they die (trợ cấp khi người có công từ trần, mai táng phí: Pháp lệnh Ưu
# đãi người có công với cách mạng 2020, Nghị định 131/2021/NĐ-CP) nor the funeral support of a social-assistance
# beneficiary (hỗ trợ chi phí mai táng, Nghị định 20/2021/NĐ-CP Điều 11): other offices (Phòng/Sở Nội vụ, UBND xã),
# other papers. Read when the message names the funeral or the death, the merit or the assistance, and nothing of the
# social insurance ("Ông tôi là người hoạt động kháng chiến… Nay ông mới mất thì thủ tục hưởng mai táng phí bao gồm
# những giấy tờ gì?": train split). Whoever also drew a pension or paid contributions keeps the insurance's card.
_DEATH_OR_FUNERAL = r"(mai tang|tu tran|qua doi|tu vong|\bmat\b|chet|tien tuat|tro cap tuat)"
# the survivors' cue's insurance words, and any pension ("chế độ hưu"), the survivors' benefits named, the insurance book
_INSURANCE = rf"\b({INSURED_WORDS}|huu|che do tu tuat|so bao hiem)\b"
_MERIT = (r"(nguoi co cong|liet si|thuong binh|benh binh|khang chien|huan chuong|huy chuong|bang co cong|"
          r"ba me viet nam anh hung|cach mang|to quoc ghi cong|chat doc (hoa hoc|da cam))")
_VETERAN = r"(cuu chien binh)"
_YOUTH_VOLUNTEER = r"(thanh nien xung phong|tnxp)"
_ASSISTANCE = r"(tro cap xa hoi|bao tro xa hoi|doi tuong bao tro|nguoi cao tuoi (co )?tro cap|neo don)"


def _funeral_of(group: str) -> re.Pattern[str]:
    """The death or the funeral, and `group` named anywhere in the message, with no word of the social insurance."""
    return re.compile(rf"^(?!.*{_INSURANCE})(?=.*\b{_DEATH_OR_FUNERAL}\b)(?=.*\b{group}\b)")


_MERIT_DEATHS = (
    (_funeral_of(_YOUTH_VOLUNTEER), "mai_tang_phi_tnxp_chong_phap"),
    (_funeral_of(_VETERAN), "mai_tang_phi_cuu_chien_binh"),
    (_funeral_of(_MERIT), "nguoi_co_cong_tu_tran"),
)
_DEATH_SIBLINGS = (*_MERIT_DEATHS, (_funeral_of(_ASSISTANCE), "mai_tang_phi"))

# Keeping, confirming, regaining, giving up or acquiring the Vietnamese nationality are procedures of the Luật Quốc tịch
# Việt Nam (Sở Tư pháp, cơ quan đại diện), not a passport application, even when the story names the passport ("…hộ
# chiếu Việt Nam của tôi đã hết hạn năm 2010. Tôi muốn giữ quốc tịch Việt Nam thì phải làm như thế nào?": dev split).
# Only the act asked for counts ("đã nhập quốc tịch Thụy Điển" is background).
_WANTS = r"(muon|xin|de|lam sao de|co the|duoc|can)"
_NATIONALITY = (
    (re.compile(rf"\b({_WANTS} (\w+ )?giu (lai )?quoc tich|xac nhan (co |con )?quoc tich)\b"), "xac_nhan_co_quoc_tich"),
    (re.compile(r"\b(tro lai quoc tich|xin lai quoc tich|khoi phuc (lai )?quoc tich)\b"), "tro_lai_quoc_tich"),
    (re.compile(rf"\b{_WANTS} (\w+ )?(thoi|tu bo) quoc tich\b"), "thoi_quoc_tich"),
)
# acquiring it, asked for anyone ("…cho cháu về Việt Nam sinh sống và nhập quốc tịch Việt Nam cho cháu": train), not
# told as done ("vừa mới được nhập quốc tịch Việt Nam vào năm 2015")
_NATURALISATION = ((re.compile(r"^(?!.*\b(da|vua|moi) (duoc )?nhap quoc tich)(?=.*\bnhap quoc tich (viet nam|vn)\b)"),
                    "nhap_quoc_tich"),)
# A lost passport found again after its loss was reported: its use is restored by a procedure of its own (khôi phục
# giá trị sử dụng hộ chiếu, Luật Xuất cảnh, nhập cảnh của công dân Việt Nam 2019 Điều 30), not by a new report or a new
# passport ("…khai báo mất… Sau đó, tôi được một người khác nhặt được và liên hệ trả lại": train split)
_PASSPORT_FOUND = ((re.compile(r"\bkhoi phuc (lai )?(gia tri )?(su dung )?(cua )?ho chieu\b|"
                               r"\b(mat|danh roi|lam roi|that lac)\b.*\b(nhat duoc|tim (lai )?duoc|tim thay|tra lai|lay lai duoc)\b"),
                    "khoi_phuc_ho_chieu"),)
# A car's periodic inspection (đăng kiểm, kiểm định) is its own procedure at an inspection centre, not the registration
# at the police ("Xe của tôi đang trong quá trình sang tên… vậy xe tôi có được kiểm định không?": dev split)
_INSPECTION = ((re.compile(r"\b(kiem dinh|dang kiem)\b"), "kiem_dinh_xe_co_gioi"),)

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
        # raising a house by a floor or extending it ("nâng thêm 1 tầng", "xây lên tầng nữa", "cơi nới") is a
        # renovation of the building that stands, permitted as one (Luật Xây dựng 2014 Điều 89; train+dev: a two-storey
        # house to be raised got the new-build permit's card)
        (re.compile(rf"\b({_BUILDING_PERMIT} (de )?(sua chua|cai tao)|(xin phep|phep) (sua chua|cai tao)|"
                    r"sua chua,? cai tao|nang (them )?(\w+ )?tang|xay (them|len) (\w+ ){0,2}?tang|coi noi)\b"),
         "giay_phep_xay_dung_sua_chua"),
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
                   "khai_sinh_nguoi_da_co_giay_to"), *_NATURALISATION),
    # re-registering a death or an adoption: procedures of their own in the catalogue
    "khai_tu": ((re.compile(r"\bdang ky lai (viec )?khai tu\b"), "khai_tu_dang_ky_lai"),),
    "bhxh_tu_tuat": _DEATH_SIBLINGS,
    "ho_chieu": (*_NATIONALITY, *_NATURALISATION, *_PASSPORT_FOUND),
    "bao_mat_ho_chieu": _PASSPORT_FOUND,
    "thuong_tru": (*_NATIONALITY, *_NATURALISATION),
    "can_cuoc_14plus": (*_NATIONALITY, *_NATURALISATION),
    "khai_sinh_nuoc_ngoai": _NATURALISATION,
    "dang_ky_xe": _INSPECTION,
    "dang_ky_xe_doi": _INSPECTION,
    "thu_hoi_dang_ky_xe": _INSPECTION,
    # the monthly social allowance's card says nothing of the funeral support when its beneficiary dies, nor of the
    # allowances of people with merit ("Bà nội tôi là Bà mẹ Việt Nam anh hùng… bà nội mất… có được hưởng trợ cấp…")
    "tro_cap_xa_hoi_hang_thang": (*_MERIT_DEATHS, (_funeral_of(r"(mai tang)"), "mai_tang_phi")),
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
