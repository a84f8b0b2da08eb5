"""Fees and processing times in force for a date and a province: KB rules shared by answers, export, audit.

A province's own regular fee in force replaces the national regular fee and reduction of the case it
refines ("<case>" or "<case> – …"); exemptions always stay. Processing times are the national ones
plus the province's own.
"""

from __future__ import annotations

import datetime as dt
from collections import OrderedDict
from dataclasses import dataclass, field

from procedures_kb.labels import vn_date
from procedures_kb.schema import Fee, FeeKind, Procedure, ProcessingTime

# An ended reduction or exemption is still mentioned for this long, so nobody relies on old news.
RECENTLY_ENDED = dt.timedelta(days=366)


@dataclass(frozen=True)
class CaseFees:
    """The fees of one case on one day: regular fees in force (newest first), reductions and
    exemptions in force, and reductions or exemptions that ended recently."""

    case: str
    regular: list[Fee] = field(default_factory=list)
    reductions: list[Fee] = field(default_factory=list)
    exemptions: list[Fee] = field(default_factory=list)
    recently_ended: list[Fee] = field(default_factory=list)

    @property
    def any_in_force(self) -> bool:
        """Whether something of this case applies on the day."""
        return bool(self.regular or self.reductions or self.exemptions)

    @property
    def lowest_reduction(self) -> Fee | None:
        """The reduced fee in force with the lowest amount, if any."""
        return min(self.reductions, key=lambda f: f.amount_vnd or 0) if self.reductions else None


def fee_depends_on_province(proc: Procedure) -> bool:
    """Whether some fee of the procedure has a province-specific value (so the answer differs by province)."""
    return any(f.province is not None for f in proc.fees)


def fees_by_case(fees: list[Fee], province: str | None, today: dt.date) -> OrderedDict[str, list[Fee]]:
    """National fees plus the province's own, grouped by case; a province's fee in force replaces the
    national regular fee and reduction of the case it refines ("<case>" or "<case> – …")."""
    local = [f for f in fees if province is not None and f.province == province]
    overridden = {
        f.case for f in fees if f.province is None and f.kind != FeeKind.exemption
        and any(p.refines(f.case) and p.kind == FeeKind.regular and p.in_force(today) for p in local)
    }
    grouped: OrderedDict[str, list[Fee]] = OrderedDict()
    for fee in fees:
        if fee.province is not None and fee.province != province:
            continue
        if fee.province is None and fee.case in overridden and fee.kind != FeeKind.exemption:
            continue
        grouped.setdefault(fee.case, []).append(fee)
    return grouped


def case_fees(case: str, fees: list[Fee], today: dt.date) -> CaseFees:
    """What of one case's fees applies on `today`, and what ended within RECENTLY_ENDED before it."""
    return CaseFees(
        case=case,
        regular=sorted((f for f in fees if f.kind == FeeKind.regular and f.in_force(today)),
                       key=lambda f: f.valid_from or dt.date.min, reverse=True),
        reductions=[f for f in fees if f.kind == FeeKind.reduction and f.in_force(today)],
        exemptions=[f for f in fees if f.kind == FeeKind.exemption and f.in_force(today)],
        recently_ended=[f for f in fees if f.kind != FeeKind.regular and f.expired(today)
                        and f.valid_to is not None and today - f.valid_to <= RECENTLY_ENDED],
    )


def fees_in_force(proc: Procedure, today: dt.date, province: str | None = None) -> list[CaseFees]:
    """Per case, the fees that apply to the procedure on `today` (in the province when given)."""
    return [case_fees(case, fees, today) for case, fees in fees_by_case(proc.fees, province, today).items()]


def times_in_force(proc: Procedure, province: str | None = None) -> list[ProcessingTime]:
    """The processing times that apply: the national ones plus the province's own."""
    return [t for t in proc.processing_times if t.province is None or (province and t.province == province)]


def provinces_with_own_fees(proc: Procedure) -> list[str]:
    """Ids of the provinces that have their own fee values for the procedure, in file order."""
    ids: list[str] = []
    for fee in proc.fees:
        if fee.province is not None and fee.province not in ids:
            ids.append(fee.province)
    return ids


def fee_period(fee: Fee) -> str:
    """'từ 01/07/2025 đến hết 31/12/2026', or 'không thời hạn' for a permanent reduction/exemption
    (one wording for the staff card, the exports and the print view)."""
    if fee.valid_from and fee.valid_to:
        return f"từ {vn_date(fee.valid_from)} đến hết {vn_date(fee.valid_to)}"
    if fee.valid_from:
        return f"từ {vn_date(fee.valid_from)}"
    if fee.valid_to:
        return f"đến hết {vn_date(fee.valid_to)}"
    return "không thời hạn" if fee.kind != FeeKind.regular else ""

