"""Find procedures from free text: names, aliases, abbreviations, codes, with or without diacritics."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from procedures_kb.schema import Procedure
from vi_text.matcher import PhraseMatcher


@dataclass(frozen=True)
class Hit:
    """A ranked procedure for a query."""

    procedure: Procedure
    score: float
    phrase: str


def alias_pairs(procedures: Iterable[Procedure]) -> list[tuple[str, str]]:
    """Every (alias, id) pair the resolver and the NLU lookup tables are built from."""
    pairs: list[tuple[str, str]] = []
    for p in procedures:
        names = [p.name, *p.aliases, *p.abbreviations, *(c.code for c in p.codes if c.code[0].isdigit())]
        seen: set[str] = set()
        for name in names:
            if name.lower() not in seen:
                seen.add(name.lower())
                pairs.append((name, p.id))
    return pairs


class Resolver:
    """Ranks procedures for a question; shared by the bot and `python -m procedures_kb search`."""

    def __init__(self, procedures: Iterable[Procedure]) -> None:
        self._by_id = {p.id: p for p in procedures}
        self._matcher = PhraseMatcher(alias_pairs(self._by_id.values()))

    def search(self, text: str, limit: int = 5) -> list[Hit]:
        """Best matches first; empty when the text names no procedure."""
        return [Hit(self._by_id[m.key], m.score, m.phrase) for m in self._matcher.rank(text, limit)]

    def resolve(self, text: str) -> Procedure | None:
        """The one procedure the text clearly names, else None."""
        match = self._matcher.best(text)
        return self._by_id[match.key] if match else None
