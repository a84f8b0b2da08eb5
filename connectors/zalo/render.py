"""Turns replies into Zalo cs message bodies: NFC text split at 2000, at most N buttons each."""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from connectors.core import texts
from connectors.core.replies import BotMessage, Button, coalesce
from connectors.core.splitting import split_text

MAX_TEXT = 2000


@dataclass(frozen=True)
class ButtonStyle:
    """Zalo button settings kept configurable (limits are not officially confirmed)."""

    button_type: str = "oa.query.hide"
    max_buttons: int = 4
    title_max: int = 100


def _zalo_button(button: Button, style: ButtonStyle) -> dict[str, Any]:
    title = unicodedata.normalize("NFC", button.title or button.payload)
    if len(title) > style.title_max:
        title = title[: style.title_max - 1].rstrip() + "…"
    return {"title": title, "type": style.button_type, "payload": button.payload}


def _with_buttons(text: str, buttons: Sequence[Button], style: ButtonStyle) -> dict[str, Any]:
    return {
        "text": text,
        "attachment": {
            "type": "template",
            "payload": {"buttons": [_zalo_button(b, style) for b in buttons]},
        },
    }


DEFAULT_STYLE = ButtonStyle()


def render(
    replies: Sequence[BotMessage], style: ButtonStyle = DEFAULT_STYLE, limit: int = MAX_TEXT
) -> list[dict[str, Any]]:
    """The `message` objects to send, in order."""
    messages: list[dict[str, Any]] = []
    for reply in coalesce(replies):
        text = reply.text
        if reply.image:
            text = f"{text}\n{reply.image}" if text else reply.image
        text = unicodedata.normalize("NFC", text)
        chunks = split_text(text, limit) or ([texts.BUTTON_PROMPT] if reply.buttons else [])
        groups = [
            reply.buttons[i : i + style.max_buttons]
            for i in range(0, len(reply.buttons), style.max_buttons)
        ]
        for index, chunk in enumerate(chunks):
            if index == len(chunks) - 1 and groups:
                messages.append(_with_buttons(chunk, groups[0], style))
            else:
                messages.append({"text": chunk})
        for group in groups[1:]:
            messages.append(_with_buttons(texts.MORE_OPTIONS, group, style))
    return messages
