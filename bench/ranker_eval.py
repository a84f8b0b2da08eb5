"""Procedure ranker alone: top-1 / top-3 accuracy by cross-validation, or on one real split, in seconds.

    .venv-rasa/bin/python -m bench.ranker_eval --cv 5

Cross-validation over the train and dev pages together (folds by page, never the test split): each
fold's pages are left out of the ranker's training, their questions ranked. The figure to decide on
for choices about features and weights. `--pages 0.5` trains each fold's ranker on half of the other
pages (a fixed sample by page hash): the learning curve, whether more real questions still help.

    .venv-rasa/bin/python -m bench.ranker_eval --split test

Trains the ranker exactly as `rasa train` does (NLU data, KB texts, real train and dev splits) and ranks
every labelled question of a split as written and without diacritics (measured only; train and dev are in
sample). The end-to-end figure is `bench.outcome_eval`.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Callable, Iterator
from typing import Any

from rasa.shared.nlu.training_data.loading import load_data
from rasa.shared.nlu.training_data.training_data import TrainingData
from vi_nlu.procedure_ranker import (
    PROJECT_DIR,
    RANKING_LENGTH,
    ProcedureRanker,
    encoder_settings,
    labelled_examples,
    rank_message,
    training_pairs,
)
from vi_nlu.ranker_model import ProcedureRankerModel

from bench.real_corpus import fold_of, load_split, load_training, page_hash
from vi_text.intent_examples import example_forms
from vi_text.ranker_labels import OUTSIDE_PREFIX, corpus_label, in_catalogue
from vi_text.text import normalize, strip_diacritics


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--split", default=None, choices=("train", "dev", "test"),
                        help="rank one split with the shipped training data (default: cross-validate)")
    parser.add_argument("--c", type=float, default=float(ProcedureRanker.get_default_config()["c"]))
    parser.add_argument("--phrase-weight", type=float,
                        default=float(ProcedureRanker.get_default_config()["phrase_weight"]))
    parser.add_argument("--real-repeat", type=int, default=int(ProcedureRanker.get_default_config()["real_repeat"]),
                        help="times each real message counts")
    parser.add_argument("--show", action="store_true", help="print the misses")
    parser.add_argument("--cv", type=int, default=5, help="folds over train+dev pages (without --split)")
    parser.add_argument("--pages", type=float, default=1.0,
                        help="share of the other pages each fold's ranker learns from (the learning curve)")
    args = parser.parse_args(argv)
    if args.split is None:
        return cross_validate(args.real_repeat, args.cv, args.c, args.show, args.phrase_weight, args.pages)
    data = load_data(str(PROJECT_DIR / "data" / "nlu"))
    files = ProcedureRanker.extra_paths({})
    real_files = ProcedureRanker.real_paths({})
    pairs = training_pairs(data, "procedure", files, real_files, args.real_repeat)
    start = time.perf_counter()
    model = ProcedureRankerModel.fit([t for t, _ in pairs], [lab for _, lab in pairs], c=args.c,
                                     phrase_weight=args.phrase_weight, **encoder_settings({}))
    print(f"trained on {len(pairs)} texts, {len(model.classes)} labels in {time.perf_counter() - start:.1f}s")
    known = set(model.classes)
    items = [i for i in load_split(args.split) if i.get("procedure")]
    for variant in ("as written", "no diacritics"):
        top1 = top3 = 0
        for item in items:
            label = in_catalogue(corpus_label(item["procedure"]), known)
            text = str(item["text"]) if variant == "as written" else strip_diacritics(str(item["text"]))
            ranked = [r.label for r in rank_message(model, text, 3)]
            top1 += ranked[0] == label
            top3 += label in ranked
            if args.show and ranked[0] != label and variant == "as written":
                print(f"  {label:<32} → {ranked}  {text[:100]!r}")
        n = len(items) or 1
        print(f"{args.split} {variant:<14} n={len(items)}  top1 {top1 / n:.2f}  top3 {top3 / n:.2f}")
    return 0


def in_page_sample(item: dict[str, Any], share: float) -> bool:
    """Whether the item's page is in a fixed sample of `share` of all pages (a salted page hash, independent
    of the split and the fold, which hash the page unsalted)."""
    return page_hash(str(item["source_url"]), salt=b"learning-curve:") % 1000 < share * 1000


def fold_pairs(data: TrainingData, folds: int, repeat: int, pages: float = 1.0, unseen_outside: bool = False
               ) -> Iterator[tuple[list[dict[str, Any]], list[tuple[str, str]]]]:
    """For each fold: its held-out train+dev questions and the (text, label) pairs `rasa train` gives the ranker
    from `data` (the NLU data), without those questions' pages (nor their texts among the NLU examples), on the
    share `pages` of the other pages.

    `unseen_outside`: the fold's ranker also learns no real question about a procedure outside the catalogue that
    a held-out question is about (only the catalogue index's name and keywords of it). Folds by page let a
    question about a divorce be ranked by a model that learnt divorces from other pages; a citizen's question
    about a procedure nobody asked about before has no such help. This is the harder, honest case for the
    decision between a card and the honest outside answer."""
    files = ProcedureRanker.extra_paths({})
    real_files = ProcedureRanker.real_paths({})
    kb_files = [f for f in files if f not in real_files]
    base = training_pairs(data, "procedure", kb_files)
    kb_ids = set(data.entity_synonyms.values())
    real = load_training()
    fold = {id(i): fold_of(i, folds) for i in real}
    real_forms = {form for i in real for form in example_forms(str(i["text"]))}
    for held_fold in range(folds):
        held = [i for i in real if fold[id(i)] == held_fold]
        seen = [i for i in real if fold[id(i)] != held_fold and (pages >= 1.0 or in_page_sample(i, pages))]
        if unseen_outside:
            held_outside = {_outside_label(i, kb_ids) for i in held} - {""}
            seen = [i for i in seen if corpus_label(i.get("procedure")) not in held_outside]
        # Every real question's forms leave the NLU examples, as `training_pairs` leaves them when the real files
        # are among its extra files: the held-out ones must not be seen, and the others come back below with
        # their procedure (left in, the intent examples of real_train.yml taught them as `none` as well)
        pairs = [(t, lab) for t, lab in base if normalize(t) not in real_forms]
        # labelled as `training_pairs` labels the training splits
        pairs += labelled_examples([(str(i["text"]), corpus_label(i.get("procedure"))) for i in seen], kb_ids, repeat)
        yield held, pairs


def _outside_label(item: dict[str, Any], kb_ids: set[str]) -> str:
    """The ranker label of an item about a procedure the KB has no full entry for, else ""."""
    label = in_catalogue(corpus_label(item.get("procedure")), kb_ids)
    return label if label.startswith(OUTSIDE_PREFIX) else ""


def _folds(data: TrainingData, folds: int, c: float, phrase_weight: float, repeat: int, pages: float = 1.0,
           unseen_outside: bool = False) -> Iterator[tuple[list[dict[str, Any]], ProcedureRankerModel]]:
    """For each fold: its held-out train+dev questions and a ranker trained as `rasa train` trains it on
    `fold_pairs`."""
    for held, pairs in fold_pairs(data, folds, repeat, pages, unseen_outside):
        yield held, ProcedureRankerModel.fit([t for t, _ in pairs], [lab for _, lab in pairs], c=c,
                                             phrase_weight=phrase_weight, **encoder_settings({}))


def out_of_fold_rankings(folds: int = 5, variant: Callable[[str], str] = str, unseen_outside: bool = False
                         ) -> tuple[dict[str, list[tuple[str, float]]], set[str]]:
    """Each train+dev question's ranking (as the pipeline ranks it) by a ranker that did not see its
    page, with the default settings; and the KB ids. `variant` rewrites each question before it is
    ranked (`strip_diacritics`: as typed without diacritics); `unseen_outside` as in `fold_pairs`."""
    defaults = ProcedureRanker.get_default_config()
    data = load_data(str(PROJECT_DIR / "data" / "nlu"))
    rankings: dict[str, list[tuple[str, float]]] = {}
    for held, model in _folds(data, folds, float(defaults["c"]), float(defaults["phrase_weight"]),
                              int(defaults["real_repeat"]), unseen_outside=unseen_outside):
        for item in held:
            rankings[str(item["id"])] = [(r.label, r.confidence)
                                         for r in rank_message(model, variant(str(item["text"])), RANKING_LENGTH)]
    return rankings, set(data.entity_synonyms.values())


def cross_validate(repeat: int, folds: int, c: float, show: bool, phrase_weight: float, pages: float = 1.0) -> int:
    """Top-1 / top-3 over train+dev questions, each ranked by a model that did not see its page."""
    top1 = top3 = n = 0
    for held, model in _folds(load_data(str(PROJECT_DIR / "data" / "nlu")), folds, c, phrase_weight, repeat, pages):
        known = set(model.classes)
        for item in held:
            if not item.get("procedure"):
                continue
            label = in_catalogue(corpus_label(item["procedure"]), known)  # type: ignore[arg-type]
            ranked = [r.label for r in rank_message(model, str(item["text"]), 3)]
            n += 1
            top1 += ranked[0] == label
            top3 += label in ranked
            if show and ranked[0] != label:
                print(f"  {label:<32} → {ranked}  {str(item['text'])[:100]!r}")
    share = f", {pages:.0%} of the other pages" if pages < 1.0 else ""
    print(f"cv{folds} train+dev n={n}{share}  top1 {top1 / max(n, 1):.3f}  top3 {top3 / max(n, 1):.3f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
