"""Synchronous `send_to_citizen` for other processes: asks the web service's `POST /internal/outbound`."""

from __future__ import annotations

import logging
import time
from typing import Any
from urllib.parse import urlsplit

import httpx

from connectors.core.replies import DeliveryResult
from connectors.exceptions import ConfigurationError
from connectors.settings import Settings

logger = logging.getLogger(__name__)

INTERNAL_PATH = "/internal/outbound"
# The web service waits out Telegram flood control and Zalo back-off inside the request.
DEFAULT_TIMEOUT = 120.0
CONNECT_TIMEOUT = 5.0
CONNECT_ATTEMPTS = 3
RETRY_DELAY = 0.5


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
        ok, sent, reason = data["ok"], data.get("sent", 0), data.get("reason", "")
    except (ValueError, KeyError, TypeError, AttributeError):
        return DeliveryResult.failure(f"web_service_bad_answer: {where} did not answer with a delivery result")
    if not isinstance(ok, bool):
        return DeliveryResult.failure(f"web_service_bad_answer: {where} did not answer with a delivery result")
    return DeliveryResult(ok=ok, sent=int(sent or 0), reason=str(reason or ""),
                          retryable=bool(data.get("retryable", False)))


def send_to_citizen(
    channel: str,
    sender_id: str,
    text: str,
    *,
    settings: Settings | None = None,
    timeout: float = DEFAULT_TIMEOUT,
) -> DeliveryResult:
    """Deliver a staff answer through the running web service; never raises.

    Reads CONNECTORS_INTERNAL_URL and STAFF_API_TOKEN (unless `settings` is given). Any problem
    (token unset, service down, token refused) comes back as an undelivered result with its reason.
    """
    try:
        settings = settings or Settings.from_env()
    except ConfigurationError as exc:
        return DeliveryResult.failure(f"configuration_error: {exc}")
    if not settings.staff_api_token:
        return DeliveryResult.failure("staff_api_token_unset: set STAFF_API_TOKEN (the web service's value) "
                                      "to deliver from this process")
    url = settings.internal_url.rstrip("/") + INTERNAL_PATH
    where = _shown(url)
    body = {"channel": channel, "sender_id": sender_id, "text": text}
    try:
        result = _from_response(_post(url, settings.staff_api_token, body, timeout), where)
    except (httpx.ConnectError, httpx.ConnectTimeout) as exc:
        result = DeliveryResult.failure(f"web_service_unreachable: nothing answers at {where} "
                                        f"({type(exc).__name__}); is `python -m connectors` running?",
                                        retryable=True)
    except httpx.TimeoutException:
        result = DeliveryResult.failure(f"web_service_timeout: no answer from {where} within {timeout:g} s; "
                                        "it may still deliver (a repeat is not sent twice)")
    except Exception as exc:  # e.g. RemoteProtocolError mid-request, a malformed URL: the outcome is unknown
        result = DeliveryResult.failure(f"web_service_error: {where} ({type(exc).__name__})")
    if not result.ok:
        logger.warning("staff answer on %s not delivered: %s", channel, result.reason)
    return result
