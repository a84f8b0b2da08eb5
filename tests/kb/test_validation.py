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
        (lambda d: d["fees"][1].pop("valid_to"), "fees[1]", "valid_to"),
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
