"""Parse time of real citizen messages, in all and per pipeline component (run with the Rasa virtualenv).

    RASA_TELEMETRY_ENABLED=false PYTHONPATH=rasa_project:. .venv-rasa/bin/python -m bench.parse_profile

Parses the train and dev messages of the real-question corpus (the test split is not read) with the
trained model, after a warm-up on the KB's written texts, and prints the median and p95 of the whole parse and each graph
node's median, so that a slow component is found by measurement rather than guessed.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import logging
import statistics
import time
from collections import defaultdict
from pathlib import Path
from typing import Any

from bench.real_corpus import load_training
from common.rasa_models import current_model

ROOT = Path(__file__).resolve().parent.parent
KB_TEXTS = ROOT / "rasa_project" / "ranker" / "kb_texts.jsonl"
WARM_UP = 300


def _percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q / 100 * (len(ordered) - 1)))]


def _timed_nodes(node_ms: dict[str, list[float]]) -> None:
    """Wrap every graph node's call so that its wall time is recorded under its name."""
    from rasa.engine.graph import GraphNode

    original = GraphNode.__call__

    def timed(self: Any, *inputs: Any) -> Any:
        start = time.perf_counter()
        try:
            return original(self, *inputs)
        finally:
            node_ms[self._node_name].append((time.perf_counter() - start) * 1000)

    GraphNode.__call__ = timed  # type: ignore[method-assign]


def trained_model() -> str:
    """The current model package (as the stack loads it), or exit with the reason."""
    model = current_model()
    if model is None:
        raise SystemExit("no trained model in rasa_project/models: run `make train` first")
    return str(model)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--model", default=None, help="model archive (default: the current one, as the stack loads it)")
    parser.add_argument("--rounds", type=int, default=1,
                        help="timed passes (the first meets each message as a running server would)")
    args = parser.parse_args(argv)

    from rasa.core.agent import Agent
    from rasa.utils.log_utils import configure_structlog

    logging.basicConfig(level=logging.WARNING)
    configure_structlog(logging.INFO)  # as `rasa run` logs: a debug line per parse would be timed too
    texts = [str(item["text"]) for item in load_training()]
    agent = Agent.load(args.model or trained_model())
    loop = asyncio.new_event_loop()
    # Warm-up on the KB's written texts, not on the timed messages: TensorFlow builds its graphs on the
    # first calls, while the matcher's memos of misspelt words must not have seen the timed messages.
    for line in KB_TEXTS.read_text(encoding="utf-8").splitlines()[:WARM_UP]:
        loop.run_until_complete(agent.parse_message(json.loads(line)["text"]))
    node_ms: dict[str, list[float]] = defaultdict(list)
    _timed_nodes(node_ms)
    total_ms: list[float] = []
    for _ in range(args.rounds):
        for text in texts:
            start = time.perf_counter()
            loop.run_until_complete(agent.parse_message(text))
            total_ms.append((time.perf_counter() - start) * 1000)
    words = [len(t.split()) for t in texts]
    print(f"{len(texts)} real messages (train+dev), median {statistics.median(words):.0f} words, "
          f"{args.rounds} rounds")
    print(f"parse: median {statistics.median(total_ms):.1f} ms, p95 {_percentile(total_ms, 95):.1f} ms")
    print("| node | median ms | p95 ms | share of summed medians |")
    print("|---|---|---|---|")
    medians = {name: statistics.median(ms) for name, ms in node_ms.items()}
    summed = sum(medians.values()) or 1.0
    for name, median in sorted(medians.items(), key=lambda kv: -kv[1]):
        print(f"| {name} | {median:.2f} | {_percentile(node_ms[name], 95):.2f} | {median / summed:.0%} |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
