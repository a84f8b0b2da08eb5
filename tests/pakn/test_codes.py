"""Tracking codes: format, alphabet, randomness, lenient reading of what citizens type."""

from __future__ import annotations

import re

import pytest

from pakn.codes import ALPHABET, BODY_LENGTH, find_code, looks_like_code, new_code, normalize_code


def test_code_format_and_alphabet() -> None:
    code = new_code()
    assert re.fullmatch(rf"PAKN-[{ALPHABET}]{{{BODY_LENGTH}}}", code)
    assert not set("01OIL") & set(ALPHABET)


def test_codes_do_not_repeat() -> None:
    codes = {new_code() for _ in range(20_000)}
    assert len(codes) == 20_000


def test_codes_use_the_whole_alphabet() -> None:
    used = set("".join(new_code()[5:] for _ in range(2_000)))
    assert used == set(ALPHABET)


@pytest.mark.parametrize("typed", ["PAKN-7K3M9QX2FD", "pakn-7k3m9qx2fd", " pakn 7K3M 9QX2 FD ", "PAKN7K3M9QX2FD",
                                   "PAKN-7K3M9-QX2FD", "7k3m9qx2fd", "PAKN: 7K3M9QX2FD"])
def test_normalize_code_accepts_what_people_type(typed: str) -> None:
    assert normalize_code(typed) == "PAKN-7K3M9QX2FD"


@pytest.mark.parametrize("typed", ["PAKN-7K3M9QX2F", "PAKN-7K3M9QX2FDX", "PAKN-0K3M9QX2FD", "hello", "", "PAKN-"])
def test_normalize_code_rejects_malformed(typed: str) -> None:
    assert normalize_code(typed) is None


def test_find_code_in_a_sentence() -> None:
    assert find_code("cho mình tra cứu mã pakn-7k3m9qx2fd với ạ") == "PAKN-7K3M9QX2FD"
    assert find_code("phản ánh của tôi xử lý chưa") is None
    assert looks_like_code("mã PAKN-123") and not looks_like_code("mã phản ánh")
