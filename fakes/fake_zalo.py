"""A fake Zalo OA OpenAPI + OAuth server: cs messages, expiring tokens, single-use refresh."""

from __future__ import annotations

import asyncio
import json
import secrets
import threading
import time
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route

from connectors.zalo.signature import HEADER, signature_header

APP_ID = "1234567890123456789"
APP_SECRET = "fake-app-secret-0123456789"
OA_SECRET_KEY = "fake-oa-secret-key-abcdef"
OA_ID = "4444444444444444444"

ERROR_MESSAGES = {
    -32: "Your OA reached limit call api",
    -201: "message is invalid!",
    -213: "User has not followed OA",
    -216: "Access token is invalid",
    -218: "Out of quota receive",
    -220: "access_token is expired or removed",
    -230: "User has not interacted with the OA in the past 7 days",
    -232: "User has not interacted with the OA, or the last interaction has expired",
}


@dataclass
class ZaloCall:
    """One recorded call: `cs` or `oauth`."""

    kind: str
    headers: dict[str, str]
    body: dict[str, Any]
    at: float
    error: int = 0


@dataclass
class _Forced:
    code: int
    remaining: int
    user_id: str | None


@dataclass
class _State:
    calls: list[ZaloCall] = field(default_factory=list)
    access_tokens: dict[str, float] = field(default_factory=dict)
    refresh_tokens: set[str] = field(default_factory=set)
    forced: list[_Forced] = field(default_factory=list)
    refresh_delay: float = 0.0
    sent_counts: dict[str, int] = field(default_factory=dict)


class FakeZalo:
    """State plus a Starlette app serving `/v3.0/oa/message/cs` and `/v4/oa/access_token`."""

    def __init__(self, app_id: str = APP_ID, app_secret: str = APP_SECRET,
                 oa_secret_key: str = OA_SECRET_KEY) -> None:
        self.app_id = app_id
        self.app_secret = app_secret
        self.oa_secret_key = oa_secret_key
        self.url = ""
        self._lock = threading.RLock()
        self._changed = threading.Condition(self._lock)
        self._state = _State()
        self.app = Starlette(routes=[
            Route("/v3.0/oa/message/cs", self._cs, methods=["POST"]),
            Route("/v4/oa/access_token", self._oauth, methods=["POST"]),
        ])

    # ---- test helpers -------------------------------------------------------------------
    def reset(self) -> None:
        """Forget calls, tokens and forced errors."""
        with self._lock:
            self._state = _State()

    def issue_tokens(self, lifetime: float = 90000.0) -> tuple[str, str]:
        """A valid (access_token, refresh_token) pair, as after an OAuth consent."""
        access, refresh = f"at-{secrets.token_hex(12)}", f"rt-{secrets.token_hex(12)}"
        with self._lock:
            self._state.access_tokens[access] = time.time() + lifetime
            self._state.refresh_tokens.add(refresh)
        return access, refresh

    def expire(self, access_token: str) -> None:
        """Make an access token expired (the cs endpoint then answers -220)."""
        with self._lock:
            if access_token in self._state.access_tokens:
                self._state.access_tokens[access_token] = 0.0

    def revoke_all_access_tokens(self) -> None:
        """Forget every access token (the cs endpoint then answers -216)."""
        with self._lock:
            self._state.access_tokens.clear()

    def force_error(self, code: int, times: int = 1, user_id: str | None = None) -> None:
        """The next `times` cs calls (optionally to one user) answer this error code."""
        with self._lock:
            self._state.forced.append(_Forced(code, times, user_id))

    def set_refresh_delay(self, seconds: float) -> None:
        """Delay OAuth answers (widens race windows in concurrency tests)."""
        with self._lock:
            self._state.refresh_delay = seconds

    @property
    def calls(self) -> list[ZaloCall]:
        """Every recorded call (a copy)."""
        with self._lock:
            return list(self._state.calls)

    def oauth_calls(self) -> list[ZaloCall]:
        """Recorded token refresh calls."""
        return [c for c in self.calls if c.kind == "oauth"]

    def cs_calls(self) -> list[ZaloCall]:
        """Recorded cs message calls (successful or not)."""
        return [c for c in self.calls if c.kind == "cs"]

    def sent_messages(self, user_id: str | None = None) -> list[dict[str, Any]]:
        """`message` objects of successful cs calls, in order."""
        return [c.body["message"] for c in self.cs_calls() if c.error == 0 and (
            user_id is None or c.body.get("recipient", {}).get("user_id") == user_id)]

    def sent_count(self, user_id: str) -> int:
        """Number of successful cs messages to a user (O(1), for the benchmark)."""
        with self._lock:
            return self._state.sent_counts.get(user_id, 0)

    def sent_texts(self, user_id: str | None = None) -> list[str]:
        """Texts of successful cs messages."""
        return [m.get("text", "") for m in self.sent_messages(user_id)]

    def signed(self, event: dict[str, Any], *, key: str | None = None) -> tuple[bytes, dict[str, str]]:
        """Raw body bytes and headers exactly as Zalo would POST them to the webhook."""
        raw = json.dumps(event, ensure_ascii=False, separators=(", ", ": ")).encode("utf-8")
        mac = signature_header(str(event.get("app_id", "")), raw, str(event.get("timestamp", "")),
                               self.oa_secret_key if key is None else key)
        return raw, {"Content-Type": "application/json", HEADER: mac}

    def wait_for(self, predicate: Callable[[], Any], timeout: float) -> Any:
        """Block until `predicate()` is truthy after a recorded call (or timeout); its value."""
        with self._changed:
            return self._changed.wait_for(predicate, timeout)

    # ---- HTTP side ----------------------------------------------------------------------
    def _record(self, kind: str, request: Request, body: dict[str, Any], error: int) -> None:
        with self._lock:
            self._state.calls.append(ZaloCall(kind, dict(request.headers), body,
                                              time.monotonic(), error))
            if kind == "cs" and error == 0:
                user = str(body.get("recipient", {}).get("user_id"))
                self._state.sent_counts[user] = self._state.sent_counts.get(user, 0) + 1
            self._changed.notify_all()

    @staticmethod
    def _envelope(code: int) -> JSONResponse:
        return JSONResponse({"error": code, "message": ERROR_MESSAGES.get(code, "error")})

    def _take_forced(self, user_id: str) -> int | None:
        with self._lock:
            for forced in self._state.forced:
                if forced.remaining > 0 and forced.user_id in (None, user_id):
                    forced.remaining -= 1
                    return forced.code
        return None

    @staticmethod
    def _invalid_body(body: dict[str, Any]) -> bool:
        recipient = body.get("recipient")
        message = body.get("message")
        if not isinstance(recipient, dict) or not recipient.get("user_id"):
            return True
        if not isinstance(message, dict):
            return True
        text = message.get("text")
        attachment = message.get("attachment")
        if text is None and attachment is None:
            return True
        if text is not None and not 1 <= len(unicodedata.normalize("NFC", str(text))) <= 2000:
            return True
        if attachment is not None:
            buttons = attachment.get("payload", {}).get("buttons", [])
            if len(buttons) > 4 or any(not b.get("title") or not b.get("type") for b in buttons):
                return True
        return False

    async def _cs(self, request: Request) -> JSONResponse:
        try:
            body = await request.json()
        except ValueError:
            body = {}
        token = request.headers.get("access_token", "")
        with self._lock:
            expires = self._state.access_tokens.get(token)
        if expires is None:
            code = -216
        elif expires < time.time():
            code = -220
        elif not isinstance(body, dict) or self._invalid_body(body):
            code = -201
        else:
            code = self._take_forced(str(body["recipient"]["user_id"])) or 0
        self._record("cs", request, body if isinstance(body, dict) else {}, code)
        if code:
            return self._envelope(code)
        return JSONResponse({"error": 0, "message": "Success", "data": {
            "message_id": secrets.token_hex(10),
            "user_id": body["recipient"]["user_id"],
            "sent_time": str(int(time.time() * 1000)),
        }})

    async def _oauth(self, request: Request) -> JSONResponse:
        form = dict((await request.form()).items())
        with self._lock:
            delay = self._state.refresh_delay
        if delay:
            await asyncio.sleep(delay)
        body = {k: str(v) for k, v in form.items()}
        failure: dict[str, Any] | None = None
        if request.headers.get("secret_key") != self.app_secret:
            failure = {"error": -14014, "error_name": "Invalid secret key",
                       "error_description": "secret_key is invalid"}
        elif body.get("app_id") != self.app_id:
            failure = {"error": -14002, "error_name": "Invalid appId",
                       "error_description": "app_id is invalid"}
        elif body.get("grant_type") != "refresh_token":
            failure = {"error": -14003, "error_name": "Invalid grant type",
                       "error_description": "grant_type is invalid"}
        else:
            with self._lock:
                valid = body.get("refresh_token") in self._state.refresh_tokens
                if valid:
                    self._state.refresh_tokens.discard(body["refresh_token"])
            if not valid:
                failure = {"error": -14020, "error_name": "Invalid refresh token",
                           "error_description": "Refresh token is invalid or already used"}
        self._record("oauth", request, body, int(failure["error"]) if failure else 0)
        if failure:
            return JSONResponse(failure)
        access, refresh = self.issue_tokens()
        return JSONResponse({"access_token": access, "refresh_token": refresh,
                             "expires_in": "90000"})
