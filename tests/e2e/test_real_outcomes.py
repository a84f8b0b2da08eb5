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

# Measured with `make eval` on the test split (reports/real_eval.md, 2026-11-29 eighth stop, 841-question corpus,
# 310 test questions): covered right 0.77 / 0.76 without diacritics (116 / 115 of 151), clarify 0.09, miss 0.09,
# wrong 0.05 (8 of 151); outside honest 0.45 / wrong 0.21 (10 of 47); complaints offered the form 0.86 (75 of 87).
# The seventh stop, on the 263 questions it had: covered right 97 of 127, wrong 7; outside wrong 7 of 33;
# complaints 69 of 80. v1: covered right 0.20, complaints 0.25.
# Each ceiling lets one more wrong card than measured pass and fails at two more (covered 9/151 = 0.060,
# outside 11/47 = 0.234); the floors sit under the measured figures (covered right by three questions,
# 112/151 = 0.742: a model retrained on a fresh clone may move a few answers; the complaints by two, 73/87 = 0.839).
# Bringing the wrong cards down is open work in issue 11.
COVERED_RIGHT_FLOOR = {"as written": 0.74, "no diacritics": 0.74}
COVERED_WRONG_CEILING = 0.062
OUTSIDE_WRONG_CEILING = 0.24
FEEDBACK_FORM_FLOOR = 0.83


def test_real_test_split_outcomes(rasa_stack: RasaStack, catalogue: list[Procedure]) -> None:
    items = load_split("test")
    tally, rows = evaluate(StackClient(rasa_stack.rasa_url, rasa_stack.rasa_token), items, {p.id for p in catalogue})
    assert len(rows) == 2 * len(items)
    for variant, floor in COVERED_RIGHT_FLOOR.items():
        assert tally.rate("covered", variant, "right") >= floor, variant
        assert tally.rate("covered", variant, "wrong") <= COVERED_WRONG_CEILING, variant
        assert tally.rate("outside", variant, "wrong") <= OUTSIDE_WRONG_CEILING, variant
        assert tally.rate("feedback", variant, "right") >= FEEDBACK_FORM_FLOOR, variant
