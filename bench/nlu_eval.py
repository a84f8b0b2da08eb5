"""NLU evaluation on the held-out sets: our pipeline vs Rasa's default pipeline vs TF-IDF + logistic regression.

Runs in the Rasa virtualenv (`make eval`). Trains the two Rasa NLU pipelines on rasa_project/data (never
on the held-out files), parses the three held-out variants (accented, unaccented, abbreviated), and
writes reports/nlu_eval.md plus reports/confusion_matrix.png.
"""

from __future__ import annotations

import argparse
import asyncio
import logging
import os
import statistics
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
RASA_DIR = ROOT / "rasa_project"
HELDOUT = RASA_DIR / "tests" / "nlu_heldout"
BLIND = RASA_DIR / "eval_blind"
# The blind set was written by someone who never saw the training data; it is the headline figure.
# The first held-out set is kept for comparison: training lines near-identical to it were removed, but
# its misses were inspected while tuning the aspect keywords, so its figures are optimistic.
EVAL_SETS = {"blind": BLIND, "held-out v1": HELDOUT}
VARIANTS = ("accented", "unaccented", "abbreviated")
QUESTION_INTENTS = {
    "ask_procedure_overview", "ask_documents", "ask_fee", "ask_processing_time", "ask_where",
    "ask_online_submission",
}
DEFAULT_PIPELINE = """
recipe: default.v1
language: vi
pipeline:
  - name: WhitespaceTokenizer
  - name: RegexFeaturizer
  - name: LexicalSyntacticFeaturizer
  - name: CountVectorsFeaturizer
  - name: CountVectorsFeaturizer
    analyzer: char_wb
    min_ngram: 1
    max_ngram: 4
  - name: DIETClassifier
    epochs: {epochs}
    random_seed: 42
  - name: EntitySynonymMapper
  - name: FallbackClassifier
    threshold: 0.3
"""


@dataclass
class Example:
    """One labelled held-out message."""

    text: str
    intent: str
    procedure: str | None


@dataclass
class Prediction:
    """What a system said about one message."""

    intent: str
    procedure: str | None
    seconds: float


@dataclass
class Scores:
    """Metrics of one system on one variant."""

    intent_accuracy: float
    macro_f1: float
    entity_f1: float | None
    procedure_accuracy: float | None
    oos_false_answer_rate: float
    median_ms: float
    p95_ms: float
    confusions: list[tuple[tuple[str, str], int]] = field(default_factory=list)


def load_examples(path: Path) -> list[Example]:
    """Held-out examples with their gold intent and procedure id."""
    from rasa.shared.nlu.training_data.loading import load_data

    data = load_data(str(path))
    out: list[Example] = []
    for msg in data.intent_examples:
        procs = [e.get("value") for e in msg.get("entities") or [] if e.get("entity") == "procedure"]
        out.append(Example(msg.get("text"), msg.get("intent"), procs[0] if procs else None))
    return out


def _percentile(values: list[float], pct: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(pct / 100 * (len(ordered) - 1)))]


def score(examples: list[Example], preds: list[Prediction], entities: bool) -> Scores:
    """Accuracy, macro F1, entity F1, procedure accuracy, out-of-scope false answers, latency."""
    from sklearn.metrics import f1_score

    gold = [e.intent for e in examples]
    got = [p.intent for p in preds]
    acc = sum(g == p for g, p in zip(gold, got, strict=True)) / len(gold)
    macro = float(f1_score(gold, got, average="macro", zero_division=0))
    entity_f1 = proc_acc = None
    if entities:
        tp = sum(1 for e, p in zip(examples, preds, strict=True) if e.procedure and p.procedure == e.procedure)
        fp = sum(1 for e, p in zip(examples, preds, strict=True) if p.procedure and p.procedure != e.procedure)
        fn = sum(1 for e, p in zip(examples, preds, strict=True) if e.procedure and p.procedure != e.procedure)
        entity_f1 = 2 * tp / (2 * tp + fp + fn) if tp + fp + fn else 1.0
        with_proc = [(e, p) for e, p in zip(examples, preds, strict=True) if e.procedure]
        proc_acc = sum(p.procedure == e.procedure for e, p in with_proc) / max(1, len(with_proc))
    oos = [(e, p) for e, p in zip(examples, preds, strict=True) if e.intent == "out_of_scope"]
    false_answers = sum(1 for _, p in oos if p.intent in QUESTION_INTENTS)
    ms = [p.seconds * 1000 for p in preds]
    confusions = Counter((g, p) for g, p in zip(gold, got, strict=True) if g != p).most_common(8)
    return Scores(acc, macro, entity_f1, proc_acc, false_answers / max(1, len(oos)),
                  statistics.median(ms), _percentile(ms, 95), confusions)


def rasa_predictor(model_path: str) -> Callable[[str], Prediction]:
    """Parse with a trained Rasa model in-process."""
    from rasa.core.agent import Agent

    agent = Agent.load(model_path)
    loop = asyncio.new_event_loop()

    def predict(text: str) -> Prediction:
        start = time.perf_counter()
        result: dict[str, Any] = loop.run_until_complete(agent.parse_message(text))
        elapsed = time.perf_counter() - start
        intent = (result.get("intent") or {}).get("name") or "nlu_fallback"
        if intent == "nlu_fallback":
            ranking = [r for r in result.get("intent_ranking", []) if r.get("name") != "nlu_fallback"]
            intent = ranking[0]["name"] if ranking else intent
        procs = [e.get("value") for e in result.get("entities", []) if e.get("entity") == "procedure"]
        return Prediction(intent, procs[0] if procs else None, elapsed)

    return predict


def train_rasa_nlu(config_text: str | None, out_dir: Path, name: str) -> tuple[str, float]:
    """Train an NLU-only model with the given config (None = the project's config.yml)."""
    from rasa.model_training import train_nlu

    config_path = RASA_DIR / "config.yml"
    if config_text is not None:
        config_path = out_dir / f"{name}.yml"
        config_path.write_text(config_text, encoding="utf-8")
    start = time.perf_counter()
    cwd = os.getcwd()
    os.chdir(RASA_DIR)
    try:
        model = train_nlu(str(config_path), "data/nlu", str(out_dir), fixed_model_name=name,
                          domain="domain")
    finally:
        os.chdir(cwd)
    if not model:
        raise SystemExit(f"training {name} failed")
    return model, time.perf_counter() - start


def tfidf_predictor() -> tuple[Callable[[str], Prediction], float]:
    """TF-IDF (word 1–2 + char 2–4) + logistic regression on the same training data, raw text."""
    from rasa.shared.nlu.training_data.loading import load_data
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import make_pipeline, make_union

    data = load_data(str(RASA_DIR / "data" / "nlu"))
    texts = [m.get("text") for m in data.intent_examples]
    labels = [m.get("intent") for m in data.intent_examples]
    start = time.perf_counter()
    model = make_pipeline(
        make_union(TfidfVectorizer(ngram_range=(1, 2), sublinear_tf=True),
                   TfidfVectorizer(analyzer="char_wb", ngram_range=(2, 4), sublinear_tf=True)),
        LogisticRegression(max_iter=2000, C=10.0),
    )
    model.fit(texts, labels)
    seconds = time.perf_counter() - start

    def predict(text: str) -> Prediction:
        t0 = time.perf_counter()
        label = str(model.predict([text])[0])
        return Prediction(label, None, time.perf_counter() - t0)

    return predict, seconds


def confusion_png(examples: list[Example], preds: list[Prediction], path: Path) -> None:
    """Confusion matrix of our pipeline over all held-out variants."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    from sklearn.metrics import ConfusionMatrixDisplay

    labels = sorted({e.intent for e in examples} | {p.intent for p in preds})
    fig, ax = plt.subplots(figsize=(12, 11))
    ConfusionMatrixDisplay.from_predictions(
        [e.intent for e in examples], [p.intent for p in preds], labels=labels, ax=ax,
        xticks_rotation=70, colorbar=False,
    )
    ax.set_title("Intent confusion matrix — all evaluation sets, project pipeline")
    fig.tight_layout()
    fig.savefig(path, dpi=90)
    plt.close(fig)


def _fmt(value: float | None, pct: bool = True) -> str:
    if value is None:
        return "–"
    return f"{value * 100:.1f} %" if pct else f"{value:.1f}"


def main(argv: list[str]) -> int:
    """Run the evaluation and print/write the report."""
    parser = argparse.ArgumentParser(prog="python -m bench.nlu_eval")
    parser.add_argument("--epochs", type=int, default=60, help="DIET epochs of the default-pipeline baseline")
    parser.add_argument("--skip-default", action="store_true", help="skip Rasa's default pipeline (saves ~3 min)")
    parser.add_argument("--reports", default=str(ROOT / "reports"))
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.WARNING)
    os.environ.setdefault("RASA_TELEMETRY_ENABLED", "false")
    reports = Path(args.reports)
    reports.mkdir(parents=True, exist_ok=True)
    sets = {f"{name} · {v}": load_examples(folder / f"{v}.yml") for name, folder in EVAL_SETS.items()
            for v in VARIANTS}

    systems: dict[str, tuple[Callable[[str], Prediction], float, bool]] = {}
    with tempfile.TemporaryDirectory() as tmp:
        # A private, empty training cache so the reported training times are real, not cache hits.
        os.environ["RASA_CACHE_DIRECTORY"] = str(Path(tmp) / "cache")
        print("Training the project pipeline (NLU only)…", flush=True)
        ours, ours_s = train_rasa_nlu(None, Path(tmp), "project")
        systems["project pipeline"] = (rasa_predictor(ours), ours_s, True)
        if not args.skip_default:
            print("Training Rasa's default pipeline…", flush=True)
            default, default_s = train_rasa_nlu(DEFAULT_PIPELINE.format(epochs=args.epochs), Path(tmp), "default")
            systems["Rasa default pipeline"] = (rasa_predictor(default), default_s, True)
        tfidf, tfidf_s = tfidf_predictor()
        systems["TF-IDF + logistic regression"] = (tfidf, tfidf_s, False)

        results: dict[str, dict[str, Scores]] = {}
        all_preds: list[Prediction] = []
        for name, (predict, _, entities) in systems.items():
            results[name] = {}
            for variant, examples in sets.items():
                preds = [predict(e.text) for e in examples]
                results[name][variant] = score(examples, preds, entities)
                if name == "project pipeline":
                    all_preds.extend(preds)
    all_examples = [e for v in sets for e in sets[v]]
    confusion_png(all_examples, all_preds, reports / "confusion_matrix.png")

    lines = ["# NLU evaluation (held-out sets, never trained on)", "",
             "Sizes: " + ", ".join(f"{v} {len(sets[v])}" for v in sets), "",
             "The blind set was written without seeing the training data (headline figures). Held-out v1: "
             "near-identical training lines were removed, but its errors were inspected while tuning the "
             "aspect keywords, so it is optimistic.", "",
             "| system | set | intent acc. | macro F1 | entity F1 | procedure acc. | OOS false answers | median parse | p95 parse |",
             "|---|---|---|---|---|---|---|---|---|"]
    for name, per_variant in results.items():
        for variant, s in per_variant.items():
            lines.append(f"| {name} | {variant} | {_fmt(s.intent_accuracy)} | {_fmt(s.macro_f1)} | "
                         f"{_fmt(s.entity_f1)} | {_fmt(s.procedure_accuracy)} | {_fmt(s.oos_false_answer_rate)} | "
                         f"{s.median_ms:.1f} ms | {s.p95_ms:.1f} ms |")
    lines += ["", "Out-of-scope false answers pooled over the three variants (goal ≤ 5 %):", ""]
    for name, per_variant in results.items():
        for set_name in EVAL_SETS:
            keys = [k for k in per_variant if k.startswith(set_name + " ·")]
            n = [sum(e.intent == "out_of_scope" for e in sets[k]) for k in keys]
            false = sum(round(per_variant[k].oos_false_answer_rate * c) for k, c in zip(keys, n, strict=True))
            lines.append(f"- {name}, {set_name}: {false}/{sum(n)} ({false / max(1, sum(n)) * 100:.1f} %)")
    lines += ["", "| system | training time |", "|---|---|"]
    lines += [f"| {name} | {secs:.0f} s |" for name, (_, secs, _) in systems.items()]
    lines += ["", "## Top confusions of the project pipeline (gold → predicted)", ""]
    for variant, s in results["project pipeline"].items():
        pairs = ", ".join(f"{g} → {p} ({n})" for (g, p), n in s.confusions) or "none"
        lines.append(f"- {variant}: {pairs}")
    lines += ["", "![confusion matrix](confusion_matrix.png)", ""]
    report = "\n".join(lines)
    (reports / "nlu_eval.md").write_text(report, encoding="utf-8")
    print(report)
    print(f"\nWrote {reports / 'nlu_eval.md'} and {reports / 'confusion_matrix.png'}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
