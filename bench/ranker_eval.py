"""Procedure ranker alone, on the real dev (or test) split: top-1 / top-3 accuracy, in seconds.

    .venv-rasa/bin/python -m bench.ranker_eval --split dev

Trains the ranker exactly as `rasa train` does (NLU data, KB texts, real train split) and ranks every
labelled real question as written and without diacritics. A quick loop for choices about the ranker;
the end-to-end figure is `bench.outcome_eval`.
"""

from __future__ import annotations

import argparse
import sys
import time

from rasa.shared.nlu.training_data.loading import load_data
from vi_nlu.procedure_ranker import PROJECT_DIR, ProcedureRanker, training_pairs
from vi_nlu.ranker_model import ProcedureRankerModel

from bench.real_corpus import load_split
from vi_text.ranker_labels import corpus_label, in_catalogue
from vi_text.text import strip_diacritics


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--split", default="dev", choices=("train", "dev", "test"))
    parser.add_argument("--c", type=float, default=float(ProcedureRanker.get_default_config()["c"]))
    parser.add_argument("--show", action="store_true", help="print the misses")
    args = parser.parse_args(argv)
    data = load_data(str(PROJECT_DIR / "data" / "nlu"))
    files = [PROJECT_DIR / f for f in ProcedureRanker.get_default_config()["extra_files"]]
    pairs = training_pairs(data, "procedure", files)
    start = time.perf_counter()
    model = ProcedureRankerModel.fit([t for t, _ in pairs], [lab for _, lab in pairs], c=args.c)
    print(f"trained on {len(pairs)} texts, {len(model.classes)} labels in {time.perf_counter() - start:.1f}s")
    known = set(model.classes)
    items = [i for i in load_split(args.split) if i.get("procedure")]
    for variant in ("as written", "no diacritics"):
        top1 = top3 = 0
        for item in items:
            label = in_catalogue(corpus_label(item["procedure"]), known)
            text = str(item["text"]) if variant == "as written" else strip_diacritics(str(item["text"]))
            ranked = [r.label for r in model.rank(text, 3)]
            top1 += ranked[0] == label
            top3 += label in ranked
            if args.show and ranked[0] != label and variant == "as written":
                print(f"  {label:<32} → {ranked}  {text[:100]!r}")
        n = len(items) or 1
        print(f"{args.split} {variant:<14} n={len(items)}  top1 {top1 / n:.2f}  top3 {top3 / n:.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
