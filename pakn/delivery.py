"""Hand a staff answer to the citizen's channel: the `Deliverer` protocol PAKN owns, and its HTTP client.

PAKN never imports the connectors. `HttpDeliverer` asks the running web service's authenticated
`POST /internal/outbound` (CONNECTORS_INTERNAL_URL, STAFF_API_TOKEN), which sends on Telegram/Zalo or
puts the answer in the web-chat inbox. Every problem comes back as an undelivered `DeliveryResult`
with its reason, so a stored answer is never lost and the history says what happened.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from typing import Any, Protocol
from urllib.parse import urlsplit

import httpx

from common.pii import get_logger, mask_pii
from common.settings import ConfigurationError, PaknSettings

logger = get_logger(__name__)

INTERNAL_PATH = "/internal/outbound"
# The web service waits out Telegram flood control and Zalo back-off inside the request.
DEFAULT_TIMEOUT = 120.0
CONNECT_TIMEOUT = 5.0
CONNECT_ATTEMPTS = 3
RETRY_DELAY = 0.5
MAX_REASON_CHARS = 250


@dataclass(frozen=True)
class DeliveryResult:
    """Outcome of handing a staff answer to the citizen's channel."""

    delivered: bool
    reason: str = ""
    retryable: bool = False

    @classmethod
    def failure(cls, reason: str, retryable: bool = False) -> DeliveryResult:
        """Not delivered, with the reason (masked, shortened)."""
        return cls(False, mask_pii(reason)[:MAX_REASON_CHARS], retryable)


class Deliverer(Protocol):
    """Sends one staff answer to one citizen; never raises."""

    def __call__(self, channel: str, sender_id: str, text: str) -> DeliveryResult: ...


def channel_of(sender_id: str, default: str = "rest") -> str:
    """The channel a sender id belongs to: `telegram:123` → telegram; no prefix → `default`."""
    prefix, sep, rest = (sender_id or "").partition(":")
    if sep and rest and prefix.isidentifier() and len(prefix) <= 32:
        return prefix.lower()
    return default


def _shown(url: str) -> str:
    """The URL without user info, for reasons and logs."""
    try:
        parts = urlsplit(url)
        host = parts.hostname or ""
        port = f":{parts.port}" if parts.port else ""
    except ValueError:
        return "CONNECTORS_INTERNAL_URL"
    if ":" in host:
        host = f"[{host}]"
    return f"{parts.scheme}://{host}{port}{parts.path}"


def _post(url: str, token: str, body: dict[str, str], timeout: float) -> httpx.Response:
    """POST once the connection is up; retry only where nothing can have been sent yet."""
    headers = {"Authorization": f"Bearer {token}"}
    with httpx.Client(timeout=httpx.Timeout(timeout, connect=CONNECT_TIMEOUT), trust_env=False,
                      follow_redirects=False) as client:
        for attempt in range(1, CONNECT_ATTEMPTS + 1):
            try:
                response = client.post(url, json=body, headers=headers)
            except (httpx.ConnectError, httpx.ConnectTimeout):
                if attempt == CONNECT_ATTEMPTS:
                    raise
            else:
                # 503 comes from the service itself while it starts, before any sending.
                if response.status_code != 503 or attempt == CONNECT_ATTEMPTS:
                    return response
            time.sleep(RETRY_DELAY * attempt)
    raise AssertionError("unreachable")  # pragma: no cover


def _from_response(response: httpx.Response, where: str) -> DeliveryResult:
    status = response.status_code
    if status == 401:
        return DeliveryResult.failure(f"staff_token_rejected: {where} refused STAFF_API_TOKEN (401); "
                                      "give this process the web service's value")
    if status == 404:
        return DeliveryResult.failure(f"internal_endpoint_disabled: {where} answered 404; set STAFF_API_TOKEN "
                                      "for the web service too, or check CONNECTORS_INTERNAL_URL")
    if status == 503:
        return DeliveryResult.failure(f"web_service_starting: {where} answered 503", retryable=True)
    if status != 200:
        return DeliveryResult.failure(f"web_service_http_{status}: {where}")
    try:
        data: Any = response.json()
        ok, reason = data["ok"], data.get("reason", "")
    except (ValueError, KeyError, TypeError, AttributeError):
        return DeliveryResult.failure(f"web_service_bad_answer: {where} did not answer with a delivery result")
    if not isinstance(ok, bool):
        return DeliveryResult.failure(f"web_service_bad_answer: {where} did not answer with a delivery result")
    if ok:
        return DeliveryResult(True, mask_pii(str(reason or ""))[:MAX_REASON_CHARS])
    return DeliveryResult.failure(str(reason or "not delivered"), retryable=bool(data.get("retryable", False)))


class HttpDeliverer:
    """The `Deliverer` over the connectors' outbound API; settings read at each call unless given."""

    def __init__(self, settings: PaknSettings | None = None, timeout: float = DEFAULT_TIMEOUT) -> None:
        self._settings = settings
        self._timeout = timeout

    def __call__(self, channel: str, sender_id: str, text: str) -> DeliveryResult:
        try:
            settings = self._settings or PaknSettings.from_env()
        except ConfigurationError as exc:
            return DeliveryResult.failure(f"configuration_error: {exc}")
        token = settings.staff_api_token.get_secret_value()
        if not token:
            return DeliveryResult.failure("staff_api_token_unset: set STAFF_API_TOKEN (the web service's value) "
                                          "to deliver from this process")
        url = settings.internal_url.rstrip("/") + INTERNAL_PATH
        where = _shown(url)
        body = {"channel": channel, "sender_id": sender_id, "text": text}
        try:
            result = _from_response(_post(url, token, body, self._timeout), where)
        except (httpx.ConnectError, httpx.ConnectTimeout) as exc:
            result = DeliveryResult.failure(f"web_service_unreachable: nothing answers at {where} "
                                            f"({type(exc).__name__}); is `python -m connectors` running?",
                                            retryable=True)
        except httpx.TimeoutException:
            result = DeliveryResult.failure(f"web_service_timeout: no answer from {where} within "
                                            f"{self._timeout:g} s; it may still deliver (a repeat is not sent twice)")
        except Exception as exc:  # e.g. RemoteProtocolError mid-request, a malformed URL: the outcome is unknown
            result = DeliveryResult.failure(f"web_service_error: {where} ({type(exc).__name__})")
        if not result.delivered:
            logger.warning("staff answer on %s not delivered: %s", channel, result.reason)
        return result
