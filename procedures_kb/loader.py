"""Idempotent upsert of the validated YAML catalogue into the database."""

from __future__ import annotations

import hashlib
import json
import logging
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import Engine, delete, select

from common.db import make_session_factory, session_scope
from procedures_kb.catalogue import DATA_DIR, load_catalogue
from procedures_kb.exceptions import KBValidationError
from procedures_kb.models import AliasRow, CodeRow, FeeRow, ProcedureRow
from procedures_kb.schema import Procedure
from vi_text.text import normalize

logger = logging.getLogger(__name__)


@dataclass
class LoadReport:
    """What a load changed."""

    inserted: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    errors: list[KBValidationError] = field(default_factory=list)


def content_hash(procedure: Procedure) -> str:
    """Stable hash of a procedure's validated content."""
    data = json.dumps(procedure.model_dump(mode="json"), sort_keys=True, ensure_ascii=False)
    return hashlib.sha256(data.encode("utf-8")).hexdigest()


def _children(procedure: Procedure) -> tuple[list[AliasRow], list[CodeRow], list[FeeRow]]:
    names = [(procedure.name, "name")] + [(a, "alias") for a in procedure.aliases]
    names += [(a, "abbreviation") for a in procedure.abbreviations]
    names += [(c.code, "code") for c in procedure.codes]
    aliases = [AliasRow(alias=a, folded=normalize(a), kind=k) for a, k in names]
    codes = [CodeRow(code=c.code, level=c.level.value, status=c.status) for c in procedure.codes]
    fees = [
        FeeRow(case=f.case, amount_vnd=f.amount_vnd, kind=f.kind.value, province=f.province,
               valid_from=f.valid_from, valid_to=f.valid_to, legal_basis=f.legal_basis,
               confidence=f.confidence.value)
        for f in procedure.fees
    ]
    return aliases, codes, fees


def _apply(row: ProcedureRow, procedure: Procedure, digest: str) -> None:
    row.name = procedure.name
    row.category = procedure.category
    row.agency_level = procedure.agency.level.value
    row.group_id = procedure.group
    row.confidence = procedure.confidence.value
    row.last_verified = procedure.last_verified
    row.online_url = procedure.online_url
    row.official_page_url = procedure.official_page_url
    row.payload = procedure.model_dump(mode="json")
    row.content_hash = digest
    row.aliases, row.codes, row.fees = _children(procedure)


def load_into_database(engine: Engine, directory: Path = DATA_DIR, *, partial: bool = False) -> LoadReport:
    """Validate the catalogue and upsert it in one transaction; remove procedures no longer present.

    Raises KBCatalogueError on any invalid file unless `partial` is set, in which case the valid
    files are loaded, invalid ones reported and existing rows for them left untouched.
    """
    procedures, errors = load_catalogue(directory, partial=partial)
    report = LoadReport(errors=errors)
    failed_ids = {e.file.removesuffix(".yml") for e in errors}
    factory = make_session_factory(engine)
    with session_scope(factory) as session:
        existing = {row.id: row for row in session.scalars(select(ProcedureRow))}
        for procedure in procedures:
            digest = content_hash(procedure)
            row = existing.get(procedure.id)
            if row is None:
                row = ProcedureRow(id=procedure.id)
                _apply(row, procedure, digest)
                session.add(row)
                report.inserted.append(procedure.id)
            elif row.content_hash != digest:
                _apply(row, procedure, digest)
                report.updated.append(procedure.id)
            else:
                report.unchanged.append(procedure.id)
        present = {p.id for p in procedures} | failed_ids
        for stale in sorted(set(existing) - present):
            session.execute(delete(ProcedureRow).where(ProcedureRow.id == stale))
            report.removed.append(stale)
    logger.info("KB load: %d inserted, %d updated, %d unchanged, %d removed, %d invalid",
                len(report.inserted), len(report.updated), len(report.unchanged),
                len(report.removed), len(report.errors))
    return report
