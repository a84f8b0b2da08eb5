"""Answer composition: real facts, the fee in force on the day, sources and confidence warnings."""

from __future__ import annotations

import datetime as dt

from bot.aspects import DOCUMENTS, FEE, ONLINE, OVERVIEW, TIME, WHERE
from bot.compose import compose, fee_text, money
from procedures_kb.repository import KnowledgeBase


def test_money_format() -> None:
    assert money(100000) == "100.000 đồng"
    assert money(14000000) == "14.000.000 đồng"
    assert money(0) == "miễn phí"


def test_passport_fee_before_reduction_ends(kb: KnowledgeBase) -> None:
    text, _ = fee_text(kb.get("ho_chieu"), dt.date(2026, 12, 31))
    assert "Cấp mới hộ chiếu: 100.000 đồng" in text
    assert "mức thông thường 200.000 đồng" in text
    assert "đến hết ngày 31/12/2026" in text


def test_passport_fee_after_reduction_ends(kb: KnowledgeBase) -> None:
    text, _ = fee_text(kb.get("ho_chieu"), dt.date(2027, 1, 1))
    assert "Cấp mới hộ chiếu: 200.000 đồng" in text
    assert "100.000" not in text


def test_vneid_exemption_window(kb: KnowledgeBase) -> None:
    proc = kb.get("ho_chieu")
    inside, _ = fee_text(proc, dt.date(2027, 2, 28))
    after, _ = fee_text(proc, dt.date(2027, 3, 1))
    before, _ = fee_text(proc, dt.date(2026, 8, 14))
    assert "Miễn lệ phí đến hết ngày 28/02/2027" in inside
    assert "Miễn lệ phí" not in after
    assert "Miễn lệ phí" not in before


def test_marriage_documents_and_source(kb: KnowledgeBase) -> None:
    proc = kb.get("ket_hon")
    reply = compose(proc, [DOCUMENTS], dt.date(2026, 11, 23))
    assert "Tờ khai đăng ký kết hôn" in reply.text
    assert f"Cập nhật: {proc.last_verified.strftime('%d/%m/%Y')}" in reply.text
    assert proc.official_page_url in reply.text
    assert "Nguồn:" in reply.text
    payloads = [b["payload"] for b in reply.buttons]
    assert '/ask_fee{"procedure":"ket_hon"}' in payloads
    assert all("ask_documents" not in p for p in payloads)


def test_multi_aspect_answer_has_both_parts(kb: KnowledgeBase) -> None:
    reply = compose(kb.get("ho_chieu"), [DOCUMENTS, TIME], dt.date(2026, 11, 23))
    assert "Hồ sơ" in reply.text and "Thời gian giải quyết" in reply.text
    assert "ngày làm việc" in reply.text


def test_every_procedure_composes_every_aspect(kb: KnowledgeBase) -> None:
    for proc in kb.procedures.values():
        for aspect in (OVERVIEW, DOCUMENTS, FEE, TIME, WHERE, ONLINE):
            reply = compose(proc, [aspect], dt.date(2026, 11, 23))
            assert proc.sources[0].url in reply.text, (proc.id, aspect)
            assert len(reply.text) < 4000, (proc.id, aspect)


def test_low_confidence_fact_carries_a_warning(kb: KnowledgeBase) -> None:
    proc = kb.get("ho_chieu")
    # the regular passport fee after 31/12/2026 rests on a medium-confidence fact
    later = compose(proc, [FEE], dt.date(2027, 3, 1))
    assert "độ tin cậy trung bình" in later.text and "kiểm tra lại" in later.text


def test_high_confidence_answer_has_no_warning(kb: KnowledgeBase) -> None:
    proc = kb.get("ho_chieu")
    reply = compose(proc, [TIME], dt.date(2026, 11, 23))
    if all(t.confidence.value == "high" for t in proc.processing_times):
        assert "độ tin cậy" not in reply.text
