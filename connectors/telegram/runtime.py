"""Starts and stops the Telegram side: getMe, then long polling or setWebhook."""

from __future__ import annotations

import asyncio
import logging
from typing import Any

from telegram import Update

from common.settings import ConnectorSettings
from connectors.core.background import BackgroundTasks
from connectors.core.pipeline import Pipeline
from connectors.core.ratelimit import AsyncTokenBucket
from connectors.telegram.builder import build_application
from connectors.telegram.callback_store import CallbackPayloadStore
from connectors.telegram.handlers import TelegramHandlers
from connectors.telegram.output import TelegramOutput

logger = logging.getLogger(__name__)

ALLOWED_UPDATES = ["message", "callback_query"]


class TelegramRuntime:
    """Owns the PTB Application; mode is `webhook`, `polling` or `send_only`."""

    def __init__(
        self,
        settings: ConnectorSettings,
        pipeline: Pipeline,
        callbacks: CallbackPayloadStore,
        tasks: BackgroundTasks,
        *,
        polling: bool,
    ) -> None:
        self._settings = settings
        self._tasks = tasks
        if settings.telegram_webhook_mode:
            self.mode = "webhook"
        elif polling:
            self.mode = "polling"
        else:
            self.mode = "send_only"
        self._application = build_application(settings, polling=self.mode == "polling")
        self.output = TelegramOutput(
            self._application.bot,
            callbacks,
            max_retry_after=settings.telegram_max_retry_after,
            pace=AsyncTokenBucket(
                rate=settings.telegram_max_messages_per_second,
                burst=max(1, int(settings.telegram_max_messages_per_second)),
            ),
        )
        TelegramHandlers(pipeline, self.output, callbacks).install(self._application)
        self._ready = asyncio.Event()
        self._starter: asyncio.Task[None] | None = None

    @property
    def ready(self) -> bool:
        """True once getMe succeeded and polling or the webhook is set up."""
        return self._ready.is_set()

    def start(self) -> None:
        """Start in the background, retrying with backoff while Telegram is unreachable."""
        self._starter = self._tasks.spawn(self._start_with_retry(), name="telegram-start")

    async def _start_with_retry(self) -> None:
        delay = 1.0
        while True:
            try:
                await self._start_once()
                return
            except asyncio.CancelledError:
                raise
            except Exception as exc:
                logger.error("Telegram start failed (%s: %s); retrying in %.0f s",
                             type(exc).__name__, exc, delay)
                await asyncio.sleep(delay)
                delay = min(delay * 2, 60.0)

    async def _start_once(self) -> None:
        app = self._application
        if not app._initialized:  # PTB has no public "initialized" flag
            await app.initialize()
        if self.mode == "webhook":
            await app.bot.set_webhook(
                url=self._settings.telegram_webhook_url,
                secret_token=self._settings.telegram_webhook_secret.get_secret_value(),
                allowed_updates=ALLOWED_UPDATES,
            )
        elif self.mode == "polling" and app.updater is not None:
            await app.updater.start_polling(
                timeout=self._settings.telegram_poll_timeout,
                allowed_updates=ALLOWED_UPDATES,
            )
            await app.start()
        self._ready.set()
        logger.info("Telegram connector ready (%s mode)", self.mode)

    async def process_webhook_update(self, data: dict[str, Any]) -> bool:
        """Hand one verified webhook update to the handlers; False when not ready yet."""
        if not self.ready:
            return False
        try:
            update = Update.de_json(data, self._application.bot)
        except (KeyError, TypeError, ValueError) as exc:
            raise ValueError(f"not a Telegram update: {type(exc).__name__}") from exc
        await self._application.process_update(update)
        return True

    async def stop_receiving(self) -> None:
        """Stop polling (or starting); queued turns can still send afterwards."""
        if self._starter is not None and not self._starter.done():
            self._starter.cancel()
            await asyncio.gather(self._starter, return_exceptions=True)
        app = self._application
        try:
            if app.updater is not None and app.updater.running:
                await app.updater.stop()
            if app.running:
                await app.stop()
        except Exception:
            logger.warning("stopping Telegram polling was not clean", exc_info=True)

    async def close(self) -> None:
        """Release the bot's HTTP connections; call after queued turns are done."""
        await self.stop_receiving()
        app = self._application
        try:
            if app._initialized:  # PTB has no public "initialized" flag
                await app.shutdown()
        except Exception:
            logger.warning("Telegram shutdown was not clean", exc_info=True)
