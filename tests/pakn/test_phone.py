"""Vietnamese phone numbers: mobile prefixes, landlines, +84, separators, masking."""

from __future__ import annotations

import pytest

from pakn.exceptions import InvalidPhoneNumber
from pakn.phone import find_phone, mask_phone, normalize_phone, parse_phone


@pytest.mark.parametrize(
    ("typed", "number", "kind"),
    [
        ("0912345678", "0912345678", "mobile"),
        ("0912 345 678", "0912345678", "mobile"),
        ("0912.345.678", "0912345678", "mobile"),
        ("091-234-5678", "0912345678", "mobile"),
        ("+84912345678", "0912345678", "mobile"),
        ("+84 912 345 678", "0912345678", "mobile"),
        ("(+84) 912.345.678", "0912345678", "mobile"),
        ("84912345678", "0912345678", "mobile"),
        ("0084912345678", "0912345678", "mobile"),
        ("0362345678", "0362345678", "mobile"),
        ("0562345678", "0562345678", "mobile"),
        ("0762345678", "0762345678", "mobile"),
        ("0862345678", "0862345678", "mobile"),
        ("024 3825 1234", "02438251234", "landline"),
        ("028.3829.1234", "02838291234", "landline"),
        ("0203 382 5123", "02033825123", "landline"),
        ("+84 24 3825 1234", "02438251234", "landline"),
    ],
)
def test_valid_numbers_are_normalised(typed: str, number: str, kind: str) -> None:
    parsed = parse_phone(typed)
    assert (parsed.number, parsed.kind) == (number, kind)
    parse_phone(typed)


@pytest.mark.parametrize(
    "typed",
    ["", "abc", "091234567", "09123456789", "0112345678", "0412345678", "0612345678", "+1 202 555 0143",
     "0912345678a", "1900 1234", "02438251", "số 0912345678"],
)
def test_invalid_numbers_are_refused(typed: str) -> None:
    with pytest.raises(InvalidPhoneNumber):
        normalize_phone(typed)
    with pytest.raises(InvalidPhoneNumber):
        parse_phone(typed)


def test_find_phone_in_a_sentence() -> None:
    assert find_phone("sđt của tôi là 0912.345.678 nhé") == "0912345678"
    assert find_phone("gọi +84 987 654 321 giúp") == "0987654321"
    assert find_phone("số nhà 12 ngõ 34") is None


def test_pretty_and_mask() -> None:
    assert parse_phone("0912345678").pretty() == "0912 345 678"
    assert parse_phone("02438251234").pretty() == "024 3825 1234"
    assert mask_phone("0912345678") == "091****678"
    assert mask_phone(None) == ""
