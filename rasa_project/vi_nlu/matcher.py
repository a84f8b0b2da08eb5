"""Rank keys (procedure ids) for free Vietnamese text: alias phrases, IDF-weighted words, typo repair."""

from __future__ import annotations

import difflib
import math
import unicodedata
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from vi_nlu.text import ABBREVIATIONS, TOKEN_RE, fold, normalize, strip_diacritics

# Question words that say nothing about which procedure is meant.
STOPWORDS = frozenset(
    ["can", "gi", "giay", "to", "bao", "nhieu", "lam", "thu", "tuc", "o", "dau", "nop", "mat", "lau", "le", "phi", "tien", "het", "the", "nao", "cho", "em", "toi", "minh", "hoi", "muon", "duoc", "khong", "co", "va", "voi", "la", "thi", "sao", "con", "nhu", "ai", "a", "ad", "admin", "oi", "vay", "a", "ah", "nha", "nhe", "ban", "anh", "chi", "cua", "nay", "do", "di", "den", "ve", "tai", "trong", "khi", "can", "phai", "bi", "da", "se", "dang", "roi", "ngay", "may", "bang"]
)
MAX_PHRASE = 8


@dataclass(frozen=True)
class Match:
    """One ranked key with its score and the character span of the best phrase (if any)."""

    key: str
    score: float
    start: int = -1
    end: int = -1
    phrase: str = ""


def spans(text: str) -> list[tuple[str, int, int]]:
    """Expanded folded tokens with the character span of the original token they came from."""
    raw = unicodedata.normalize("NFC", text).lower()
    aligned = strip_diacritics(raw)
    if len(aligned) != len(raw):  # rare characters change length: keep words, lose exact spans
        aligned = fold(text)
    out: list[tuple[str, int, int]] = []
    for m in TOKEN_RE.finditer(aligned):
        word = m.group(0)
        expansion = ABBREVIATIONS.get(word)
        for part in expansion.split() if expansion else [word]:
            out.append((part, m.start(), m.end()))
    return out


class PhraseMatcher:
    """An index of (alias, key) pairs answering `rank(text)` without any third-party package."""

    def __init__(self, entries: Iterable[tuple[str, str]]) -> None:
        self._phrases: dict[tuple[str, ...], set[str]] = defaultdict(set)
        self._key_words: dict[str, set[str]] = defaultdict(set)
        for alias, key in entries:
            words = tuple(normalize(alias).split())
            if not words:
                continue
            self._phrases[words[:MAX_PHRASE]].add(key)
            self._key_words[key].update(w for w in words if w not in STOPWORDS)
        keys = list(self._key_words)
        n_keys = max(len(keys), 1)
        doc_freq: dict[str, int] = defaultdict(int)
        for words_of_key in self._key_words.values():
            for word in words_of_key:
                doc_freq[word] += 1
        self._idf = {w: math.log(1.0 + n_keys / df) for w, df in doc_freq.items()}
        self._vocab = sorted({w for phrase in self._phrases for w in phrase})
        self._vocab_set = set(self._vocab)
        self.keys = frozenset(keys)

    def _idf_of(self, word: str) -> float:
        return self._idf.get(word, 0.3 if word not in STOPWORDS else 0.05)

    def _repair(self, word: str) -> str:
        if word in self._vocab_set or len(word) < 4 or word.isdigit() or "." in word:
            return word
        close = difflib.get_close_matches(word, self._vocab, n=1, cutoff=0.75)
        return close[0] if close else word

    def rank(self, text: str, limit: int = 5) -> list[Match]:
        """Keys ordered by score (best first); empty when nothing in the text points at a key."""
        toks = spans(text)
        if not toks:
            return []
        words = [self._repair(w) for w, _, _ in toks]
        best_phrase: dict[str, Match] = {}
        for i in range(len(words)):
            for n in range(min(MAX_PHRASE, len(words) - i), 0, -1):
                keys = self._phrases.get(tuple(words[i : i + n]))
                if not keys:
                    continue
                weight = sum(self._idf_of(w) for w in words[i : i + n]) + 0.5 * n
                for key in keys:
                    current = best_phrase.get(key)
                    if current is None or weight > current.score:
                        best_phrase[key] = Match(
                            key, weight, toks[i][1], toks[i + n - 1][2], " ".join(words[i : i + n])
                        )
        query = {w for w in words if w not in STOPWORDS}
        scores: dict[str, float] = {}
        for key, key_words in self._key_words.items():
            bag = sum(self._idf_of(w) for w in query & key_words)
            phrase = best_phrase[key].score if key in best_phrase else 0.0
            total = phrase + 0.5 * bag
            if total > 0:
                scores[key] = total
        ranked = sorted(scores.items(), key=lambda kv: (-kv[1], kv[0]))[:limit]
        result: list[Match] = []
        for key, score in ranked:
            m = best_phrase.get(key)
            if m is not None:
                result.append(Match(key, score, m.start, m.end, m.phrase))
            else:
                result.append(Match(key, score))
        return result

    def best(self, text: str, min_score: float = 1.0) -> Match | None:
        """The top key when it clearly points at one (a phrase hit above min_score)."""
        ranked = self.rank(text, limit=2)
        if not ranked or ranked[0].score < min_score or ranked[0].start < 0:
            return None
        return ranked[0]
