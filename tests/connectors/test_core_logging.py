"""Masking of phone numbers, ID numbers and secrets in every log record."""

from __future__ import annotations

import logging

import pytest

from connectors.core.logging_utils import SecretMaskingFilter, install_log_masking

TOKEN = "123456789:AAHsecretTokenValue_abcdefghijklmno"


@pytest.mark.parametrize(("raw", "hidden"), [
    ("gọi 0912345678 nhé", "0912345678"),
    ("sđt +84 912 345 678", "912 345 678"),
    ("số 0912.345.678", "0912.345.678"),
    ("CCCD 001203004567", "001203004567"),
    ("CMND 123456789", "123456789"),
    (f"https://api.telegram.org/bot{TOKEN}/sendMessage", "AAHsecretTokenValue"),
    ("access_token: zalo-super-secret-value", "zalo-super-secret-value"),
])
def test_mask(raw: str, hidden: str) -> None:
    masked = SecretMaskingFilter(["zalo-super-secret-value"]).mask(raw)
    assert hidden not in masked
    assert "***" in masked


def test_other_numbers_are_kept() -> None:
    masking = SecretMaskingFilter()
    assert masking.mask("lệ phí 200.000 đồng, 15 ngày, năm 2024") == \
        "lệ phí 200.000 đồng, 15 ngày, năm 2024"
    assert masking.mask("timestamp 1732250000123") == "timestamp 1732250000123"


def test_installed_masking_reaches_every_handler(caplog: pytest.LogCaptureFixture) -> None:
    install_log_masking(["zalo-super-secret-value"])
    caplog.set_level(logging.INFO)
    log = logging.getLogger("connectors.test")
    log.info("token %s phone %s", TOKEN, "0987654321")
    log.info('%s - "%s %s HTTP/%s" %d', "127.0.0.1:1", "GET", "/x?t=zalo-super-secret-value",
             "1.1", 200)
    try:
        raise RuntimeError(f"failed calling bot{TOKEN}")
    except RuntimeError:
        log.exception("boom")
    text = caplog.text
    assert "AAHsecretTokenValue" not in text
    assert "0987654321" not in text
    assert "zalo-super-secret-value" not in text
    assert '"GET /x?t=*** HTTP/1.1" 200' in text  # args keep their shape for formatters
