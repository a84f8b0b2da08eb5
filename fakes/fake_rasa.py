"""A fake Rasa REST channel answering canned replies from the test's own table."""

from __future__ import annotations

import asyncio
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, PlainTextResponse, Response
from starlette.routing import Route

Responder = Callable[[str, str, dict[str, Any]], list[dict[str, Any]]]


@dataclass
class RasaCall:
    """One message received by the fake Rasa."""

    sender: str
    message: str
    metadata: dict[str, Any]
    at: float


def echo(sender: str, message: str, metadata: dict[str, Any]) -> list[dict[str, Any]]:
    """Default answer: repeats the question."""
    return [{"text": f"Bạn hỏi: {message}"}]


@dataclass
class _State:
    calls: list[RasaCall] = field(default_factory=list)
    table: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    responder: Responder = echo
    delays: dict[str, float] = field(default_factory=dict)
    default_delay: float = 0.0
    status: int = 200
    api_token: str = ""
    rankings: dict[str, list[dict[str, Any]]] = field(default_factory=dict)


class FakeRasa:
    """`POST /webhooks/rest/webhook` → replies from `table` (exact message) or `responder`."""

    def __init__(self) -> None:
        self.url = ""
        self._lock = threading.Lock()
        self._state = _State()
        self.app = Starlette(routes=[
            Route("/webhooks/rest/webhook", self._webhook, methods=["POST"]),
            Route("/webhooks/rest/", self._status, methods=["GET"]),
            Route("/model/parse", self._parse, methods=["POST"]),
        ])

    def reset(self) -> None:
        """Forget calls and canned answers."""
        with self._lock:
            self._state = _State()

    def answer(self, message: str, replies: list[dict[str, Any]]) -> None:
        """Canned replies for one exact message."""
        with self._lock:
            self._state.table[message] = replies

    def set_responder(self, responder: Responder) -> None:
        """Fallback for messages not in the table."""
        with self._lock:
            self._state.responder = responder

    def delay(self, seconds: float, message: str | None = None) -> None:
        """Answer slowly (for every message, or one message)."""
        with self._lock:
            if message is None:
                self._state.default_delay = seconds
            else:
                self._state.delays[message] = seconds

    def rank(self, text: str, ranking: list[tuple[str, float]], token: str) -> None:
        """`POST /model/parse?token=<token>` of `text` answers this `procedure_ranking`; another token gets
        401 as from `rasa run --enable-api --auth-token`."""
        with self._lock:
            self._state.api_token = token
            self._state.rankings[text] = [{"name": n, "confidence": c} for n, c in ranking]

    def fail_with(self, status: int) -> None:
        """Answer every call with this HTTP status (200 restores)."""
        with self._lock:
            self._state.status = status

    @property
    def calls(self) -> list[RasaCall]:
        """Messages received, in arrival order."""
        with self._lock:
            return list(self._state.calls)

    def messages(self, sender: str | None = None) -> list[str]:
        """Texts received (optionally from one sender)."""
        return [c.message for c in self.calls if sender is None or c.sender == sender]

    async def _status(self, request: Request) -> Response:
        return JSONResponse({"status": "ok"})

    async def _parse(self, request: Request) -> Response:
        body = await request.json()
        with self._lock:
            token, ranking = self._state.api_token, self._state.rankings.get(str(body.get("text")), [])
        if request.query_params.get("token") != token:
            return JSONResponse({"version": "3.6.21", "status": "failure", "reason": "NotAuthenticated",
                                 "message": "User is not authenticated.", "code": 401}, status_code=401)
        return JSONResponse({"text": body.get("text"), "intent": {"name": "ask_procedure_overview",
                                                                   "confidence": 0.9},
                             "entities": [], "procedure_ranking": ranking})

    async def _webhook(self, request: Request) -> Response:
        body = await request.json()
        sender, message = str(body.get("sender")), str(body.get("message"))
        metadata = body.get("metadata") or {}
        with self._lock:
            self._state.calls.append(RasaCall(sender, message, metadata, time.monotonic()))
            delay = self._state.delays.get(message, self._state.default_delay)
            status = self._state.status
            replies = self._state.table.get(message)
            responder = self._state.responder
        if delay:
            await asyncio.sleep(delay)
        if status != 200:
            return PlainTextResponse("Internal Server Error", status_code=status)
        if replies is None:
            replies = responder(sender, message, metadata)
        return JSONResponse([{"recipient_id": sender, **r} for r in replies])
