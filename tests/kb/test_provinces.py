"""The 34 provinces: the list is validated, and free text (old names, no diacritics, typos) resolves to one."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from procedures_kb.exceptions import KBValidationError
from procedures_kb.provinces import (
    COMMON_PROVINCES,
    PROVINCES_PATH,
    ProvinceDirectory,
    default_directory,
    load_provinces,
)
from procedures_kb.repository import KnowledgeBase


def test_packaged_list_has_34_units_with_ascii_ids() -> None:
    provinces = load_provinces()
    assert len(provinces) == 34
    assert all(p.id.isascii() and p.id == p.id.lower() for p in provinces)
    merged = [p for p in provinces if p.former]
    assert len(merged) == 23 and sum(len(p.former) for p in merged) == 29  # 63 → 34 units
    assert all(default_directory().get(pid) is not None for pid in COMMON_PROVINCES)


@pytest.mark.parametrize(
    ("text", "expected", "former"),
    [
        ("Hà Nội", "ha_noi", None),
        ("ha noi", "ha_noi", None),
        ("hn", "ha_noi", None),
        ("hanoi", "ha_noi", None),
        ("tp hcm", "ho_chi_minh", None),
        ("TP.HCM", "ho_chi_minh", None),
        ("tphcm", "ho_chi_minh", None),
        ("hcm", "ho_chi_minh", None),
        ("sg", "ho_chi_minh", None),
        ("Sài Gòn ạ", "ho_chi_minh", None),
        ("mình ở Bình Dương", "ho_chi_minh", "Bình Dương"),
        ("binh duong cu", "ho_chi_minh", "Bình Dương"),
        ("Bà Rịa – Vũng Tàu", "ho_chi_minh", "Bà Rịa – Vũng Tàu"),
        ("Hà Giang", "tuyen_quang", "Hà Giang"),
        ("ha giang", "tuyen_quang", "Hà Giang"),
        ("Quảng Nam", "da_nang", "Quảng Nam"),
        ("nam dinh", "ninh_binh", "Nam Định"),
        ("Hòa Bình", "phu_tho", "Hòa Bình"),
        ("hoà bình", "phu_tho", "Hòa Bình"),
        ("Kon Tum", "quang_ngai", "Kon Tum"),
        ("kiên giang", "an_giang", "Kiên Giang"),
        ("Thừa Thiên Huế", "hue", None),
        ("Đắk Lắk", "dak_lak", None),
        ("dac lac", "dak_lak", None),
        ("Thanh Hoá", "thanh_hoa", None),
        ("tỉnh Cà Mau", "ca_mau", None),
        ("thành phố Cần Thơ", "can_tho", None),
        ("da nag", "da_nang", None),
        ("sai gong", "ho_chi_minh", None),
        ("ha noii", "ha_noi", None),
        ("bac can", "thai_nguyen", "Bắc Kạn"),
    ],
)
def test_reply_resolves(text: str, expected: str, former: str | None) -> None:
    match = default_directory().resolve_reply(text)
    assert match is not None, text
    assert match.province.id == expected
    assert match.former == former


@pytest.mark.parametrize("text", ["", "xin chào", "cảm ơn", "không biết", "tp", "thành phố", "tỉnh khác",
                                  "Hà Nội hay Hải Phòng", "quận 3", "ok", "😀"])
def test_reply_that_names_no_single_province(text: str) -> None:
    assert default_directory().resolve_reply(text) is None


def test_find_in_a_question_is_exact_only() -> None:
    directory = default_directory()
    found = directory.find("lệ phí hộ kinh doanh ở đà nẵng bao nhiêu")
    assert found is not None and found.province.id == "da_nang"
    assert directory.find("lệ phí hộ kinh doanh ở da nag") is None  # typos only in a reply to our question
    assert directory.find("làm hộ chiếu hết bao nhiêu") is None


def test_labels_for_buttons() -> None:
    directory = default_directory()
    assert [directory.get(p).label for p in COMMON_PROVINCES] == [  # type: ignore[union-attr]
        "Hà Nội", "TP. Hồ Chí Minh", "Đà Nẵng", "Hải Phòng"]
    assert directory.get("nowhere") is None and directory.get(None) is None


def _write(tmp_path: Path, provinces: list[dict]) -> Path:
    path = tmp_path / "provinces.yml"
    path.write_text(yaml.safe_dump({"provinces": provinces}, allow_unicode=True), encoding="utf-8")
    return path


def _packaged() -> list[dict]:
    return yaml.safe_load(PROVINCES_PATH.read_text(encoding="utf-8"))["provinces"]


@pytest.mark.parametrize(
    ("mutate", "field", "needle"),
    [
        (lambda ps: ps.pop(), "provinces", "expected 34"),
        (lambda ps: ps[3].update(id="Lai-Chau"), "provinces[3].id", "pattern"),
        (lambda ps: ps[5].update(id=ps[4]["id"]), "provinces[5].id", "duplicate"),
        (lambda ps: ps[7]["aliases"].append("hà nội"), "provinces[7]", "also names province 'ha_noi'"),
        (lambda ps: ps[20]["former"].append("Hà Giang"), "provinces[20]", "also names province"),
        (lambda ps: ps[0].update(capital="x"), "provinces[0].capital", "Extra inputs"),
    ],
)
def test_bad_province_file_is_refused(tmp_path: Path, mutate, field: str, needle: str) -> None:
    provinces = _packaged()
    mutate(provinces)
    with pytest.raises(KBValidationError) as err:
        load_provinces(_write(tmp_path, provinces))
    assert err.value.file == "provinces.yml" and err.value.field == field, str(err.value)
    assert needle in err.value.message


def test_directory_from_a_custom_list() -> None:
    directory = ProvinceDirectory(load_provinces())
    assert len(directory) == 34 and len(list(directory)) == 34


def test_a_province_reply_never_names_a_procedure(kb: KnowledgeBase) -> None:
    """Otherwise "Hà Nội" after the province question would be taken for a new procedure question."""
    for province in load_provinces():
        for text in (province.name, province.label, *province.aliases, *province.former, f"mình ở {province.label} ạ"):
            assert kb.resolver.resolve(text) is None, text
