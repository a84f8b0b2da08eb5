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

# Measured with `make eval` on the test split (reports/real_eval.md, 2026-11-30, third session; the same 400 test
# questions as the stop before): covered right 0.73 / 0.73 without diacritics (140 / 139 of 191; 141 / 140 before),
# clarify 0.12, miss 0.10, wrong 0.05 (10 of 191; 8 before); outside honest 0.50 (36 of 72; 29 before) / wrong 0.21
# (15 of 72; 14 before); complaints offered the form 0.85 (92 of 108; 91 before). This stop: the model learns from
# the train and dev splits, and the turn logic's thresholds were re-chosen on the out-of-fold cross-validation.
# Retraining from the same data gives the same model here (fresh clones, checked again this stop); the margins
# below are for another machine's arithmetic. v1: covered right 0.20, complaints 0.25.
# Each ceiling lets one more wrong card than measured pass and fails at two more (covered 11/191 = 0.058, outside
# 16/72 = 0.222); the floors sit about three questions under the measured figures (covered 136/191 = 0.712,
# outside honest 33/72 = 0.458, complaints 89/108 = 0.824). Bringing the wrong cards down is open work in issue 11.
COVERED_RIGHT_FLOOR = {"as written": 0.71, "no diacritics": 0.71}
COVERED_WRONG_CEILING = 0.058
OUTSIDE_WRONG_CEILING = 0.23
OUTSIDE_HONEST_FLOOR = 0.45
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
