"""Office hours: working weekdays and periods in Vietnam time, public holidays, days off, make-up days."""

from __future__ import annotations

import datetime as dt

from common.handover_settings import HandoverSettings, parse_dates
from common.vntime import VN_TZ, local, public_holidays

WEEKDAY_LABELS = ("thứ Hai", "thứ Ba", "thứ Tư", "thứ Năm", "thứ Sáu", "thứ Bảy", "Chủ nhật")
LOOKAHEAD_DAYS = 60


class OfficeHours:
    """When staff answer in person, from HandoverSettings."""

    def __init__(self, settings: HandoverSettings) -> None:
        self.periods = settings.periods
        self.weekdays = settings.weekdays
        self.days_off = parse_dates(settings.handover_days_off)
        self.makeup_days = parse_dates(settings.handover_makeup_days)
        self.public_holidays = settings.handover_public_holidays

    def is_working_day(self, day: dt.date) -> bool:
        """A make-up day works; a day off or public holiday does not; otherwise the weekday decides."""
        if day in self.makeup_days:
            return True
        if day in self.days_off or (self.public_holidays and day in public_holidays(day.year)):
            return False
        return day.weekday() in self.weekdays

    def is_holiday(self, day: dt.date) -> bool:
        """A public holiday or configured day off (not a make-up day)."""
        if day in self.makeup_days:
            return False
        return day in self.days_off or (self.public_holidays and day in public_holidays(day.year))

    def is_open(self, moment: dt.datetime) -> bool:
        """Inside an office period of a working day (Vietnam time)."""
        now = local(moment)
        if not self.is_working_day(now.date()):
            return False
        return any(start <= now.time() < end for start, end in self.periods)

    def next_opening(self, moment: dt.datetime) -> dt.datetime | None:
        """The start of the next office period after `moment` (Vietnam time), None beyond the lookahead."""
        now = local(moment)
        for offset in range(LOOKAHEAD_DAYS):
            day = now.date() + dt.timedelta(days=offset)
            if not self.is_working_day(day):
                continue
            for start, _end in self.periods:
                opening = dt.datetime.combine(day, start, tzinfo=VN_TZ)
                if opening > now:
                    return opening
        return None

    def describe(self) -> str:
        """`thứ Hai – thứ Sáu, 07:30–11:30 và 13:30–17:00 (trừ ngày lễ)`."""
        days = sorted(self.weekdays)
        if days == list(range(days[0], days[-1] + 1)) and len(days) > 1:
            day_text = f"{WEEKDAY_LABELS[days[0]]} – {WEEKDAY_LABELS[days[-1]]}"
        else:
            day_text = ", ".join(WEEKDAY_LABELS[d] for d in days)
        periods = " và ".join(f"{s:%H:%M}–{e:%H:%M}" for s, e in self.periods)
        holidays = " (trừ ngày lễ, Tết)" if self.public_holidays else ""
        return f"{day_text}, {periods}{holidays}"


def describe_opening(opening: dt.datetime | None) -> str:
    """`07:30 thứ Hai, 01/12/2026`, or '' when unknown."""
    if opening is None:
        return ""
    when = local(opening)
    return f"{when:%H:%M} {WEEKDAY_LABELS[when.weekday()]}, {when:%d/%m/%Y}"
