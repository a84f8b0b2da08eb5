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

# Measured with `make eval` on the test split (reports/real_eval.md, 2026-11-29 seventh stop, 737-question corpus,
# 263 test questions, both variants alike): covered right 0.76 (97 of 127) / clarify 0.06 / miss 0.12 / wrong 0.06
# (7 of 127); outside honest 0.39 / wrong 0.21 (7 of 33); complaints offered the form 0.86 (69 of 80). The sixth
# stop, same questions: covered right 95, clarify 10, the rest the same. On the 256
# questions of the fifth stop alone: covered right 92 of 121 (was 93), wrong 7 (was 8), miss 14 (was 9), outside
# wrong 7 of 33 (same), complaints 68 of 79 (was 64). v1: covered right 0.20, complaints 0.25.
# Each ceiling lets one more wrong card than measured pass and fails at two more (covered 8/127 = 0.063,
# outside 8/33 = 0.242); the floors sit under the measured figures (covered right by three questions,
# 94/127 = 0.740: a model retrained on a fresh clone may move a few answers; the complaints by two). Bringing the wrong cards down is
# open work in issue 11.
COVERED_RIGHT_FLOOR = {"as written": 0.74, "no diacritics": 0.74}
COVERED_WRONG_CEILING = 0.065
OUTSIDE_WRONG_CEILING = 0.25
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
