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

# Measured with `make eval` on the test split (reports/real_eval.md, 2026-11-30, eighth session): 429 test questions,
# 79 procedures. Covered right 169 of 238 (0.710) as written and without diacritics, clarify 30, miss 17, wrong 22
# (0.092); outside honest 15 of 52 (0.29), clarify 12, miss 9, wrong 16 (0.31); complaints offered the form 95 of 113
# (0.84); status 8 of 11. The seventh session's model: covered 170 / 28 / 16 / 24, outside 15 / 13 / 9 / 15: two wrong
# cards fewer in all (the ranker's phrase weight, chosen out of fold; the test split is never read for choices). v1:
# covered right 0.20.
# Each ceiling lets one more wrong card than measured pass and fails at two more (covered 23/238 = 0.097, outside
# 17/52 = 0.327); the floors sit two to three questions under the measured figures (covered 167/238 = 0.702,
# outside honest 12/52 = 0.231, complaints 92/113 = 0.814). Bringing the wrong cards down is open work in issue 11.
COVERED_RIGHT_FLOOR = {"as written": 0.70, "no diacritics": 0.70}
COVERED_WRONG_CEILING = 0.097
OUTSIDE_WRONG_CEILING = 0.33
OUTSIDE_HONEST_FLOOR = 0.23
FEEDBACK_FORM_FLOOR = 0.81


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
