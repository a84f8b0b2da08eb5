"""Words that name a sibling of a KB procedure that the catalogue index lists."""

from __future__ import annotations

import pytest

from procedures_kb.catalogue import load_catalogue
from procedures_kb.catalogue_index import default_index
from vi_text.sibling_procedures import SIBLINGS, sibling_of, sibling_targets
from vi_text.text import normalize


def test_every_sibling_is_an_index_entry_and_every_source_a_kb_procedure() -> None:
    index_ids = {entry.id for entry in default_index().entries}
    kb_ids = {procedure.id for procedure in load_catalogue()[0]}
    assert sibling_targets() <= index_ids - kb_ids, sibling_targets() - (index_ids - kb_ids)
    assert set(SIBLINGS) <= kb_ids, set(SIBLINGS) - kb_ids


@pytest.mark.parametrize(("procedure", "text", "sibling"), [
    # written for this test
    ("chung_thuc_chu_ky", "chứng thực chữ ký của phiên dịch viên làm ở đâu", "chung_thuc_chu_ky_nguoi_dich"),
    ("chung_thuc_chu_ky", "chung thuc chu ky nguoi dich can gi", "chung_thuc_chu_ky_nguoi_dich"),
    ("chung_thuc_chu_ky", "chứng thực chữ ký trên giấy ủy quyền ở đâu", None),
    ("giay_phep_xay_dung", "đất quy hoạch có xin được giấy phép xây dựng tạm không", "giay_phep_xay_dung_co_thoi_han"),
    ("giay_phep_xay_dung", "giấy phép xây dựng sắp hết hạn mà chưa xây xong thì làm sao", "giay_phep_xay_dung_gia_han"),
    ("giay_phep_xay_dung", "xin giấy phép xây dựng để sửa chữa nhà cần gì", "giay_phep_xay_dung_sua_chua"),
    ("giay_phep_xay_dung", "xây nhà mới 3 tầng có cần giấy phép xây dựng không", None),
    ("giay_phep_xay_dung", "nhà 2 tầng muốn nâng thêm 1 tầng có phải xin phép không", "giay_phep_xay_dung_sua_chua"),
    ("giay_phep_xay_dung", "xay len them tang nua co can xin phep khong", "giay_phep_xay_dung_sua_chua"),
    ("giay_phep_xay_dung", "cơi nới nhà ra phía sau có phải xin giấy phép không", "giay_phep_xay_dung_sua_chua"),
    ("dang_ky_doanh_nghiep", "giai the cong ty tnhh can ho so gi", "giai_the_doanh_nghiep"),
    ("dang_ky_doanh_nghiep", "thành lập công ty cần bao nhiêu vốn", None),
    ("ma_so_thue_ca_nhan", "muốn đóng mã số thuế cá nhân thì làm thế nào", "ma_so_thue_cham_dut"),
    ("khai_tu", "đăng ký lại khai tử cho ông nội mất từ năm 1980", "khai_tu_dang_ky_lai"),
    ("khai_tu", "bố mất hôm qua làm giấy chứng tử ở đâu", None),
    ("ho_chieu", "phiên dịch viên làm hộ chiếu cần gì", None),
    ("khai_sinh", "bố mẹ chưa khai sinh cho tôi, nay tôi đã có căn cước thì đăng ký khai sinh thế nào",
     "khai_sinh_nguoi_da_co_giay_to"),
    ("khai_sinh", "chưa ai làm khai sinh cho tôi, tôi đã có hộ chiếu rồi", "khai_sinh_nguoi_da_co_giay_to"),
    ("khai_sinh", "làm khai sinh cho con, vợ chồng đã có căn cước gắn chip thì mang gì", None),
    ("gcn_cap_doi", "so do ghi sai ten thi dinh chinh o dau", "dinh_chinh_gcn"),
    ("dang_ky_bien_dong_dat", "đính chính diện tích trên giấy chứng nhận mất bao lâu", "dinh_chinh_gcn"),
    ("gcn_cap_doi", "đính chính năm sinh trên căn cước", None),
    ("gcn_cap_doi", "sổ đỏ cũ rách muốn đổi sổ mới", None),
    ("gplx_doi_cap_lai", "bằng lái xe của Úc đổi sang bằng lái Việt Nam được không", "gplx_doi_nguoi_nuoc_ngoai"),
    ("gplx_doi_cap_lai", "bằng lái giấy muốn đổi sang thẻ PET", None),
    ("bhxh_tu_tuat", "ông tôi là thương binh vừa mất, tiền mai táng làm ở đâu", "nguoi_co_cong_tu_tran"),
    ("bhxh_tu_tuat", "bo toi co huan chuong khang chien moi qua doi thi huong mai tang phi the nao", "nguoi_co_cong_tu_tran"),
    ("bhxh_tu_tuat", "ông nội là cựu chiến binh mới mất, gia đình nhận mai táng phí ở đâu", "mai_tang_phi_cuu_chien_binh"),
    ("bhxh_tu_tuat", "mẹ tôi đang hưởng trợ cấp xã hội hằng tháng vừa qua đời, có được hỗ trợ mai táng không",
     "mai_tang_phi"),
    ("bhxh_tu_tuat", "bố tôi là thương binh, đang hưởng lương hưu thì mất, tiền mai táng nhận ở đâu", None),
    ("bhxh_tu_tuat", "chồng tôi đóng bhxh 10 năm thì qua đời, tôi được hưởng tuất không", None),
    ("tro_cap_xa_hoi_hang_thang", "bà tôi hưởng trợ cấp người cao tuổi vừa mất, có tiền mai táng không", "mai_tang_phi"),
    ("tro_cap_xa_hoi_hang_thang", "bà tôi 80 tuổi có được trợ cấp xã hội hằng tháng không", None),
    ("tro_cap_xa_hoi_hang_thang", "bà nội là Bà mẹ Việt Nam anh hùng vừa mất, mẹ tôi chăm sóc bà có được trợ cấp gì không",
     "nguoi_co_cong_tu_tran"),
    ("ho_chieu", "toi da nhap quoc tich duc, ho chieu vn het han, muon giu quoc tich viet nam thi lam the nao",
     "xac_nhan_co_quoc_tich"),
    ("ho_chieu", "đã thôi quốc tịch, nay muốn trở lại quốc tịch Việt Nam cần hồ sơ gì", "tro_lai_quoc_tich"),
    ("ho_chieu", "chồng tôi người Hàn muốn xin nhập quốc tịch Việt Nam", "nhap_quoc_tich"),
    ("ho_chieu", "tôi đã nhập quốc tịch Mỹ, về Việt Nam làm hộ chiếu được không", None),
    ("ho_chieu", "làm hộ chiếu cho con mang quốc tịch Việt Nam cần gì", None),
    ("thuong_tru", "vo toi nguoi trung quoc muon nhap quoc tich vn hoac dang ky thuong tru", "nhap_quoc_tich"),
    ("khai_sinh_nuoc_ngoai", "con tôi quốc tịch Hàn, tôi muốn cho cháu nhập quốc tịch Việt Nam", "nhap_quoc_tich"),
    ("khai_sinh", "cha tôi đã được nhập quốc tịch Việt Nam năm 2015, khai sinh cho tôi ghi thế nào", None),
    ("bao_mat_ho_chieu", "đã báo mất hộ chiếu rồi nhưng sau đó tìm lại được thì dùng tiếp được không", "khoi_phuc_ho_chieu"),
    ("bao_mat_ho_chieu", "mất hộ chiếu khi đi du lịch thì trình báo ở đâu", None),
    ("dang_ky_xe", "xe đang sang tên chưa có cà vẹt thì có đi đăng kiểm được không", "kiem_dinh_xe_co_gioi"),
    ("dang_ky_xe", "mua xe máy mới đăng ký biển số ở đâu", None),
])
def test_a_sibling_is_named_only_beside_its_kb_procedure(procedure: str, text: str, sibling: str | None) -> None:
    assert sibling_of(procedure, normalize(text)) == sibling
