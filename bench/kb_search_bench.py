"""Search quality and speed on the labelled queries: recall@1, recall@3, median and p95 ms per query.

Run: `python -m bench.kb_search_bench` (add `--misses` to list the queries ranked wrong).
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from procedures_kb.catalogue import load_catalogue
from procedures_kb.resolver import Resolver

QUERIES_PATH = Path(__file__).resolve().parent.parent / "tests" / "kb" / "queries.yml"


@dataclass(frozen=True)
class LabelledQuery:
    """A query, the ids that count as right, and its style tags."""

    text: str
    expect: tuple[str, ...]
    tags: tuple[str, ...] = ()


@dataclass
class SearchScore:
    """Recall and latency over a query set."""

    total: int = 0
    top1: int = 0
    top3: int = 0
    millis: list[float] = field(default_factory=list)
    misses: list[tuple[LabelledQuery, list[str]]] = field(default_factory=list)
    by_tag: dict[str, list[int]] = field(default_factory=lambda: defaultdict(lambda: [0, 0]))

    @property
    def recall_at_1(self) -> float:
        """Share of queries whose first hit is right."""
        return self.top1 / self.total if self.total else 0.0

    @property
    def recall_at_3(self) -> float:
        """Share of queries with a right hit among the first three."""
        return self.top3 / self.total if self.total else 0.0

    def percentile(self, q: float) -> float:
        """Latency percentile in milliseconds (q in 0..100, nearest rank)."""
        ordered = sorted(self.millis)
        if not ordered:
            return 0.0
        rank = max(0, min(len(ordered) - 1, round(q / 100 * len(ordered) + 0.5) - 1))
        return ordered[rank]


def _labelled(items: list[dict[str, Any]]) -> list[LabelledQuery]:
    out = []
    for item in items:
        expect = item["expect"]
        ids = tuple(str(e) for e in expect) if isinstance(expect, list) else (str(expect),)
        out.append(LabelledQuery(str(item["q"]), ids, tuple(str(t) for t in item.get("tags") or ())))
    return out


def load_queries(path: Path = QUERIES_PATH, section: str = "queries") -> list[LabelledQuery]:
    """The labelled queries of one section: `queries` (tuned on) or `heldout` (never tuned on)."""
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    return _labelled(data.get(section) or [])


def load_negatives(path: Path = QUERIES_PATH) -> list[str]:
    """Texts that must name no procedure."""
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    return [str(t) for t in data.get("none") or []]


def evaluate(resolver: Resolver, queries: list[LabelledQuery], repeat: int = 1) -> SearchScore:
    """Rank every query (timing each one `repeat` times, keeping the best) and score the ranking."""
    score = SearchScore()
    for query in queries:
        best = float("inf")
        hits = []
        for _ in range(repeat):
            start = time.perf_counter()
            hits = resolver.search(query.text, limit=3)
            best = min(best, (time.perf_counter() - start) * 1000)
        ids = [h.procedure.id for h in hits]
        score.total += 1
        score.millis.append(best)
        ok1 = bool(ids) and ids[0] in query.expect
        ok3 = any(i in query.expect for i in ids[:3])
        score.top1 += ok1
        score.top3 += ok3
        for tag in query.tags or ("untagged",):
            score.by_tag[tag][0] += ok1
            score.by_tag[tag][1] += 1
        if not ok1:
            score.misses.append((query, ids))
    return score


def main(argv: list[str] | None = None) -> int:
    """Print the figures; exit 0."""
    parser = argparse.ArgumentParser(prog="python -m bench.kb_search_bench")
    parser.add_argument("--misses", action="store_true", help="list the queries whose first hit is wrong")
    parser.add_argument("--repeat", type=int, default=3, help="timing runs per query (best is kept)")
    args = parser.parse_args(argv)
    procedures, _ = load_catalogue()
    started = time.perf_counter()
    resolver = Resolver(procedures)
    build_ms = (time.perf_counter() - started) * 1000
    resolver.search("khởi động", limit=3)  # warm caches once, as a running bot would be
    print(f"KB search benchmark: {len(procedures)} procedures, index built in {build_ms:.1f} ms")
    for title, section in (("labelled queries", "queries"), ("held-out queries", "heldout")):
        queries = load_queries(section=section)
        score = evaluate(resolver, queries, repeat=args.repeat)
        print(f"{title}: {score.total}")
        print(f"  recall@1 = {score.recall_at_1:.3f}   recall@3 = {score.recall_at_3:.3f}")
        print(f"  time per query: median {statistics.median(score.millis):.2f} ms, "
              f"p95 {score.percentile(95):.2f} ms, max {max(score.millis):.2f} ms")
        print("  recall@1 by style: " + ", ".join(
            f"{tag} {ok}/{n}" for tag, (ok, n) in sorted(score.by_tag.items())))
        if args.misses:
            for query, ids in score.misses:
                print(f"  MISS {query.text!r}: expected {'/'.join(query.expect)}, got {ids}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
