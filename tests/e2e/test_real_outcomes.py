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

# Measured with `make eval` on the test split (reports/real_eval.md, 2026-12-01, eleventh session): 438 test questions,
# 79 procedures. Covered right 174 of 242 (0.719) as written and without diacritics, clarify 27, miss 16, wrong 25
# (0.103); outside honest 20 of 54 (0.37), clarify 12, miss 6, wrong 16 (0.30); complaints offered the form 98 of 115
# (0.85); status 7 of 12. The tenth session measured the same but outside honest 19 (clarify 13). v1: covered right 0.20.
# Each ceiling lets one more wrong card than measured pass and fails at two more (covered 26/242 = 0.1074, outside
# 17/54 = 0.315); the floors sit two to four questions under the measured figures (covered 170/242 = 0.702,
# outside honest 17/54 = 0.315, complaints 95/115 = 0.826). Bringing the wrong cards down is open work in issue 11.
COVERED_RIGHT_FLOOR = {"as written": 0.70, "no diacritics": 0.70}
COVERED_WRONG_CEILING = 0.108
OUTSIDE_WRONG_CEILING = 0.315
OUTSIDE_HONEST_FLOOR = 0.31
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
