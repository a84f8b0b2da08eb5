"""The loader upserts the catalogue idempotently and the repository reads it back."""

from __future__ import annotations

import shutil
from pathlib import Path

import yaml
from sqlalchemy import Engine, func, select
from sqlalchemy.orm import Session

from procedures_kb.catalogue import DATA_DIR
from procedures_kb.loader import load_into_database
from procedures_kb.models import AliasRow, FeeRow, ProcedureRow
from procedures_kb.repository import KnowledgeBase


def test_load_is_idempotent_and_complete(engine: Engine, catalogue: list) -> None:
    first = load_into_database(engine)
    assert len(first.inserted) == len(catalogue)
    second = load_into_database(engine)
    assert second.inserted == [] and second.updated == []
    assert len(second.unchanged) == len(catalogue)
    with Session(engine) as session:
        assert session.scalar(select(func.count()).select_from(ProcedureRow)) == len(catalogue)
        fees = session.scalars(select(FeeRow).where(FeeRow.procedure_id == "ho_chieu")).all()
        assert any(f.amount_vnd == 100000 and f.kind == "reduction" for f in fees)
        folded = session.scalars(select(AliasRow.folded).where(AliasRow.procedure_id == "ho_chieu")).all()
        assert "ho chieu" in folded
        kb = KnowledgeBase.from_session(session)
    assert kb.get("ho_chieu").name.startswith("Cấp hộ chiếu")


def test_changed_file_updates_and_removed_file_deletes(engine: Engine, tmp_path: Path) -> None:
    for name in ("ho_chieu.yml", "can_cuoc_cap_doi.yml"):
        shutil.copy(DATA_DIR / name, tmp_path / name)
    load_into_database(engine, tmp_path)
    data = yaml.safe_load((tmp_path / "ho_chieu.yml").read_text(encoding="utf-8"))
    data["summary"] = "Tóm tắt đã sửa để kiểm tra cập nhật."
    (tmp_path / "ho_chieu.yml").write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    (tmp_path / "can_cuoc_cap_doi.yml").unlink()
    report = load_into_database(engine, tmp_path)
    assert report.updated == ["ho_chieu"] and report.removed == ["can_cuoc_cap_doi"]
    with Session(engine) as session:
        kb = KnowledgeBase.from_session(session)
    assert kb.get("ho_chieu").summary == "Tóm tắt đã sửa để kiểm tra cập nhật."
    assert "can_cuoc_cap_doi" not in kb.procedures


def test_amounts_left_to_provinces_are_stored_as_null(engine: Engine) -> None:
    load_into_database(engine)
    with Session(engine) as session:
        fees = session.scalars(select(FeeRow).where(FeeRow.procedure_id == "khai_sinh")).all()
        kb = KnowledgeBase.from_session(session)
    late = [f for f in fees if f.case == "Đăng ký khai sinh quá hạn"]
    assert {(f.province, f.amount_vnd, f.kind) for f in late} == {
        (None, None, "regular"), ("ha_noi", 5000, "regular"), (None, 0, "exemption")}
    assert kb.get("khai_sinh").fees[1].amount_vnd is None
