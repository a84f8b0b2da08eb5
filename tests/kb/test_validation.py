"""The loader refuses bad procedure files and names the file and the field."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from procedures_kb.catalogue import DATA_DIR, load_catalogue, load_procedure_file
from procedures_kb.exceptions import KBCatalogueError, KBValidationError

GOOD = DATA_DIR / "ho_chieu.yml"


def _write(tmp_path: Path, name: str, data: object) -> Path:
    path = tmp_path / name
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return path


def _good() -> dict:
    return yaml.safe_load(GOOD.read_text(encoding="utf-8"))


def test_real_catalogue_is_valid(catalogue: list) -> None:
    assert len(catalogue) >= 10
    ids = {p.id for p in catalogue}
    for required in ("can_cuoc_14plus", "can_cuoc_cap_doi", "can_cuoc_cap_lai", "ho_chieu", "khai_sinh",
                     "ket_hon", "khai_tu", "thuong_tru", "tam_tru", "ly_lich_tu_phap",
                     "chung_thuc_ban_sao", "gplx_doi_cap_lai"):
        assert required in ids


@pytest.mark.parametrize(
    ("mutate", "field", "needle"),
    [
        (lambda d: d["fees"][0].update(amount_vnd="200.000"), "fees[0].amount_vnd", "integer number of VND"),
        (lambda d: d["fees"][0].update(amount_vnd=200000.5), "fees[0].amount_vnd", "integer"),
        (lambda d: d["fees"][0].pop("legal_basis"), "fees[0].legal_basis", "Field required"),
        (lambda d: d["processing_times"][0].update(unit="weeks"), "processing_times[0].unit", "working_days"),
        (lambda d: d.update(online_url="dichvucong gov vn"), "online_url", "URL"),
        (lambda d: d["sources"][0].update(url="ftp://x"), "sources[0].url", "URL"),
        (lambda d: d.pop("last_verified"), "last_verified", "Field required"),
        (lambda d: d.update(confidence="very high"), "confidence", "high"),
        (lambda d: d.update(unknown_field=1), "unknown_field", "Extra inputs"),
        (lambda d: d["fees"][1].update(valid_to="2025-06-30"), "fees[1]", "valid_to is before valid_from"),
        (lambda d: d["fees"][0].update(amount_vnd=None, condition=None), "fees[0]", "who sets the amount"),
        (lambda d: d["fees"][1].update(amount_vnd=None), "fees[1]", "only a regular fee"),
        (lambda d: d["fees"][2].update(amount_vnd=5000), "fees[2]", "exemption has amount_vnd 0"),
        (lambda d: d["fees"][0].pop("amount_vnd"), "fees[0].amount_vnd", "Field required"),
        (lambda d: d["fees"][0].update(province="Ha Noi"), "fees[0].province", "pattern"),
        (lambda d: d["processing_times"][0].update(unit="immediate"), "processing_times[0]", "no amount"),
        (lambda d: d["processing_times"][0].pop("amount"), "processing_times[0]", "amount is required"),
        (lambda d: d["processing_times"][0].pop("legal_basis"), "processing_times[0].legal_basis", "Field required"),
        (lambda d: d["channels"].append("fax"), "channels[4]", "phone"),
        (lambda d: d["documents"].clear(), "documents", "at least 1"),
    ],
)
def test_bad_field_is_named(tmp_path: Path, mutate, field: str, needle: str) -> None:
    data = _good()
    mutate(data)
    path = _write(tmp_path, "ho_chieu.yml", data)
    with pytest.raises(KBValidationError) as err:
        load_procedure_file(path)
    assert err.value.file == "ho_chieu.yml"
    assert err.value.field == field
    assert needle in err.value.message
    assert "ho_chieu.yml" in str(err.value) and field in str(err.value)


def test_id_must_match_file_name(tmp_path: Path) -> None:
    path = _write(tmp_path, "passport.yml", _good())
    with pytest.raises(KBValidationError, match="must equal the file name"):
        load_procedure_file(path)


def test_broken_yaml_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "ho_chieu.yml"
    path.write_text("id: ho_chieu\nname: [unclosed\n", encoding="utf-8")
    with pytest.raises(KBValidationError) as err:
        load_procedure_file(path)
    assert err.value.field == "(file)"


def test_catalogue_refuses_all_unless_partial(tmp_path: Path) -> None:
    _write(tmp_path, "ho_chieu.yml", _good())
    bad = _good()
    bad["id"] = "broken"
    bad["fees"][0]["amount_vnd"] = -5
    _write(tmp_path, "broken.yml", bad)
    with pytest.raises(KBCatalogueError) as err:
        load_catalogue(tmp_path)
    assert "broken.yml" in str(err.value) and "amount_vnd" in str(err.value)
    procedures, errors = load_catalogue(tmp_path, partial=True)
    assert [p.id for p in procedures] == ["ho_chieu"]
    assert errors[0].file == "broken.yml"


def test_permanent_exemption_and_amount_left_to_provinces_are_valid(tmp_path: Path) -> None:
    data = _good()
    data["fees"].append({"case": "Cấp mới hộ chiếu", "amount_vnd": 0, "kind": "exemption",
                         "condition": "Một nhóm được miễn (ví dụ kiểm thử).", "legal_basis": "Thông tư 25/2021/TT-BTC",
                         "confidence": "medium"})
    data["fees"].append({"case": "Một khoản do tỉnh quy định", "amount_vnd": None, "kind": "regular",
                         "condition": "Mức do HĐND cấp tỉnh quy định.", "legal_basis": "Thông tư 85/2019/TT-BTC",
                         "confidence": "medium"})
    proc = load_procedure_file(_write(tmp_path, "ho_chieu.yml", data))
    assert proc.fees[-2].valid_to is None and proc.fees[-1].amount_vnd is None and not proc.fees[-1].fixed


def _catalogue_dir(tmp_path: Path, *names: str) -> Path:
    for name in names:
        (tmp_path / name).write_text((DATA_DIR / name).read_text(encoding="utf-8"), encoding="utf-8")
    return tmp_path


def test_unknown_province_is_refused_with_file_and_field(tmp_path: Path) -> None:
    data = _good()
    data["fees"][0]["province"] = "ha_tay"
    _write(tmp_path, "ho_chieu.yml", data)
    with pytest.raises(KBCatalogueError) as err:
        load_catalogue(tmp_path)
    first = err.value.errors[0]
    assert (first.file, first.field) == ("ho_chieu.yml", "fees[0].province")
    assert "unknown province id 'ha_tay'" in first.message
    procedures, errors = load_catalogue(tmp_path, partial=True)
    assert procedures == [] and len(errors) == 1


def test_group_links_must_agree(tmp_path: Path) -> None:
    _catalogue_dir(tmp_path, "lien_thong_khai_tu.yml", "khai_tu.yml", "xoa_thuong_tru.yml")
    assert len(load_catalogue(tmp_path)[0]) == 3
    member = yaml.safe_load((tmp_path / "khai_tu.yml").read_text(encoding="utf-8"))
    member["group"] = None
    _write(tmp_path, "khai_tu.yml", member)
    with pytest.raises(KBCatalogueError) as err:
        load_catalogue(tmp_path)
    assert any(e.file == "lien_thong_khai_tu.yml" and e.field == "group_members" and "'khai_tu'" in e.message
               for e in err.value.errors)


def test_member_of_an_unknown_group_is_refused(tmp_path: Path) -> None:
    _catalogue_dir(tmp_path, "khai_tu.yml")
    with pytest.raises(KBCatalogueError, match="'lien_thong_khai_tu' is not a procedure group"):
        load_catalogue(tmp_path)


def test_broken_province_list_refuses_even_a_partial_load(tmp_path: Path) -> None:
    bad = tmp_path / "provinces.yml"
    bad.write_text("provinces: []\n", encoding="utf-8")
    with pytest.raises(KBCatalogueError, match="expected 34 provinces"):
        load_catalogue(DATA_DIR, partial=True, provinces_path=bad)
