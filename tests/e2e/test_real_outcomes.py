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
# questions): covered right 0.76 / 0.76 without diacritics (138 / 138 of 182), clarify 0.10, miss 0.08, wrong 0.05
# (10 of 182); outside honest 0.36 / wrong 0.18 (10 of 55); complaints offered the form 0.76 / 0.77 (74 / 75 of 97).
# On the 317 questions of the previous stop's test split alone: covered right 117 of 155 (117 of 156 then),
# complaints 68 of 88 (71 at the end of the previous stop, 75 midway through it). Dev and the train+dev
# cross-validation did not show that drop (dev complaints 31 of 31 then, 37 of 39 now with 8 new ones); test is
# not used to decide, so it is written down here, in the README and in the closing note. v1: covered right 0.20,
# complaints 0.25.
# Each ceiling lets one more wrong card than measured pass and fails at two more (covered 11/182 = 0.060,
# outside 11/55 = 0.200); the floors sit three questions under the covered figure (135/182 = 0.742: a model
# retrained on a fresh clone may move a few answers) and two under the complaints (72/97 = 0.742).
# Bringing the wrong cards down is open work in issue 11.
COVERED_RIGHT_FLOOR = {"as written": 0.74, "no diacritics": 0.74}
COVERED_WRONG_CEILING = 0.062
OUTSIDE_WRONG_CEILING = 0.21
FEEDBACK_FORM_FLOOR = 0.74


def test_real_test_split_outcomes(rasa_stack: RasaStack, catalogue: list[Procedure]) -> None:
    items = load_split("test")
    tally, rows = evaluate(StackClient(rasa_stack.rasa_url, rasa_stack.rasa_token), items, {p.id for p in catalogue})
    assert len(rows) == 2 * len(items)
    for variant, floor in COVERED_RIGHT_FLOOR.items():
        assert tally.rate("covered", variant, "right") >= floor, variant
        assert tally.rate("covered", variant, "wrong") <= COVERED_WRONG_CEILING, variant
        assert tally.rate("outside", variant, "wrong") <= OUTSIDE_WRONG_CEILING, variant
        assert tally.rate("feedback", variant, "right") >= FEEDBACK_FORM_FLOOR, variant
