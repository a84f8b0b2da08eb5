"""Zalo OA tokens: durable pair in `conn_zalo_tokens`, single-flight refresh across processes."""

from __future__ import annotations

import asyncio
import hashlib
import logging
import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import or_, update
from sqlalchemy.orm import Session, sessionmaker

from common.db import session_scope
from connectors.core.secretbox import SecretBox
from connectors.exceptions import ZaloNoToken, ZaloTokenRefreshError
from connectors.models import ZaloToken, utcnow
from connectors.zalo.client import TokenPair, ZaloClient

logger = logging.getLogger(__name__)


def _hash(value: str) -> str:
    return hashlib.sha256(value.encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class TokenState:
    """The stored token pair and its version (bumped by every refresh)."""

    access_token: str
    refresh_token: str
    expires_at: datetime | None
    version: int


class ZaloTokenStore:
    """Row per app id; refresh is guarded by a lease taken with compare-and-swap."""

    def __init__(self, session_factory: sessionmaker[Session], box: SecretBox | None = None) -> None:
        self._factory = session_factory
        self._box = box or SecretBox()  # tokens are stored sealed (CONNECTORS_SECRETS_KEY)

    def seed(self, app_id: str, access_token: str, refresh_token: str) -> None:
        """Store the env tokens unless the DB already holds newer ones from the same seed.

        A refresh token is single-use, so after the first refresh the DB pair wins. New env
        tokens (an operator re-authorised the OA) are recognised by their hash and replace it.
        """
        if not access_token and not refresh_token:
            return
        seed_hash = _hash(refresh_token or access_token)
        with session_scope(self._factory) as session:
            row = session.get(ZaloToken, app_id)
            if row is None:
                session.add(ZaloToken(app_id=app_id, access_token=self._box.seal(access_token),
                                      refresh_token=self._box.seal(refresh_token), expires_at=None,
                                      version=0, seed_hash=seed_hash, updated_at=utcnow()))
            elif row.seed_hash != seed_hash:
                row.access_token, row.refresh_token = self._box.seal(access_token), self._box.seal(refresh_token)
                row.expires_at, row.seed_hash = None, seed_hash
                row.version += 1
                row.lease_owner, row.lease_until = None, None
                row.updated_at = utcnow()

    def load(self, app_id: str) -> TokenState | None:
        """The current pair, or None when nothing was ever stored."""
        with session_scope(self._factory) as session:
            row = session.get(ZaloToken, app_id)
            if row is None:
                return None
            return TokenState(self._box.open(row.access_token), self._box.open(row.refresh_token), row.expires_at,
                              row.version)

    def try_lease(self, app_id: str, version: int, owner: str, seconds: float) -> bool:
        """Take the refresh lease if the version is unchanged and no live lease exists."""
        now = utcnow()
        with session_scope(self._factory) as session:
            result = session.execute(
                update(ZaloToken)
                .where(ZaloToken.app_id == app_id, ZaloToken.version == version)
                .where(or_(ZaloToken.lease_until.is_(None), ZaloToken.lease_until < now))
                .values(lease_owner=owner, lease_until=now + timedelta(seconds=seconds))
            )
            return int(getattr(result, "rowcount", 0) or 0) == 1

    def save_refreshed(self, app_id: str, version: int, pair: TokenPair) -> bool:
        """Store the new pair (compare-and-swap on version) and release the lease."""
        with session_scope(self._factory) as session:
            result = session.execute(
                update(ZaloToken)
                .where(ZaloToken.app_id == app_id, ZaloToken.version == version)
                .values(access_token=self._box.seal(pair.access_token),
                        refresh_token=self._box.seal(pair.refresh_token),
                        expires_at=pair.expires_at, version=version + 1,
                        lease_owner=None, lease_until=None, updated_at=utcnow())
            )
            return int(getattr(result, "rowcount", 0) or 0) == 1

    def release_lease(self, app_id: str, owner: str) -> None:
        """Give the lease back after a failed refresh."""
        with session_scope(self._factory) as session:
            session.execute(
                update(ZaloToken)
                .where(ZaloToken.app_id == app_id, ZaloToken.lease_owner == owner)
                .values(lease_owner=None, lease_until=None)
            )


class ZaloTokenManager:
    """Hands out the access token; refreshes at most once per stale version, everywhere."""

    def __init__(
        self,
        store: ZaloTokenStore,
        client: ZaloClient,
        app_id: str,
        *,
        lease_seconds: float = 30.0,
        poll_interval: float = 0.2,
        refresh_margin: timedelta = timedelta(minutes=10),
    ) -> None:
        self._store = store
        self._client = client
        self._app_id = app_id
        self._lease_seconds = lease_seconds
        self._poll = poll_interval
        self._margin = refresh_margin
        self._owner = uuid.uuid4().hex
        self._lock = asyncio.Lock()
        self._current: TokenState | None = None

    async def _load(self) -> TokenState:
        state = await asyncio.to_thread(self._store.load, self._app_id)
        if state is None or not (state.access_token or state.refresh_token):
            raise ZaloNoToken("no Zalo access token stored; set ZALO_ACCESS_TOKEN/REFRESH_TOKEN")
        return state

    async def current(self) -> TokenState:
        """The token to use now; refreshed first when it expires within the margin."""
        if self._current is None:
            self._current = await self._load()
        state = self._current
        expiring = state.expires_at is not None and state.expires_at - utcnow() < self._margin
        if expiring or not state.access_token:
            return await self.refresh(state.version)
        return state

    async def refresh(self, stale_version: int) -> TokenState:
        """Replace the token of `stale_version`; a no-op when someone already did."""
        async with self._lock:
            state = await self._load()
            if state.version != stale_version:
                self._current = state
                return state
            loop = asyncio.get_running_loop()
            deadline = loop.time() + 2 * self._lease_seconds
            while not await asyncio.to_thread(
                self._store.try_lease, self._app_id, state.version, self._owner,
                self._lease_seconds,
            ):
                await asyncio.sleep(self._poll)
                latest = await self._load()
                if latest.version != stale_version:
                    self._current = latest
                    return latest
                if loop.time() > deadline:
                    raise ZaloTokenRefreshError("timed out waiting for another worker's refresh")
            return await self._refresh_with_lease(state)

    async def _refresh_with_lease(self, state: TokenState) -> TokenState:
        try:
            if not state.refresh_token:
                raise ZaloTokenRefreshError("no refresh token stored")
            pair = await self._client.refresh(state.refresh_token)
        except BaseException:
            await asyncio.to_thread(self._store.release_lease, self._app_id, self._owner)
            raise
        # Persist before use: the old refresh token is already dead at Zalo.
        if not await asyncio.to_thread(
            self._store.save_refreshed, self._app_id, state.version, pair
        ):
            logger.critical("Zalo token refreshed but could not be stored (version moved)")
            raise ZaloTokenRefreshError("refreshed token could not be stored")
        logger.info("Zalo access token refreshed")
        self._current = TokenState(pair.access_token, pair.refresh_token, pair.expires_at,
                                   state.version + 1)
        return self._current
