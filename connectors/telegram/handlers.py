"""PTB handlers: turn Telegram updates into pipeline messages (private chats only)."""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from typing import Any

from telegram import CallbackQuery, Chat, Message, Update
from telegram.ext import (
    Application,
    CallbackQueryHandler,
    CommandHandler,
    ContextTypes,
    MessageHandler,
    filters,
)

from connectors.core.pipeline import Pipeline
from connectors.core.replies import Incoming, MessageKind
from connectors.telegram.callback_store import CallbackPayloadStore
from connectors.telegram.output import CHANNEL, TelegramOutput

logger = logging.getLogger(__name__)

Context = ContextTypes.DEFAULT_TYPE


def _metadata(chat: Chat, message: Message | None, update: Update) -> dict[str, Any]:
    user = update.effective_user
    data: dict[str, Any] = {"chat_id": chat.id, "update_id": update.update_id}
    if message is not None:
        data["message_id"] = message.message_id
    if user is not None and user.language_code:
        data["language_code"] = user.language_code
    return data


class TelegramHandlers:
    """Small typed handlers; each only builds an Incoming and submits it."""

    def __init__(
        self,
        pipeline: Pipeline,
        output: TelegramOutput,
        callbacks: CallbackPayloadStore,
    ) -> None:
        self._pipeline = pipeline
        self._output = output
        self._callbacks = callbacks

    def install(self, application: Application[Any, Any, Any, Any, Any, Any]) -> None:
        """Register the handlers (first match wins, in this order)."""
        private = filters.ChatType.PRIVATE
        application.add_handler(CommandHandler("start", self.on_start, filters=private))
        application.add_handler(CommandHandler("help", self.on_help, filters=private))
        application.add_handler(CallbackQueryHandler(self.on_callback))
        application.add_handler(MessageHandler(private & filters.COMMAND, self.on_help))
        application.add_handler(MessageHandler(private & filters.TEXT, self.on_text))
        application.add_handler(
            MessageHandler(private & filters.UpdateType.MESSAGE, self.on_non_text)
        )
        application.add_error_handler(self.on_error)

    def _submit_message(self, update: Update, kind: MessageKind, text: str = "") -> None:
        message, chat = update.effective_message, update.effective_chat
        if message is None or chat is None:
            return
        self._pipeline.submit(
            Incoming(
                channel=CHANNEL,
                user_id=str(chat.id),
                kind=kind,
                text=text,
                message_id=f"m:{chat.id}:{message.message_id}",
                metadata=_metadata(chat, message, update),
            ),
            self._output,
        )

    async def on_start(self, update: Update, context: Context) -> None:
        """`/start`: Vietnamese welcome with example questions."""
        self._submit_message(update, MessageKind.WELCOME)

    async def on_help(self, update: Update, context: Context) -> None:
        """`/help` and unknown commands: how to ask, with examples."""
        self._submit_message(update, MessageKind.HELP)

    async def on_text(self, update: Update, context: Context) -> None:
        """A text message: the question goes to Rasa."""
        message = update.effective_message
        self._submit_message(update, MessageKind.TEXT, (message.text or "") if message else "")

    async def on_non_text(self, update: Update, context: Context) -> None:
        """Photo, sticker, voice, document, location…: a polite text-only answer."""
        self._submit_message(update, MessageKind.NON_TEXT)

    async def on_callback(self, update: Update, context: Context) -> None:
        """An inline button press: always answered, payload sent to Rasa."""
        query = update.callback_query
        if query is None:
            return
        payload = await self._callbacks.resolve_async(query.data) if query.data else None
        chat_id = query.message.chat.id if query.message is not None else query.from_user.id
        self._pipeline.submit(
            Incoming(
                channel=CHANNEL,
                user_id=str(chat_id),
                kind=MessageKind.PAYLOAD,
                text=payload or "",
                message_id=f"c:{query.id}",
                metadata={"chat_id": chat_id, "update_id": update.update_id},
                acknowledge=_answerer(query),
            ),
            self._output,
        )

    async def on_error(self, update: object, context: Context) -> None:
        """Log handler errors (masked by the logging filter)."""
        logger.error("Telegram handler error: %s", context.error, exc_info=context.error)


def _answerer(query: CallbackQuery) -> Callable[[], Awaitable[None]]:
    async def answer() -> None:
        await query.answer()

    return answer
