"""Turn-logic choices judged on 5-fold cross-validation over the train and dev questions (Rasa virtualenv).

    RASA_TELEMETRY_ENABLED=false PYTHONPATH=rasa_project:. .venv-rasa/bin/python -m bench.decision_cv \
        --set word_agreement=0.2 --set procedure=0.35

Why: the dev split has 71 questions about covered procedures, so a threshold that moves two answers
cannot be told from noise. Here every train and dev question is ranked by a ranker that did not see
its page (`bench.ranker_eval --dump`), and `vi_text.turn_logic.decide` is replayed on it with the
classifier's and the alias matcher's reading of the trained model (the current one in rasa_project/models).
Each `--set` is a Thresholds field; the current thresholds are printed first, then the variant.

What the assistant does is read from the decision as the dialogue would act on it (feedback form,
status guidance, refusal, card, outside-the-catalogue answer, clarify menu) and judged as
`bench.outcome_eval` judges a turn. By default the intent classifier is the current model, which read the train split's question
sentences in training: the flows are optimistic there (complaints 138 of 141 in sample, against 74 of 97
on the test split). `--oof-intents` reads every question with an NLU model trained without its page
(`bench.intent_folds`, five NLU trainings, cached under var/cv/): the honest figure, and the one to
decide on. `--no-diacritics` ranks and reads every question as typed without diacritics (the issue's
second figure). The test split is never read.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import logging
import sys
from collections import Counter
from collections.abc import Iterator
from dataclasses import fields, replace
from pathlib import Path
from typing import Any

from bench.outcome_eval import CATEGORY_TITLES, category_of, outcome
from bench.parse_profile import trained_model
from bench.real_corpus import load_training
from common.turn_outcome import Turn
from vi_text.text import strip_diacritics
from vi_text.turn_logic import Decision, Thresholds, decide

OUTCOMES = ("right", "clarify", "miss", "wrong")
DEFAULT = Thresholds()
FLOW_KINDS = {"give_feedback": "feedback", "ask_application_status": "status", "out_of_scope": "out_of_scope"}


def readings_of(items: list[dict[str, Any]], model: str) -> dict[str, dict[str, Any]]:
    """Each message's inputs to `decide` (intent, confidence, aliases, complaint score), as the trained
    pipeline reads it."""
    import vi_nlu.turn_interpreter as interpreter
    from rasa.core.agent import Agent
    from rasa.utils.log_utils import configure_structlog

    logging.basicConfig(level=logging.WARNING)
    configure_structlog(logging.WARNING)
    seen: dict[str, dict[str, Any]] = {}
    original = interpreter.decide

    def recording(text: str, intent: str, confidence: float, alias: str | None, ranking: Any,
                  t: Thresholds = DEFAULT, question_alias: str | None = None,
                  word_match: str | None = None, complaint_score: float | None = None) -> Decision | None:
        seen[text] = {"intent": intent, "confidence": confidence, "alias": alias,
                      "question_alias": question_alias, "word_match": word_match, "complaint_score": complaint_score}
        return original(text, intent, confidence, alias, ranking, t, question_alias=question_alias,
                        word_match=word_match, complaint_score=complaint_score)

    interpreter.decide = recording  # type: ignore[assignment]
    try:
        agent = Agent.load(model)
        loop = asyncio.new_event_loop()
        for item in items:
            loop.run_until_complete(agent.parse_message(str(item["text"])))
    finally:
        interpreter.decide = original
    return {str(item["id"]): seen[str(item["text"])] for item in items if str(item["text"]) in seen}


def turn_of(decision: Decision | None, reading: dict[str, Any]) -> Turn:
    """What the dialogue does with a decision (None: the classifier's reading stands)."""
    intent = reading["intent"] if decision is None else decision.intent
    procedure = reading["alias"] if decision is None else decision.procedure
    if intent in FLOW_KINDS:
        return Turn(FLOW_KINDS[intent])
    if procedure:
        return Turn("card", procedure)
    if decision is not None and decision.outside:
        return Turn("outside", decision.outside)
    return Turn("clarify") if intent.startswith("ask_") else Turn("other")


def decided(items: list[dict[str, Any]], readings: dict[str, dict[str, Any]],
            rankings: dict[str, list[tuple[str, float]]], kb_ids: set[str],
            t: Thresholds) -> Iterator[tuple[dict[str, Any], Decision | None, str, str | None, Turn]]:
    """(item, decision, category, expected procedure, turn) for each question with a reading and a ranking."""
    for item in items:
        key = str(item["id"])
        if key not in readings or key not in rankings:
            continue
        r = readings[key]
        decision = decide(str(item["text"]), r["intent"], r["confidence"], r["alias"], rankings[key], t,
                          question_alias=r["question_alias"], word_match=r["word_match"],
                          complaint_score=r.get("complaint_score"))
        category, expected = category_of(item, kb_ids)
        yield item, decision, category, expected, turn_of(decision, r)


def tally(items: list[dict[str, Any]], readings: dict[str, dict[str, Any]],
          rankings: dict[str, list[tuple[str, float]]], kb_ids: set[str], t: Thresholds) -> Counter[tuple[str, str]]:
    """(category, outcome) counts for one set of thresholds."""
    return Counter((category, outcome(category, expected, turn))
                   for _, _, category, expected, turn in decided(items, readings, rankings, kb_ids, t))


def _print(label: str, counts: Counter[tuple[str, str]]) -> None:
    print(f"\n{label}")
    print("| category | n | " + " | ".join(OUTCOMES) + " |")
    print("|---|---|" + "---|" * len(OUTCOMES))
    for category in CATEGORY_TITLES:
        n = sum(v for (c, _), v in counts.items() if c == category)
        if n:
            print(f"| {category} | {n} | " + " | ".join(str(counts[(category, o)]) for o in OUTCOMES) + " |")


def _parse_sets(values: list[str]) -> dict[str, float | int]:
    known = {f.name: f.type for f in fields(Thresholds)}
    out: dict[str, float | int] = {}
    for value in values:
        name, _, number = value.partition("=")
        if name not in known:
            raise SystemExit(f"unknown threshold {name!r}; known: {', '.join(known)}")
        out[name] = int(number) if known[name] in (int, "int") else float(number)
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--model", default=None, help="model archive (default: the current one, as the stack loads it)")
    parser.add_argument("--folds", type=int, default=5)
    parser.add_argument("--oof-intents", action="store_true",
                        help="read intents with NLU models trained without each fold's pages (bench.intent_folds)")
    parser.add_argument("--set", action="append", default=[], metavar="NAME=VALUE", help="a Thresholds field")
    parser.add_argument("--no-diacritics", action="store_true",
                        help="every question as typed without diacritics (ranked and read so)")
    parser.add_argument("--unseen-outside", action="store_true",
                        help="rank each question about a procedure outside the catalogue with a ranker that learnt no "
                        "real question about that procedure (bench.ranker_eval.fold_pairs)")
    parser.add_argument("--dump", type=Path, help="also write the questions, readings and rankings here as JSON, "
                        "for `bench.decision_replay` (the main virtualenv replays the turn logic on them in seconds)")
    args = parser.parse_args(argv)
    variant = _parse_sets(args.set)
    from bench.ranker_eval import out_of_fold_rankings  # Rasa's virtualenv only

    typed = strip_diacritics if args.no_diacritics else str
    items = [{**item, "text": typed(str(item["text"]))} for item in load_training()]
    rankings, kb_ids = out_of_fold_rankings(args.folds, typed, args.unseen_outside)
    if args.oof_intents:
        from bench.intent_folds import out_of_fold_readings

        readings = out_of_fold_readings(items, args.folds)
    else:
        readings = readings_of(items, args.model or trained_model())
    print(f"{len(readings)} train+dev questions{' without diacritics' if args.no_diacritics else ''}, rankings out of fold ({args.folds} folds by page"
          f"{', outside procedures unseen' if args.unseen_outside else ''}), intents "
          + ("out of fold" if args.oof_intents else "read by the current model (train questions in sample)"))
    if args.dump:
        args.dump.write_text(json.dumps({"items": items, "readings": readings, "rankings": rankings,
                                         "kb_ids": sorted(kb_ids)}, ensure_ascii=False), encoding="utf-8")
    _print("current thresholds", tally(items, readings, rankings, kb_ids, DEFAULT))
    if variant:
        _print(f"with {variant}", tally(items, readings, rankings, kb_ids, replace(DEFAULT, **variant)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
