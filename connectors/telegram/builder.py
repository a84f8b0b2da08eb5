"""The one place a python-telegram-bot Application is built (base URL configurable)."""

from __future__ import annotations

from typing import Any

from telegram.ext import Application

from common.settings import ConnectorSettings

TelegramApplication = Application[Any, Any, Any, Any, Any, Any]


def build_application(settings: ConnectorSettings, *, polling: bool) -> TelegramApplication:
    """Application pointed at TELEGRAM_API_BASE_URL; without an updater in webhook mode.

    Updates are processed one by one (PTB's default): the handlers only queue work in the
    pipeline, which orders each chat and runs different chats concurrently.
    """
    base = settings.telegram_api_base_url.rstrip("/")
    builder = (
        Application.builder()
        .token(settings.telegram_bot_token.get_secret_value())
        .base_url(f"{base}/bot")
        .base_file_url(f"{base}/file/bot")
        .connect_timeout(5.0)
        .read_timeout(15.0)
        .write_timeout(15.0)
        .pool_timeout(5.0)
        .connection_pool_size(16)  # see RasaClient: small pools are cheaper
        .get_updates_connect_timeout(5.0)
        .get_updates_read_timeout(10.0)
    )
    if not polling:
        builder = builder.updater(None)
    return builder.build()
