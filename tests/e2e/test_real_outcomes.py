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

# Measured with `make eval` on the test split (reports/real_eval.md, 2026-11-30, 991-question corpus, 363 test
# questions): covered right 0.76 / 0.76 without diacritics (139 / 139 of 182), clarify 0.11, miss 0.07, wrong 0.05
# (10 of 182); outside honest 0.36 / wrong 0.20 (11 of 55); complaints offered the form 0.74 / 0.75 (72 / 73 of 97).
# On the 317 questions of the previous stop's test split alone: covered right 118 of 155 (was 117 of 156), complaints
# 66 of 88 (was 71; 75 midway through the previous stop). Dev and the train+dev cross-validation moved the other
# way (dev complaints 34 → 38 of 39, CV 134 → 138 of 141); test is not used to decide, so the drop is written down
# here, in the README and in the closing note. v1: covered right 0.20, complaints 0.25.
# Each ceiling lets one more wrong card than measured pass and fails at two more (covered 11/182 = 0.060,
# outside 12/55 = 0.218); the floors sit three questions under the covered figure (136/182 = 0.747: a model
# retrained on a fresh clone may move a few answers) and two under the complaints (70/97 = 0.722).
# Bringing the wrong cards down is open work in issue 11.
COVERED_RIGHT_FLOOR = {"as written": 0.74, "no diacritics": 0.74}
COVERED_WRONG_CEILING = 0.062
OUTSIDE_WRONG_CEILING = 0.22
FEEDBACK_FORM_FLOOR = 0.72


def test_real_test_split_outcomes(rasa_stack: RasaStack, catalogue: list[Procedure]) -> None:
    items = load_split("test")
    tally, rows = evaluate(StackClient(rasa_stack.rasa_url, rasa_stack.rasa_token), items, {p.id for p in catalogue})
    assert len(rows) == 2 * len(items)
    for variant, floor in COVERED_RIGHT_FLOOR.items():
        assert tally.rate("covered", variant, "right") >= floor, variant
        assert tally.rate("covered", variant, "wrong") <= COVERED_WRONG_CEILING, variant
        assert tally.rate("outside", variant, "wrong") <= OUTSIDE_WRONG_CEILING, variant
        assert tally.rate("feedback", variant, "right") >= FEEDBACK_FORM_FLOOR, variant
