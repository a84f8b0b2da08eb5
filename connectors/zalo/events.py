"""Parse Zalo OA webhook events into pipeline messages (or decide to ignore them)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from connectors.core.replies import Incoming, MessageKind

CHANNEL = "zalo"

NON_TEXT_EVENTS = frozenset(
    {
        "user_send_image",
        "user_send_gif",
        "user_send_sticker",
        "user_send_audio",
        "user_send_video",
        "user_send_file",
        "user_send_link",
        "user_send_location",
        "user_send_business_card",
    }
)
WELCOME_EVENTS = frozenset({"follow", "user_click_chatnow"})
UNSUPPORTED_USER_EVENTS = frozenset({"anonymous_send_text", "anonymous_send_image",
                                     "anonymous_send_file", "anonymous_send_sticker"})


@dataclass(frozen=True)
class ParsedEvent:
    """Either a message for the pipeline, or the reason the event is ignored."""

    incoming: Incoming | None
    ignored_reason: str = ""
    unsupported_user: str | None = None


def event_age_seconds(event: Mapping[str, Any], now: float) -> float | None:
    """How old the event's own `timestamp` (milliseconds since the epoch) is; None when it has none.

    The MAC covers the timestamp, so a captured event cannot be re-dated: its age bounds how long a
    replay of it can work (the dedup store catches replays inside that window)."""
    try:
        stamp = float(str(event.get("timestamp", "")).strip())
    except ValueError:
        return None
    return now - stamp / 1000.0


def _text(value: Any) -> str:
    return "" if value is None else str(value)


def _dig(data: Mapping[str, Any], *path: str) -> Any:
    current: Any = data
    for key in path:
        if not isinstance(current, Mapping):
            return None
        current = current.get(key)
    return current


def parse_event(event: Mapping[str, Any]) -> ParsedEvent:
    """Map one verified event to an Incoming; OA echoes and delivery receipts are ignored."""
    name = _text(event.get("event_name"))
    timestamp = _text(event.get("timestamp"))
    metadata: dict[str, Any] = {"event_name": name}
    if event.get("user_id_by_app"):
        metadata["user_id_by_app"] = _text(event.get("user_id_by_app"))
    if name.startswith("oa_send_"):
        return ParsedEvent(None, "oa_echo")
    if name in WELCOME_EVENTS:
        user = _text(_dig(event, "follower", "id") or event.get("user_id")
                     or _dig(event, "sender", "id"))
        if not user:
            return ParsedEvent(None, "no_user")
        return ParsedEvent(Incoming(CHANNEL, user, MessageKind.WELCOME,
                                    message_id=f"{name}:{user}:{timestamp}", metadata=metadata))
    user = _text(_dig(event, "sender", "id"))
    msg_id = _text(_dig(event, "message", "msg_id")) or None
    if msg_id:
        metadata["msg_id"] = msg_id
    if name in UNSUPPORTED_USER_EVENTS:
        return ParsedEvent(None, "unsupported_user_event", unsupported_user=user or None)
    if not user:
        return ParsedEvent(None, "no_user")
    dedup_id = msg_id or f"{name}:{user}:{timestamp}"
    if name == "user_send_text":
        text = _text(_dig(event, "message", "text"))
        # Button presses (oa.query.*) arrive as text equal to the hidden payload.
        kind = MessageKind.PAYLOAD if text.startswith("/") else MessageKind.TEXT
        return ParsedEvent(Incoming(CHANNEL, user, kind, text=text, message_id=dedup_id,
                                    metadata=metadata))
    if name == "user_click_button":
        payload = _dig(event, "message", "payload") or _dig(event, "message", "text")
        return ParsedEvent(Incoming(CHANNEL, user, MessageKind.PAYLOAD, text=_text(payload),
                                    message_id=dedup_id, metadata=metadata))
    if name in NON_TEXT_EVENTS:
        return ParsedEvent(Incoming(CHANNEL, user, MessageKind.NON_TEXT,
                                    text=f"[{name.removeprefix('user_send_')}]",
                                    message_id=dedup_id, metadata=metadata))
    return ParsedEvent(None, f"ignored_event:{name or 'unknown'}")
