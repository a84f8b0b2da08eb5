"""Questions reserved for an independent evaluation: recognise them by fingerprint, never train on them.

The fingerprints (eval/reserved/fingerprints.txt, a copy of ../shared/eval_reserved/fingerprints.txt)
are hashes of 10-word windows of the reserved questions, diacritics folded and punctuation dropped; a
text overlaps when two of its windows are listed, or its whole text when it has 5 to 10 words. Same
rule as ../shared/eval_reserved/check.py, so that the repository can check itself on a fresh clone.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from functools import lru_cache
from pathlib import Path

FINGERPRINTS = Path(__file__).resolve().parents[1] / "eval" / "reserved" / "fingerprints.txt"
WINDOW = 10


def _words(text: str) -> list[str]:
    folded = unicodedata.normalize("NFC", text or "").lower().replace("đ", "d")
    folded = "".join(c for c in unicodedata.normalize("NFD", folded) if unicodedata.category(c) != "Mn")
    return re.findall(r"[a-z0-9]+", folded)


def _fingerprints(words: list[str]) -> set[str]:
    if len(words) < WINDOW:
        return {hashlib.sha1(" ".join(words).encode()).hexdigest()[:16]} if len(words) >= 5 else set()
    return {hashlib.sha1(" ".join(words[i:i + WINDOW]).encode()).hexdigest()[:16]
            for i in range(len(words) - WINDOW + 1)}


@lru_cache(maxsize=1)
def reserved_fingerprints() -> frozenset[str]:
    """The listed fingerprints."""
    lines = FINGERPRINTS.read_text(encoding="utf-8").splitlines()
    return frozenset(line.strip() for line in lines if line.strip() and not line.startswith("#"))


def is_reserved(text: str) -> bool:
    """True when the text overlaps a question reserved for independent evaluation."""
    words = _words(text)
    hits = len(_fingerprints(words) & reserved_fingerprints())
    return hits >= 2 or (hits >= 1 and len(words) < WINDOW + 1)
