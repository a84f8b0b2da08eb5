"""Outcome evaluation on real citizen questions: send each one to the running stack and classify the turn.

    .venv/bin/python -m bench.outcome_eval                      # start a fresh stack, test split
    .venv/bin/python -m bench.outcome_eval --split dev          # in sample since dev is trained on (eval/README.md)
    .venv/bin/python -m bench.outcome_eval --rasa-url http://127.0.0.1:5005 --token "$(cat var/secrets/rasa_auth_token)"
                                                                # an already running stack (make run)

Each message goes to Rasa's REST channel from a fresh sender, as written and without diacritics. The
turn's events (read back from Rasa's tracker API) say what the assistant did: a card or a province
question about a procedure (`action_answer_procedure` setting `procedure`), an honest "not in our
catalogue" (`catalogue_entry`), a clarify menu, the feedback form, the dossier-status guidance, an
out-of-scope refusal, or something else. Outcomes, as in issue 11:
  right   the card is about the expected procedure (or the expected flow for feedback / status / outside)
  clarify the assistant asked which procedure or which aspect (safe, but no answer)
  miss    anything else that is not a card about another procedure
  wrong   a confident card about another procedure
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import uuid
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import requests

from bench.real_corpus import load_split
from common.turn_outcome import Turn, read_turn
from vi_text.text import strip_diacritics

if TYPE_CHECKING:  # the catalogue index needs pydantic 2; `bench.decision_cv` imports this module in Rasa's venv
    from procedures_kb.catalogue_index import CatalogueIndex

ROOT = Path(__file__).resolve().parent.parent
REPORT = ROOT / "reports" / "real_eval.md"
VARIANTS = ("as written", "no diacritics")
OUTCOMES = ("right", "clarify", "miss", "wrong")
# What an honest "not in our catalogue" answer names (see `honest_answer`): the procedure the question is about (its
# agency and official page, or where to go for a matter that is no one-stop procedure), another entry of the catalogue
# index (a neighbour: its agency may not be the citizen's), or only the national portal's search and the hotline
HONEST_KINDS = ("the expected entry", "another entry", "the portal only")
CATEGORY_TITLES = {
    "covered": "questions about procedures the catalogue covers",
    "outside": "questions about procedures outside the catalogue",
    "feedback": "complaints (feedback form offered)",
    "status": "\"where is my dossier\" questions",
    "out_of_scope": "not about procedures",
}


@dataclass
class Tally:
    """Outcome counts per category and variant, and the confusions."""

    counts: dict[tuple[str, str], Counter[str]] = field(default_factory=dict)
    confusions: Counter[tuple[str, str, str]] = field(default_factory=Counter)
    honest: dict[str, Counter[str]] = field(default_factory=dict)  # variant → `HONEST_KINDS` counts

    def add(self, category: str, variant: str, outcome: str, expected: str, got: str) -> None:
        self.counts.setdefault((category, variant), Counter())[outcome] += 1
        if outcome != "right":
            self.confusions[(variant, expected, got)] += 1

    def rate(self, category: str, variant: str, outcome: str) -> float:
        counter = self.counts.get((category, variant), Counter())
        total = sum(counter.values())
        return counter[outcome] / total if total else 0.0

    def total(self, category: str, variant: str) -> int:
        return sum(self.counts.get((category, variant), Counter()).values())


def category_of(item: dict[str, Any], kb_ids: set[str]) -> tuple[str, str | None]:
    """(category, expected procedure) of a labelled item; outside-KB labels of procedures the KB now
    holds count as covered."""
    intent, procedure = str(item.get("intent")), item.get("procedure")
    if intent == "give_feedback":
        return "feedback", None
    if intent == "ask_application_status":
        return "status", None
    if procedure:
        value = str(procedure).removesuffix("(outside KB)").strip()
        return ("covered", value) if value in kb_ids else ("outside", value)
    return "out_of_scope", None


def honest_answer(expected: str | None, turn: Turn, index: CatalogueIndex) -> str:
    """Which of `HONEST_KINDS` an honest answer (an `outside` turn) is: the outcome counts any honest answer as right
    for a question outside the catalogue; this says whether it also named the procedure asked about."""
    if turn.procedure is None or index.find(turn.procedure) is None:
        return HONEST_KINDS[2]  # no entry behind the answer: `bot.outside_answer` gives the portal's search
    return HONEST_KINDS[0] if turn.procedure == expected else HONEST_KINDS[1]


def outcome(category: str, expected: str | None, turn: Turn) -> str:
    """right / clarify / miss / wrong for one turn."""
    if turn.kind == "card":
        if category == "covered":
            return "right" if turn.procedure == expected else "wrong"
        return "wrong" if category in {"outside", "out_of_scope"} else "miss"
    if category == "covered":
        return "clarify" if turn.kind == "clarify" else "miss"
    if category == "outside":
        return "right" if turn.kind == "outside" else ("clarify" if turn.kind == "clarify" else "miss")
    if category == "feedback":
        return "right" if turn.kind == "feedback" else ("clarify" if turn.kind == "clarify" else "miss")
    if category == "status":
        return "right" if turn.kind == "status" else ("clarify" if turn.kind == "clarify" else "miss")
    return "right" if turn.kind in {"out_of_scope", "clarify", "other", "outside"} else "miss"


class StackClient:
    """Rasa's REST channel (token as a Bearer header) and tracker API (token as `?token=`)."""

    def __init__(self, rasa_url: str, token: str | None = None) -> None:
        self.rasa_url = rasa_url.rstrip("/")
        self.params = {"token": token} if token else {}
        self.headers = {"Authorization": f"Bearer {token}"} if token else {}

    def turn(self, text: str) -> Turn:
        sender = f"eval-{uuid.uuid4().hex[:12]}"
        resp = requests.post(f"{self.rasa_url}/webhooks/rest/webhook", json={"sender": sender, "message": text},
                             headers=self.headers, timeout=60)
        resp.raise_for_status()
        tracker = requests.get(f"{self.rasa_url}/conversations/{sender}/tracker", params=self.params, timeout=30)
        tracker.raise_for_status()
        return read_turn(list(tracker.json().get("events") or []))


def evaluate(client: StackClient, items: Iterable[dict[str, Any]], kb_ids: set[str],
             variants: tuple[str, ...] = VARIANTS, index: CatalogueIndex | None = None
             ) -> tuple[Tally, list[dict[str, Any]]]:
    """Send every item in every variant; return the tally and one row per message."""
    tally, rows = Tally(), []
    if index is None:
        from procedures_kb.catalogue_index import load_index

        index = load_index()
    for item in items:
        category, expected = category_of(item, kb_ids)
        for variant in variants:
            text = str(item["text"]) if variant == "as written" else strip_diacritics(str(item["text"]))
            turn = client.turn(text)
            result = outcome(category, expected, turn)
            got = turn.procedure or turn.kind if turn.kind in {"card", "outside"} else turn.kind
            tally.add(category, variant, result, str(expected or category), str(got))
            if category == "outside" and turn.kind == "outside":
                tally.honest.setdefault(variant, Counter())[honest_answer(expected, turn, index)] += 1
            rows.append({"id": item["id"], "variant": variant, "category": category, "expected": expected,
                         "got": turn.kind, "procedure": turn.procedure, "outcome": result, "detail": turn.detail})
    return tally, rows


def render(tally: Tally, split: str, n_items: int) -> str:
    """A Markdown report: one table per category, then the worst confusions."""
    lines = [f"# Outcomes on real citizen questions ({split} split, {n_items} questions)", "",
             "Produced by `make eval` (`python -m bench.outcome_eval --split " + split + "`).", ""]
    for category, title in CATEGORY_TITLES.items():
        if not any(tally.total(category, v) for v in VARIANTS):
            continue
        lines += [f"## {title}", "", "| outcome | " + " | ".join(f"{v} (n={tally.total(category, v)})" for v in VARIANTS)
                  + " |", "|---|" + "---|" * len(VARIANTS)]
        for name in OUTCOMES:
            lines.append(f"| {name} | " + " | ".join(f"{tally.rate(category, name_v, name):.2f}"
                                                    for name_v in VARIANTS) + " |")
        lines.append("")
        if category == "outside" and tally.honest:
            lines += ["What the honest answers name:", "", "| the answer names | "
                      + " | ".join(f"{v} (n={sum(tally.honest.get(v, Counter()).values())})" for v in VARIANTS) + " |",
                      "|---|" + "---|" * len(VARIANTS)]
            lines += [f"| {kind} | " + " | ".join(str(tally.honest.get(v, Counter())[kind]) for v in VARIANTS) + " |"
                      for kind in HONEST_KINDS]
            lines.append("")
    lines += ["## Worst confusions (expected → what the assistant did)", ""]
    for (variant, expected, got), count in tally.confusions.most_common(15):
        lines.append(f"- {count} × {expected} → {got} ({variant})")
    return "\n".join(lines) + "\n"


def _start_stack(tmp: Path, model: Path | None = None) -> Any:
    from bot.launcher import start_stack
    from common.db import make_engine
    from common.migrate import upgrade
    from fakes.ports import free_port
    from procedures_kb.loader import load_into_database

    url = f"sqlite:///{tmp / 'eval.db'}"
    engine = make_engine(url)
    upgrade(engine)
    load_into_database(engine)
    engine.dispose()
    return start_stack(rasa_port=free_port(), action_port=free_port(), database_url=url, log_dir=tmp / "log",
                       model=model)


def _kb_ids() -> set[str]:
    from procedures_kb.catalogue import load_catalogue

    procedures, _ = load_catalogue()
    return {p.id for p in procedures}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--split", default="test", choices=("train", "dev", "test"))
    parser.add_argument("--rasa-url", help="use a running stack instead of starting one")
    parser.add_argument("--token", help="Rasa API token, when the running stack has one")
    parser.add_argument("--model", type=Path, help="model package to start (default: the current one)")
    parser.add_argument("--report", type=Path, default=REPORT, help="where to write the Markdown report")
    parser.add_argument("--rows", type=Path, help="also write one JSON line per message here")
    args = parser.parse_args(argv)
    items = load_split(args.split)
    with tempfile.TemporaryDirectory() as tmp:
        stack = None if args.rasa_url else _start_stack(Path(tmp), args.model.resolve() if args.model else None)
        try:
            client = StackClient(args.rasa_url or stack.rasa_url, args.token or (stack.rasa_token if stack else None))
            tally, rows = evaluate(client, items, _kb_ids())
        finally:
            if stack is not None:
                stack.stop()
    report = render(tally, args.split, len(items))
    args.report.parent.mkdir(parents=True, exist_ok=True)
    args.report.write_text(report, encoding="utf-8")
    if args.rows:
        args.rows.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")
    print(report)
    return 0


if __name__ == "__main__":
    sys.exit(main())
