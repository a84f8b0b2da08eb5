"""Log masking: Vietnamese phone numbers, 9/12-digit ID numbers and configured secrets."""

from __future__ import annotations

import logging
import re
import threading
from collections.abc import Iterable, Mapping
from typing import Any

from common.pii import MASK, mask_pii

_BOT_TOKEN = re.compile(r"(?<!\d)\d{5,}:[A-Za-z0-9_-]{20,}(?![A-Za-z0-9_-])")


class SecretMaskingFilter(logging.Filter):
    """Rewrites a record's message (and traceback text) with sensitive values masked."""

    def __init__(self, secrets: Iterable[str] = ()) -> None:
        super().__init__()
        self._secrets: tuple[str, ...] = ()
        self.set_secrets(secrets)

    def set_secrets(self, secrets: Iterable[str]) -> None:
        """Replace the list of literal secrets to mask (longest first)."""
        unique = {s for s in secrets if s and len(s) >= 4}
        self._secrets = tuple(sorted(unique, key=len, reverse=True))

    def mask(self, text: str) -> str:
        """Return `text` with every sensitive value replaced by `***`."""
        for secret in self._secrets:
            if secret in text:
                text = text.replace(secret, MASK)
        text = _BOT_TOKEN.sub(MASK, text)
        return mask_pii(text)

    def _mask_arg(self, value: Any) -> Any:
        if value is None or isinstance(value, (bool, int, float)):
            return value
        text = value if isinstance(value, str) else str(value)
        masked = self.mask(text)
        return value if masked == text else masked

    def filter(self, record: logging.LogRecord) -> bool:
        """Mask in place, keeping the shape of `args` so any formatter still works."""
        if getattr(record, "_conn_masked", False):
            return True
        if record.msg is not None:
            record.msg = self._mask_arg(record.msg)
        if isinstance(record.args, tuple):
            record.args = tuple(self._mask_arg(a) for a in record.args)
        elif isinstance(record.args, Mapping):
            record.args = {k: self._mask_arg(v) for k, v in record.args.items()}
        if record.exc_info and not record.exc_text:
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        if record.exc_text:
            record.exc_text = self.mask(record.exc_text)
        if record.stack_info:
            record.stack_info = self.mask(record.stack_info)
        setattr(record, "_conn_masked", True)  # noqa: B010
        return True


_install_lock = threading.Lock()
_installed: SecretMaskingFilter | None = None


def install_log_masking(secrets: Iterable[str] = ()) -> SecretMaskingFilter:
    """Mask every log record at creation, whatever handler later receives it.

    Wraps the global log-record factory (so handlers added later, such as pytest's caplog,
    also see masked text) and quiets httpx's per-request INFO lines, which carry bot tokens
    in their URLs. Calling it again only adds secrets.
    """
    global _installed
    with _install_lock:
        if _installed is not None:
            _installed.set_secrets([*_installed._secrets, *secrets])
            return _installed
        masking = SecretMaskingFilter(secrets)
        previous = logging.getLogRecordFactory()

        def factory(*args: Any, **kwargs: Any) -> logging.LogRecord:
            record = previous(*args, **kwargs)
            masking.filter(record)
            return record

        logging.setLogRecordFactory(factory)
        _installed = masking
        for name in ("httpx", "httpcore"):
            noisy = logging.getLogger(name)
            if noisy.level == logging.NOTSET:
                noisy.setLevel(logging.WARNING)
        return masking
