"""Single-aspect answers stay readable on a phone (issue 12): none over 1,200 characters, median ≤ 600,
the fee in force in the first line of every fee answer; measured by bench.answer_length on both sides of
the end of the TT 64/2025 reductions."""

from __future__ import annotations

import datetime as dt
import statistics

import pytest

from bench.answer_length import TARGET_MAX, TARGET_MEDIAN, fee_first, measure
from procedures_kb.schema import Procedure


@pytest.mark.parametrize("day", [dt.date(2026, 11, 28), dt.date(2026, 12, 31), dt.date(2027, 1, 1)])
def test_answer_lengths(catalogue: list[Procedure], day: dt.date) -> None:
    answers = measure(catalogue, day)
    longest = max(answers, key=lambda a: a.length)
    assert longest.length <= TARGET_MAX, longest
    assert statistics.median(a.length for a in answers) <= TARGET_MEDIAN
    assert fee_first(answers) == []
