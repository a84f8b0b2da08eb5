"""Profile custom-action turns inside one Rasa process (run with the Rasa virtualenv; the action server must run).

    .venv-rasa/bin/python -m bench.profile_turn --model rasa_project/models/<m>.tar.gz \
        --endpoints rasa_project/endpoints.yml --turns 60

Prints the wall time per turn and the functions with the most cumulative time (cProfile). The endpoints'
${VARS} come from the environment (ACTION_ENDPOINT_URL, ACTION_SERVER_TOKEN, ...).
"""

from __future__ import annotations

import argparse
import asyncio
import cProfile
import pstats
import statistics
import sys
import time
import uuid
from pathlib import Path

from bench.chat_scripts import CHATS


async def _run(model: str, endpoints: str, turns: int, profile: bool) -> None:
    from rasa.core.agent import load_agent
    from rasa.core.utils import AvailableEndpoints

    agent = await load_agent(model_path=model, endpoints=AvailableEndpoints.read_endpoints(endpoints))
    for chat in CHATS:  # warm-up
        for text in chat:
            await agent.handle_text(text, sender_id="warm")
    profiler = cProfile.Profile()
    times: list[float] = []
    while len(times) < turns:
        for chat in CHATS:
            sender = uuid.uuid4().hex
            for text in chat:
                start = time.perf_counter()
                if profile:
                    profiler.enable()
                await agent.handle_text(text, sender_id=sender)
                if profile:
                    profiler.disable()
                times.append(time.perf_counter() - start)
    print(f"{len(times)} turns: median {1000 * statistics.median(times):.1f} ms, "
          f"mean {1000 * statistics.mean(times):.1f} ms")
    if profile:
        pstats.Stats(profiler).sort_stats("cumulative").print_stats(45)


def main() -> int:
    """Parse the options and profile."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--model", required=True)
    parser.add_argument("--endpoints", default="rasa_project/endpoints.yml")
    parser.add_argument("--turns", type=int, default=60)
    parser.add_argument("--no-profile", action="store_true")
    args = parser.parse_args()
    sys.path.insert(0, str(Path("rasa_project").resolve()))  # channels/, stores/ and vi_nlu as Rasa sees them
    asyncio.run(_run(str(Path(args.model).resolve()), args.endpoints, args.turns, not args.no_profile))
    return 0


if __name__ == "__main__":
    sys.exit(main())
