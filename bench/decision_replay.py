"""Replay the turn logic on a dump of out-of-fold readings and rankings (main virtualenv, seconds).

    RASA_TELEMETRY_ENABLED=false PYTHONPATH=rasa_project:. .venv-rasa/bin/python -m bench.decision_cv \
        --oof-intents --dump var/cv/oof.json                      # once: about 10 min with cold fold models
    .venv/bin/python -m bench.decision_replay var/cv/oof.json     # after each edit of vi_text/turn_logic.py…
    .venv/bin/python -m bench.decision_replay var/cv/oof.json --show covered:wrong --set procedure=0.5

Why: `bench.decision_cv` needs Rasa's virtualenv and the fold models to read each question; the turn
logic itself (`vi_text.turn_logic.decide`) is pure Python over those readings. A dump of them lets a
change of the turn logic, its cue words or its thresholds be judged on all train+dev questions out of
fold without loading a model. A change of the ranker or of the NLU pipeline needs a new dump. The test
split is never in a dump (`bench.real_corpus.load_training`).
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from dataclasses import replace
from pathlib import Path
from typing import Any

from bench.decision_cv import DEFAULT, OUTCOMES, _parse_sets, _print, decided
from bench.outcome_eval import HONEST_KINDS, honest_answer, outcome
from procedures_kb.catalogue_index import load_index
from vi_text.turn_logic import Thresholds


def load_dump(path: Path) -> tuple[list[dict[str, Any]], dict[str, dict[str, Any]],
                                   dict[str, list[tuple[str, float]]], set[str]]:
    """(items, readings, rankings, KB ids) as `bench.decision_cv --dump` wrote them."""
    data = json.loads(path.read_text(encoding="utf-8"))
    rankings = {key: [(str(label), float(conf)) for label, conf in ranking]
                for key, ranking in data["rankings"].items()}
    return list(data["items"]), dict(data["readings"]), rankings, set(data["kb_ids"])


def replay(items: list[dict[str, Any]], readings: dict[str, dict[str, Any]],
           rankings: dict[str, list[tuple[str, float]]], kb_ids: set[str],
           t: Thresholds) -> list[dict[str, Any]]:
    """One row per question: category, expected procedure, what the assistant does, outcome."""
    rows = []
    index = load_index()
    for item, decision, category, expected, turn in decided(items, readings, rankings, kb_ids, t):
        key = str(item["id"])
        r = readings[key]
        rows.append({"id": key, "text": item["text"], "category": category, "expected": expected,
                     "kind": turn.kind, "procedure": turn.procedure or (decision.outside if decision else None),
                     "outcome": outcome(category, expected, turn), "intent": r["intent"],
                     "honest": honest_answer(expected, turn, index) if category == "outside" and turn.kind == "outside"
                     else None,
                     "confidence": round(float(r["confidence"]), 2), "reason": decision.reason if decision else "",
                     "ranking": [(label, round(conf, 2)) for label, conf in rankings[key][:3]]})
    return rows


def counts(rows: list[dict[str, Any]]) -> Counter[tuple[str, str]]:
    return Counter((row["category"], row["outcome"]) for row in rows)


def honest_line(rows: list[dict[str, Any]]) -> str:
    """What the honest answers to questions outside the catalogue name (`bench.outcome_eval.HONEST_KINDS`)."""
    named = Counter(row["honest"] for row in rows if row["honest"])
    return (f"honest answers ({sum(named.values())}) name " + ", ".join(f"{kind} {named[kind]}" for kind in HONEST_KINDS))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("dump", type=Path)
    parser.add_argument("--set", action="append", default=[], metavar="NAME=VALUE", help="a Thresholds field")
    parser.add_argument("--show", action="append", default=[], metavar="CATEGORY:OUTCOME",
                        help=f"print the questions of one cell (outcomes: {', '.join(OUTCOMES)})")
    parser.add_argument("--diff", action="store_true", help="with --set: print the questions whose outcome moved")
    args = parser.parse_args(argv)
    items, readings, rankings, kb_ids = load_dump(args.dump)
    current = replay(items, readings, rankings, kb_ids, DEFAULT)
    print(f"{len(current)} train+dev questions, read and ranked out of fold")
    _print("current turn logic", counts(current))
    print(honest_line(current))
    shown = current
    if args.set:
        variant = _parse_sets(args.set)
        shown = replay(items, readings, rankings, kb_ids, replace(DEFAULT, **variant))
        _print(f"with {variant}", counts(shown))
        print(honest_line(shown))
        if args.diff:
            for before, after in zip(current, shown, strict=True):
                if before["outcome"] != after["outcome"]:
                    print(f"- {before['category']}: {before['outcome']} → {after['outcome']} "
                          f"({after['kind']} {after['procedure']}): {str(after['text'])[:160]}")
    for cell in args.show:
        category, _, result = cell.partition(":")
        print(f"\n## {category}: {result}")
        for row in shown:
            if row["category"] == category and row["outcome"] == result:
                print(f"- [{row['id']}] expected {row['expected']}, got {row['kind']} {row['procedure']} "
                      f"({row['intent']} {row['confidence']}; {row['reason']}; {row['ranking']})\n  {row['text']}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
