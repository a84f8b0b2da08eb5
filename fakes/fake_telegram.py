"""A fake Telegram Bot API server (`/bot<token>/<method>`) with validation and fault switches."""

from __future__ import annotations

import asyncio
import copy
import html
import json
import re
import threading
import time
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager, suppress
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route

PAYLOADS = Path(__file__).resolve().parent / "payloads"
DEFAULT_TOKEN = "123456789:AAFakeTokenForTestsOnly_abcdefghijk"

_ALLOWED_TAGS = {"b", "strong", "i", "em", "u", "ins", "s", "strike", "del", "a", "code", "pre",
                 "span", "tg-spoiler", "blockquote", "tg-emoji"}
_TAG = re.compile(r"<(/?)([a-zA-Z][a-zA-Z0-9-]*)((?:\s+[^<>]*)?)>")
_ENTITY = re.compile(r"&(?:lt|gt|amp|quot|#\d+|#x[0-9a-fA-F]+);")


def load_payload(name: str) -> dict[str, Any]:
    """A recorded platform payload from fakes/payloads.

    Zalo events carry the time they happened (`timestamp`, ms), which the webhook's replay window
    checks: a recorded Zalo event is re-dated to now, as a live delivery of it would be."""
    data: dict[str, Any] = json.loads((PAYLOADS / name).read_text(encoding="utf-8"))
    if name.startswith("zalo_") and "timestamp" in data:
        data["timestamp"] = str(int(time.time() * 1000))
    return data


def parse_telegram_html(text: str) -> str:
    """Visible text of an HTML-mode message; ValueError like Telegram's "can't parse entities"."""
    out: list[str] = []
    stack: list[str] = []
    i = 0
    while i < len(text):
        char = text[i]
        if char == "<":
            match = _TAG.match(text, i)
            if not match or match.group(2).lower() not in _ALLOWED_TAGS:
                raise ValueError(f"Unsupported start tag at byte offset {i}")
            name = match.group(2).lower()
            if match.group(1):
                if not stack or stack[-1] != name:
                    raise ValueError(f"Unexpected end tag at byte offset {i}")
                stack.pop()
            else:
                stack.append(name)
            i = match.end()
        elif char == "&":
            match = _ENTITY.match(text, i)
            if not match:
                raise ValueError(f"Character '&' is reserved at byte offset {i}")
            out.append(html.unescape(match.group()))
            i = match.end()
        elif char == ">":
            raise ValueError(f"Character '>' is reserved at byte offset {i}")
        else:
            out.append(char)
            i += 1
    if stack:
        raise ValueError(f"Can't find end tag corresponding to start tag {stack[-1]}")
    return "".join(out)


def utf16_len(text: str) -> int:
    """Telegram counts message length in UTF-16 code units."""
    return len(text.encode("utf-16-le")) // 2


@dataclass
class Call:
    """One recorded API call."""

    method: str
    params: dict[str, Any]
    at: float
    ok: bool = True
    status: int = 200


@dataclass
class _Failure:
    method: str
    status: int
    description: str
    retry_after: int | None
    chat_id: int | None
    remaining: int


@dataclass
class _State:
    calls: list[Call] = field(default_factory=list)
    updates: list[dict[str, Any]] = field(default_factory=list)
    failures: list[_Failure] = field(default_factory=list)
    blocked: set[int] = field(default_factory=set)
    webhook_url: str = ""
    webhook_secret: str = ""
    next_update_id: int = 5000
    next_message_id: int = 100
    sent_counts: dict[int | None, int] = field(default_factory=dict)


def _to_int(value: Any) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


class FakeTelegram:
    """State plus a Starlette app; thread-safe helpers for tests to push updates and assert."""

    def __init__(self, token: str = DEFAULT_TOKEN, bot_id: int = 999) -> None:
        self.token = token
        self.bot_id = bot_id
        self.url = ""
        self._lock = threading.RLock()
        self._changed = threading.Condition(self._lock)
        self._state = _State()
        self._loop: asyncio.AbstractEventLoop | None = None
        self._wakeup: asyncio.Event | None = None
        self.app = Starlette(
            routes=[Route("/bot{token}/{method}", self._dispatch, methods=["GET", "POST"])],
            lifespan=self._lifespan,
        )

    @asynccontextmanager
    async def _lifespan(self, _app: Starlette) -> AsyncIterator[None]:
        self._loop = asyncio.get_running_loop()
        self._wakeup = asyncio.Event()
        yield

    # ---- test helpers -------------------------------------------------------------------
    def reset(self) -> None:
        """Forget calls, updates, failures, blocks and the webhook (ids keep increasing,
        as on Telegram, so a poller left over from an earlier test cannot confirm them)."""
        with self._lock:
            old = self._state
            self._state = _State(next_update_id=old.next_update_id + 1000,
                                 next_message_id=old.next_message_id + 1000)

    def _notify(self) -> None:
        if self._loop is not None and self._wakeup is not None:
            self._loop.call_soon_threadsafe(self._wakeup.set)

    def push_update(self, update: dict[str, Any]) -> dict[str, Any]:
        """Queue an update for getUpdates (an update_id is assigned when missing)."""
        update = copy.deepcopy(update)
        with self._lock:
            if "update_id" not in update:
                update["update_id"] = self._state.next_update_id
                self._state.next_update_id += 1
            self._state.updates.append(update)
        self._notify()
        return update

    def next_ids(self) -> tuple[int, int]:
        """A fresh (update_id, message_id) pair."""
        with self._lock:
            ids = (self._state.next_update_id, self._state.next_message_id)
            self._state.next_update_id += 1
            self._state.next_message_id += 1
            return ids

    def text_update(self, chat_id: int, text: str) -> dict[str, Any]:
        """A private-chat text message update built from the payload fixture."""
        update = load_payload("telegram_text.json")
        update["update_id"], update["message"]["message_id"] = self.next_ids()
        update["message"]["chat"]["id"] = chat_id
        update["message"]["from"]["id"] = chat_id
        update["message"]["text"] = text
        if text.startswith("/"):
            command = text.split()[0]
            update["message"]["entities"] = [
                {"offset": 0, "length": len(command), "type": "bot_command"}
            ]
        return update

    def callback_update(self, chat_id: int, data: str) -> dict[str, Any]:
        """An inline-button press update built from the payload fixture."""
        update = load_payload("telegram_callback_query.json")
        update["update_id"], message_id = self.next_ids()
        query = update["callback_query"]
        query["id"] = f"cbq{update['update_id']}"
        query["from"]["id"] = chat_id
        query["data"] = data
        query["message"]["chat"]["id"] = chat_id
        query["message"]["message_id"] = message_id
        return update

    def payload_update(self, name: str, chat_id: int) -> dict[str, Any]:
        """A message update from a named fixture (photo, sticker…), with fresh ids."""
        update = load_payload(name)
        update["update_id"], update["message"]["message_id"] = self.next_ids()
        update["message"]["chat"]["id"] = chat_id
        update["message"]["from"]["id"] = chat_id
        return update

    def push_text(self, chat_id: int, text: str) -> dict[str, Any]:
        """Queue a text message from `chat_id`."""
        return self.push_update(self.text_update(chat_id, text))

    def push_callback(self, chat_id: int, data: str) -> dict[str, Any]:
        """Queue an inline-button press from `chat_id`."""
        return self.push_update(self.callback_update(chat_id, data))

    def fail_next(self, method: str, status: int, description: str, *,
                  retry_after: int | None = None, chat_id: int | None = None,
                  times: int = 1) -> None:
        """Make the next `times` calls of `method` fail with this status."""
        with self._lock:
            self._state.failures.append(
                _Failure(method, status, description, retry_after, chat_id, times)
            )

    def block(self, chat_id: int) -> None:
        """The user blocked the bot: sendMessage to this chat answers 403."""
        with self._lock:
            self._state.blocked.add(chat_id)

    @property
    def calls(self) -> list[Call]:
        """Every recorded call (a copy)."""
        with self._lock:
            return list(self._state.calls)

    def calls_of(self, method: str) -> list[Call]:
        """Recorded calls of one method."""
        return [c for c in self.calls if c.method == method]

    def sent_messages(self, chat_id: int | None = None) -> list[dict[str, Any]]:
        """Params of successful sendMessage calls (optionally to one chat), in order."""
        return [c.params for c in self.calls_of("sendMessage")
                if c.ok and (chat_id is None or _to_int(c.params.get("chat_id")) == chat_id)]

    def sent_count(self, chat_id: int) -> int:
        """Number of successful sendMessage calls to a chat (O(1), for the benchmark)."""
        with self._lock:
            return self._state.sent_counts.get(chat_id, 0)

    def sent_texts(self, chat_id: int | None = None) -> list[str]:
        """Visible texts of successful sendMessage calls."""
        return [parse_telegram_html(p["text"]) if p.get("parse_mode") == "HTML" else p["text"]
                for p in self.sent_messages(chat_id)]

    @property
    def webhook(self) -> tuple[str, str]:
        """(url, secret_token) of the current webhook."""
        with self._lock:
            return self._state.webhook_url, self._state.webhook_secret

    @property
    def pending_updates(self) -> int:
        """Updates not yet confirmed by an offset."""
        with self._lock:
            return len(self._state.updates)

    def wait_for(self, predicate: Callable[[], Any], timeout: float) -> Any:
        """Block until `predicate()` is truthy after a recorded call (or timeout); its value."""
        with self._changed:
            return self._changed.wait_for(predicate, timeout)

    # ---- HTTP side ----------------------------------------------------------------------
    @staticmethod
    def _ok(result: Any) -> JSONResponse:
        return JSONResponse({"ok": True, "result": result})

    @staticmethod
    def _error(status: int, description: str, retry_after: int | None = None) -> JSONResponse:
        body: dict[str, Any] = {"ok": False, "error_code": status, "description": description}
        if retry_after is not None:
            body["parameters"] = {"retry_after": retry_after}
        return JSONResponse(body, status_code=status)

    async def _params(self, request: Request) -> dict[str, Any]:
        params: dict[str, Any] = dict(request.query_params)
        content_type = request.headers.get("content-type", "")
        if "application/json" in content_type:
            body = await request.json()
            if isinstance(body, dict):
                params.update(body)
        elif content_type.startswith(("application/x-www-form-urlencoded", "multipart/form-data")):
            form = await request.form()
            params.update({k: v for k, v in form.items() if isinstance(v, str)})
        return params

    def _record(self, method: str, params: dict[str, Any], ok: bool = True,
                status: int = 200) -> None:
        with self._lock:
            self._state.calls.append(Call(method, params, time.monotonic(), ok, status))
            if method == "sendMessage" and ok:
                chat = _to_int(params.get("chat_id"))
                self._state.sent_counts[chat] = self._state.sent_counts.get(chat, 0) + 1
            self._changed.notify_all()

    def _take_failure(self, method: str, chat_id: int | None) -> _Failure | None:
        with self._lock:
            for failure in self._state.failures:
                if failure.method == method and failure.remaining > 0 and (
                    failure.chat_id is None or failure.chat_id == chat_id
                ):
                    failure.remaining -= 1
                    return failure
        return None

    async def _dispatch(self, request: Request) -> JSONResponse:
        if request.path_params["token"] != self.token:
            return self._error(401, "Unauthorized")
        method = request.path_params["method"]
        params = await self._params(request)
        chat_id = _to_int(params.get("chat_id"))
        failure = self._take_failure(method, chat_id)
        if failure is not None:
            self._record(method, params, ok=False, status=failure.status)
            return self._error(failure.status, failure.description, failure.retry_after)
        handler = getattr(self, f"_m_{method}", None)
        if handler is None:
            self._record(method, params, ok=False, status=404)
            return self._error(404, "Not Found: method not found")
        response: JSONResponse = await handler(params)
        if method != "getUpdates" or json.loads(bytes(response.body)).get("result"):
            self._record(method, params, ok=response.status_code == 200,
                         status=response.status_code)
        return response

    async def _m_getMe(self, params: dict[str, Any]) -> JSONResponse:
        return self._ok({"id": self.bot_id, "is_bot": True, "first_name": "Trợ lý TTHC",
                         "username": "tthc_test_bot", "can_join_groups": False,
                         "can_read_all_group_messages": False,
                         "supports_inline_queries": False})

    async def _m_deleteWebhook(self, params: dict[str, Any]) -> JSONResponse:
        with self._lock:
            self._state.webhook_url, self._state.webhook_secret = "", ""
            if str(params.get("drop_pending_updates", "")).lower() == "true":
                self._state.updates.clear()
        return self._ok(True)

    async def _m_setWebhook(self, params: dict[str, Any]) -> JSONResponse:
        url = str(params.get("url", ""))
        secret = str(params.get("secret_token", ""))
        if secret and not re.fullmatch(r"[A-Za-z0-9_-]{1,256}", secret):
            return self._error(400, "Bad Request: secret token contains unallowed characters")
        with self._lock:
            self._state.webhook_url, self._state.webhook_secret = url, secret
        return self._ok(True)

    async def _m_getWebhookInfo(self, params: dict[str, Any]) -> JSONResponse:
        url, _secret = self.webhook
        return self._ok({"url": url, "has_custom_certificate": False,
                         "pending_update_count": self.pending_updates})

    async def _m_getUpdates(self, params: dict[str, Any]) -> JSONResponse:
        if self.webhook[0]:
            return self._error(409, "Conflict: can't use getUpdates method while webhook is "
                                    "active; use deleteWebhook to delete the webhook first")
        offset = _to_int(params.get("offset")) or 0
        limit = min(max(_to_int(params.get("limit")) or 100, 1), 100)
        timeout = max(float(params.get("timeout") or 0), 0.0)
        deadline = time.monotonic() + timeout
        while True:
            if self._wakeup is not None:
                self._wakeup.clear()
            with self._lock:
                if offset > 0:
                    self._state.updates = [u for u in self._state.updates
                                           if u["update_id"] >= offset]
                pending = [u for u in self._state.updates if u["update_id"] >= offset][:limit]
            remaining = deadline - time.monotonic()
            if pending or remaining <= 0 or self._wakeup is None:
                return self._ok(pending)
            with suppress(asyncio.TimeoutError):
                await asyncio.wait_for(self._wakeup.wait(), remaining)

    def _check_markup(self, raw: Any) -> str | None:
        if raw in (None, ""):
            return None
        markup = json.loads(raw) if isinstance(raw, str) else raw
        keyboard = markup.get("inline_keyboard") if isinstance(markup, dict) else None
        if not isinstance(keyboard, list):
            return "Bad Request: can't parse reply keyboard markup JSON object"
        for row in keyboard:
            for button in row:
                if not button.get("text"):
                    return "Bad Request: text buttons are unallowed in the inline keyboard"
                data = button.get("callback_data")
                if data is not None and not 1 <= len(str(data).encode("utf-8")) <= 64:
                    return "Bad Request: BUTTON_DATA_INVALID"
        return None

    async def _m_sendMessage(self, params: dict[str, Any]) -> JSONResponse:
        chat_id = _to_int(params.get("chat_id"))
        if chat_id is None:
            return self._error(400, "Bad Request: chat_id is empty")
        with self._lock:
            blocked = chat_id in self._state.blocked
        if blocked:
            return self._error(403, "Forbidden: bot was blocked by the user")
        text = str(params.get("text", ""))
        if str(params.get("parse_mode", "")).upper() == "HTML":
            try:
                visible = parse_telegram_html(text)
            except ValueError as exc:
                return self._error(400, f"Bad Request: can't parse entities: {exc}")
        else:
            visible = text
        if not visible.strip():
            return self._error(400, "Bad Request: message text is empty")
        if utf16_len(visible) > 4096:
            return self._error(400, "Bad Request: message is too long")
        problem = self._check_markup(params.get("reply_markup"))
        if problem:
            return self._error(400, problem)
        with self._lock:
            message_id = self._state.next_message_id
            self._state.next_message_id += 1
        return self._ok({"message_id": message_id, "date": int(time.time()),
                         "chat": {"id": chat_id, "type": "private"}, "text": visible})

    async def _m_answerCallbackQuery(self, params: dict[str, Any]) -> JSONResponse:
        if not params.get("callback_query_id"):
            return self._error(400, "Bad Request: query is too old and response timeout expired")
        return self._ok(True)

    async def _m_sendChatAction(self, params: dict[str, Any]) -> JSONResponse:
        if _to_int(params.get("chat_id")) is None:
            return self._error(400, "Bad Request: chat_id is empty")
        return self._ok(True)
