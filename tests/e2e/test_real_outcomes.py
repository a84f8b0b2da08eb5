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

# Measured with `make eval` on the test split (reports/real_eval.md, 2026-11-30, seventh session): 429 test questions,
# 79 procedures. Covered right 170 of 238 (0.714) as written and without diacritics, clarify 28, miss 16, wrong 24
# (0.101); outside honest 15 of 52 (0.29), clarify 13, miss 9, wrong 15 (0.29); complaints offered the form 95 of 113
# (0.84); status 8 of 11. The sixth session's model: covered 170 / 28 / 17 / 23, outside 15 / 11 / 10 / 16: the
# same wrong cards in all (39), two misses fewer (closing note; the test split is never read for choices). v1:
# covered right 0.20.
# Each ceiling lets one more wrong card than measured pass and fails at two more (covered 25/238 = 0.105, outside
# 16/52 = 0.308); the floors sit about three questions under the measured figures (covered 167/238 = 0.702,
# outside honest 12/52 = 0.231, complaints 92/113 = 0.814). Bringing the wrong cards down is open work in issue 11.
COVERED_RIGHT_FLOOR = {"as written": 0.70, "no diacritics": 0.70}
COVERED_WRONG_CEILING = 0.106
OUTSIDE_WRONG_CEILING = 0.31
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
