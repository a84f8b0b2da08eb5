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

# Measured with `make eval` on the test split (reports/real_eval.md, 2026-11-30, fifth session): 411 test questions,
# 79 procedures. Covered right 164 of 224 (0.73) as written and without diacritics, clarify 24, miss 17, wrong 19
# (0.085); outside honest 15 of 51 (0.29), wrong 14 (0.27); complaints offered the form 94 of 110 (0.85); status 8
# of 11. The fourth session's model on the same questions: covered right 162 / 161 without diacritics, wrong 21
# (the damaged-card cue, 359 written phone-style messages for the ranker and two turn rules, all chosen out of fold).
# v1: covered right 0.20.
# Each ceiling lets one more wrong card than measured pass and fails at two more (covered 20/224 = 0.089, outside
# 15/51 = 0.294); the floors sit about three questions under the measured figures (covered 161/224 = 0.719,
# outside honest 12/51 = 0.235, complaints 91/110 = 0.827). Bringing the wrong cards down is open work in issue 11.
COVERED_RIGHT_FLOOR = {"as written": 0.715, "no diacritics": 0.715}
COVERED_WRONG_CEILING = 0.090
OUTSIDE_WRONG_CEILING = 0.30
OUTSIDE_HONEST_FLOOR = 0.23
FEEDBACK_FORM_FLOOR = 0.82


def test_real_test_split_outcomes(rasa_stack: RasaStack, catalogue: list[Procedure]) -> None:
    items = load_split("test")
    tally, rows = evaluate(StackClient(rasa_stack.rasa_url, rasa_stack.rasa_token), items, {p.id for p in catalogue})
    assert len(rows) == 2 * len(items)
    for variant, floor in COVERED_RIGHT_FLOOR.items():
        assert tally.rate("covered", variant, "right") >= floor, variant
        assert tally.rate("covered", variant, "wrong") <= COVERED_WRONG_CEILING, variant
        assert tally.rate("outside", variant, "wrong") <= OUTSIDE_WRONG_CEILING, variant
        assert tally.rate("outside", variant, "right") >= OUTSIDE_HONEST_FLOOR, variant
        assert tally.rate("feedback", variant, "right") >= FEEDBACK_FORM_FLOOR, variant
