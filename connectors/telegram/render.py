"""Turns platform-neutral replies into Telegram HTML messages (escaped, split at 4096)."""

from __future__ import annotations

import html
from collections.abc import Sequence
from dataclasses import dataclass

from connectors.core import texts
from connectors.core.replies import BotMessage, Button, coalesce
from connectors.core.splitting import split_text, utf16_length

MAX_TEXT = 4096


@dataclass(frozen=True)
class TelegramText:
    """One sendMessage call: HTML text and, on the last part of a reply, its buttons."""

    html_text: str
    buttons: tuple[Button, ...] = ()


def reply_text(reply: BotMessage) -> str:
    """The plain text of a reply, with an image URL on its own line."""
    text = reply.text
    if reply.image:
        text = f"{text}\n{reply.image}" if text else reply.image
    if not text.strip() and reply.buttons:
        text = texts.BUTTON_PROMPT
    return text


def render(replies: Sequence[BotMessage], limit: int = MAX_TEXT) -> list[TelegramText]:
    """Coalesce, split by visible length (UTF-16 units) and escape each part for HTML."""
    messages: list[TelegramText] = []
    for reply in coalesce(replies):
        chunks = split_text(reply_text(reply), limit, utf16_length)
        for index, chunk in enumerate(chunks):
            last = index == len(chunks) - 1
            messages.append(
                TelegramText(
                    html_text=html.escape(chunk, quote=False),
                    buttons=reply.buttons if last else (),
                )
            )
    return messages
