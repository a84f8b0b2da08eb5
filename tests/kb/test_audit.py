"""`python -m procedures_kb audit`: stale entries, weak facts, fee periods, legal bases; exit codes for CI."""

from __future__ import annotations

import datetime as dt
import json
import shutil
from pathlib import Path

import pytest
import yaml

from procedures_kb.audit import Severity, audit_catalogue
from procedures_kb.catalogue import DATA_DIR
from procedures_kb.cli import main

TODAY = dt.date(2026, 11, 23)


def _copy(tmp_path: Path, *names: str) -> Path:
    for name in names:
        shutil.copy(DATA_DIR / name, tmp_path / name)
    return tmp_path


def _edit(path: Path, change) -> None:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    change(data)
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")


def _checks(report, severity: Severity) -> set[tuple[str, str, str]]:
    return {(f.check, f.file, f.field) for f in report.of(severity)}


def test_real_catalogue_has_no_errors() -> None:
    report = audit_catalogue(today=dt.date(2026, 11, 30))  # the last verification day of the catalogue
    assert report.procedures == len(list(DATA_DIR.glob("*.yml")))
    assert report.of(Severity.error) == [], report.render_text()
    assert report.exit_code() == 0
    notes = _checks(report, Severity.note)
    assert ("ending_soon", "ho_chieu.yml", "fees[1]") in notes  # TT 64/2025 ends 31/12/2026
    assert any(check == "confidence" for check, _, _ in notes)


def test_clean_catalogue_exits_zero(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    _copy(tmp_path, "ket_hon.yml")
    assert main(["audit", "--dir", str(tmp_path), "--today", "2026-11-23"]) == 0
    assert "0 error(s)" in capsys.readouterr().out


def test_invalid_file_fails(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    _copy(tmp_path, "ket_hon.yml", "ho_chieu.yml")
    _edit(tmp_path / "ho_chieu.yml", lambda d: d["fees"][0].update(amount_vnd="200.000"))
    assert main(["audit", "--dir", str(tmp_path), "--today", "2026-11-23"]) == 1
    out = capsys.readouterr().out
    assert "[invalid] ho_chieu.yml fees[0].amount_vnd" in out


def test_stale_entry_is_a_warning_and_fails_only_when_strict(tmp_path: Path) -> None:
    _copy(tmp_path, "ket_hon.yml")
    _edit(tmp_path / "ket_hon.yml", lambda d: d.update(last_verified="2026-01-10"))
    args = ["audit", "--dir", str(tmp_path), "--today", "2026-11-23"]
    assert main([*args, "--max-age-days", "400"]) == 0
    assert main(args) == 0
    assert main([*args, "--strict"]) == 1
    report = audit_catalogue(tmp_path, today=TODAY, max_age_days=180)
    assert ("stale", "ket_hon.yml", "last_verified") in _checks(report, Severity.warning)


def test_fee_periods_around_their_end(tmp_path: Path) -> None:
    _copy(tmp_path, "ho_chieu.yml")
    on_last_day = audit_catalogue(tmp_path, today=dt.date(2026, 12, 31))
    next_day = audit_catalogue(tmp_path, today=dt.date(2027, 1, 1))
    year_later = audit_catalogue(tmp_path, today=dt.date(2028, 1, 3))
    assert ("ending_soon", "ho_chieu.yml", "fees[1]") in _checks(on_last_day, Severity.note)
    assert ("expired", "ho_chieu.yml", "fees[1]") in _checks(next_day, Severity.note)
    assert ("expired", "ho_chieu.yml", "fees[1]") in _checks(year_later, Severity.warning)
    assert next_day.exit_code() == 0


def test_case_with_nothing_in_force_is_an_error(tmp_path: Path) -> None:
    _copy(tmp_path, "ho_chieu.yml")
    _edit(tmp_path / "ho_chieu.yml", lambda d: d["fees"][0].update(valid_to="2026-06-30"))
    report = audit_catalogue(tmp_path, today=TODAY)
    assert ("no_fee_in_force", "ho_chieu.yml", "fees[0]") not in _checks(report, Severity.error)  # reduction left
    _edit(tmp_path / "ho_chieu.yml", lambda d: [f.update(valid_to="2026-06-30", valid_from=None)
                                                 for f in d["fees"] if f["case"] == "Cấp mới hộ chiếu"])
    report = audit_catalogue(tmp_path, today=TODAY)
    assert ("no_fee_in_force", "ho_chieu.yml", "fees[0]") in _checks(report, Severity.error)
    assert report.exit_code() == 1


def test_fee_without_a_legal_text_and_province_without_default(tmp_path: Path) -> None:
    _copy(tmp_path, "ket_hon.yml")
    _edit(tmp_path / "ket_hon.yml", lambda d: d["fees"].extend([
        {"case": "Khoản thử", "amount_vnd": 1000, "legal_basis": "theo cán bộ xã", "confidence": "low"},
        {"case": "Khoản riêng của tỉnh", "amount_vnd": 2000, "province": "ca_mau",
         "legal_basis": "Nghị quyết HĐND tỉnh Cà Mau", "confidence": "low"},
    ]))
    report = audit_catalogue(tmp_path, today=TODAY)
    warnings = _checks(report, Severity.warning)
    assert ("legal_basis", "ket_hon.yml", "fees[1].legal_basis") in warnings
    assert ("no_national_default", "ket_hon.yml", "fees[2] (ca_mau)") in warnings
    assert ("confidence", "ket_hon.yml", "fees[1]") in _checks(report, Severity.note)


def test_future_verification_date_is_an_error(tmp_path: Path) -> None:
    _copy(tmp_path, "ket_hon.yml")
    _edit(tmp_path / "ket_hon.yml", lambda d: d.update(last_verified="2027-05-01"))
    assert audit_catalogue(tmp_path, today=TODAY).exit_code() == 1


def test_json_report(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    _copy(tmp_path, "ket_hon.yml")
    assert main(["audit", "--dir", str(tmp_path), "--today", "2026-11-23", "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["counts"]["error"] == 0 and data["procedures"] == 1
