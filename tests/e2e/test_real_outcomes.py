"""Outcomes on the real-citizen test split, end to end over the real stack: floors, never timings.

The test split is only measured (never trained or tuned on, see eval/README.md); these floors keep the
figures of `make eval` from regressing. They sit a little under the measured figures (closing note).
"""

from __future__ import annotations

import pytest

from bench.outcome_eval import StackClient, evaluate
from bench.real_corpus import load_split
from procedures_kb.schema import Procedure
from tests.support.rasa_stack import RasaStack

pytestmark = pytest.mark.e2e

# Measured with `make eval` on the test split (reports/real_eval.md, 2026-11-29 third stop, 505-question
# corpus, 175 test questions, both variants alike): covered right 0.73 / clarify 0.10 / miss 0.10 / wrong
# 0.07 (6 of 88); outside honest 0.38 / wrong 0.19 (4 of 21); complaints offered the form 0.77 (of 48).
# Before (142 test questions): covered right 0.65 / wrong 0.03, outside wrong 3 of 9, complaints 0.80;
# v1: covered right 0.20, complaints 0.25.
# Covered wrong cards rose from 2 of 75 to 6 of 88: the ceiling is set just over the measured figure so
# that a seventh fails (6/88 = 0.068; 7/88 = 0.080); bringing it down is open work in issue 11. The
# covered-right floor and the outside ceiling leave room for run-to-run noise of training.
COVERED_RIGHT_FLOOR = {"as written": 0.66, "no diacritics": 0.66}
COVERED_WRONG_CEILING = 0.075
OUTSIDE_WRONG_CEILING = 0.24
FEEDBACK_FORM_FLOOR = 0.65


def test_real_test_split_outcomes(rasa_stack: RasaStack, catalogue: list[Procedure]) -> None:
    items = load_split("test")
    tally, rows = evaluate(StackClient(rasa_stack.rasa_url, rasa_stack.rasa_token), items, {p.id for p in catalogue})
    assert len(rows) == 2 * len(items)
    for variant, floor in COVERED_RIGHT_FLOOR.items():
        assert tally.rate("covered", variant, "right") >= floor, variant
        assert tally.rate("covered", variant, "wrong") <= COVERED_WRONG_CEILING, variant
        assert tally.rate("outside", variant, "wrong") <= OUTSIDE_WRONG_CEILING, variant
        assert tally.rate("feedback", variant, "right") >= FEEDBACK_FORM_FLOOR, variant
