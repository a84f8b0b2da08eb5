"""The one PII masker: phone numbers (via `phonenumbers`) and ID numbers, for logs and exports."""

from __future__ import annotations

import logging
import re

import phonenumbers

# CCCD (12 digits) and CMND (9 digits), whole or in groups of three separated by spaces
# ("001 203 004 567"). Dots are not separators here: "200.000.000 đồng" is money.
_ID_NUMBER = re.compile(r"(?<!\d)(?:\d{12}|\d{3}(?: \d{3}){3}|\d{9}|\d{3}(?: \d{3}){2})(?!\d)")
# A backstop for numbers phonenumbers does not consider possible in VN (e.g. old 11-digit mobiles).
_PHONE_FALLBACK = re.compile(r"(?<![\w+])(?:\(?\+?84\)?|0)(?:[\s.\-]?\d){8,10}(?![\w])")
MASK = "***"


def _mask_phones(text: str) -> str:
    if not any(ch.isdigit() for ch in text):
        return text
    matcher = phonenumbers.PhoneNumberMatcher(text, "VN", leniency=phonenumbers.Leniency.VALID)
    spans = [(m.start, m.end) for m in matcher]
    for start, end in reversed(spans):
        text = text[:start] + MASK + text[end:]
    return _PHONE_FALLBACK.sub(MASK, text)


def mask_pii(text: str) -> str:
    """`text` with Vietnamese phone numbers and 9/12-digit ID numbers replaced by ***."""
    if not text:
        return text
    return _ID_NUMBER.sub(MASK, _mask_phones(_ID_NUMBER.sub(MASK, text)))


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
