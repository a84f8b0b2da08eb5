"""Vietnamese phone numbers: validate and normalise to 0xxxxxxxxx (mobile) / 02xxxxxxxxx (landline)."""

from __future__ import annotations

import re
from dataclasses import dataclass

from pakn.exceptions import InvalidPhoneNumber

MOBILE_PREFIXES = ("03", "05", "07", "08", "09")
_MOBILE = re.compile(r"^0[35789]\d{8}$")
_LANDLINE = re.compile(r"^02\d{9}$")  # 02 + area code + subscriber: 11 digits since 2017
_ALLOWED = re.compile(r"^[\d\s.\-()+]+$")
_IN_TEXT = re.compile(r"(?<![\d+])(?:\(?\+?84\)?|0)[\s.\-]?\d(?:[\s.\-]?\d){7,9}(?!\d)")


@dataclass(frozen=True)
class PhoneNumber:
    """A validated number: `number` in national form, `kind` mobile or landline."""

    number: str
    kind: str

    def pretty(self) -> str:
        """Grouped for reading: 0912 345 678 / 024 3825 1234 / 0203 382 5123."""
        n = self.number
        if self.kind == "mobile":
            return f"{n[:4]} {n[4:7]} {n[7:]}"
        if n[:3] in ("024", "028"):
            return f"{n[:3]} {n[3:7]} {n[7:]}"
        return f"{n[:4]} {n[4:7]} {n[7:]}"


def parse_phone(text: str) -> PhoneNumber:
    """Validate a typed number (spaces, dots, dashes, +84/84/0084 allowed); raise InvalidPhoneNumber."""
    raw = (text or "").strip()
    if not raw or not _ALLOWED.match(raw):
        raise InvalidPhoneNumber("only digits, spaces, dots, dashes and +84 are allowed")
    digits = re.sub(r"\D", "", raw)
    plus = raw.lstrip("(").startswith("+")
    if digits.startswith("0084"):
        digits = "0" + digits[4:]
    elif digits.startswith("84") and (plus or len(digits) in (11, 12)):
        digits = "0" + digits[2:]
    elif plus:
        raise InvalidPhoneNumber("only Vietnamese numbers (+84) are accepted")
    if _MOBILE.match(digits):
        return PhoneNumber(digits, "mobile")
    if _LANDLINE.match(digits):
        return PhoneNumber(digits, "landline")
    if len(digits) == 10 and digits.startswith("0"):
        raise InvalidPhoneNumber(f"a mobile number starts with {', '.join(MOBILE_PREFIXES)}")
    raise InvalidPhoneNumber("a mobile number has 10 digits, a landline 11 digits starting with 02")


def normalize_phone(text: str) -> str:
    """The national form of a valid number (0912345678); raise InvalidPhoneNumber otherwise."""
    return parse_phone(text).number


def find_phone(text: str) -> str | None:
    """The first valid phone number inside a sentence ("sđt của tôi là 0912.345.678"), else None."""
    for match in _IN_TEXT.finditer(text or ""):
        try:
            return normalize_phone(match.group(0))
        except InvalidPhoneNumber:
            continue
    return None


def mask_phone(number: str | None) -> str:
    """Display form that hides the middle digits: 091****678 (empty for None)."""
    if not number:
        return ""
    if len(number) <= 6:
        return "*" * len(number)
    return number[:3] + "*" * (len(number) - 6) + number[-3:]
