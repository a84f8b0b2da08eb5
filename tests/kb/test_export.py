"""`python -m procedures_kb export`: the whole catalogue as JSON, and a printable Markdown/HTML handbook."""

from __future__ import annotations

import datetime as dt
import json
from html.parser import HTMLParser
from pathlib import Path

import pytest

from procedures_kb.cli import main
from procedures_kb.export import md_escape, render_html, render_markdown
from procedures_kb.provinces import load_provinces
from procedures_kb.schema import Procedure

TODAY = dt.date(2026, 11, 23)


def test_json_export_holds_the_whole_catalogue(tmp_path: Path, catalogue: list[Procedure]) -> None:
    out = tmp_path / "kb.json"
    assert main(["export", "--format", "json", "--out", str(out), "--today", "2026-11-23"]) == 0
    data = json.loads(out.read_text(encoding="utf-8"))
    assert data["procedure_count"] == len(catalogue) == len(data["procedures"])
    assert len(data["provinces"]) == 34
    by_id = {p["id"]: p for p in data["procedures"]}
    assert Procedure.model_validate(by_id["ho_chieu"]) == next(p for p in catalogue if p.id == "ho_chieu")
    assert sum(len(ids) for ids in data["categories"].values()) == len(catalogue)


def test_markdown_handbook_is_grouped_and_cites_every_fact(catalogue: list[Procedure]) -> None:
    text = render_markdown(catalogue, load_provinces(), TODAY)
    assert text.startswith("# Sổ tay thủ tục hành chính")
    assert "## Hộ tịch" in text and "## Cư trú" in text
    assert text.count("\n### ") == len(catalogue)
    passport = text[text.index("### Cấp hộ chiếu phổ thông ở trong nước"):]
    passport = passport[: passport.index("\n### ")]
    assert "Cấp mới hộ chiếu: 100.000 đồng — mức giảm — toàn quốc — từ 01/07/2025 đến hết 31/12/2026" in passport
    assert "căn cứ: Thông tư 64/2025/TT-BTC; độ tin cậy: cao" in passport
    assert "kiểm tra lần cuối: 22/11/2026" in passport and "**Nguồn**" in passport
    assert "Đăng ký khai sinh quá hạn: chưa có mức thu thống nhất toàn quốc" in text
    assert "Đăng ký khai sinh quá hạn: 5.000 đồng — mức thông thường — Thành phố Hà Nội" in text


def test_markdown_escapes_syntax() -> None:
    assert md_escape("a*b_c [x](y) <b>|#") == r"a\*b\_c \[x\](y) \<b\>\|\#"


class _Collector(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[str] = []
        self.hrefs: list[str] = []
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        self.hrefs += [v or "" for k, v in attrs if k == "href"]

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def test_html_handbook_is_printable_and_escaped(catalogue: list[Procedure]) -> None:
    hostile = catalogue[0].model_copy(update={"summary": "<script>alert('x')</script> & \"quotes\""})
    page = render_html([hostile, *catalogue[1:]], load_provinces(), TODAY)
    assert "<script>" not in page and "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt; &amp;" in page
    assert page.startswith("<!DOCTYPE html>") and '<html lang="vi">' in page and "@media print" in page
    parsed = _Collector()
    parsed.feed(page)
    assert parsed.tags.count("article") == len(catalogue) and "script" not in parsed.tags
    internal = [h for h in parsed.hrefs if h.startswith("#")]
    assert len(internal) == len(catalogue)
    assert all(h.startswith(("#", "https://", "http://")) for h in parsed.hrefs)


@pytest.mark.parametrize("fmt", ["markdown", "html"])
def test_cli_writes_handbooks(tmp_path: Path, fmt: str, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "nested" / f"handbook.{fmt}"
    assert main(["export", "--format", fmt, "--out", str(out)]) == 0
    assert out.stat().st_size > 50_000
    assert "wrote" in capsys.readouterr().out
