"""Length of single-aspect answers: one question per aspect and procedure, as a citizen on a phone reads them.

For every procedure of the catalogue and every aspect (overview, documents, fee, time, where, online) the
answer card is composed as the action server sends it (text only; buttons are not counted). Prints the
distribution (median, p90, max, the longest answers) and checks that every fee answer starts with the fee in
force. Targets (issue 12): median ≤ 600 characters, none over 1,200.

Run: `python -m bench.answer_length [--date 2026-11-28] [--top 10]`
"""

from __future__ import annotations

import argparse
import datetime as dt
import statistics
from dataclasses import dataclass

from bot.aspects import ASPECTS, FEE
from bot.compose import compose
from procedures_kb.catalogue import load_catalogue
from procedures_kb.schema import Procedure

TARGET_MEDIAN = 600
TARGET_MAX = 1200


@dataclass(frozen=True)
class Measured:
    """One answer: which procedure and aspect, its length and first line."""

    procedure: str
    aspect: str
    length: int
    first_line: str


def measure(procedures: list[Procedure], today: dt.date) -> list[Measured]:
    """Every single-aspect answer of every procedure on `today`."""
    out = []
    related = {p.id: p for p in procedures}
    for proc in procedures:
        for aspect in ASPECTS:
            text = compose(proc, [aspect], today, None, related).text
            out.append(Measured(proc.id, aspect, len(text), text.splitlines()[0]))
    return out


def fee_first(answers: list[Measured]) -> list[Measured]:
    """Fee answers whose first line does not state the fee in force today."""
    return [a for a in answers if a.aspect == FEE and not (a.first_line.startswith("Lệ phí ") and " hôm nay (" in a.first_line)]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--date", type=dt.date.fromisoformat, default=dt.date.today())
    parser.add_argument("--top", type=int, default=10)
    args = parser.parse_args()
    procedures, _ = load_catalogue()
    answers = measure(procedures, args.date)
    lengths = sorted(a.length for a in answers)
    median = statistics.median(lengths)
    p90 = lengths[int(0.9 * (len(lengths) - 1))]
    print(f"{len(answers)} answers ({len(procedures)} procedures × {len(ASPECTS)} aspects) on {args.date}")
    print(f"median {median:.0f} · p90 {p90} · max {lengths[-1]} · min {lengths[0]} characters "
          f"(targets: median ≤ {TARGET_MEDIAN}, max ≤ {TARGET_MAX})")
    for aspect in ASPECTS:
        own = sorted(a.length for a in answers if a.aspect == aspect)
        print(f"  {aspect:10} median {statistics.median(own):5.0f} · max {own[-1]}")
    over = [a for a in answers if a.length > TARGET_MAX]
    print(f"over {TARGET_MAX}: {len(over)}; fee answers without the fee in the first line: {len(fee_first(answers))}")
    print("longest:")
    for a in sorted(answers, key=lambda a: -a.length)[: args.top]:
        print(f"  {a.length:5}  {a.procedure} / {a.aspect}")


if __name__ == "__main__":
    main()
