"""The real Rasa + action servers for end-to-end tests, and a small REST client for them."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import requests

from bot.launcher import Stack


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

    def say(self, sender: str, text: str, metadata: dict[str, Any] | None = None) -> list[dict[str, Any]]:
        """Send one message as `sender`; return Rasa's list of replies."""
        body: dict[str, Any] = {"sender": sender, "message": text}
        if metadata:
            body["metadata"] = metadata
        resp = requests.post(f"{self.rasa_url}/webhooks/rest/webhook", json=body, timeout=60)
        resp.raise_for_status()
        return list(resp.json())

    def say_text(self, sender: str, text: str) -> str:
        """The replies' texts joined by blank lines."""
        return "\n\n".join(r.get("text", "") for r in self.say(sender, text))
