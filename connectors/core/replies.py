"""Platform-neutral model of bot replies, incoming messages and delivery results."""

from __future__ import annotations

import enum
from collections.abc import Awaitable, Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class Button:
    """A button offered by the bot: the title is shown, the payload goes back to Rasa."""

    title: str
    payload: str


@dataclass(frozen=True)
class BotMessage:
    """One bot message: text, optional buttons and optional image URL."""

    text: str = ""
    buttons: tuple[Button, ...] = ()
    image: str | None = None

    def to_json(self) -> dict[str, Any]:
        """The JSON form served to the web chat."""
        data: dict[str, Any] = {"text": self.text}
        if self.buttons:
            data["buttons"] = [{"title": b.title, "payload": b.payload} for b in self.buttons]
        if self.image:
            data["image"] = self.image
        return data


def _button(raw: Any) -> Button | None:
    if not isinstance(raw, Mapping):
        return None
    title = str(raw.get("title") or "").strip()
    payload = str(raw.get("payload") or "").strip()
    if not payload and not title:
        return None
    return Button(title=title or payload, payload=payload or title)


def reply_from_rasa(item: Mapping[str, Any]) -> BotMessage | None:
    """Convert one element of Rasa's REST answer; None when it carries nothing we show."""
    text = item.get("text")
    custom = item.get("custom")
    if not text and isinstance(custom, Mapping) and isinstance(custom.get("text"), str):
        text = custom["text"]
    raw_buttons = item.get("buttons") or item.get("quick_replies") or []
    buttons = tuple(b for b in (_button(r) for r in raw_buttons) if b is not None)
    image = item.get("image") if isinstance(item.get("image"), str) else None
    text = str(text or "").strip()
    if not text and not buttons and not image:
        return None
    return BotMessage(text=text, buttons=buttons, image=image)


def replies_from_rasa(items: Iterable[Mapping[str, Any]]) -> list[BotMessage]:
    """Convert Rasa's REST answer into replies, skipping empty elements."""
    return [r for r in (reply_from_rasa(i) for i in items) if r is not None]


def coalesce(replies: Sequence[BotMessage]) -> list[BotMessage]:
    """Merge consecutive plain texts (Rasa's REST channel splits on blank lines).

    A run of text-only replies is joined with a blank line and carried into the next reply
    with buttons, so the citizen sees one answer card instead of many small messages.
    """
    merged: list[BotMessage] = []
    pending: list[str] = []
    for reply in replies:
        if reply.image is None and not reply.buttons:
            if reply.text:
                pending.append(reply.text)
            continue
        texts = [*pending, reply.text] if reply.text else pending
        merged.append(BotMessage(text="\n\n".join(texts), buttons=reply.buttons, image=reply.image))
        pending = []
    if pending:
        merged.append(BotMessage(text="\n\n".join(pending)))
    return merged


class MessageKind(enum.Enum):
    """What the citizen did, as far as the pipeline cares."""

    TEXT = "text"
    PAYLOAD = "payload"
    WELCOME = "welcome"
    HELP = "help"
    NON_TEXT = "non_text"


@dataclass(frozen=True)
class Incoming:
    """One citizen message, already verified and parsed by its platform module."""

    channel: str
    user_id: str
    kind: MessageKind
    text: str = ""
    message_id: str | None = None
    metadata: Mapping[str, Any] = field(default_factory=dict)
    acknowledge: Callable[[], Awaitable[None]] | None = None  # run at once, before the turn

    @property
    def sender(self) -> str:
        """The Rasa sender id, e.g. `telegram:42`."""
        return f"{self.channel}:{self.user_id}"


@dataclass(frozen=True)
class SendOutcome:
    """Outcome of sending replies to one citizen."""

    ok: bool
    sent: int = 0
    reason: str = ""
    retryable: bool = False

    @classmethod
    def success(cls, sent: int) -> SendOutcome:
        """All parts were delivered."""
        return cls(ok=True, sent=sent)

    @classmethod
    def failure(cls, reason: str, sent: int = 0, retryable: bool = False) -> SendOutcome:
        """Delivery stopped; `reason` names why."""
        return cls(ok=False, sent=sent, reason=reason, retryable=retryable)
