"""Office hours: periods, weekends, Vietnamese public holidays, extra days off, make-up days, texts."""

from __future__ import annotations

import datetime as dt

import pytest

from common.handover_settings import HandoverSettings
from common.settings import ConfigurationError
from common.vntime import VN_TZ
from handover.hours import OfficeHours, describe_opening


def at(day: str, clock: str) -> dt.datetime:
    return dt.datetime.combine(dt.date.fromisoformat(day), dt.time.fromisoformat(clock), tzinfo=VN_TZ)


@pytest.mark.parametrize(("day", "clock", "open_"), [
    ("2026-11-23", "07:30", True),    # Monday, first minute
    ("2026-11-23", "11:29", True),
    ("2026-11-23", "11:30", False),   # lunch
    ("2026-11-23", "13:30", True),
    ("2026-11-23", "16:59", True),
    ("2026-11-23", "17:00", False),
    ("2026-11-23", "07:29", False),
    ("2026-11-28", "09:00", False),   # Saturday
    ("2026-09-02", "09:00", False),   # National Day (Wednesday)
    ("2026-04-30", "09:00", False),   # Reunification Day
    ("2027-02-08", "09:00", False),   # Tết Nguyên đán 2027
])
def test_default_office_hours(day: str, clock: str, open_: bool) -> None:
    assert OfficeHours(HandoverSettings()).is_open(at(day, clock)) is open_


def test_days_off_and_make_up_days_are_configurable() -> None:
    hours = OfficeHours(HandoverSettings(handover_days_off="2026-11-24", handover_makeup_days="2026-11-28"))
    assert not hours.is_open(at("2026-11-24", "09:00")) and hours.is_holiday(dt.date(2026, 11, 24))
    assert hours.is_open(at("2026-11-28", "09:00"))  # a Saturday worked
    assert hours.is_open(at("2026-11-25", "09:00"))


def test_utc_moments_are_judged_in_vietnam_time() -> None:
    monday_9am_vn = dt.datetime(2026, 11, 23, 2, 0, tzinfo=dt.timezone.utc)
    assert OfficeHours(HandoverSettings()).is_open(monday_9am_vn)


def test_next_opening_skips_evenings_weekends_and_holidays() -> None:
    hours = OfficeHours(HandoverSettings())
    assert hours.next_opening(at("2026-11-23", "19:00")) == at("2026-11-24", "07:30")
    assert hours.next_opening(at("2026-11-23", "12:00")) == at("2026-11-23", "13:30")
    assert hours.next_opening(at("2026-11-27", "17:30")) == at("2026-11-30", "07:30")  # Friday → Monday
    assert hours.next_opening(at("2026-09-01", "18:00")) == at("2026-09-03", "07:30")  # over 2/9
    assert describe_opening(at("2026-11-30", "07:30")) == "07:30 thứ Hai, 30/11/2026"


def test_description_is_natural_vietnamese() -> None:
    text = OfficeHours(HandoverSettings()).describe()
    assert text == "thứ Hai – thứ Sáu, 07:30–11:30 và 13:30–17:00 (trừ ngày lễ, Tết)"


@pytest.mark.parametrize("env", [
    {"HANDOVER_OFFICE_HOURS": "17:00-07:30"},
    {"HANDOVER_OFFICE_HOURS": "sáng"},
    {"HANDOVER_DAYS_OFF": "2026-13-01"},
    {"HANDOVER_WORKING_WEEKDAYS": "monday"},
    {"HANDOVER_DAYS_OFF": "2026-11-28", "HANDOVER_MAKEUP_DAYS": "2026-11-28"},
    {"HANDOVER_CLAIM_TIMEOUT_SECONDS": "0"},
])
def test_bad_settings_are_refused_naming_the_variable(env: dict[str, str]) -> None:
    with pytest.raises(ConfigurationError, match="HANDOVER_"):
        HandoverSettings.from_env(env)
