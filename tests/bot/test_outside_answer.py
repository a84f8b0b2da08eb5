"""The honest answer for procedures outside the catalogue: named, who handles it, where to look, no card."""

from __future__ import annotations

from bot.outside_answer import PORTAL_SEARCH_URL, STAFF_BUTTON, outside_reply
from procedures_kb.catalogue_index import CatalogueIndex, default_index


def test_index_entry_is_named_with_its_agency_code_and_page() -> None:
    index = default_index()
    entry = next(e for e in index.entries if e.code and e.official_page_url)
    reply = outside_reply(entry.id, index)
    assert entry.name in reply.text and entry.code in reply.text and entry.official_page_url in reply.text
    assert "chưa có trong dữ liệu đã kiểm chứng" in reply.text
    assert "Lệ phí hôm nay" not in reply.text and "Hồ sơ" not in reply.text.split("\n")[0][:20]
    assert reply.buttons == [STAFF_BUTTON]


def test_not_one_stop_matter_says_where_to_go() -> None:
    index = default_index()
    divorce = index.find("ly_hon")
    assert divorce is not None
    reply = outside_reply("ly_hon", index)
    assert "không phải thủ tục làm tại bộ phận một cửa" in reply.text and "Tòa án" in reply.text


def test_unknown_entry_still_points_to_the_national_portal_and_staff() -> None:
    reply = outside_reply("khong_co_trong_chi_muc", CatalogueIndex(source=[], entries=[], not_one_stop=[]))
    assert PORTAL_SEARCH_URL in reply.text and "18001096" in reply.text
    assert reply.buttons == [STAFF_BUTTON]


def test_civil_status_abroad_sends_the_citizen_to_the_embassy() -> None:
    reply = outside_reply("ho_tich_o_nuoc_ngoai", default_index())
    first = reply.text.split(". ")[0]
    assert "Cơ quan đại diện" in first and "không phải thủ tục" not in reply.text
    assert "Đại sứ quán" in reply.text and reply.buttons == [STAFF_BUTTON]
