"""Mask phone and ID numbers in log text (the connectors' masker when importable, else a local one)."""

from __future__ import annotations

import logging
import re
from collections.abc import Callable
from functools import lru_cache

# 0 or +84 followed by 9-10 more digits with optional separators: mobiles and landlines (024 3825 1234).
_PHONE = re.compile(r"(?<![\w+])(?:\(?\+?84\)?|0)(?:[\s.\-]?\d){8,10}(?![\w])")
_ID_NUMBER = re.compile(r"(?<!\d)(?:\d{12}|\d{9})(?!\d)")
MASK = "***"


def _local_mask(text: str) -> str:
    return _ID_NUMBER.sub(MASK, _PHONE.sub(MASK, text))


@lru_cache(maxsize=1)
def _masker() -> Callable[[str], str]:
    try:
        from connectors.core.logging_utils import SecretMaskingFilter
    except Exception:  # connectors not installed or broken: the local rules are equivalent
        return _local_mask
    return SecretMaskingFilter().mask


def mask_pii(text: str) -> str:
    """`text` with Vietnamese phone numbers and 9/12-digit ID numbers replaced by ***."""
    return _local_mask(_masker()(text))  # the local rules also catch landlines written with spaces


class PiiMaskingFilter(logging.Filter):
    """A logging filter that masks phone and ID numbers in every record it sees."""

    def filter(self, record: logging.LogRecord) -> bool:
        try:
            message = record.getMessage()
        except Exception:  # a broken format string is still logged, masked
            message = str(record.msg)
        record.msg = mask_pii(message)
        record.args = None
        return True


def get_logger(name: str) -> logging.Logger:
    """A module logger whose records are masked before any handler sees them."""
    logger = logging.getLogger(name)
    if not any(isinstance(f, PiiMaskingFilter) for f in logger.filters):
        logger.addFilter(PiiMaskingFilter())
    return logger
