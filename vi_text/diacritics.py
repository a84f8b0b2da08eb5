"""Put the diacritics back on Vietnamese typed without them, by a word-bigram model learnt from accented text.

Citizens on phones often type "mat cccd lam lai o dau". The n-gram ranker reads folded text and does not
mind, but the sentence encoder learnt Vietnamese as it is written and reads such a message as noise. A
restorer gives it "mất căn cước công dân làm lại ở đâu" instead. Each unaccented word has the accented
forms seen in training with the same letters ("mat" → mất, mắt, mặt, mát…); the likeliest sequence of
forms is chosen by Viterbi over bigram probabilities with Dirichlet smoothing towards the unigram ones.
Trained on the ranker's own texts (the KB's names, aliases and questions, the NLU examples, the real
training questions), so it knows the words of procedures; a word it never saw stays as typed.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from vi_text.text import strip_diacritics

_WORD = re.compile(r"\w+", re.UNICODE)
_SENTENCE_END = re.compile(r"[.?!;:\n]")
START = "<s>"
# Dirichlet prior of the bigram estimate: with few counts after a word, its unigram probability decides.
SMOOTHING = 2.0
# A share of the message's words that must carry a diacritic to learn from it: unaccented training texts would
# teach that "tra" is a word where "trả" was meant.
LEARN_SHARE = 0.3


def _marked_share(words: Sequence[str]) -> float:
    return sum(1 for w in words if strip_diacritics(w) != w) / len(words) if words else 0.0


def sentences(text: str) -> Iterable[list[str]]:
    """The lower-case words of each sentence of a text."""
    for part in _SENTENCE_END.split(text.lower()):
        words = _WORD.findall(part)
        if words:
            yield words


@dataclass
class DiacriticsRestorer:
    """Unigram and bigram counts of accented words, and each bare form's accented forms."""

    unigrams: Counter[str] = field(default_factory=Counter)
    bigrams: Counter[tuple[str, str]] = field(default_factory=Counter)
    forms: dict[str, list[str]] = field(default_factory=dict)

    @classmethod
    def learn(cls, texts: Iterable[str]) -> DiacriticsRestorer:
        """Counts from the texts written with diacritics (the others are skipped)."""
        model = cls()
        for text in texts:
            parts = list(sentences(text))
            if _marked_share([w for s in parts for w in s]) < LEARN_SHARE:
                continue
            for words in parts:
                model.unigrams.update(words)
                model.bigrams.update(zip([START, *words], words, strict=False))
        model.index_forms()
        return model

    def index_forms(self) -> None:
        """Each bare form's accented forms, the most frequent first."""
        by_bare: dict[str, Counter[str]] = {}
        for word, count in self.unigrams.items():
            by_bare.setdefault(strip_diacritics(word), Counter())[word] += count
        self.forms = {bare: [w for w, _ in counts.most_common()] for bare, counts in by_bare.items()}

    def _log_prob(self, previous: str, word: str, total: int) -> float:
        unigram = (self.unigrams[word] + 0.1) / (total + 0.1 * len(self.unigrams) + 1)
        after = self.unigrams[previous] if previous != START else 0
        return math.log((self.bigrams[(previous, word)] + SMOOTHING * unigram) / (after + SMOOTHING))

    def restore_words(self, words: Sequence[str]) -> list[str]:
        """The likeliest accented form of each lower-case word; accented or unknown words stay as they are."""
        if not words:
            return []
        total = sum(self.unigrams.values())
        options = [[w] if strip_diacritics(w) != w else self.forms.get(w, [w]) for w in words]
        best: dict[str, tuple[float, list[str]]] = {START: (0.0, [])}
        for candidates in options:
            step: dict[str, tuple[float, list[str]]] = {}
            for word in candidates:
                score, path = max(((s + self._log_prob(prev, word, total), p) for prev, (s, p) in best.items()),
                                  key=lambda pair: pair[0])
                step[word] = (score, [*path, word])
            best = step
        return max(best.values(), key=lambda pair: pair[0])[1]

    def restore(self, text: str) -> str:
        """The text lower-cased, each sentence's words restored, joined by single spaces (punctuation dropped
        but for sentence ends)."""
        return " ".join(" ".join(self.restore_words(words)) for words in sentences(text))

    def to_json(self) -> dict[str, Any]:
        """The counts, as the ranker persists them beside its model."""
        return {"unigrams": dict(self.unigrams), "bigrams": [[a, b, n] for (a, b), n in self.bigrams.items()]}

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> DiacriticsRestorer:
        """A restorer from `to_json`'s counts."""
        model = cls(Counter({str(k): int(v) for k, v in data["unigrams"].items()}),
                    Counter({(str(a), str(b)): int(n) for a, b, n in data["bigrams"]}))
        model.index_forms()
        return model
