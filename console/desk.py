"""Desk search: what the citizen says → the likeliest procedures, ranked as the bot ranks them.

The KB resolver (names, aliases, abbreviations, codes, typo-tolerant) leads; a second matcher over
the KB's life events and example questions finds "vừa sinh con" kinds of questions; when Rasa's HTTP
API is configured and answers within its short timeout, its `procedure_ranking` (the bot's ranker)
joins in. The lists are fused by reciprocal rank. Matters of the catalogue index (no full card, or not
a one-stop procedure at all) are listed apart.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

import httpx

from procedures_kb.catalogue_index import CatalogueIndex, IndexEntry, NotOneStop
from procedures_kb.repository import KnowledgeBase
from procedures_kb.schema import Procedure
from vi_text.matcher import PhraseMatcher

MAX_QUERY_CHARS = 300
RRF_K = 2.0
WEIGHTS = {"resolver": 1.0, "rasa": 0.9, "life_event": 0.6}
SOURCE_LABELS = {"resolver": "tên, tên gọi khác", "rasa": "mô hình của trợ lý", "life_event": "sự kiện đời sống"}
RASA_MIN_CONFIDENCE = 0.15


@dataclass(frozen=True)
class DeskHit:
    """One ranked procedure and why it was found."""

    procedure: Procedure
    score: float
    sources: tuple[str, ...]
    phrase: str = ""

    @property
    def why(self) -> str:
        return ", ".join(SOURCE_LABELS[s] for s in self.sources)


@dataclass(frozen=True)
class DeskResult:
    """The ranked procedures, the index matters that match, and whether Rasa took part."""

    query: str
    hits: list[DeskHit] = field(default_factory=list)
    others: list[IndexEntry | NotOneStop] = field(default_factory=list)
    rasa_used: bool = False


RasaRanker = Callable[[str], list[tuple[str, float]]]


def rasa_ranker(base_url: str, timeout: float, token: str = "") -> RasaRanker:
    """Ask Rasa's `POST /model/parse` for its procedure ranking; [] when it does not answer in time.

    Rasa's HTTP API takes its token (RASA_AUTH_TOKEN) as `?token=`; without it every call is refused."""
    client = httpx.Client(timeout=timeout, trust_env=False)
    params = {"token": token} if token else {}

    def rank(text: str) -> list[tuple[str, float]]:
        try:
            response = client.post(f"{base_url}/model/parse", json={"text": text}, params=params)
            response.raise_for_status()
            ranking = response.json().get("procedure_ranking") or []
            return [(str(r["name"]), float(r["confidence"])) for r in ranking if isinstance(r, dict)]
        except (httpx.HTTPError, ValueError, KeyError, TypeError, AttributeError):
            return []

    return rank


class DeskSearch:
    """Search over one KB snapshot (rebuilt when the snapshot changes)."""

    def __init__(self, kb: KnowledgeBase, index: CatalogueIndex, rasa: RasaRanker | None = None) -> None:
        self.kb = kb
        self._rasa = rasa
        self._events = PhraseMatcher(
            (text, p.id) for p in kb.procedures.values() for text in (*p.life_events, *p.example_questions))
        items: list[IndexEntry | NotOneStop] = [*index.not_one_stop, *index.entries]
        self._index_items = {item.id: item for item in items if item.id not in kb.procedures}
        self._index = PhraseMatcher(
            (text, item.id) for item in self._index_items.values() for text in (item.name, *item.keywords))

    def search(self, query: str, limit: int = 6) -> DeskResult:
        """Procedures for the query, best first; an empty query finds nothing."""
        text = " ".join((query or "").split())[:MAX_QUERY_CHARS]
        if not text:
            return DeskResult(query="")
        lists: dict[str, list[tuple[str, str]]] = {
            "resolver": [(h.procedure.id, h.phrase) for h in self.kb.resolver.search(text, limit=limit)],
            "life_event": [(m.key, "") for m in self._events.rank(text, limit=limit)],
        }
        rasa_used = False
        if self._rasa is not None:
            ranked = self._rasa(text)
            rasa_used = bool(ranked)
            lists["rasa"] = [(pid, "") for pid, conf in ranked[:limit]
                             if conf >= RASA_MIN_CONFIDENCE and pid in self.kb.procedures]
        scores: dict[str, float] = {}
        sources: dict[str, list[str]] = {}
        phrases: dict[str, str] = {}
        for source, items in lists.items():
            for rank, (pid, phrase) in enumerate(items):
                if pid not in self.kb.procedures:
                    continue
                scores[pid] = scores.get(pid, 0.0) + WEIGHTS[source] / (RRF_K + rank)
                sources.setdefault(pid, []).append(source)
                if phrase and pid not in phrases:
                    phrases[pid] = phrase
        ordered = sorted(scores, key=lambda pid: (-scores[pid], pid))[:limit]
        hits = [DeskHit(self.kb.procedures[pid], round(scores[pid], 3), tuple(sources[pid]), phrases.get(pid, ""))
                for pid in ordered]
        others = [self._index_items[m.key] for m in self._index.rank(text, limit=3) if m.score >= 1.0]
        return DeskResult(text, hits, others, rasa_used)
