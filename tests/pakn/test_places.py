"""Places of a PAKN: provinces after 1/7/2025 (current, former, abbreviated names) and communes."""

from __future__ import annotations

import pytest

from pakn.places import clean_text, extract_commune, match_province, provinces_available


@pytest.mark.parametrize(("text", "pid", "former"), [
    ("Hà Nội", "ha_noi", None),
    ("ha noi", "ha_noi", None),
    ("tp hcm", "ho_chi_minh", None),
    ("Sài Gòn", "ho_chi_minh", None),
    ("phường Bến Nghé, Thành phố Hồ Chí Minh", "ho_chi_minh", None),
    ("Bình Dương", "ho_chi_minh", "Bình Dương"),
    ("tỉnh Nam Định cũ", "ninh_binh", "Nam Định"),
    ("dak nong", "lam_dong", "Đắk Nông"),
])
def test_match_province(text: str, pid: str, former: str | None) -> None:
    assert provinces_available()
    found = match_province(text)
    assert found is not None
    assert (found.id, found.former) == (pid, former)


def test_unknown_or_ambiguous_place() -> None:
    assert match_province("Paris") is None
    assert match_province("không") is None
    assert match_province("Hà Nội hoặc Đà Nẵng") is None


def test_extract_commune_and_clean_text() -> None:
    assert extract_commune("phường Bến Nghé, TP HCM") == "Phường Bến Nghé"
    assert extract_commune("Xã Tân Lập; tỉnh X") == "Xã Tân Lập"
    assert extract_commune("Hà Nội") is None
    assert clean_text("  Nguyễn\tVăn \x00 An  ", 50) == "Nguyễn Văn An"
