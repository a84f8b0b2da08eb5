"""Procedure ranker model: TF-IDF over folded words and characters, and a linear classifier (no Rasa).

Why this shape: real citizens name a procedure in their own words ("con mới sinh", "mất cccd ngoài chợ"),
often inside a long story. Alias matching finds the names we listed; character n-grams over the folded
text generalise to spellings, typos and words we did not list, and a linear model trained on the KB's
names, aliases, life events and example questions, the NLU examples and the real train split learns
which words point to which procedure. The model is saved as JSON + NumPy arrays (no pickle).
"""

from __future__ import annotations

import json
import logging
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.svm import LinearSVC

from vi_nlu.encoder_head import Embed, EncoderHead, written_with_diacritics
from vi_nlu.phrase_features import PhraseFeatures, stack_blocks
from vi_text.diacritics import DiacriticsRestorer
from vi_text.ranker_labels import corpus_label
from vi_text.text import normalize

logger = logging.getLogger(__name__)
MODEL_FILE = "ranker.json"
ARRAYS_FILE = "ranker.npz"


@dataclass(frozen=True)
class Ranked:
    """One label of the ranking: a KB id, `outside:<index id>` or `none`, with its probability."""

    label: str
    confidence: float


def _word_vectorizer() -> TfidfVectorizer:
    return TfidfVectorizer(analyzer="word", ngram_range=(1, 2), token_pattern=r"\S+", sublinear_tf=True,
                           min_df=1, lowercase=False)


def _char_vectorizer() -> TfidfVectorizer:
    return TfidfVectorizer(analyzer="char_wb", ngram_range=(2, 5), sublinear_tf=True, min_df=1,
                           lowercase=False, max_features=120_000)


def _restore(vocabulary: dict[str, int], idf: np.ndarray, char: bool) -> TfidfVectorizer:
    vectorizer = _char_vectorizer() if char else _word_vectorizer()
    vectorizer.vocabulary_ = vocabulary
    vectorizer.idf_ = idf
    return vectorizer


class ProcedureRankerModel:
    """Ranks labels for a message; `fit` trains, `rank` predicts, `save`/`load` persist."""

    def __init__(self, words: TfidfVectorizer, chars: TfidfVectorizer, coef: np.ndarray,
                 intercept: np.ndarray, classes: Sequence[str], scale: float = 8.0,
                 phrases: PhraseFeatures | None = None, encoder: EncoderHead | None = None,
                 embed: Embed | None = None, restorer: DiacriticsRestorer | None = None) -> None:
        self._words = words
        self.scale = scale
        self._phrases = phrases or PhraseFeatures({}, 0.0)
        self._chars = chars
        self._coef = coef
        self._intercept = intercept
        self.classes = list(classes)
        self._direct: _DirectScorer | None = None  # built on the first prediction
        self.encoder = encoder
        self._embed = embed  # set on the first unsure message when None (the shared encoder)
        self.restorer = restorer  # gives the encoder unaccented messages with their diacritics put back

    @classmethod
    def fit(cls, texts: Sequence[str], labels: Sequence[str], c: float = 0.5, scale: float = 8.0,
            weighting: str = "sqrt_balanced", phrase_weight: float = 0.0, encoder_weight: float = 0.0,
            encoder_factor: float = 1.0, encoder_below: float = 1.1, embed: Embed | None = None,
            restore_diacritics: bool = False) -> ProcedureRankerModel:
        """Train on (text, label) pairs; texts are folded and abbreviation-expanded first.

        A linear SVM (one against the rest) trains in seconds on 250 labels, where a multinomial
        logistic regression took 90 s on 2 cores for the same accuracy; its margins become
        probabilities through a softmax with a fixed `scale` (the thresholds are tuned on it).
        With `encoder_weight` > 0 a second linear SVM learns the same labels from the texts' sentence
        vectors (`embed`, the texts as written: the encoder reads diacritics), see `EncoderHead`; with
        `restore_diacritics` the encoder also reads unaccented messages, their diacritics restored by a
        `DiacriticsRestorer` learnt from the same texts."""
        folded = [normalize(t) for t in texts]
        words, chars = _word_vectorizer(), _char_vectorizer()
        phrases = PhraseFeatures.learn(folded, phrase_weight)
        features = stack_blocks(words.fit_transform(folded), chars.fit_transform(folded), phrases.transform(folded))
        weights = sqrt_balanced(labels) if weighting == "sqrt_balanced" else "balanced"
        classifier = LinearSVC(C=c, class_weight=weights, random_state=0)
        classifier.fit(features, list(labels))
        classes = [str(x) for x in classifier.classes_]
        head, restorer = None, None
        if encoder_weight > 0:
            if embed is None:
                raise ValueError("an encoder weight needs `embed`")
            vectors = LinearSVC(C=1.0, class_weight=weights, random_state=0).fit(embed(texts), list(labels))
            if [str(x) for x in vectors.classes_] != classes:
                raise ValueError("the encoder's classes differ from the n-gram model's")
            head = EncoderHead(vectors.coef_, vectors.intercept_, encoder_weight, encoder_factor, encoder_below)
            restorer = DiacriticsRestorer.learn(texts) if restore_diacritics else None
        return cls(words, chars, classifier.coef_, classifier.intercept_, classes, scale, phrases, head, embed,
                   restorer)

    def _scorer(self) -> _DirectScorer:
        if self._direct is None:
            self._direct = _DirectScorer(self._words, self._chars, self._phrases, self._coef)
        return self._direct

    def probabilities(self, texts: Sequence[str]) -> np.ndarray:
        """Class probabilities (rows: texts, columns: `classes`)."""
        scorer = self._scorer()
        scores = np.vstack([scorer.scores(normalize(t)) for t in texts]) + self._intercept
        if scores.shape[1] == 1:  # binary model: one column of scores
            scores = np.hstack([-scores, scores])
        probs = _softmax(self.scale * scores)
        head = self.encoder
        if head is not None:
            readable = {int(i): self._encoder_text(texts[i]) for i in np.flatnonzero(probs.max(axis=1) < head.below)}
            unsure = np.array([i for i, text in readable.items() if text is not None], dtype=np.int64)
            embed = self.embedder() if unsure.size else None
            if embed is not None:
                try:
                    vectors = embed([str(readable[int(i)]) for i in unsure])
                except (OSError, RuntimeError, ValueError) as exc:  # the engine failed on this message: n-grams answer
                    logger.warning("ProcedureRanker: sentence encoder failed (%s); n-gram ranking for this message", exc)
                    return probs
                blended = head.factor * (scores[unsure] + head.weight * (vectors @ head.coef.T + head.intercept))
                probs[unsure] = _softmax(self.scale * blended)
        return probs

    def _encoder_text(self, text: str) -> str | None:
        """What the encoder reads of a message: the message when it is written with diacritics, else its folded and
        abbreviation-expanded words with the diacritics restored ("mat cccd" → "mất căn cước công dân"); None
        (the n-gram ranking stands) for an unaccented message without a restorer."""
        if written_with_diacritics(text):
            return text
        return self.restorer.restore(normalize(text)) if self.restorer is not None else None

    def embedder(self) -> Embed | None:
        """The sentence encoder of the blend (the process-wide one, loaded on first use); None without a blend or
        when the encoder cannot run here: the n-gram ranking stands, and the log says why once."""
        if self.encoder is None:
            return None
        if self._embed is None:
            from vi_nlu.exceptions import EncoderUnavailable
            from vi_nlu.sentence_encoder import shared_encoder

            try:
                self._embed = shared_encoder().embed
            except (EncoderUnavailable, OSError, RuntimeError) as exc:
                logger.warning("ProcedureRanker: sentence encoder unavailable (%s); ranking by n-grams alone", exc)
                self.encoder = None
                return None
        return self._embed

    def rank(self, text: str, limit: int = 5) -> list[Ranked]:
        """The `limit` likeliest labels for one message, best first."""
        probs = self.probabilities([text])[0]
        order = np.argsort(-probs)[:limit]
        return [Ranked(self.classes[i], round(float(probs[i]), 4)) for i in order]

    def save(self, folder: Path) -> None:
        """Write the vocabularies and classes as JSON, the weights as NumPy arrays."""
        meta = {
            "classes": self.classes,
            "scale": self.scale,
            "word_vocabulary": {k: int(v) for k, v in self._words.vocabulary_.items()},
            "char_vocabulary": {k: int(v) for k, v in self._chars.vocabulary_.items()},
            "phrase_vocabulary": self._phrases.vocabulary,
            "phrase_weight": self._phrases.weight,
        }
        arrays = {"coef": self._coef, "intercept": self._intercept, "word_idf": self._words.idf_,
                  "char_idf": self._chars.idf_}
        if self.encoder is not None:
            meta["encoder"] = {"weight": self.encoder.weight, "factor": self.encoder.factor,
                               "below": self.encoder.below}
            arrays |= {"encoder_coef": self.encoder.coef, "encoder_intercept": self.encoder.intercept}
        if self.restorer is not None:
            meta["restorer"] = self.restorer.to_json()
        (folder / MODEL_FILE).write_text(json.dumps(meta, ensure_ascii=False), encoding="utf-8")
        np.savez_compressed(folder / ARRAYS_FILE, **arrays)

    @classmethod
    def load(cls, folder: Path) -> ProcedureRankerModel:
        """Read a model written by `save`."""
        meta = json.loads((folder / MODEL_FILE).read_text(encoding="utf-8"))
        with np.load(folder / ARRAYS_FILE) as arrays:
            words = _restore(meta["word_vocabulary"], arrays["word_idf"], char=False)
            chars = _restore(meta["char_vocabulary"], arrays["char_idf"], char=True)
            phrases = PhraseFeatures(meta.get("phrase_vocabulary", {}), float(meta.get("phrase_weight", 0.0)))
            blend = meta.get("encoder")
            head = None if blend is None else EncoderHead(
                arrays["encoder_coef"], arrays["encoder_intercept"], float(blend["weight"]), float(blend["factor"]),
                float(blend["below"]))
            restorer = DiacriticsRestorer.from_json(meta["restorer"]) if "restorer" in meta else None
            return cls(words, chars, arrays["coef"], arrays["intercept"], meta["classes"], float(meta["scale"]),
                       phrases, head, restorer=restorer)


class _DirectScorer:
    """The linear model's scores for one folded text, without building sparse matrices.

    Same arithmetic as the vectorizers' `transform` and the matrix product (TF-IDF with sublinear tf,
    L2-normalised per block; the phrase block as `PhraseFeatures.transform`), done on the few columns a
    message has: scipy's and sklearn's per-call overhead was half the ranker's 4 ms per real message.
    """

    def __init__(self, words: TfidfVectorizer, chars: TfidfVectorizer, phrases: PhraseFeatures,
                 coef: np.ndarray) -> None:
        self._blocks: list[tuple[object, dict[str, int], np.ndarray, int]] = []
        offset = 0
        for vectorizer in (words, chars):
            self._blocks.append((vectorizer.build_analyzer(), vectorizer.vocabulary_, vectorizer.idf_, offset))
            offset += len(vectorizer.vocabulary_)
        self._phrases = phrases
        self._phrase_offset = offset
        self._coef_t = np.ascontiguousarray(coef.T)  # one row of class weights per feature

    def scores(self, folded: str) -> np.ndarray:
        """Scores per class (no intercept) of one normalize()d text."""
        total = np.zeros(self._coef_t.shape[1])
        for analyzer, vocabulary, idf, offset in self._blocks:
            counts = Counter(g for g in analyzer(folded) if g in vocabulary)  # type: ignore[operator]
            if not counts:
                continue
            columns = np.fromiter((vocabulary[g] for g in counts), dtype=np.int64, count=len(counts))
            values = (1.0 + np.log(np.fromiter(counts.values(), dtype=np.float64, count=len(counts)))) * idf[columns]
            values /= np.sqrt(values @ values)
            total += values @ self._coef_t[columns + offset]
        found = self._phrases.found(folded)
        if found:
            columns = np.array(sorted(found), dtype=np.int64) + self._phrase_offset
            total += (self._phrases.weight / len(found) ** 0.5) * self._coef_t[columns].sum(axis=0)
        return total


def _softmax(margins: np.ndarray) -> np.ndarray:
    """Row-wise softmax of (scaled) margins."""
    exp = np.exp(margins - margins.max(axis=1, keepdims=True))
    return np.asarray(exp / exp.sum(axis=1, keepdims=True))


def sqrt_balanced(labels: Sequence[str]) -> dict[str, float]:
    """Class weights: the square root of sklearn's "balanced" weights.

    Fully balanced weights let a label seen once in the real train split win on generic words
    ("còn thời gian bao lâu?" ranked a vehicle procedure first); no weighting drowns the labels the KB
    texts teach in the large `none` class. On the train+dev cross-validation the square root kept
    follow-up questions on `none` (2 false of 149 against 9) at the same accuracy."""
    counts = Counter(labels)
    total, kinds = len(labels), len(counts)
    return {label: (total / (kinds * count)) ** 0.5 for label, count in counts.items()}


def json_lines(path: Path) -> Iterable[dict[str, Any]]:
    """The JSON objects of a JSON-lines file, blank lines skipped."""
    with path.open(encoding="utf-8") as handle:
        for line in handle:
            if line.strip():
                yield dict(json.loads(line))


def read_examples(path: Path) -> Iterable[tuple[str, str]]:
    """(text, label) pairs from a JSON-lines file of {"text", "label"} or real-corpus items.

    Real-corpus items carry `procedure` (a KB id, "<id> (outside KB)" or null) instead of `label`.
    """
    for item in json_lines(path):
        text = str(item.get("text") or "").strip()
        if not text:
            continue
        label = item.get("label")
        if label is None:
            label = corpus_label(item.get("procedure"))
        yield text, str(label)
