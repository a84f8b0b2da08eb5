"""Rank keys (procedure ids) for free Vietnamese text: alias phrases, IDF-weighted words, typo repair.

Edit distances and similarity come from rapidfuzz; the Vietnamese-specific parts (sound-alike
spellings, abbreviations, clause markers, IDF weights) are ours.
"""

from __future__ import annotations

import math
import unicodedata
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache

from rapidfuzz import fuzz, process
from rapidfuzz.distance import OSA

from vi_text.text import ABBREVIATIONS, TOKEN_RE, fold, normalize, strip_diacritics

# Question words that say nothing about which procedure is meant.
STOPWORDS = frozenset(
    ["can", "gi", "giay", "to", "bao", "nhieu", "lam", "thu", "tuc", "o", "dau", "nop", "mat", "lau", "le", "phi", "tien", "het", "the", "nao", "cho", "em", "toi", "minh", "hoi", "muon", "duoc", "khong", "co", "va", "voi", "la", "thi", "sao", "con", "nhu", "ai", "a", "ad", "admin", "oi", "vay", "a", "ah", "nha", "nhe", "ban", "anh", "chi", "cua", "nay", "do", "di", "den", "ve", "tai", "trong", "khi", "can", "phai", "bi", "da", "se", "dang", "roi", "ngay", "may", "bang"]
)
MAX_PHRASE = 8
REPAIR_MEMO = 50_000  # repaired words remembered per matcher (a citizen's words repeat; memory stays bounded)
# Words that open a subordinate clause ("... khi bố mẹ chưa đăng ký kết hôn", "sửa tên trong giấy khai sinh"):
# a procedure named after them is context, not what is asked, when one was named before them.
CLAUSE_MARKERS = frozenset(["khi", "neu", "trong"])
CLAUSE_DISCOUNT = 0.6
EARLIEST_BONUS = 1.0  # Vietnamese questions name their topic first
GAP_PENALTY = 0.6  # per word of the query skipped inside an alias ("mất [thẻ] căn cước")
FUZZY_PENALTY = 0.5  # for the one misspelt word an alias match may contain ("đăng ký tạm chú")
# Initial consonants and endings people swap when typing without diacritics or by ear.
_SOUND_ALIKE = (("tr", "ch"), ("gi", "d"), ("r", "d"), ("s", "x"), ("k", "c"), ("q", "c"))


def _canon(word: str) -> str:
    """Numbers without leading zeros ("06" = "6"); every other word unchanged."""
    return str(int(word)) if word.isdigit() and len(word) < 10 else word


# Both are pure functions of short words, called for every (message word, alias word) pair a long story
# brings: 1.3 million calls for 474 real messages, most of the alias extractor's time before they were cached.
@lru_cache(maxsize=1 << 16)
def _sound_key(word: str) -> str:
    """A folded word with sound-alike spellings merged (tr/ch, gi/d, r/d, s/x, k/c, y/i, final g)."""
    for a, b in _SOUND_ALIKE:
        if word.startswith(a):
            word = b + word[len(a):]
            break
    return word.replace("y", "i").removesuffix("g") if len(word) > 2 else word


def _one_edit(a: str, b: str) -> bool:
    """Whether a and b differ by one insertion, deletion, substitution or swap of neighbours."""
    return a != b and OSA.distance(a, b, score_cutoff=1) == 1


@lru_cache(maxsize=1 << 17)
def typo_close(typed: str, word: str) -> bool:
    """Whether `typed` is a plausible misspelling of `word` (both folded, neither a number or code)."""
    if typed == word or not typed.isalpha() or not word.isalpha() or min(len(typed), len(word)) < 2:
        return False
    if _sound_key(typed) == _sound_key(word):
        return True
    return max(len(typed), len(word)) >= 3 and _one_edit(typed, word)


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
    """An index of (alias, key) pairs answering `rank(text)`.

    A key scores for each alias found in the text: whole (best), with a few extra words inside it,
    or with one misspelt word; plus IDF-weighted words it shares with the text. The key named first
    gets a small bonus; an alias inside a subordinate clause ("khi …", "trong …") counts for less.
    """

    def __init__(self, entries: Iterable[tuple[str, str]]) -> None:
        self._phrases: dict[tuple[str, ...], set[str]] = defaultdict(set)
        self._key_words: dict[str, set[str]] = defaultdict(set)
        for alias, key in entries:
            words = tuple(_canon(w) for w in normalize(alias).split())
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
        self._by_word: dict[str, list[tuple[str, ...]]] = defaultdict(list)
        for phrase in self._phrases:
            if len(phrase) >= 2:
                for word in set(phrase):
                    self._by_word[word].append(phrase)
        self.keys = frozenset(keys)
        self._repaired: dict[str, str] = {}  # out-of-vocabulary word → its repair (a scan of the vocabulary)

    def _idf_of(self, word: str) -> float:
        return self._idf.get(word, 0.3 if word not in STOPWORDS else 0.05)

    def _repair(self, word: str) -> str:
        if word in self._vocab_set or len(word) < 4 or word.isdigit() or "." in word:
            return word
        repaired = self._repaired.get(word)
        if repaired is None:
            close = process.extract(word, self._vocab, scorer=fuzz.ratio, score_cutoff=75, limit=None)
            # Best similarity; among equals the greatest word, as difflib.get_close_matches chose.
            repaired = max(close, key=lambda hit: (hit[1], hit[0]))[0] if close else word
            if len(self._repaired) >= REPAIR_MEMO:
                self._repaired.clear()
            self._repaired[word] = repaired
        return repaired

    def _approximate(self, phrase: tuple[str, ...], words: list[str], i: int) -> tuple[float, int] | None:
        """Weight and end index of `phrase` matched from words[i] with skipped words, or else one typo."""
        budget = 1 if len(phrase) == 2 else (2 if len(phrase) == 3 else 3)
        gaps = fuzzy = 0
        weight = 0.0
        k = i
        for j, target in enumerate(phrase):
            if k >= len(words):
                return None
            found = -1
            for ahead in range(1 if j == 0 or fuzzy else budget - gaps + 1):
                if k + ahead < len(words) and words[k + ahead] == target:
                    found = k + ahead
                    break
            if found >= 0:
                gaps += found - k
                weight += self._idf_of(target)
                k = found + 1
            elif not fuzzy and not gaps and typo_close(words[k], target):
                fuzzy = 1
                weight += 0.5 * self._idf_of(target)
                k += 1
            else:
                return None
        if gaps == 0 and not fuzzy:
            return None  # an exact match, counted already
        return weight + 0.5 * len(phrase) - GAP_PENALTY * gaps - FUZZY_PENALTY * fuzzy, k - 1

    def _clause_start(self, words: list[str]) -> int:
        """Index of the first subordinate-clause marker after the first word (len(words) if none)."""
        for i in range(1, len(words)):
            if words[i] in CLAUSE_MARKERS and not (words[i] == "khi" and i + 1 < len(words) and words[i + 1] == "nao"):
                return i
        return len(words)

    def rank(self, text: str, limit: int = 5) -> list[Match]:
        """Keys ordered by score (best first); empty when nothing in the text points at a key."""
        toks = spans(text)
        if not toks:
            return []
        words = [_canon(self._repair(w)) for w, _, _ in toks]
        found: list[tuple[str, float, int, int]] = []  # key, weight, first word, last word
        for i in range(len(words)):
            for n in range(min(MAX_PHRASE, len(words) - i), 0, -1):
                keys = self._phrases.get(tuple(words[i : i + n]))
                if keys:
                    weight = sum(self._idf_of(w) for w in words[i : i + n]) + 0.5 * n
                    found.extend((key, weight, i, i + n - 1) for key in keys)
        present = set(words)
        candidates = {ph for w in present for ph in self._by_word.get(w, ())}
        starts: dict[str, list[int]] = {}  # positions where a phrase's first word is, or is misspelt
        for phrase in candidates:
            if len(set(phrase) - present) > 1:
                continue
            first_word = phrase[0]
            if first_word not in starts:
                starts[first_word] = [i for i, w in enumerate(words) if w == first_word or typo_close(w, first_word)]
            for i in starts[first_word]:
                hit = self._approximate(phrase, words, i)
                if hit is not None:
                    found.extend((key, hit[0], i, hit[1]) for key in self._phrases[phrase])
        clause = self._clause_start(words)
        best_phrase: dict[str, Match] = {}
        earliest: dict[str, int] = {}
        first_start = min((f[2] for f in found), default=len(words))
        for key, weight, first, last in found:
            if first > clause and first_start < clause:
                weight *= CLAUSE_DISCOUNT
            earliest[key] = min(earliest.get(key, first), first)
            current = best_phrase.get(key)
            if current is None or weight > current.score:
                phrase_text = " ".join(words[first : last + 1])
                best_phrase[key] = Match(key, weight, toks[first][1], toks[last][2], phrase_text)
        query = {w for w in words if w not in STOPWORDS}
        scores: dict[str, float] = {}
        for key, key_words in self._key_words.items():
            bag = sum(self._idf_of(w) for w in query & key_words)
            phrase_score = best_phrase[key].score if key in best_phrase else 0.0
            if key in earliest and earliest[key] == first_start and len(earliest) > 1:
                phrase_score += EARLIEST_BONUS
            total = phrase_score + 0.5 * bag
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
        return best_of(self.rank(text, limit=2), min_score)


def best_of(ranked: list[Match], min_score: float = 1.0) -> Match | None:
    """The first of a `rank` result when it clearly points at one key (a phrase hit above min_score)."""
    if not ranked or ranked[0].score < min_score or ranked[0].start < 0:
        return None
    return ranked[0]
