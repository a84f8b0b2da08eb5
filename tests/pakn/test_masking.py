"""Phone and ID numbers never reach the logs in clear."""

from __future__ import annotations

import logging

import pytest

from common.pii import get_logger, mask_pii
from pakn.service import PaknService
from tests.pakn.conftest import draft


@pytest.mark.parametrize("secret", ["0912345678", "0912 345 678", "+84 912 345 678", "024 3825 1234",
                                    "001203012345", "123456789", "001 203 004 567", "(028) 3829 6052",
                                    "0084 912 345 678", "0912.345.678"])
def test_mask_pii_hides_numbers(secret: str) -> None:
    masked = mask_pii(f"người dân {secret} gọi")
    assert secret not in masked
    assert "***" in masked


def test_module_logger_masks_records(caplog: pytest.LogCaptureFixture) -> None:
    logger = get_logger("pakn.test_masking")
    with caplog.at_level(logging.INFO, logger="pakn.test_masking"):
        logger.info("callback %s, CCCD %s", "0987654321", "079203001234")
    assert "0987654321" not in caplog.text and "079203001234" not in caplog.text


def test_service_logs_no_personal_data(pakn: PaknService, caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.DEBUG):
        view = pakn.file(draft(phone="0987 654 321", content="CCCD số 079203001234 của tôi bị giữ quá hạn ở phường"))
        pakn.check_status(view.code, "zalo:someone-else", "0987654321")
        pakn.answer(view.code, "Cán bộ A", "Đã liên hệ số 0987654321 để hẹn trả.")
    text = caplog.text
    for secret in ("0987654321", "0987 654 321", "079203001234", "Nguyễn Văn An"):
        assert secret not in text


def test_one_masker_for_logs_and_the_connectors() -> None:
    from connectors.core.logging_utils import SecretMaskingFilter

    for text in ("gọi 024 3825 1234 nhé", "CCCD 001 203 004 567", "sđt +84 912 345 678"):
        assert SecretMaskingFilter().mask(text) == mask_pii(text)
        assert "***" in mask_pii(text)


def test_money_dates_and_counts_are_kept() -> None:
    for text in ("lệ phí 200.000 đồng", "phạt 200.000.000 đồng", "15 ngày, năm 2024", "mã 1.001193",
                 "timestamp 1732250000123", "hạn 23/11/2026"):
        assert mask_pii(text) == text
