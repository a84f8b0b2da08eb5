"""HTTP client for the Zalo OpenAPI (cs messages) and OAuth (token refresh) endpoints."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

import httpx

from connectors.exceptions import (
    ZaloApiError,
    ZaloRateLimited,
    ZaloTokenInvalid,
    ZaloTokenRefreshError,
    ZaloTransportError,
    ZaloWindowClosed,
)
from connectors.models import utcnow

TOKEN_INVALID_CODES = frozenset({-216, -220})
WINDOW_CLOSED_CODES = frozenset({-230, -232})
RATE_LIMIT_CODES = frozenset({-32})


def api_error(code: int, message: str) -> ZaloApiError:
    """The typed exception for an envelope error code."""
    if code in TOKEN_INVALID_CODES:
        return ZaloTokenInvalid(code, message)
    if code in WINDOW_CLOSED_CODES:
        return ZaloWindowClosed(code, message)
    if code in RATE_LIMIT_CODES:
        return ZaloRateLimited(code, message)
    return ZaloApiError(code, message)


@dataclass(frozen=True)
class TokenPair:
    """A fresh access token and its single-use refresh token."""

    access_token: str
    refresh_token: str
    expires_at: datetime | None


class ZaloClient:
    """Thin async wrapper: one method per Zalo call, errors as typed exceptions."""

    def __init__(
        self,
        api_base_url: str,
        oauth_base_url: str,
        app_id: str,
        app_secret: str,
        timeout: float = 10.0,
    ) -> None:
        self._api = api_base_url.rstrip("/")
        self._oauth = oauth_base_url.rstrip("/")
        self._app_id = app_id
        self._app_secret = app_secret
        self._client = httpx.AsyncClient(
            timeout=timeout,
            limits=httpx.Limits(max_connections=16, max_keepalive_connections=16),
            trust_env=False,
        )

    async def send_cs(self, access_token: str, body: dict[str, Any]) -> dict[str, Any]:
        """POST /v3.0/oa/message/cs; returns `data` or raises a ZaloError subclass."""
        try:
            response = await self._client.post(
                f"{self._api}/v3.0/oa/message/cs",
                json=body,
                headers={"access_token": access_token},
            )
        except httpx.HTTPError as exc:
            raise ZaloTransportError(f"Zalo API unreachable ({type(exc).__name__})") from exc
        try:
            envelope = response.json()
        except ValueError as exc:
            raise ZaloTransportError(f"Zalo answered HTTP {response.status_code}, not JSON") from exc
        if not isinstance(envelope, dict):
            raise ZaloTransportError("Zalo answered JSON that is not an object")
        code = int(envelope.get("error", 0) or 0)
        if code != 0:
            raise api_error(code, str(envelope.get("message", "")))
        if response.status_code >= 400:
            raise ZaloTransportError(f"Zalo answered HTTP {response.status_code}")
        data = envelope.get("data")
        return data if isinstance(data, dict) else {}

    async def refresh(self, refresh_token: str) -> TokenPair:
        """POST /v4/oa/access_token with grant_type=refresh_token (the token is single-use)."""
        try:
            response = await self._client.post(
                f"{self._oauth}/v4/oa/access_token",
                data={
                    "app_id": self._app_id,
                    "grant_type": "refresh_token",
                    "refresh_token": refresh_token,
                },
                headers={"secret_key": self._app_secret},
            )
            body = response.json()
        except (httpx.HTTPError, ValueError) as exc:
            raise ZaloTokenRefreshError(f"token refresh failed ({type(exc).__name__})") from exc
        if not isinstance(body, dict) or not body.get("access_token"):
            detail = ""
            if isinstance(body, dict):
                detail = str(body.get("error_description") or body.get("error_name")
                             or body.get("message") or body.get("error") or "")
            raise ZaloTokenRefreshError(f"token refresh refused: {detail or 'no access_token'}")
        expires_at = None
        try:
            seconds = int(body.get("expires_in") or 0)
        except (TypeError, ValueError):
            seconds = 0
        if seconds > 0:
            expires_at = utcnow() + timedelta(seconds=seconds)
        return TokenPair(
            access_token=str(body["access_token"]),
            refresh_token=str(body.get("refresh_token") or refresh_token),
            expires_at=expires_at,
        )

    async def aclose(self) -> None:
        """Close the connection pool."""
        await self._client.aclose()
