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

# Measured with `make eval` on the test split (reports/real_eval.md, 2026-12-02, eighteenth session): 524 test questions
# (batch 23 brought 36), 79 procedures. As written: covered right 199 of 263 (0.757), clarify 23, miss 17, wrong 24
# (0.091); outside honest 49 of 101 (0.485), clarify 18, miss 12, wrong 22 (0.218). Without diacritics (the encoder
# reads them restored): covered 192 / 30 / 17 / 24 (0.730; 0.091 wrong), outside 49 / 17 / 12 / 23 (0.485; 0.228).
# Complaints offered the form 109 of 131 as written, 108 without diacritics; status 8 of 14. v1: covered right 0.20.
# The seventeenth session measured 191 / 20 / 21 / 21 of 253 and 40 / 10 / 12 / 24 of 86 on the 488 questions before
# batch 23. The bounds below were reset to these figures by the rule that follows, never to a figure chosen to pass.
# A fresh training is not bit-for-bit the same (the intent classifier trains on two threads), and single borderline
# questions move between runs: the CI of the twelfth session failed on one message that passed here. So every bound
# sits two or three questions beyond the worse variant measured: the ceilings let two more wrong cards pass and fail
# at three more (covered 26/263 = 0.0989 passes, 27/263 = 0.1027 fails; outside 25/101 = 0.2475 passes, 26/101 =
# 0.2574 fails); the floors pass at three questions under the measured figures (covered as written 196/263 = 0.7452,
# without diacritics 189/263 = 0.7186, outside honest 46/101 = 0.4554, complaints 105/131 = 0.8015). Bringing the
# wrong cards down is open work in issue 11.
COVERED_RIGHT_FLOOR = {"as written": 0.745, "no diacritics": 0.718}
COVERED_WRONG_CEILING = 0.100
OUTSIDE_WRONG_CEILING = 0.25
OUTSIDE_HONEST_FLOOR = 0.455
FEEDBACK_FORM_FLOOR = 0.80
# Every honest "not in our catalogue" answer counts as right above; this floor is on those that also name the procedure
# asked about (its agency and official page, `bench.outcome_eval.HONEST_KINDS`), measured on 2026-12-02 (eighteenth
# session): 34 of 101 in both variants (13 named a neighbouring entry, 2 the portal's search only).
# Three questions under: 31/101 = 0.3069 passes, 30/101 = 0.297 fails.
OUTSIDE_NAMED_FLOOR = 0.305


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
