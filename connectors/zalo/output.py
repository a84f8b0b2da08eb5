"""Sends cs messages to a Zalo user: token refresh on -216/-220, back-off on -32, no retry on -230."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Sequence
from typing import Any

from connectors.core.replies import BotMessage, SendOutcome
from connectors.exceptions import (
    ZaloApiError,
    ZaloError,
    ZaloRateLimited,
    ZaloTokenInvalid,
    ZaloTransportError,
    ZaloWindowClosed,
)
from connectors.zalo.client import ZaloClient
from connectors.zalo.events import CHANNEL
from connectors.zalo.render import ButtonStyle, render
from connectors.zalo.tokens import ZaloTokenManager

logger = logging.getLogger(__name__)


class ZaloOutput:
    """ChannelOutput for Zalo OA users (`user_id` is the follower's per-OA id)."""

    channel = CHANNEL

    def __init__(
        self,
        client: ZaloClient,
        tokens: ZaloTokenManager,
        *,
        style: ButtonStyle | None = None,
        max_attempts: int = 4,
        base_delay: float = 1.0,
    ) -> None:
        self._client = client
        self._tokens = tokens
        self._style = style or ButtonStyle()
        self._max_attempts = max_attempts
        self._base_delay = base_delay

    async def typing(self, user_id: str) -> None:
        """Zalo cs messages have no typing indicator."""

    async def send(self, user_id: str, replies: Sequence[BotMessage]) -> SendOutcome:
        """Send every part in order; stop at the first part that cannot be delivered."""
        sent = 0
        for message in render(replies, self._style):
            body = {"recipient": {"user_id": user_id}, "message": message}
            error = await self._send_one(body)
            if error is not None:
                return SendOutcome.failure(error, sent)
            sent += 1
        return SendOutcome.success(sent)

    async def _send_one(self, body: dict[str, Any]) -> str | None:
        """None on success, else why delivery was given up."""
        refreshed = False
        attempt = 0
        while True:
            attempt += 1
            try:
                token = await self._tokens.current()
                await self._client.send_cs(token.access_token, body)
                return None
            except ZaloTokenInvalid as exc:
                if refreshed:
                    return f"zalo_token_invalid ({exc.code}): {exc.message}"
                logger.info("Zalo token rejected (%s); refreshing once", exc.code)
                refreshed = True
                try:
                    await self._tokens.refresh(token.version)
                except ZaloError as refresh_exc:
                    logger.error("Zalo token refresh failed: %s", refresh_exc)
                    return f"zalo_token_refresh_failed: {refresh_exc}"
            except ZaloWindowClosed as exc:
                logger.info("Zalo messaging window closed (%s)", exc.code)
                return f"zalo_window_closed ({exc.code}): {exc.message}"
            except (ZaloRateLimited, ZaloTransportError) as exc:
                if attempt >= self._max_attempts:
                    return f"zalo_retry_exhausted: {exc}"
                delay = self._base_delay * 2 ** (attempt - 1)
                logger.warning("Zalo send failed (%s); retrying in %.1f s", exc, delay)
                await asyncio.sleep(delay)
            except ZaloApiError as exc:
                logger.error("Zalo refused a message: %s", exc)
                return f"zalo_error ({exc.code}): {exc.message}"
            except ZaloError as exc:
                logger.error("Zalo send failed: %s", exc)
                return f"zalo_error: {exc}"
