"""Sends replies to a Telegram chat: HTML text, inline keyboards, 429 waits, 403 handling."""

from __future__ import annotations

import asyncio
import datetime as dt
import logging
from collections.abc import Sequence

from telegram import Bot, InlineKeyboardButton, InlineKeyboardMarkup
from telegram.constants import ChatAction, ParseMode
from telegram.error import BadRequest, Forbidden, NetworkError, RetryAfter, TelegramError

from connectors.core.ratelimit import AsyncTokenBucket
from connectors.core.replies import BotMessage, Button, SendOutcome
from connectors.telegram.callback_store import CallbackPayloadStore
from connectors.telegram.render import render

logger = logging.getLogger(__name__)

CHANNEL = "telegram"


def _seconds(value: int | float | dt.timedelta) -> float:
    if isinstance(value, dt.timedelta):
        return value.total_seconds()
    return float(value)


class TelegramOutput:
    """ChannelOutput for Telegram chats (`user_id` is the chat id)."""

    channel = CHANNEL

    def __init__(
        self,
        bot: Bot,
        callbacks: CallbackPayloadStore,
        *,
        max_retry_after: float = 60.0,
        max_attempts: int = 4,
        network_backoff: float = 1.0,
        pace: AsyncTokenBucket | None = None,
    ) -> None:
        self._bot = bot
        self._callbacks = callbacks
        self._max_retry_after = max_retry_after
        self._max_attempts = max_attempts
        self._network_backoff = network_backoff
        self._pace = pace or AsyncTokenBucket(rate=25.0, burst=30)

    async def typing(self, user_id: str) -> None:
        """sendChatAction(typing); failures are only logged."""
        try:
            await self._bot.send_chat_action(chat_id=int(user_id), action=ChatAction.TYPING)
        except (TelegramError, ValueError) as exc:
            logger.debug("typing indicator failed: %s", exc)

    async def _markup(self, buttons: Sequence[Button]) -> InlineKeyboardMarkup:
        rows = [
            [
                InlineKeyboardButton(
                    text=button.title or button.payload,
                    callback_data=await self._callbacks.callback_data_async(button.payload),
                )
            ]
            for button in buttons
        ]
        return InlineKeyboardMarkup(rows)

    async def send(self, user_id: str, replies: Sequence[BotMessage]) -> SendOutcome:
        """Send every part in order; stop at the first part that cannot be delivered."""
        try:
            chat_id = int(user_id)
        except ValueError:
            return SendOutcome.failure("invalid_chat_id")
        sent = 0
        for message in render(replies):
            markup = await self._markup(message.buttons) if message.buttons else None
            error = await self._send_one(chat_id, message.html_text, markup)
            if error is not None:
                return SendOutcome.failure(error, sent)
            sent += 1
        return SendOutcome.success(sent)

    async def _send_one(
        self, chat_id: int, html_text: str, markup: InlineKeyboardMarkup | None
    ) -> str | None:
        """None on success, else the reason delivery was given up."""
        for attempt in range(1, self._max_attempts + 1):
            await self._pace.acquire()
            try:
                await self._bot.send_message(
                    chat_id=chat_id,
                    text=html_text,
                    parse_mode=ParseMode.HTML,
                    reply_markup=markup,
                )
                return None
            except RetryAfter as exc:
                delay = _seconds(exc.retry_after)
                if delay > self._max_retry_after or attempt == self._max_attempts:
                    logger.warning("Telegram flood control: giving up after %s attempt(s)",
                                   attempt)
                    return f"rate_limited: retry_after={delay:g}s"
                logger.warning("Telegram flood control: waiting %.1f s before resending", delay)
                await asyncio.sleep(delay)
            except Forbidden as exc:
                logger.warning("Telegram refused delivery (blocked or kicked): %s", exc.message)
                return f"blocked: {exc.message}"
            except BadRequest as exc:
                logger.error("Telegram rejected a message: %s", exc.message)
                return f"bad_request: {exc.message}"
            except NetworkError as exc:
                if attempt == self._max_attempts:
                    return f"network_error: {type(exc).__name__}"
                await asyncio.sleep(self._network_backoff * attempt)
            except TelegramError as exc:
                logger.error("Telegram error: %s", exc.message)
                return f"telegram_error: {type(exc).__name__}"
        return "gave_up"
