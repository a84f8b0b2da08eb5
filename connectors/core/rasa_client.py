"""Async client for Rasa's REST channel (`POST /webhooks/rest/webhook`)."""

from __future__ import annotations

import asyncio
import json
import logging
from collections.abc import Mapping
from typing import Any

import httpx

from connectors.exceptions import RasaBadResponse, RasaTimeout, RasaUnavailable

logger = logging.getLogger(__name__)


class RasaClient:
    """Sends one citizen message to Rasa and returns Rasa's list of bot messages."""

    def __init__(
        self,
        base_url: str,
        timeout: float = 30.0,
        connect_timeout: float = 3.0,
        max_connections: int = 16,
        transport: httpx.AsyncBaseTransport | None = None,
        token: str = "",
    ) -> None:
        self._url = f"{base_url.rstrip('/')}/webhooks/rest/webhook"
        # A small pool on purpose: httpcore scans every pooled connection on each request
        # (quadratically), so a big pool costs more CPU than it saves; turns queue instead.
        self._client = httpx.AsyncClient(
            timeout=httpx.Timeout(timeout, connect=connect_timeout, pool=timeout),
            limits=httpx.Limits(max_connections=max_connections,
                                max_keepalive_connections=max_connections),
            transport=transport,
            trust_env=False,
            # Rasa's REST channel refuses calls without it (rasa_project/channels/token_rest.py).
            headers={"Authorization": f"Bearer {token}"} if token else None,
        )

    async def send_message(
        self,
        sender: str,
        message: str,
        metadata: Mapping[str, Any] | None = None,
    ) -> list[dict[str, Any]]:
        """POST the message; raises RasaUnavailable, RasaTimeout or RasaBadResponse."""
        body = {"sender": sender, "message": message, "metadata": dict(metadata or {})}
        response = await self._post(body)
        if response.status_code != 200:
            raise RasaBadResponse(f"Rasa answered HTTP {response.status_code}")
        try:
            data = response.json()
        except ValueError as exc:
            raise RasaBadResponse("Rasa answered a body that is not JSON") from exc
        if not isinstance(data, list) or not all(isinstance(i, dict) for i in data):
            raise RasaBadResponse("Rasa answered JSON that is not a list of messages")
        return data

    async def _post(self, body: dict[str, Any]) -> httpx.Response:
        # A refused connection never reached Rasa, so one quick retry cannot duplicate a turn;
        # a timeout might have, so it is not retried.
        for attempt in (1, 2):
            try:
                # ASCII JSON: a stray surrogate in metadata travels escaped instead of failing to encode.
                return await self._client.post(self._url, content=json.dumps(body).encode("ascii"),
                                               headers={"Content-Type": "application/json"})
            except httpx.TimeoutException as exc:
                if isinstance(exc, httpx.ConnectTimeout) and attempt == 1:
                    continue
                raise RasaTimeout(f"Rasa did not answer in time ({type(exc).__name__})") from exc
            except httpx.TransportError as exc:
                if attempt == 1 and isinstance(exc, httpx.ConnectError):
                    await asyncio.sleep(0.2)
                    continue
                raise RasaUnavailable(f"Rasa is not reachable ({type(exc).__name__})") from exc
        raise RasaUnavailable("Rasa is not reachable")

    async def aclose(self) -> None:
        """Close the connection pool."""
        await self._client.aclose()
