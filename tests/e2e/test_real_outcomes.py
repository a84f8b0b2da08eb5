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

# Measured with `make eval` on the test split (reports/real_eval.md, 2026-12-02, fifteenth session): 487 test questions,
# 79 procedures. As written: covered right 195 of 252 (0.774), clarify 22, miss 16, wrong 19 (0.075); outside honest 39
# of 86 (0.45), clarify 14, miss 10, wrong 23 (0.27). Without diacritics (the encoder reads them restored): covered
# 187 / 28 / 18 / 19 (0.742; 0.075 wrong), outside 37 / 14 / 11 / 24 (0.43; 0.28). Complaints offered the form 104 of
# 121 as written, 103 without diacritics; status 7 of 13. v1: covered right 0.20.
# A fresh training is not bit-for-bit the same (the intent classifier trains on two threads), and single borderline
# questions move between runs: the CI of the twelfth session failed on one message that passed here. So every bound
# sits two or three questions beyond the worse variant measured: the ceilings let two more wrong cards pass and fail
# at three more (covered 21/252 = 0.083 passes, 22/252 = 0.087 fails; outside 26/86 = 0.302 passes, 27/86 = 0.314
# fails); the floors pass at three questions under the measured figures (covered as written 192/252 = 0.762,
# without diacritics 184/252 = 0.730, outside honest 34/86 = 0.395, complaints 100/121 = 0.826). Bringing the wrong
# cards down is open work in issue 11.
COVERED_RIGHT_FLOOR = {"as written": 0.76, "no diacritics": 0.73}
COVERED_WRONG_CEILING = 0.085
OUTSIDE_WRONG_CEILING = 0.305
OUTSIDE_HONEST_FLOOR = 0.39
FEEDBACK_FORM_FLOOR = 0.825


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
