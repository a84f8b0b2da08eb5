"""Maps button payloads longer than Telegram's 64-byte callback_data to short durable keys."""

from __future__ import annotations

import asyncio
import base64
import hashlib

from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, sessionmaker

from common.db import session_scope
from connectors.models import CallbackPayload

MAX_CALLBACK_BYTES = 64
KEY_PREFIX = "k:"
_CACHE_LIMIT = 4096


def payload_key(payload: str) -> str:
    """A deterministic short key (22 ASCII bytes) for a payload."""
    digest = hashlib.sha256(payload.encode("utf-8")).digest()[:15]
    return KEY_PREFIX + base64.urlsafe_b64encode(digest).decode("ascii")


def fits_inline(payload: str) -> bool:
    """True when the payload can travel as callback_data itself."""
    size = len(payload.encode("utf-8"))
    return 1 <= size <= MAX_CALLBACK_BYTES and not payload.startswith(KEY_PREFIX)


class CallbackPayloadStore:
    """Stores long payloads in `conn_callback_payloads`, with a small in-memory cache."""

    def __init__(self, session_factory: sessionmaker[Session]) -> None:
        self._factory = session_factory
        self._cache: dict[str, str] = {}

    def _remember(self, key: str, payload: str) -> None:
        if len(self._cache) >= _CACHE_LIMIT:
            self._cache.pop(next(iter(self._cache)))
        self._cache[key] = payload

    def callback_data(self, payload: str) -> str:
        """The callback_data for a payload: itself when short, else a stored key."""
        if fits_inline(payload):
            return payload
        key = payload_key(payload)
        if key in self._cache:
            return key
        try:
            with session_scope(self._factory) as session:
                if session.get(CallbackPayload, key) is None:
                    session.add(CallbackPayload(key=key, payload=payload))
        except IntegrityError:
            pass  # another worker stored the same payload first
        self._remember(key, payload)
        return key

    def resolve(self, data: str) -> str | None:
        """The payload for callback_data; None for an unknown key."""
        if not data.startswith(KEY_PREFIX):
            return data
        cached = self._cache.get(data)
        if cached is not None:
            return cached
        with session_scope(self._factory) as session:
            row = session.get(CallbackPayload, data)
            if row is None:
                return None
            payload = row.payload
        self._remember(data, payload)
        return payload

    async def callback_data_async(self, payload: str) -> str:
        """`callback_data` without blocking the event loop on a cache miss."""
        if fits_inline(payload):
            return payload
        key = payload_key(payload)
        if key in self._cache:
            return key
        return await asyncio.to_thread(self.callback_data, payload)

    async def resolve_async(self, data: str) -> str | None:
        """`resolve` without blocking the event loop on a cache miss."""
        if not data.startswith(KEY_PREFIX):
            return data
        if data in self._cache:
            return self._cache[data]
        return await asyncio.to_thread(self.resolve, data)
