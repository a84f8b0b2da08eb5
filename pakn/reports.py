"""PAKN figures as in government reports (received, processed, rate, overdue) and the CSV export."""

from __future__ import annotations

import csv
import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any, TextIO

from common.pii import mask_pii
from common.vntime import format_local
from pakn.models import KIND_LABELS, PROCESSED_STATUSES, STATUS_LABELS
from pakn.records import FeedbackView

_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


@dataclass(frozen=True)
class ReportRow:
    """The anonymous facts of `count` PAKN alike (one group of the database's GROUP BY) that the figures
    are computed from; `month` is YYYY-MM of their receipt in Vietnam time."""

    kind: str
    status: str
    province_id: str | None
    province_name: str
    month: str
    overdue: bool
    count: int = 1


@dataclass
class Tally:
    """Counts for one group: received, processed (answered or closed), overdue, rate in percent."""

    key: str
    label: str
    received: int = 0
    processed: int = 0
    overdue: int = 0

    @property
    def in_progress(self) -> int:
        return self.received - self.processed

    @property
    def rate(self) -> float:
        """Processed / received × 100, one decimal (0.0 when nothing was received)."""
        return round(100.0 * self.processed / self.received, 1) if self.received else 0.0

    def add(self, row: ReportRow) -> None:
        self.received += row.count
        if row.status in PROCESSED_STATUSES:
            self.processed += row.count
        if row.overdue:
            self.overdue += row.count

    def as_dict(self) -> dict[str, Any]:
        return {"key": self.key, "label": self.label, "received": self.received, "processed": self.processed,
                "in_progress": self.in_progress, "overdue": self.overdue, "rate_percent": self.rate}


@dataclass
class Summary:
    """The report: totals and breakdowns by type, province and month (Vietnam time)."""

    generated_at: dt.datetime
    date_from: dt.date | None
    date_to: dt.date | None
    total: Tally = field(default_factory=lambda: Tally("all", "Tổng"))
    by_kind: list[Tally] = field(default_factory=list)
    by_province: list[Tally] = field(default_factory=list)
    by_month: list[Tally] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        return {
            "generated_at": self.generated_at.isoformat(),
            "date_from": self.date_from.isoformat() if self.date_from else None,
            "date_to": self.date_to.isoformat() if self.date_to else None,
            "total": self.total.as_dict(),
            "by_kind": [t.as_dict() for t in self.by_kind],
            "by_province": [t.as_dict() for t in self.by_province],
            "by_month": [t.as_dict() for t in self.by_month],
        }


def summarize(rows: Iterable[ReportRow], now: dt.datetime, date_from: dt.date | None = None,
              date_to: dt.date | None = None) -> Summary:
    """Aggregate the rows (already filtered to the period) into a Summary."""
    summary = Summary(generated_at=now, date_from=date_from, date_to=date_to)
    kinds: dict[str, Tally] = {k: Tally(k, label) for k, label in KIND_LABELS.items()}
    provinces: dict[str, Tally] = {}
    months: dict[str, Tally] = {}
    for row in rows:
        summary.total.add(row)
        kinds.setdefault(row.kind, Tally(row.kind, row.kind)).add(row)
        pkey = row.province_id or row.province_name
        provinces.setdefault(pkey, Tally(pkey, row.province_name)).add(row)
        month = row.month
        months.setdefault(month, Tally(month, f"{month[5:]}/{month[:4]}")).add(row)
    summary.by_kind = list(kinds.values())
    summary.by_province = sorted(provinces.values(), key=lambda t: (-t.received, t.label))
    summary.by_month = [months[k] for k in sorted(months)]
    return summary


def render_summary(summary: Summary) -> str:
    """The summary as a plain-text report in Vietnamese."""
    period = ""
    if summary.date_from or summary.date_to:
        start = summary.date_from.strftime("%d/%m/%Y") if summary.date_from else "…"
        end = summary.date_to.strftime("%d/%m/%Y") if summary.date_to else "…"
        period = f" (từ {start} đến {end})"
    t = summary.total
    lines = [
        f"TỔNG HỢP PHẢN ÁNH, KIẾN NGHỊ{period}",
        f"Lập lúc: {format_local(summary.generated_at)}",
        f"Tiếp nhận: {t.received} · Đã xử lý: {t.processed} · Đang xử lý: {t.in_progress} · "
        f"Tỷ lệ xử lý: {t.rate:.1f}% · Quá hạn: {t.overdue}",
    ]
    for title, tallies in (("Theo loại", summary.by_kind), ("Theo tỉnh/thành phố", summary.by_province),
                           ("Theo tháng", summary.by_month)):
        lines += ["", title, f"  {'':<28}{'Tiếp nhận':>10}{'Đã xử lý':>10}{'Tỷ lệ':>9}{'Quá hạn':>9}"]
        lines += [f"  {x.label[:28]:<28}{x.received:>10}{x.processed:>10}{x.rate:>8.1f}%{x.overdue:>9}"
                  for x in tallies] or ["  (không có)"]
    return "\n".join(lines)


CSV_COLUMNS = ["Mã", "Loại", "Trạng thái", "Ngày tiếp nhận", "Hạn xử lý", "Quá hạn", "Tỉnh/thành phố",
               "Thủ tục/cơ quan", "Kênh", "Ngày trả lời", "Ngày kết thúc"]
CSV_PERSONAL_COLUMNS = ["Xã/phường", "Nội dung", "Họ tên", "Số điện thoại", "Trả lời", "Người trả lời"]


def _cell(value: str | None) -> str:
    text = value or ""
    return "'" + text if text.startswith(_FORMULA_START) else text  # no formula injection in Excel


def write_csv(stream: TextIO, items: Iterable[FeedbackView], now: dt.datetime, personal: bool = False) -> int:
    """Write a BOM, a header and one line per PAKN (personal columns only when asked); return the count.

    Free text in the anonymous columns (the procedure as the citizen typed it) is PII-masked.
    """
    stream.write("\ufeff")
    writer = csv.writer(stream, lineterminator="\r\n")
    writer.writerow(CSV_COLUMNS + (CSV_PERSONAL_COLUMNS if personal else []))
    count = 0
    for f in items:
        row = [f.code, KIND_LABELS.get(f.kind, f.kind), STATUS_LABELS.get(f.status, f.status),
               format_local(f.created_at), format_local(f.due_at), "Có" if f.is_overdue(now) else "Không",
               f.province_name, mask_pii(f.procedure_text or "") or f.procedure_id or "", f.channel,
               format_local(f.answered_at), format_local(f.closed_at)]
        if personal:
            row += [f.commune or "", f.content or "", f.citizen_name or "", f.phone or "",
                    f.answer_text or "", f.answered_by or ""]
        writer.writerow([_cell(c) for c in row])
        count += 1
    return count
