"""Rasa's REST channel behind a bearer token: only the connectors (and our tools) may talk as a citizen.

credentials.yml declares `channels.token_rest.TokenRestInput` with `token: ${RASA_AUTH_TOKEN}`; the URL
stays `/webhooks/rest/webhook`. A request without `Authorization: Bearer <token>` gets 401 before its
body is read, so nobody on the machine can speak (and read PAKN answers) as another sender.
"""

from __future__ import annotations

import hashlib
import hmac
from collections.abc import Awaitable, Callable
from typing import Any

from rasa.core.channels.channel import UserMessage
from rasa.core.channels.rest import RestInput
from sanic import Blueprint, response


def _digest(value: str) -> bytes:
    return hashlib.sha256(value.encode("utf-8", "surrogateescape")).digest()


class TokenRestInput(RestInput):
    """The REST channel, refusing requests without the shared token."""

    @classmethod
    def name(cls) -> str:
        return "rest"

    @classmethod
    def from_credentials(cls, credentials: dict[str, Any] | None) -> TokenRestInput:
        token = str((credentials or {}).get("token") or "")
        if len(token) < 32:
            raise ValueError("channels.token_rest.TokenRestInput needs a token of at least 32 characters "
                             "(RASA_AUTH_TOKEN)")
        return cls(token)

    def __init__(self, token: str) -> None:
        self._expected = _digest(token)

    def authorised(self, header: str) -> bool:
        scheme, _, given = header.partition(" ")
        return scheme.lower() == "bearer" and hmac.compare_digest(_digest(given.strip()), self._expected)

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> Blueprint:
        bp = super().blueprint(on_new_message)

        @bp.middleware("request")
        async def _authorise(request: Any) -> Any:
            if not self.authorised(request.headers.get("authorization", "")):
                return response.json({"error": "unauthorised"}, status=401)
            return None

        return bp
