"""Outcomes on the real-citizen test split, end to end over the real stack: floors, never timings.

The test split is only measured (never trained or tuned on, see eval/README.md); these floors keep the
figures of `make eval` from regressing. They sit a little under the measured figures (closing note).
"""

from __future__ import annotations

from collections import Counter

import pytest

from bench.outcome_eval import StackClient, evaluate
from bench.real_corpus import load_split
from procedures_kb.schema import Procedure
from tests.support.rasa_stack import RasaStack

pytestmark = pytest.mark.e2e

# Measured with `make eval` on the test split (reports/real_eval.md, 2026-12-02, sixteenth session): 488 test questions,
# 79 procedures. As written: covered right 191 of 253 (0.755), clarify 20, miss 21, wrong 21 (0.083); outside honest 40
# of 86 (0.47), clarify 11, miss 12, wrong 23 (0.27). Without diacritics (the encoder reads them restored): covered
# 185 / 24 / 23 / 21 (0.731; 0.083 wrong), outside 38 / 11 / 13 / 24 (0.44; 0.28). Complaints offered the form 102 of
# 121 as written, 101 without diacritics; status 7 of 13. v1: covered right 0.20. The fifteenth session measured 195 /
# 22 / 16 / 19 of 252 and 104 complaints with six fewer training questions (batch 22: 192 / 20 / 21 / 20 with them);
# the health-insurance card cue (vi_text.cues, chosen out of fold: two wrong cards right there) then turned one right
# card here wrong. The bounds below were reset to these figures by the rule that follows, never to a figure chosen
# to pass.
# A fresh training is not bit-for-bit the same (the intent classifier trains on two threads), and single borderline
# questions move between runs: the CI of the twelfth session failed on one message that passed here. So every bound
# sits two or three questions beyond the worse variant measured: the ceilings let two more wrong cards pass and fail
# at three more (covered 23/253 = 0.091 passes, 24/253 = 0.095 fails; outside 26/86 = 0.302 passes, 27/86 = 0.314
# fails); the floors pass at three questions under the measured figures (covered as written 188/253 = 0.743,
# without diacritics 182/253 = 0.719, outside honest 35/86 = 0.407, complaints 98/121 = 0.810). Bringing the wrong
# cards down is open work in issue 11.
COVERED_RIGHT_FLOOR = {"as written": 0.74, "no diacritics": 0.715}
COVERED_WRONG_CEILING = 0.092
OUTSIDE_WRONG_CEILING = 0.305
OUTSIDE_HONEST_FLOOR = 0.40
FEEDBACK_FORM_FLOOR = 0.805
# Every honest "not in our catalogue" answer counts as right above; this floor is on those that also name the procedure
# asked about (its agency and official page, `bench.outcome_eval.HONEST_KINDS`), measured on 2026-12-02 (seventeenth
# session): 28 of 86 as written, 27 without diacritics (11 named a neighbouring entry, 1 the portal's search only).
# Three questions under the worse variant: 24/86 = 0.279 passes, 23/86 = 0.267 fails.
OUTSIDE_NAMED_FLOOR = 0.275


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
        named = tally.honest.get(variant, Counter())["the expected entry"]
        assert named / tally.total("outside", variant) >= OUTSIDE_NAMED_FLOOR, variant
