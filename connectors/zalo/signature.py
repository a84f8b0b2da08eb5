"""Zalo webhook signature: `mac=` + sha256(app_id + raw_body + timestamp + oa_secret_key)."""

from __future__ import annotations

import hashlib
import hmac
import re

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


def candidates(raw_body: bytes, field: str, limit: int = 4) -> list[str]:
    """Values of `"field": "…"` / `"field": 123` found in the raw bytes, without parsing JSON.

    Used to find the timestamp (and the id field) the MAC covers before the body is trusted; trying a
    few candidates is safe, since each still needs the secret key to match.
    """
    pattern = re.compile(rb'(?<!\\)"' + re.escape(field.encode("utf-8")) + rb'"\s*:\s*"?([0-9A-Za-z_.-]{1,64})"?')
    found: list[str] = []
    for match in pattern.finditer(raw_body):
        value = match.group(1).decode("ascii")
        if value not in found:
            found.append(value)
        if len(found) >= limit:
            break
    return found


def verify_raw(header_value: str, raw_body: bytes, app_id: str, mac_id_field: str, oa_secret_key: str) -> bool:
    """The signature check on the raw bytes only: the id is ours (or, for another MAC field, read from the
    raw bytes) and the timestamp is one of the `candidates`."""
    if not header_value or not oa_secret_key or not app_id:
        return False
    ids = [app_id] if mac_id_field == "app_id" else candidates(raw_body, mac_id_field)
    timestamps = candidates(raw_body, "timestamp") or [""]
    return any(verify_signature(header_value, mac_id, raw_body, ts, oa_secret_key)
               for mac_id in ids for ts in timestamps)
