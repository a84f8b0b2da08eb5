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

# Measured with `make eval` on the test split (reports/real_eval.md, 2026-11-29, 70 full procedures:
# covered right 0.65 / wrong 0.03 of 75, outside wrong 0.27 of 11, complaints offered the form 0.80,
# both variants); floors leave room for the run-to-run noise of training, and catch a return towards v1
# (covered right 0.20, complaints 0.25 on the same split).
# The outside set shrank from 21 to 11 questions when 16 of its procedures got full entries, and one
# more of them now gets a neighbour's card (3 of 11; the dev split shows the pattern: a pension question
# answered with the new one-time BHXH payment). The ceiling is set on that measured figure, so that a
# fourth wrong card fails; lowering it again is open work in issue 11.
# Later the same day two outside questions were relabelled by id (bench.real_corpus.INDEX_IDS): their
# procedure (re-issue of a vehicle registration, `dang_ky_xe_cap_lai`) has a full KB entry, so they count
# as covered (77 and 9). The three wrong cards are still three, now of 9 (0.33); the ceiling
# keeps "a fourth wrong card fails".
COVERED_RIGHT_FLOOR = {"as written": 0.55, "no diacritics": 0.55}
COVERED_WRONG_CEILING = 0.07
OUTSIDE_WRONG_CEILING = 0.34
FEEDBACK_FORM_FLOOR = 0.65


def test_real_test_split_outcomes(rasa_stack: RasaStack, catalogue: list[Procedure]) -> None:
    items = load_split("test")
    tally, rows = evaluate(StackClient(rasa_stack.rasa_url, rasa_stack.rasa_token), items, {p.id for p in catalogue})
    assert len(rows) == 2 * len(items)
    for variant, floor in COVERED_RIGHT_FLOOR.items():
        assert tally.rate("covered", variant, "right") >= floor, variant
        assert tally.rate("covered", variant, "wrong") <= COVERED_WRONG_CEILING, variant
        assert tally.rate("outside", variant, "wrong") <= OUTSIDE_WRONG_CEILING, variant
        assert tally.rate("feedback", variant, "right") >= FEEDBACK_FORM_FLOOR, variant
