"""Issue 13's fuzz property, short version (300 generated inputs; `make fuzz` runs 10,000 and prints figures)."""

from __future__ import annotations

from pathlib import Path

import pytest

from bench.fuzz_entries import Harness, report, run

pytestmark = pytest.mark.slow


def test_generated_inputs_never_get_a_5xx_and_nothing_is_lost(tmp_path: Path) -> None:
    harness = Harness(tmp_path)
    try:
        figures = run(harness, examples=300)
        health = harness.settle()
        missing = harness.unanswered(figures)
    finally:
        harness.close()
    summary = report(figures, health, missing)
    print(summary)
    assert figures.total >= 290, summary
    assert figures.server_errors == [], summary
    assert figures.unanswered_web == 0, summary
    assert missing == {}, summary
    assert health.get("status") == "ok" and health.get("queued_turns") == 0, summary
