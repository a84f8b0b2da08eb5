"""Settings of the human handover: office hours, days off and make-up working days, claim timeout.

Read by the connectors (which queue conversations and time them out) and the console (which shows
the hours). Defaults: Monday–Friday 07:30–11:30 and 13:30–17:00 Asia/Ho_Chi_Minh, Vietnamese public
holidays off (the `holidays` package), 5 minutes to claim a waiting conversation.
"""

from __future__ import annotations

import datetime as dt

from pydantic import Field, field_validator

from common.settings import AppSettings, ConfigurationError

DEFAULT_HOURS = "07:30-11:30,13:30-17:00"
WEEKDAY_NAMES = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")


def parse_periods(value: str) -> tuple[tuple[dt.time, dt.time], ...]:
    """`07:30-11:30,13:30-17:00` → ((07:30, 11:30), (13:30, 17:00)); raises ValueError when malformed."""
    periods = []
    for part in (p.strip() for p in value.split(",") if p.strip()):
        start, sep, end = part.partition("-")
        if not sep:
            raise ValueError(f"period {part!r} must look like 07:30-11:30")
        begin, finish = dt.time.fromisoformat(start.strip()), dt.time.fromisoformat(end.strip())
        if finish <= begin:
            raise ValueError(f"period {part!r} ends before it starts")
        periods.append((begin, finish))
    if not periods:
        raise ValueError("at least one period is needed")
    return tuple(sorted(periods))


def parse_dates(value: str) -> frozenset[dt.date]:
    """`2026-12-31,2027-01-02` → the dates; raises ValueError when malformed."""
    return frozenset(dt.date.fromisoformat(p.strip()) for p in value.split(",") if p.strip())


class HandoverSettings(AppSettings):
    """When staff answer in person, and how long a citizen waits for a claim."""

    handover_office_hours: str = DEFAULT_HOURS
    handover_working_weekdays: str = "mon,tue,wed,thu,fri"
    # Extra days off (e.g. a local holiday) and make-up working days (e.g. a Saturday worked for Tết).
    handover_days_off: str = ""
    handover_makeup_days: str = ""
    handover_public_holidays: bool = True
    handover_claim_timeout_seconds: float = Field(default=300.0, gt=0, le=24 * 3600)
    handover_sweep_seconds: float = Field(default=15.0, gt=0, le=3600)
    handover_minutes_per_case: float = Field(default=3.0, gt=0, le=240)

    @field_validator("handover_office_hours")
    @classmethod
    def _hours(cls, value: str) -> str:
        parse_periods(value)
        return value

    @field_validator("handover_days_off", "handover_makeup_days")
    @classmethod
    def _dates(cls, value: str) -> str:
        parse_dates(value)
        return value

    @field_validator("handover_working_weekdays")
    @classmethod
    def _weekdays(cls, value: str) -> str:
        names = [p.strip().lower() for p in value.split(",") if p.strip()]
        if not names or any(n not in WEEKDAY_NAMES for n in names):
            raise ValueError("use mon,tue,wed,thu,fri,sat,sun")
        return ",".join(names)

    def check(self) -> None:
        """Make-up days and days off must not overlap."""
        both = parse_dates(self.handover_days_off) & parse_dates(self.handover_makeup_days)
        if both:
            raise ConfigurationError(f"HANDOVER_DAYS_OFF and HANDOVER_MAKEUP_DAYS both list {sorted(both)[0]}")

    @property
    def periods(self) -> tuple[tuple[dt.time, dt.time], ...]:
        """The daily office periods, local time."""
        return parse_periods(self.handover_office_hours)

    @property
    def weekdays(self) -> frozenset[int]:
        """Working weekdays, Monday = 0."""
        return frozenset(WEEKDAY_NAMES.index(n) for n in self.handover_working_weekdays.split(","))
