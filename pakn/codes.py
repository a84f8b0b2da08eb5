"""Tracking codes `PAKN-XXXXXXXXXX`: random, unguessable, without look-alike characters."""

from __future__ import annotations

import re
import secrets

PREFIX = "PAKN-"
# No 0/O, 1/I/L: a code read over the phone or copied by hand stays unambiguous.
ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
BODY_LENGTH = 10  # 31**10 ≈ 8.2e14 codes (~49 bits): not guessable, still easy to type
_BODY_CHARS = set(ALPHABET)
_SEPARATORS = re.compile(r"[\s\-_.:#]+")
_IN_TEXT = re.compile(rf"PAKN[\s\-_.:#]*((?:[A-Z0-9][\s\-]?){{{BODY_LENGTH}}})(?![A-Z0-9])")
_BARE = re.compile(rf"^[A-Z0-9]{{{BODY_LENGTH}}}$")


def new_code() -> str:
    """A fresh code from the OS's cryptographic random source."""
    return PREFIX + "".join(secrets.choice(ALPHABET) for _ in range(BODY_LENGTH))


def _canonical(body: str) -> str | None:
    body = _SEPARATORS.sub("", body.upper())
    if len(body) != BODY_LENGTH or not set(body) <= _BODY_CHARS:
        return None
    return PREFIX + body


def normalize_code(text: str) -> str | None:
    """The canonical code for what a person typed ("pakn 7k3m 9qx2fd" → "PAKN-7K3M9QX2FD"), else None."""
    upper = text.strip().upper()
    found = _IN_TEXT.search(upper)
    if found:
        return _canonical(found.group(1))
    bare = _SEPARATORS.sub("", upper)
    if _BARE.match(bare):
        return _canonical(bare)
    return None


def find_code(text: str) -> str | None:
    """The first well-formed tracking code inside a message, else None."""
    for match in _IN_TEXT.finditer(text.upper()):
        code = _canonical(match.group(1))
        if code:
            return code
    return None


def looks_like_code(text: str) -> bool:
    """Whether the text mentions something shaped like a tracking code (even a mistyped one)."""
    return "PAKN" in text.upper()
