"""Known short phrases (the KB's names, aliases, keywords) as a feature block of the procedure ranker."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

PHRASE_MAX_WORDS = 6


class PhraseFeatures:
    """Which known short phrases (the KB's names, aliases, keywords: training texts of at most six
    words) occur in a message, as one L2-normalised block of 0/1 features.

    Why: in a 150-word story the TF-IDF weight of "sang tên sổ đỏ" is spread over 300 other features,
    while the phrase is the strongest evidence of the procedure. A separate block keeps a phrase's
    weight the same in a short question and in a long story; the linear model learns per label how
    much each phrase counts."""

    def __init__(self, vocabulary: dict[str, int], weight: float) -> None:
        self.vocabulary = vocabulary
        self.weight = weight

    @classmethod
    def learn(cls, folded: Iterable[str], weight: float) -> PhraseFeatures:
        """The phrase vocabulary of the (normalize()d) training texts; weight 0 disables the block."""
        if weight <= 0:
            return cls({}, 0.0)
        phrases = sorted({t for t in folded if 1 < len(t.split()) <= PHRASE_MAX_WORDS})
        return cls({p: i for i, p in enumerate(phrases)}, weight)

    def found(self, folded: str) -> set[int]:
        """Columns of the known phrases that occur in one normalize()d text."""
        if not self.vocabulary:
            return set()
        tokens = folded.split()
        return {self.vocabulary[g] for n in range(2, PHRASE_MAX_WORDS + 1) for i in range(len(tokens) - n + 1)
                if (g := " ".join(tokens[i:i + n])) in self.vocabulary}

    def transform(self, folded: Sequence[str]) -> object:
        """Sparse (texts × phrases) matrix; empty (texts × 0) when disabled."""
        from scipy.sparse import csr_matrix

        rows: list[int] = []
        cols: list[int] = []
        values: list[float] = []
        for row, text in enumerate(folded):
            found = self.found(text)
            for col in sorted(found):
                rows.append(row)
                cols.append(col)
                values.append(self.weight / len(found) ** 0.5)
        return csr_matrix((values, (rows, cols)), shape=(len(folded), len(self.vocabulary)))


def stack_blocks(*blocks: object) -> object:
    """The feature blocks side by side, as one CSR matrix."""
    from scipy.sparse import hstack

    return hstack(list(blocks)).tocsr()
