"""PAKN deadlines count Vietnamese working days: weekends and public holidays (Tết included) are skipped."""

from __future__ import annotations

import datetime as dt

from common.vntime import add_working_days, due_at, is_working_day


def test_tet_and_national_day_are_not_working_days() -> None:
    assert not is_working_day(dt.date(2026, 2, 17))  # Tết Bính Ngọ
    assert not is_working_day(dt.date(2026, 9, 2))  # Quốc khánh
    assert not is_working_day(dt.date(2026, 5, 1))
    assert is_working_day(dt.date(2026, 2, 23))


def test_ten_working_days_across_tet_end_after_the_holiday() -> None:
    # Friday 13/02/2026; 16–20/02 is Tết: the ten days are 23/02 … 06/03.
    assert add_working_days(dt.date(2026, 2, 13), 10) == dt.date(2026, 3, 6)
    assert add_working_days(dt.date(2026, 6, 5), 5) == dt.date(2026, 6, 12)  # an ordinary fortnight


def test_due_at_is_the_end_of_the_last_working_day_in_vietnam() -> None:
    # Friday 24/04/2026; 27/4 (Hùng Kings, observed), 30/4 and 1/5 are holidays: 28/4, 29/4, 4/5.
    received = dt.datetime(2026, 4, 24, 3, 0, tzinfo=dt.timezone.utc)
    assert due_at(received, 3) == dt.datetime(2026, 5, 4, 16, 59, 59, tzinfo=dt.timezone.utc)
