"""Zalo webhook signature: `mac=` + sha256(app_id + raw_body + timestamp + oa_secret_key)."""

from __future__ import annotations

import hashlib
import hmac

HEADER = "X-ZEvent-Signature"
PREFIX = "mac="


def zalo_mac(app_id: str, raw_body: bytes, timestamp: str, oa_secret_key: str) -> str:
    """The hex digest Zalo puts after `mac=` (plain SHA-256, not HMAC)."""
    digest = hashlib.sha256(
        app_id.encode("utf-8") + raw_body + timestamp.encode("utf-8") + oa_secret_key.encode()
    )
    return digest.hexdigest()


def signature_header(app_id: str, raw_body: bytes, timestamp: str, oa_secret_key: str) -> str:
    """The full header value for a body (used by fakes and tools)."""
    return PREFIX + zalo_mac(app_id, raw_body, timestamp, oa_secret_key)


def verify_signature(
    header_value: str,
    app_id: str,
    raw_body: bytes,
    timestamp: str,
    oa_secret_key: str,
) -> bool:
    """Constant-time check of the header over the raw body bytes; False without a key."""
    if not header_value or not oa_secret_key or not app_id:
        return False
    received = header_value.strip()
    if received.lower().startswith(PREFIX):
        received = received[len(PREFIX):]
    expected = zalo_mac(app_id, raw_body, timestamp, oa_secret_key)
    return hmac.compare_digest(received.lower().encode("ascii", "replace"), expected.encode())
