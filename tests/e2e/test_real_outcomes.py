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

# Measured with `make eval` on the test split (reports/real_eval.md, 2026-12-02, fourteenth session): 470 test questions,
# 79 procedures. As written: covered right 192 of 249 (0.771), clarify 19, miss 17, wrong 21 (0.084); outside honest 31
# of 76 (0.41), clarify 13, miss 10, wrong 22 (0.29). Without diacritics (the encoder reads them restored): covered
# 185 / 24 / 18 / 22 (0.743; 0.088 wrong), outside 29 / 14 / 10 / 23 (0.38; 0.30). Complaints offered the form 98 of
# 117 as written, 97 without diacritics; status 10 of 13. v1: covered right 0.20.
# A fresh training is not bit-for-bit the same (the intent classifier trains on two threads), and single borderline
# questions move between runs: the CI of the twelfth session failed on one message that passed here. So every bound
# sits two or three questions beyond the worse variant measured: the ceilings let two more wrong cards pass and fail
# at three more (covered 24/249 = 0.096 passes, 25/249 = 0.100 fails; outside 25/76 = 0.329 passes, 26/76 = 0.342
# fails); the floors pass at two to four questions under the measured figures (covered as written 188/249 = 0.755,
# without diacritics 180/249 = 0.723, outside honest 27/76 = 0.355, complaints 95/117 = 0.812). Bringing the wrong
# cards down is open work in issue 11.
COVERED_RIGHT_FLOOR = {"as written": 0.755, "no diacritics": 0.72}
COVERED_WRONG_CEILING = 0.097
OUTSIDE_WRONG_CEILING = 0.33
OUTSIDE_HONEST_FLOOR = 0.35
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
