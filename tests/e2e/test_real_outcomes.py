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

# Measured with `make eval` on the test split (reports/real_eval.md, 2026-11-29 eighth stop, 857-question corpus,
# 317 test questions): covered right 0.75 / 0.74 without diacritics (117 / 116 of 156), clarify 0.09, miss 0.11,
# wrong 0.05 (8 of 156); outside honest 0.46 / wrong 0.19 (9 of 48); complaints offered the form 0.81 / 0.82
# (71 / 72 of 88). Midway through the stop, on 310 of these questions and before batch 10 retrained the model:
# covered right 116 of 151, complaints 75 of 87; the seventh stop, on its 263: covered right 97 of 127, complaints
# 69 of 80. Dev and the train+dev cross-validation did not show the drop in complaints (dev 31 of 31, CV 126 of
# 127); test is not used to decide, so it is written down here and in the README. v1: covered right 0.20,
# complaints 0.25.
# Each ceiling lets one more wrong card than measured pass and fails at two more (covered 9/156 = 0.058,
# outside 10/48 = 0.208); the floors sit three questions under the covered figure (113/156 = 0.724: a model
# retrained on a fresh clone may move a few answers) and two under the complaints (69/88 = 0.784).
# Bringing the wrong cards down is open work in issue 11.
COVERED_RIGHT_FLOOR = {"as written": 0.72, "no diacritics": 0.72}
COVERED_WRONG_CEILING = 0.06
OUTSIDE_WRONG_CEILING = 0.22
FEEDBACK_FORM_FLOOR = 0.78


def test_real_test_split_outcomes(rasa_stack: RasaStack, catalogue: list[Procedure]) -> None:
    items = load_split("test")
    tally, rows = evaluate(StackClient(rasa_stack.rasa_url, rasa_stack.rasa_token), items, {p.id for p in catalogue})
    assert len(rows) == 2 * len(items)
    for variant, floor in COVERED_RIGHT_FLOOR.items():
        assert tally.rate("covered", variant, "right") >= floor, variant
        assert tally.rate("covered", variant, "wrong") <= COVERED_WRONG_CEILING, variant
        assert tally.rate("outside", variant, "wrong") <= OUTSIDE_WRONG_CEILING, variant
        assert tally.rate("feedback", variant, "right") >= FEEDBACK_FORM_FLOOR, variant
