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

# Measured with `make eval` on the test split (reports/real_eval.md, 2026-11-30, fourth session): 411 test questions
# (14 new from this stop's pages, 3 near-duplicates dropped) and a catalogue of 79 procedures (70 before), so 25
# questions that were outside the catalogue are now covered. Covered right 0.72 / 0.72 without diacritics (162 / 161
# of 224), clarify 24, miss 17, wrong 21 (0.094); outside honest 15 of 51 (0.29), wrong 14 (0.27); complaints
# offered the form 94 of 110 (0.85). The same 411 questions, judged against the same 79-procedure catalogue, with the
# previous stop's model: covered right 145, miss 39, wrong 14; outside honest 18, wrong 12; complaints 93 (the new
# procedures are answered now, and a few of their neighbours get their card). Before six train questions about a lost,
# torn or mistaken BHYT card moved from the_bhyt to doi_noi_kcb_bhyt (which holds the re-issue now): 166 right, 17
# wrong; test questions labelled the_bhyt are not read, and three of the five that changed now get the
# doi_noi_kcb_bhyt card. v1: covered right 0.20.
# Each ceiling lets one more wrong card than measured pass and fails at two more (covered 22/224 = 0.098, outside
# 15/51 = 0.294); the floors sit about three questions under the measured figures (covered 158/224 = 0.705,
# outside honest 12/51 = 0.235, complaints 91/110 = 0.827). Bringing the wrong cards down is open work in issue 11.
COVERED_RIGHT_FLOOR = {"as written": 0.70, "no diacritics": 0.70}
COVERED_WRONG_CEILING = 0.099
OUTSIDE_WRONG_CEILING = 0.30
OUTSIDE_HONEST_FLOOR = 0.23
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
