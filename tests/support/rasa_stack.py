"""The real Rasa + action servers for end-to-end tests, and a small REST client for them."""

from __future__ import annotations

import secrets
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import requests

from bot.launcher import LaunchError, Stack, start_stack
from common.db import make_engine
from common.migrate import upgrade
from fakes.ports import free_port
from procedures_kb.loader import load_into_database
from tests.support.databases import fresh_database_url

E2E_TODAY = "2026-11-23"


@dataclass
class RasaStack:
    """A running stack: URLs, its database, and `say()` over Rasa's REST channel."""

    stack: Stack
    database_url: str

    @property
    def rasa_url(self) -> str:
        return self.stack.rasa_url

    @property
    def action_url(self) -> str:
        return self.stack.action_url

    @property
    def rasa_token(self) -> str:
        return self.stack.rasa_token

    def say(self, sender: str, text: str, metadata: dict[str, Any] | None = None) -> list[dict[str, Any]]:
        """Send one message as `sender`; return Rasa's list of replies."""
        body: dict[str, Any] = {"sender": sender, "message": text}
        if metadata:
            body["metadata"] = metadata
        resp = requests.post(f"{self.rasa_url}/webhooks/rest/webhook", json=body, headers=self.stack.rasa_headers,
                             timeout=60)
        resp.raise_for_status()
        return list(resp.json())

    def say_text(self, sender: str, text: str) -> str:
        """The replies' texts joined by blank lines."""
        return "\n\n".join(r.get("text", "") for r in self.say(sender, text))


@contextmanager
def running_stack(tmp: Path) -> Iterator[RasaStack]:
    """A fresh database holding the catalogue, and the real stack on free ports over it; stopped after."""
    with fresh_database_url(tmp) as url:
        engine = make_engine(url)
        upgrade(engine)
        load_into_database(engine)
        engine.dispose()
        try:
            stack = start_stack(
                rasa_port=free_port(), action_port=free_port(), database_url=url, log_dir=tmp / "log",
                extra_env={"TTHC_TODAY": E2E_TODAY},  # fee answers depend on the day: freeze it
                # token_urlsafe gives a leading "-" one time in 64; CI once failed on it (rasa's argparse
                # took it for an option). Every e2e stack now starts with such a token.
                rasa_token="-" + secrets.token_urlsafe(32),
            )
        except LaunchError as exc:
            pytest.fail(f"could not start the Rasa stack: {exc}")
        try:
            yield RasaStack(stack, url)
        finally:
            stack.stop()
