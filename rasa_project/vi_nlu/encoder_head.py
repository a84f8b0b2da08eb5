"""The sentence-encoder part of the procedure ranker: its linear head, and which messages the encoder may read."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np

from vi_text.text import strip_diacritics

Embed = Callable[[Sequence[str]], np.ndarray]  # texts → sentence vectors (vi_nlu.sentence_encoder)


@dataclass(frozen=True)
class EncoderHead:
    """A linear SVM over sentence vectors, blended into the n-gram margins when the n-gram model is unsure.

    The blend: margins `factor · (ngram + weight · encoder)` for a message whose n-gram probability is below
    `below`; any other message keeps the n-gram margins (and costs no encoder call). The encoder reads the message
    when it is written with diacritics (`written_with_diacritics`), else its words with the diacritics restored
    (`vi_text.diacritics`, when the model has a restorer). Chosen out of fold end to end
    (`bench.encoder_blend`), see `ProcedureRanker.get_default_config`."""

    coef: np.ndarray
    intercept: np.ndarray
    weight: float
    factor: float
    below: float


# Share of a message's words that must carry a diacritic for the encoder to read it. The encoder learnt Vietnamese as
# it is written; without diacritics its vectors are noise ("mat cccd lam lai o dau"). Seen on the test split after the
# out-of-fold choice (blending every unsure message: covered right 0.72 → 0.77 as written, 0.72 → 0.67 without
# diacritics), then confirmed out of fold (`bench.decision_cv --no-diacritics`: covered right 344 of 483 without this
# gate, 367 with it, the n-gram figure); unaccented messages are restored first (`ProcedureRankerModel._encoder_text`).
# Accented Vietnamese marks most syllables (about two in three), so a third separates the two.
DIACRITIC_SHARE = 0.3


def written_with_diacritics(text: str) -> bool:
    """Whether at least `DIACRITIC_SHARE` of the message's words carry a Vietnamese diacritic."""
    words = [w for w in text.split() if any(c.isalpha() for c in w)]
    marked = sum(1 for w in words if strip_diacritics(w) != w)
    return bool(words) and marked >= DIACRITIC_SHARE * len(words)
