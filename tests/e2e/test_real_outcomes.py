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

# Measured with `make eval` on the test split (reports/real_eval.md, 2026-12-01, twelfth session): 438 test questions,
# 79 procedures. As written: covered right 187 of 242 (0.773), clarify 20, miss 14, wrong 21 (0.087); outside honest 22
# of 54 (0.41), clarify 10, miss 7, wrong 15 (0.28). Without diacritics (the sentence encoder does not read those):
# covered 174 / 27 / 16 / 25 (0.719; 0.103 wrong), outside 20 / 12 / 6 / 16 (0.37; 0.30), as in the eleventh session.
# Complaints offered the form 98 of 115 (0.85) and status 7 of 12 in both. v1: covered right 0.20.
# Each ceiling lets one more wrong card than the worse variant measured pass and fails at two more (covered 26/242 =
# 0.1074, outside 17/54 = 0.315); the floors sit two to four questions under the measured figures (covered as written
# 184/242 = 0.760, without diacritics 170/242 = 0.702, outside honest 17/54 = 0.315, complaints 95/115 = 0.826).
# Bringing the wrong cards down is open work in issue 11.
COVERED_RIGHT_FLOOR = {"as written": 0.76, "no diacritics": 0.70}
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
