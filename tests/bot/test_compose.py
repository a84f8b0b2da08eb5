"""Answer composition: real facts, the fee in force on the day, sources and confidence warnings."""

from __future__ import annotations

import datetime as dt

import pytest

from bot.aspects import DOCUMENTS, FEE, ONLINE, OVERVIEW, TIME, WHERE
from bot.compose import compose, fee_text, money, time_text
from procedures_kb.provinces import Province, default_directory
from procedures_kb.repository import KnowledgeBase
from procedures_kb.schema import Confidence


def test_money_format() -> None:
    assert money(100000) == "100.000 đồng"
    assert money(14000000) == "14.000.000 đồng"
    assert money(0) == "miễn phí"


def test_passport_fee_before_reduction_ends(kb: KnowledgeBase) -> None:
    text, _ = fee_text(kb.get("ho_chieu"), dt.date(2026, 12, 31))
    first = text.splitlines()[0]
    assert first.startswith("Lệ phí cấp hộ chiếu phổ thông ở trong nước hôm nay (31/12/2026) – cấp mới hộ chiếu: ")
    assert "100.000 đồng (giảm 50% đến hết 31/12/2026; mức thường 200.000 đồng)" in first


def test_passport_fee_after_reduction_ends(kb: KnowledgeBase) -> None:
    text, _ = fee_text(kb.get("ho_chieu"), dt.date(2027, 1, 1))
    assert "cấp mới hộ chiếu: 200.000 đồng." in text.splitlines()[0]
    assert "100.000" not in text


def test_vneid_exemption_window(kb: KnowledgeBase) -> None:
    proc = kb.get("ho_chieu")
    inside, _ = fee_text(proc, dt.date(2027, 2, 28))
    after, _ = fee_text(proc, dt.date(2027, 3, 1))
    before, _ = fee_text(proc, dt.date(2026, 8, 14))
    assert "Miễn phí đến hết 28/02/2027 cho công dân số" in inside
    assert "Miễn phí đến hết" not in after
    assert "Miễn phí đến hết" not in before


def test_marriage_documents_and_source(kb: KnowledgeBase) -> None:
    proc = kb.get("ket_hon")
    reply = compose(proc, [DOCUMENTS], dt.date(2026, 11, 23))
    assert "Tờ khai đăng ký kết hôn" in reply.text
    assert f"Cập nhật: {proc.last_verified.strftime('%d/%m/%Y')}" in reply.text
    assert f"Nguồn: {proc.official_page_url}" in reply.text
    assert "github.com" not in reply.text  # secondary sources stay in the data for staff
    payloads = [b["payload"] for b in reply.buttons]
    assert '/ask_fee{"procedure":"ket_hon"}' in payloads
    assert all("ask_documents" not in p for p in payloads)


def test_multi_aspect_answer_has_both_parts(kb: KnowledgeBase) -> None:
    reply = compose(kb.get("ho_chieu"), [DOCUMENTS, TIME], dt.date(2026, 11, 23))
    assert "Hồ sơ" in reply.text and "Thời gian giải quyết" in reply.text
    assert "ngày làm việc" in reply.text


def test_every_procedure_composes_every_aspect(kb: KnowledgeBase) -> None:
    for proc in kb.procedures.values():
        for aspect in (OVERVIEW, DOCUMENTS, FEE, TIME, WHERE, ONLINE):
            reply = compose(proc, [aspect], dt.date(2026, 11, 23))
            assert proc.official_page_url in reply.text, (proc.id, aspect)
            assert len(reply.text) <= 1200, (proc.id, aspect)


def test_low_confidence_fact_carries_a_warning(kb: KnowledgeBase) -> None:
    proc = kb.get("ho_chieu")
    # the regular passport fee after 31/12/2026 rests on a medium-confidence fact
    later = compose(proc, [FEE], dt.date(2027, 3, 1))
    assert "⚠️ Có thông tin độ tin cậy trung bình" in later.text and "kiểm tra lại" in later.text


def test_high_confidence_answer_has_no_warning(kb: KnowledgeBase) -> None:
    proc = kb.get("ho_chieu")
    reply = compose(proc, [TIME], dt.date(2026, 11, 23))
    if all(f.confidence.value == "high" for f in [*proc.processing_times, *proc.rules]):
        assert "độ tin cậy" not in reply.text


# --- dates on both sides of each boundary, provinces, amounts that are not fixed, liên thông groups ---

BOUNDARIES = [
    dt.date(2026, 7, 24), dt.date(2026, 7, 25), dt.date(2026, 8, 14), dt.date(2026, 8, 15),
    dt.date(2026, 12, 31), dt.date(2027, 1, 1), dt.date(2027, 2, 28), dt.date(2027, 3, 1),
]


def _province(pid: str) -> Province:
    found = default_directory().get(pid)
    assert found is not None
    return found


@pytest.mark.parametrize(
    ("pid", "case", "reduced", "regular"),
    [
        ("ho_chieu", "Cấp mới hộ chiếu", "100.000 đồng", "200.000 đồng"),
        ("ho_chieu", "Cấp lại hộ chiếu do bị hỏng hoặc bị mất", "200.000 đồng", "400.000 đồng"),
        ("can_cuoc_cap_doi", "Cấp đổi thẻ căn cước", "25.000 đồng", "50.000 đồng"),
        ("can_cuoc_cap_lai", "Cấp lại thẻ căn cước", "35.000 đồng", "70.000 đồng"),
        ("dang_ky_doanh_nghiep", "Lệ phí đăng ký doanh nghiệp – nộp hồ sơ giấy", "25.000 đồng", "50.000 đồng"),
    ],
)
def test_reduction_until_31_12_2026(kb: KnowledgeBase, pid: str, case: str, reduced: str, regular: str) -> None:
    before, _ = fee_text(kb.get(pid), dt.date(2026, 12, 31))
    after, _ = fee_text(kb.get(pid), dt.date(2027, 1, 1))
    def line_of(text: str) -> str:  # a single case is said in the first line without its name
        lines = text.splitlines()
        return next((line for line in lines if f"{case}:" in line or f"{case[:1].lower()}{case[1:]}:" in line),
                    lines[0])
    assert f"{reduced} (giảm 50% đến hết 31/12/2026; mức thường {regular})" in line_of(before)
    assert f"{regular}" in line_of(after) and reduced not in line_of(after) and "giảm" not in line_of(after)
    assert "Mức giảm lệ phí theo Thông tư 64/2025/TT-BTC đã kết thúc sau ngày 31/12/2026" in after


@pytest.mark.parametrize("pid", ["ho_chieu", "gplx_doi_cap_lai", "thuong_tru", "tam_tru", "ly_lich_tu_phap",
                                 "can_cuoc_cap_doi", "can_cuoc_cap_lai", "trich_luc_ho_tich"])
def test_vneid_exemption_15_08_2026_to_28_02_2027(kb: KnowledgeBase, pid: str) -> None:
    proc = kb.get(pid)
    text = {day: fee_text(proc, day)[0] for day in BOUNDARIES[2:]}
    exempt = "Miễn phí đến hết 28/02/2027"
    assert exempt not in text[dt.date(2026, 8, 14)] and "Thông tư 117/2026" not in text[dt.date(2026, 8, 14)]
    for day in (dt.date(2026, 8, 15), dt.date(2026, 12, 31), dt.date(2027, 1, 1), dt.date(2027, 2, 28)):
        # who qualifies, in plain words (NQ 66.22/2026 Điều 5 khoản 1), never the resolution's article number
        assert "Miễn phí đến hết 28/02/2027 cho công dân số: có tài khoản VNeID mức 2" in text[day], day
        assert "khoản 1 Điều 5" not in text[day]
    assert exempt not in text[dt.date(2027, 3, 1)]
    assert "Đợt miễn lệ phí theo Thông tư 117/2026/TT-BTC đã kết thúc sau ngày 28/02/2027" in text[dt.date(2027, 3, 1)]


def test_hanoi_household_business_fee_from_25_07_2026(kb: KnowledgeBase) -> None:
    proc, hanoi = kb.get("ho_kinh_doanh"), _province("ha_noi")
    before, _ = fee_text(proc, dt.date(2026, 7, 24), hanoi)
    after, _ = fee_text(proc, dt.date(2026, 7, 25), hanoi)
    assert "100.000" not in before and "chưa có dữ liệu mức thu tại Hà Nội" in before
    assert "cấp Giấy chứng nhận đăng ký hộ kinh doanh – nộp hồ sơ giấy: 100.000 đồng" in after
    assert "• Cấp Giấy chứng nhận đăng ký hộ kinh doanh – nộp trực tuyến: miễn phí" in after
    assert "chưa có dữ liệu" not in after


def test_province_value_replaces_the_national_default(kb: KnowledgeBase) -> None:
    proc = kb.get("khai_sinh")
    national, _ = fee_text(proc, dt.date(2026, 11, 23))
    hanoi, _ = fee_text(proc, dt.date(2026, 11, 23), _province("ha_noi"))
    danang, _ = fee_text(proc, dt.date(2026, 11, 23), _province("da_nang"))
    assert "• Đăng ký khai sinh quá hạn: mức do HĐND cấp tỉnh quy định" in national
    assert "cho biết bạn ở tỉnh, thành phố nào" in national and "5.000" not in national
    assert "tại Thành phố Hà Nội" in hanoi and "• Đăng ký khai sinh quá hạn: 5.000 đồng" in hanoi
    assert "HĐND cấp tỉnh" not in hanoi
    assert "• Đăng ký khai sinh quá hạn: chưa có dữ liệu mức thu tại Đà Nẵng" in danang and "5.000" not in danang
    for text in (national, hanoi, danang):  # on time is free everywhere; the permanent exemption applies everywhere
        assert text.splitlines()[0].endswith("đăng ký khai sinh đúng hạn: miễn phí — đăng ký trong 60 ngày kể từ "
                                             "ngày sinh: miễn lệ phí.")
        assert "Miễn phí cho người thuộc gia đình có công với cách mạng" in text
        assert "Miễn phí đến hết" not in text


def test_area_i_vehicle_fee_for_the_merged_city(kb: KnowledgeBase) -> None:
    proc = kb.get("dang_ky_xe")
    hcm, _ = fee_text(proc, dt.date(2026, 11, 23), _province("ho_chi_minh"))
    other, _ = fee_text(proc, dt.date(2026, 11, 23), _province("can_tho"))
    assert "14.000.000 đồng" in hcm and "140.000 đồng" not in hcm
    assert "140.000 đồng" in other and "14.000.000" not in other


def _not_fixed_lines(text: str, cases: set[str]) -> list[str]:
    return [line for line in text.splitlines()
            if any(f"{case}:" in line or f"{case[:1].lower()}{case[1:]}:" in line for case in cases)]


def test_amount_that_is_not_fixed_never_reads_as_free(kb: KnowledgeBase) -> None:
    provinces = [None, _province("ha_noi"), _province("ho_chi_minh"), _province("ca_mau")]
    checked = 0
    for proc in kb.procedures.values():
        cases = {f.case for f in proc.fees if f.amount_vnd is None}
        for day in BOUNDARIES:
            for province in provinces:
                text, _ = fee_text(proc, day, province)
                for line in _not_fixed_lines(text, cases):
                    if "đồng" in line:
                        continue  # a province value replaced the national default
                    checked += 1
                    assert "miễn phí" not in line and "0 đồng" not in line and ": 0" not in line, line
                    assert "hỏi" in line, line
    assert checked >= 50


def test_building_permit_fee_cannot_mislead(kb: KnowledgeBase) -> None:
    text, used = fee_text(kb.get("giay_phep_xay_dung"), dt.date(2026, 11, 23))
    assert "miễn phí" not in text and "0 đồng" not in text
    assert "HĐND tỉnh, thành phố quy định" in text and "hỏi Bộ phận Một cửa" in text
    assert Confidence.low in used


def test_group_overview_lists_its_procedures(kb: KnowledgeBase) -> None:
    reply = compose(kb.get("lien_thong_khai_sinh"), [OVERVIEW], dt.date(2026, 11, 23), related=kb.procedures)
    assert "Một bộ hồ sơ cho cả nhóm, giải quyết cùng lúc:" in reply.text
    for member in ("khai_sinh", "thuong_tru", "the_bhyt", "can_cuoc_duoi_6"):
        assert f"• {kb.get(member).name}" in reply.text


def test_member_overview_points_to_its_group(kb: KnowledgeBase) -> None:
    reply = compose(kb.get("xoa_thuong_tru"), [OVERVIEW], dt.date(2026, 11, 23), related=kb.procedures)
    assert "nhóm liên thông “Liên thông thủ tục hành chính: Đăng ký khai tử" in reply.text
    assert {"title": "Nhóm liên thông", "payload": '/ask_procedure_overview{"procedure":"lien_thong_khai_tu"}'} \
        in reply.buttons


def test_immediate_processing_time(kb: KnowledgeBase) -> None:
    text, _ = time_text(kb.get("thong_bao_luu_tru"))
    assert "giải quyết ngay khi tiếp nhận" in text and "không quá" not in text.lower()


def test_money_of_an_amount_that_is_not_fixed() -> None:
    assert money(None) == "chưa có mức thu thống nhất toàn quốc"


def test_footer_shows_the_official_page_and_never_a_secondary_source(kb: KnowledgeBase) -> None:
    for proc in kb.procedures.values():
        text = compose(proc, ["processing_time"], dt.date(2026, 11, 23)).text
        assert f"Nguồn: {proc.official_page_url}" in text, proc.id
        for src in proc.sources:
            if not src.official:
                assert src.url not in text, proc.id
        if not any(s.official for s in proc.sources) and "⚠️" not in text:
            assert "nguồn không chính thức" in text, proc.id


def test_research_trails_never_reach_a_citizen(kb: KnowledgeBase) -> None:
    trails = ("chưa tự kiểm chứng", "chưa đối chiếu", "nguồn thứ cấp", "matt ", "bản crawl", "theo bài trích dẫn",
              "theo trang", "công bố TTHC của một tỉnh",
              "chưa được đối chiếu", "giả định")
    for proc in kb.procedures.values():
        for day in (dt.date(2026, 11, 23), dt.date(2027, 1, 1)):
            text = compose(proc, [OVERVIEW, DOCUMENTS, FEE, TIME, WHERE, ONLINE], day, None, kb.procedures).text
            for trail in trails:
                assert trail not in text, (proc.id, trail)
            for note in proc.staff_notes:
                assert note not in text, proc.id


def test_deadlines_and_validity_beyond_the_five_aspects(kb: KnowledgeBase) -> None:
    birth = compose(kb.get("khai_sinh"), [TIME], dt.date(2026, 11, 23)).text
    assert "Hạn bạn phải làm: Cha hoặc mẹ đi đăng ký khai sinh trong 60 ngày kể từ ngày sinh con" in birth
    assert "Hộ tịch 2014, Điều 15 khoản 1" in birth  # its legal basis in the footer
    passport = compose(kb.get("ho_chieu"), [OVERVIEW], dt.date(2026, 11, 23)).text
    assert "Giá trị của kết quả: Hộ chiếu có giá trị 10 năm" in passport
    permit = compose(kb.get("giay_phep_xay_dung"), [TIME], dt.date(2026, 11, 23)).text
    assert "Phải khởi công trong 12 tháng" in permit and "7 ngày làm việc" in permit


@pytest.mark.parametrize("day", [dt.date(2026, 11, 23), dt.date(2027, 1, 1)])
def test_overview_and_fee_answer_show_the_same_waiver(kb: KnowledgeBase, day: dt.date) -> None:
    """One fact, one rule: the TT 117/2026 waiver for "công dân số" is in the overview card and the fee answer."""
    checked = 0
    for proc in kb.procedures.values():
        if not any("117/2026" in f.legal_basis and f.kind.value == "exemption" for f in proc.fees):
            continue
        fee = compose(proc, [FEE], day).text
        overview = compose(proc, [OVERVIEW], day, related=kb.procedures).text
        waiver = next(line for line in fee.splitlines() if line.startswith("Miễn phí đến hết 28/02/2027 cho công dân số"))
        assert waiver in overview, proc.id
        checked += 1
    assert checked >= 10


def test_where_answer_names_the_procedure_it_read(kb: KnowledgeBase) -> None:
    # "căn cước bị gãy, làm lại ở đâu": the citizen sees that the answer is about the re-issue
    proc = kb.get("can_cuoc_cap_lai")
    reply = compose(proc, [WHERE], dt.date(2026, 11, 30))
    first = reply.text.splitlines()[0]
    assert first.startswith(f"Nơi nộp hồ sơ {proc.name[0].lower()}{proc.name[1:]}: "), first
    assert " :" not in first
