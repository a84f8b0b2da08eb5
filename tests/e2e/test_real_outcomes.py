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

# Measured with `make eval` on the test split (reports/real_eval.md, 2026-12-01, thirteenth session): 470 test questions
# (batch 20 added 32), 79 procedures. As written: covered right 192 of 249 (0.771), clarify 19, miss 18, wrong 20
# (0.080); outside honest 31 of 76 (0.41), clarify 13, miss 10, wrong 22 (0.29). Without diacritics (the encoder reads
# them restored): covered 184 / 25 / 19 / 21 (0.739; 0.084 wrong), outside 30 / 13 / 10 / 23 (0.39; 0.30). Complaints
# offered the form 99 of 117 as written, 98 without diacritics; status 10 of 13. v1: covered right 0.20.
# Each ceiling lets one more wrong card than the worse variant measured pass and fails at two more (covered 22/249 =
# 0.088 passes, 23/249 fails; outside 24/76 = 0.316 passes, 25/76 fails); the floors sit two to four questions under the
# measured figures (covered as written 188/249 = 0.755, without diacritics 180/249 = 0.723, outside honest 27/76 =
# 0.355, complaints 96/117 = 0.821). Bringing the wrong cards down is open work in issue 11.
COVERED_RIGHT_FLOOR = {"as written": 0.755, "no diacritics": 0.72}
COVERED_WRONG_CEILING = 0.09
OUTSIDE_WRONG_CEILING = 0.32
OUTSIDE_HONEST_FLOOR = 0.35
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
