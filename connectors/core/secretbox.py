"""Secrets at rest (issue 13, finding 6): values the web service stores, e.g. Zalo OA tokens, are
encrypted with Fernet (AES-128-CBC + HMAC-SHA256) under CONNECTORS_SECRETS_KEY from the environment.

Stored form `fernet:<token>`; a value without the prefix is a plaintext row from before encryption and is
read as is (and encrypted on its next write). Without a key, values are stored in plain text and a
warning says so.
"""

from __future__ import annotations

import logging

from cryptography.fernet import Fernet, InvalidToken

logger = logging.getLogger(__name__)
PREFIX = "fernet:"


class SecretDecryptionError(RuntimeError):
    """A stored secret cannot be decrypted (wrong or rotated CONNECTORS_SECRETS_KEY)."""


class SecretBox:
    """Seals and opens short secrets."""

    def __init__(self, key: str = "") -> None:
        self._fernet = Fernet(key.encode("ascii")) if key else None
        if self._fernet is None:
            logger.warning("CONNECTORS_SECRETS_KEY is empty: platform tokens are stored in plain text")

    @staticmethod
    def new_key() -> str:
        """A fresh key for CONNECTORS_SECRETS_KEY."""
        return Fernet.generate_key().decode("ascii")

    def seal(self, value: str) -> str:
        """The value to store."""
        if self._fernet is None or not value:
            return value
        return PREFIX + self._fernet.encrypt(value.encode("utf-8")).decode("ascii")

    def open(self, stored: str) -> str:
        """The plaintext of a stored value."""
        if not stored.startswith(PREFIX):
            return stored
        if self._fernet is None:
            raise SecretDecryptionError("a stored secret is encrypted but CONNECTORS_SECRETS_KEY is empty")
        try:
            return self._fernet.decrypt(stored[len(PREFIX):].encode("ascii")).decode("utf-8")
        except InvalidToken:
            raise SecretDecryptionError("a stored secret cannot be decrypted with CONNECTORS_SECRETS_KEY") from None
