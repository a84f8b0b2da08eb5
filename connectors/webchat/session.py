"""Server-issued, signed web-chat sessions: the citizen's identity never comes from the browser.

The session id is random (24 bytes), issued by the server, and travels only in an HttpOnly, SameSite=Strict
cookie `<id>.<issued>.<hmac>`; it never appears in a URL or in page script. The signature (HMAC-SHA256 with
WEBCHAT_SESSION_SECRET) makes a forged or edited cookie worthless; a session expires after MAX_AGE.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import logging
import secrets
import time

from fastapi import Request, Response

logger = logging.getLogger(__name__)

COOKIE = "tthc_session"
MAX_AGE = 30 * 24 * 3600


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


class SessionSigner:
    """Issues and verifies session cookies."""

    def __init__(self, secret: str = "", max_age: int = MAX_AGE) -> None:
        if not secret:
            logger.warning("WEBCHAT_SESSION_SECRET is empty: a random key is used, web-chat sessions end at restart")
            secret = secrets.token_urlsafe(32)
        self._key = hashlib.sha256(b"tthc-webchat-session\x00" + secret.encode("utf-8")).digest()
        self.max_age = max_age

    def _mac(self, session_id: str, issued: str) -> str:
        return _b64(hmac.new(self._key, f"{session_id}.{issued}".encode("ascii"), hashlib.sha256).digest())

    def issue(self, now: float | None = None) -> tuple[str, str]:
        """A new (session id, cookie value)."""
        session_id = _b64(secrets.token_bytes(24))
        issued = str(int(time.time() if now is None else now))
        return session_id, f"{session_id}.{issued}.{self._mac(session_id, issued)}"

    def verify(self, cookie: str | None, now: float | None = None) -> str | None:
        """The session id of a genuine, unexpired cookie; None otherwise."""
        if not cookie or len(cookie) > 200:
            return None
        parts = cookie.split(".")
        if len(parts) != 3 or not parts[1].isdigit() or not parts[0].isascii() or not parts[1].isascii():
            return None
        session_id, issued, mac = parts
        if not hmac.compare_digest(mac.encode("ascii", "replace"), self._mac(session_id, issued).encode("ascii")):
            return None
        age = (time.time() if now is None else now) - int(issued)
        return session_id if -300 <= age <= self.max_age else None

    def current(self, request: Request) -> str | None:
        """The verified session id of the request, or None."""
        return self.verify(request.cookies.get(COOKIE))

    def set_cookie(self, response: Response, request: Request, value: str) -> None:
        """Attach the cookie: HttpOnly, SameSite=Strict, Secure over HTTPS."""
        response.set_cookie(COOKIE, value, max_age=self.max_age, path="/", httponly=True, samesite="strict",
                            secure=request.url.scheme == "https")

    @staticmethod
    def clear_cookie(response: Response, request: Request) -> None:
        """End the session in this browser (kiosk: the next person starts afresh)."""
        response.delete_cookie(COOKIE, path="/", httponly=True, samesite="strict",
                               secure=request.url.scheme == "https")


def same_origin(request: Request) -> bool:
    """False when the browser says the request comes from another site (Sec-Fetch-Site)."""
    return request.headers.get("sec-fetch-site", "same-origin") in {"same-origin", "none"}
