"""Small helpers shared by the connector tests: waiting, running the app, DB access."""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, TypeVar

import httpx
from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse
from sqlalchemy import Engine

from common.db import make_session_factory
from connectors.core.undelivered import UndeliveredRecord, UndeliveredStore
from connectors.web.deps import get_runtime
from fakes.server import ServerThread

T = TypeVar("T")


def wait_until(predicate: Callable[[], T], timeout: float = 10.0, interval: float = 0.02,
               what: str = "condition") -> T:
    """Poll until `predicate()` is truthy; fail the test on timeout."""
    deadline = time.monotonic() + timeout
    while True:
        result = predicate()
        if result:
            return result
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {what}")
        time.sleep(interval)


def settle(seconds: float = 0.3) -> None:
    """Give background work a moment when asserting that something did NOT happen."""
    time.sleep(seconds)


def undelivered_rows(engine: Engine, channel: str | None = None) -> list[UndeliveredRecord]:
    """Rows of conn_undelivered (newest first)."""
    return UndeliveredStore(make_session_factory(engine)).list(channel=channel,
                                                              include_resolved=True)


staff_router = APIRouter()


@staff_router.post("/test/staff-reply")
async def staff_reply(request: Request) -> JSONResponse:
    """Test stand-in for the lead's staff pages, mounted through create_app(routers=...)."""
    body = await request.json()
    result = await get_runtime(request).outbound.send_to_citizen(
        body["channel"], body["sender_id"], body["text"])
    return JSONResponse({"ok": result.ok, "sent": result.sent, "reason": result.reason})


@dataclass
class RunningConnector:
    """The connector web service running under uvicorn in a thread."""

    server: ServerThread
    app: Any

    @property
    def url(self) -> str:
        return self.server.url

    @property
    def runtime(self) -> Any:
        return self.app.state.runtime

    def post(self, path: str, *, json: Any = None, content: bytes | None = None,
             headers: dict[str, str] | None = None) -> httpx.Response:
        with httpx.Client(base_url=self.url, timeout=30, trust_env=False) as client:
            return client.post(path, json=json, content=content, headers=headers)

    def get(self, path: str, **params: Any) -> httpx.Response:
        with httpx.Client(base_url=self.url, timeout=30, trust_env=False) as client:
            return client.get(path, params=params)

    def browser(self) -> httpx.Client:
        """A client that keeps cookies, like a browser tab (close it, or use it in `with`)."""
        return httpx.Client(base_url=self.url, timeout=30, trust_env=False)

    def health(self) -> dict[str, Any]:
        data: dict[str, Any] = self.get("/healthz").json()
        return data

    def wait_telegram_ready(self, timeout: float = 15.0) -> None:
        wait_until(lambda: (self.health().get("telegram") or {}).get("ready"), timeout,
                   interval=0.05, what="telegram ready")

    def staff_reply(self, channel: str, sender_id: str, text: str) -> dict[str, Any]:
        data: dict[str, Any] = self.post("/test/staff-reply", json={
            "channel": channel, "sender_id": sender_id, "text": text}).json()
        return data

    def stop(self) -> None:
        self.server.stop()
