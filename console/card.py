"""The procedure card staff read to the citizen: every fact of the KB entry, fees and times in force
on a day in a province, in plain strings for the templates (which escape everything)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from procedures_kb.fees import (
    fee_depends_on_province,
    fee_period,
    fees_in_force,
    provinces_with_own_fees,
    times_in_force,
)
from procedures_kb.labels import (
    CHANNEL_LABEL,
    CONFIDENCE_LABEL,
    FORM_LABEL,
    LEVEL_LABEL,
    category_label,
    duration,
    money,
    vn_date,
)
from procedures_kb.provinces import Province
from procedures_kb.schema import Fee, Procedure


@dataclass(frozen=True)
class FeeLine:
    """One fee amount that applies (or recently ended) for a case."""

    label: str
    amount: str
    condition: str
    period: str
    legal_basis: str
    ended: bool = False


@dataclass(frozen=True)
class FeeCase:
    """A case (e.g. "cấp mới", "cấp lại") and its lines."""

    case: str
    lines: list[FeeLine]


@dataclass(frozen=True)
class DocLine:
    """One document to bring."""

    name: str
    form: str
    copies: int
    required: bool
    note: str


@dataclass(frozen=True)
class Card:
    """Everything shown on the card and the printed checklist."""

    procedure: Procedure
    day: dt.date
    province: Province | None
    category: str
    level: str
    documents: list[DocLine]
    fees: list[FeeCase]
    fee_depends_on_province: bool
    provinces_with_own_fees: list[str]
    times: list[str]
    channels: list[str]
    last_verified: str
    confidence: str

    @property
    def day_label(self) -> str:
        return vn_date(self.day)


def _line(label: str, fee: Fee, ended: bool = False) -> FeeLine:
    amount = "miễn" if label == "Miễn" else money(fee.amount_vnd)
    return FeeLine(label, amount, fee.condition or "", fee_period(fee), fee.legal_basis, ended)


def build_card(proc: Procedure, day: dt.date, province: Province | None) -> Card:
    """The card of `proc` as of `day`, with the province's own fees and times when one is chosen."""
    pid = province.id if province else None
    cases: list[FeeCase] = []
    for case in fees_in_force(proc, day, pid):
        lines = [_line("Mức thu", f) for f in case.regular[:1]]
        lines += [_line("Mức giảm", f) for f in case.reductions]
        lines += [_line("Miễn", f) for f in case.exemptions]
        lines += [_line("Đã hết hiệu lực", f, ended=True) for f in case.recently_ended]
        if lines:
            cases.append(FeeCase(case.case, lines))
    times = []
    for t in times_in_force(proc, pid):
        text = duration(t) + (f" ({t.condition})" if t.condition else "")
        times.append(text)
    return Card(
        procedure=proc, day=day, province=province, category=category_label(proc.category),
        level=LEVEL_LABEL[proc.agency.level],
        documents=[DocLine(d.name, FORM_LABEL[d.form], d.copies, d.required, d.note or "") for d in proc.documents],
        fees=cases, fee_depends_on_province=fee_depends_on_province(proc),
        provinces_with_own_fees=provinces_with_own_fees(proc), times=times,
        channels=[CHANNEL_LABEL[c] for c in proc.channels], last_verified=vn_date(proc.last_verified), confidence=CONFIDENCE_LABEL[proc.confidence],
    )
