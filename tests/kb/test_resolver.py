"""The resolver finds procedures from free text, without diacritics, by abbreviation and by code."""

from __future__ import annotations

import pytest

from procedures_kb.repository import KnowledgeBase


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("lam cccd can giay to gi", "can_cuoc_14plus"),
        ("làm căn cước lần đầu", "can_cuoc_14plus"),
        ("đổi cccd hết bao nhiêu", "can_cuoc_cap_doi"),
        ("mat can cuoc thi lam sao", "can_cuoc_cap_lai"),
        ("lệ phí hộ chiếu bn", "ho_chieu"),
        ("lam passport o dau", "ho_chieu"),
        ("hc het bao lau", "ho_chieu"),
        ("đk kết hôn nộp ở đâu", "ket_hon"),
        ("dang ky ket hon", "ket_hon"),
        ("dang ky khai sinh cho con", "khai_sinh"),
        ("khai tu cho ba", "khai_tu"),
        ("nhap ho khau cho vo", "thuong_tru"),
        ("dang ky tam tru", "tam_tru"),
        ("xin lltp so 1", "ly_lich_tu_phap"),
        ("phieu ly lich tu phap", "ly_lich_tu_phap"),
        ("chung thuc ban sao", "chung_thuc_ban_sao"),
        ("doi gplx", "gplx_doi_cap_lai"),
        ("đổi bằng lái xe", "gplx_doi_cap_lai"),
        ("1.000894", "ket_hon"),
        ("ho chiu", "ho_chieu"),
    ],
)
def test_top_hit(kb: KnowledgeBase, query: str, expected: str) -> None:
    hits = kb.resolver.search(query)
    assert hits, query
    assert hits[0].procedure.id == expected, [(h.procedure.id, round(h.score, 2)) for h in hits]


@pytest.mark.parametrize("query", ["thời tiết hôm nay thế nào", "", "😀😀", "<script>alert(1)</script>"])
def test_nothing_named(kb: KnowledgeBase, query: str) -> None:
    assert kb.resolver.resolve(query) is None
