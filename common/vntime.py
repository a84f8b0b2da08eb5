"""Vietnam local time and working days (Monday–Friday except Vietnamese public holidays, Tết included,
from the `holidays` package) for PAKN deadlines and reports."""

from __future__ import annotations

import datetime as dt
from functools import lru_cache
from zoneinfo import ZoneInfo

import holidays

VN_TZ = ZoneInfo("Asia/Ho_Chi_Minh")


def local(moment: dt.datetime) -> dt.datetime:
    """The moment in Vietnam time (naive input is taken as UTC)."""
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=dt.timezone.utc)
    return moment.astimezone(VN_TZ)


@lru_cache(maxsize=32)
def public_holidays(year: int) -> frozenset[dt.date]:
    """Vietnam's public holidays of a year (New Year, Tết, Hùng Kings, 30/4, 1/5, National Day; observed days)."""
    return frozenset(holidays.country_holidays("VN", years=year).keys())


def is_working_day(day: dt.date) -> bool:
    """Monday–Friday and not a public holiday."""
    return day.weekday() < 5 and day not in public_holidays(day.year)


def add_working_days(day: dt.date, count: int) -> dt.date:
    """The date `count` working days after `day` (weekends and public holidays skipped)."""
    current = day
    added = 0
    while added < count:
        current += dt.timedelta(days=1)
        if is_working_day(current):
            added += 1
    return current


def due_at(received: dt.datetime, working_days: int) -> dt.datetime:
    """End of the Vietnamese working day `working_days` after receipt, in UTC."""
    last_day = add_working_days(local(received).date(), working_days)
    end = dt.datetime.combine(last_day, dt.time(23, 59, 59), tzinfo=VN_TZ)
    return end.astimezone(dt.timezone.utc)


def day_start_utc(day: dt.date) -> dt.datetime:
    """00:00 Vietnam time of `day`, in UTC (filters by local calendar day)."""
    return dt.datetime.combine(day, dt.time(0, 0), tzinfo=VN_TZ).astimezone(dt.timezone.utc)


def format_local(moment: dt.datetime | None, with_time: bool = True) -> str:
    """dd/mm/yyyy HH:MM in Vietnam time ('' for None)."""
    if moment is None:
        return ""
    return local(moment).strftime("%d/%m/%Y %H:%M" if with_time else "%d/%m/%Y")


def month_key(moment: dt.datetime) -> str:
    """YYYY-MM of the moment in Vietnam time."""
    return local(moment).strftime("%Y-%m")
