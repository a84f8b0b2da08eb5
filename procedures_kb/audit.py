"""Freshness and integrity audit of the catalogue: stale entries, weak facts, fee periods, legal bases."""

from __future__ import annotations

import datetime as dt
import json
import re
from collections import defaultdict
from dataclasses import asdict, dataclass, field
from enum import Enum
from pathlib import Path

from procedures_kb.catalogue import DATA_DIR, load_catalogue
from procedures_kb.exceptions import KBCatalogueError
from procedures_kb.labels import vn_date
from procedures_kb.provinces import PROVINCES_PATH
from procedures_kb.schema import Confidence, Fee, FeeKind, Procedure

DEFAULT_MAX_AGE_DAYS = 180
ENDING_SOON = dt.timedelta(days=60)
KEEP_ENDED = dt.timedelta(days=366)  # answers mention an ended reduction or exemption for a year
# A legal basis must name an instrument (law, decree, circular, resolution, decision…).
LEGAL_TEXT_RE = re.compile(
    r"\b(Hiến pháp|Bộ luật|Luật|Pháp lệnh|Nghị định|Nghị quyết|Thông tư|Quyết định|Chỉ thị|Công văn|"
    r"NĐ-CP|TT-[A-Z]+|QĐ-[A-Z]+|NQ-[A-Z]+)",
)


class Severity(str, Enum):
    """Errors fail the audit; warnings fail it with --strict; notes are for review only."""

    error = "error"
    warning = "warning"
    note = "note"


@dataclass(frozen=True)
class Finding:
    """One thing the audit found, with the file and field it is about."""

    severity: Severity
    check: str
    file: str
    field: str
    message: str


@dataclass
class AuditReport:
    """Every finding of one audit run."""

    today: dt.date
    max_age_days: int
    procedures: int = 0
    findings: list[Finding] = field(default_factory=list)

    def add(self, severity: Severity, check: str, file: str, where: str, message: str) -> None:
        """Record a finding."""
        self.findings.append(Finding(severity, check, file, where, message))

    def of(self, severity: Severity) -> list[Finding]:
        """The findings of one severity, in the order found."""
        return [f for f in self.findings if f.severity == severity]

    def exit_code(self, strict: bool = False) -> int:
        """0 when clean, 1 on errors (or, when strict, on warnings too)."""
        if self.of(Severity.error) or (strict and self.of(Severity.warning)):
            return 1
        return 0

    def render_text(self) -> str:
        """A report for people: errors, warnings, then notes."""
        lines = [f"KB audit of {self.procedures} procedure file(s) on {vn_date(self.today)} "
                 f"(entries older than {self.max_age_days} days are stale)."]
        titles = {Severity.error: "ERRORS", Severity.warning: "WARNINGS", Severity.note: "NOTES (review)"}
        for severity, title in titles.items():
            found = self.of(severity)
            lines.append(f"\n{title}: {len(found)}")
            lines.extend(f"  [{f.check}] {f.file} {f.field}: {f.message}" for f in found)
        lines.append(f"\n{len(self.of(Severity.error))} error(s), {len(self.of(Severity.warning))} warning(s), "
                     f"{len(self.of(Severity.note))} note(s).")
        return "\n".join(lines)

    def render_json(self) -> str:
        """The same report as JSON for tools."""
        data = {
            "today": self.today.isoformat(),
            "max_age_days": self.max_age_days,
            "procedures": self.procedures,
            "counts": {s.value: len(self.of(s)) for s in Severity},
            "findings": [{**asdict(f), "severity": f.severity.value} for f in self.findings],
        }
        return json.dumps(data, ensure_ascii=False, indent=2)


def _check_dates(report: AuditReport, proc: Procedure, name: str) -> None:
    """Stale or future `last_verified`, sources retrieved in the future."""
    age = (report.today - proc.last_verified).days
    if age < 0:
        report.add(Severity.error, "future_date", name, "last_verified",
                   f"{vn_date(proc.last_verified)} is after today")
    elif age > report.max_age_days:
        report.add(Severity.warning, "stale", name, "last_verified",
                   f"last verified {vn_date(proc.last_verified)}, {age} days ago (limit {report.max_age_days})")
    for i, src in enumerate(proc.sources):
        if src.retrieved > report.today:
            report.add(Severity.error, "future_date", name, f"sources[{i}].retrieved",
                       f"{vn_date(src.retrieved)} is after today")


def _check_confidence(report: AuditReport, proc: Procedure, name: str) -> None:
    """Every fact below high confidence, for review."""
    facts: list[tuple[str, Confidence, str]] = [("confidence", proc.confidence, "procedure as a whole")]
    facts += [(f"documents[{i}]", d.confidence, d.name) for i, d in enumerate(proc.documents)]
    facts += [(f"fees[{i}]", f.confidence, f.case) for i, f in enumerate(proc.fees)]
    facts += [(f"processing_times[{i}]", t.confidence, t.condition or t.unit.value)
              for i, t in enumerate(proc.processing_times)]
    for where, confidence, what in facts:
        if confidence != Confidence.high:
            report.add(Severity.note, "confidence", name, where, f"{confidence.value}: {what[:90]}")


def _check_legal_bases(report: AuditReport, proc: Procedure, name: str) -> None:
    """Fees and times whose legal basis names no legal instrument."""
    cited = [(f"fees[{i}].legal_basis", f.legal_basis) for i, f in enumerate(proc.fees)]
    cited += [(f"processing_times[{i}].legal_basis", t.legal_basis) for i, t in enumerate(proc.processing_times)]
    for where, text in cited:
        if not LEGAL_TEXT_RE.search(text):
            report.add(Severity.warning, "legal_basis", name, where, f"does not name a legal text: {text[:90]!r}")


def _fee_ref(i: int, fee: Fee) -> str:
    """'fees[3] (ha_noi)': where a fee sits in its file."""
    return f"fees[{i}]" + (f" ({fee.province})" if fee.province else "")


def _check_fee_periods(report: AuditReport, proc: Procedure, name: str) -> None:
    """Ended and ending periods, cases with nothing in force, missing regular fees or national defaults."""
    today = report.today
    by_case: dict[tuple[str | None, str], list[tuple[int, Fee]]] = defaultdict(list)
    for i, fee in enumerate(proc.fees):
        by_case[(fee.province, fee.case)].append((i, fee))
        if fee.expired(today) and fee.valid_to is not None:
            old = today - fee.valid_to > KEEP_ENDED
            report.add(Severity.warning if old else Severity.note, "expired", name, _fee_ref(i, fee),
                       f"{fee.kind.value} '{fee.case}' ended on {vn_date(fee.valid_to)}"
                       + ("; remove it" if old else "; answers still mention that it ended"))
        elif fee.valid_to is not None and fee.in_force(today) and fee.valid_to - today <= ENDING_SOON:
            report.add(Severity.note, "ending_soon", name, _fee_ref(i, fee),
                       f"{fee.kind.value} '{fee.case}' ends on {vn_date(fee.valid_to)} "
                       f"(in {(fee.valid_to - today).days} days)")
    for (province, case), items in by_case.items():
        fees = [f for _, f in items]
        if not any(f.in_force(today) for f in fees) and all(f.expired(today) for f in fees):
            i = items[0][0]
            report.add(Severity.error, "no_fee_in_force", name, f"fees[{i}]",
                       f"every entry of case '{case}'{f' ({province})' if province else ''} has ended: "
                       "add the fee now in force or remove the case")
        national_regular = any(g.kind == FeeKind.regular and g.province is None and fees[0].refines(g.case)
                               for g in proc.fees)
        if not any(f.kind == FeeKind.regular for f in fees) and not national_regular:
            report.add(Severity.warning, "no_regular_fee", name, f"fees[{items[0][0]}]",
                       f"case '{case}' has reductions or exemptions but no regular fee")
        if province is not None and not any(f.province is None and fees[0].refines(f.case) for f in proc.fees):
            report.add(Severity.warning, "no_national_default", name, f"fees[{items[0][0]}] ({province})",
                       f"case '{case}' has no national entry: other provinces get no answer for it")


def audit_catalogue(
    directory: Path = DATA_DIR,
    today: dt.date | None = None,
    max_age_days: int = DEFAULT_MAX_AGE_DAYS,
    provinces_path: Path = PROVINCES_PATH,
) -> AuditReport:
    """Audit every procedure file as of `today` (default: the system date)."""
    report = AuditReport(today=today or dt.date.today(), max_age_days=max_age_days)
    try:
        procedures, errors = load_catalogue(directory, partial=True, provinces_path=provinces_path)
    except KBCatalogueError as exc:
        for err in exc.errors:
            report.add(Severity.error, "invalid", err.file, err.field, err.message)
        return report
    for err in errors:
        report.add(Severity.error, "invalid", err.file, err.field, err.message)
    report.procedures = len(procedures) + len({e.file for e in errors})
    for proc in procedures:
        name = f"{proc.id}.yml"
        _check_dates(report, proc, name)
        _check_legal_bases(report, proc, name)
        _check_fee_periods(report, proc, name)
        _check_confidence(report, proc, name)
    return report
