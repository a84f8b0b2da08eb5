"""Export the whole catalogue: JSON for tools, a printable Markdown or HTML handbook for the one-stop desk."""

from __future__ import annotations

import datetime as dt
import html
import json
import re
from collections.abc import Callable
from dataclasses import dataclass

from procedures_kb.fees import fee_period
from procedures_kb.labels import (
    CHANNEL_LABEL,
    CONFIDENCE_LABEL,
    FORM_LABEL,
    KIND_LABEL,
    LEVEL_LABEL,
    STATUS_LABEL,
    category_label,
    duration,
    money,
    vn_date,
)
from procedures_kb.provinces import Province
from procedures_kb.schema import Fee, Procedure

FORMATS = ("json", "markdown", "html")
TITLE = "Sổ tay thủ tục hành chính"


@dataclass(frozen=True)
class Fact:
    """One line of the handbook: the text, plus the legal basis and confidence it rests on (if any)."""

    text: str
    legal_basis: str = ""
    confidence: str = ""
    url: str = ""


@dataclass(frozen=True)
class Section:
    """A titled list of facts inside one procedure."""

    title: str
    facts: list[Fact]
    numbered: bool = False


def by_category(procedures: list[Procedure]) -> list[tuple[str, list[Procedure]]]:
    """Procedures grouped by category (categories by Vietnamese name, procedures by name)."""
    groups: dict[str, list[Procedure]] = {}
    for proc in procedures:
        groups.setdefault(proc.category, []).append(proc)
    return [(cat, sorted(groups[cat], key=lambda p: p.name)) for cat in sorted(groups, key=category_label)]


def fee_fact(fee: Fee, provinces: dict[str, Province]) -> Fact:
    """A fee as one handbook line; an amount that is not fixed reads as such, never as free."""
    where = provinces[fee.province].name if fee.province in provinces else (fee.province or "toàn quốc")
    parts = [f"{fee.case}: {money(fee.amount_vnd)}", KIND_LABEL[fee.kind], where]
    period = fee_period(fee)
    if period:
        parts.append(period)
    if fee.condition:
        parts.append(fee.condition)
    return Fact(" — ".join(parts), fee.legal_basis, CONFIDENCE_LABEL[fee.confidence])


def sections(proc: Procedure, provinces: dict[str, Province], names: dict[str, str]) -> list[Section]:
    """The handbook sections of one procedure, each fact with its legal basis and confidence."""
    codes = ", ".join(f"{c.code} ({LEVEL_LABEL[c.level]}, {STATUS_LABEL.get(c.status, c.status)})"
                      for c in proc.codes) or "chưa có"
    general = [
        Fact(f"Mã thủ tục: {codes}"),
        Fact(f"Cơ quan giải quyết: {proc.agency.name} ({LEVEL_LABEL[proc.agency.level]})"),
        Fact(f"Nơi nộp: {proc.agency.where}"),
        Fact("Cách nộp: " + ", ".join(CHANNEL_LABEL[c] for c in proc.channels)),
        Fact(f"Độ tin cậy chung: {CONFIDENCE_LABEL[proc.confidence]}; kiểm tra lần cuối: {vn_date(proc.last_verified)}"),
    ]
    if proc.online_url:
        general.append(Fact("Nộp trực tuyến", url=proc.online_url))
    general.append(Fact("Trang chính thức", url=proc.official_page_url))
    documents = []
    for doc in proc.documents:
        need = "bắt buộc" if doc.required else "nếu có"
        note = f" — {doc.note}" if doc.note else ""
        documents.append(Fact(f"{doc.name} ({doc.copies} {FORM_LABEL[doc.form]}, {need}){note}",
                              confidence=CONFIDENCE_LABEL[doc.confidence]))
    times = [Fact(duration(t) + (f" — {t.condition}" if t.condition else "")
                  + (f" — {provinces[t.province].name}" if t.province in provinces else ""),
                  t.legal_basis, CONFIDENCE_LABEL[t.confidence]) for t in proc.processing_times]
    result = [
        Section("Thông tin chung", general),
        Section("Thành phần hồ sơ", documents, numbered=True),
        Section("Lệ phí", [fee_fact(f, provinces) for f in proc.fees]),
        Section("Thời gian giải quyết", times),
    ]
    if proc.group_members:
        result.append(Section("Nhóm liên thông: các thủ tục thành phần",
                              [Fact(names.get(m, m)) for m in proc.group_members]))
    elif proc.group:
        result.append(Section("Thuộc nhóm liên thông", [Fact(names.get(proc.group, proc.group))]))
    result.append(Section("Căn cứ pháp lý", [Fact(t.title, url=t.url or "") for t in proc.legal_basis]))
    result.append(Section("Nguồn", [
        Fact(f"{s.title} (truy cập {vn_date(s.retrieved)}; {'chính thức' if s.official else 'không chính thức'})",
             url=s.url) for s in proc.sources]))
    if proc.staff_notes:
        result.append(Section("Ghi chú cho cán bộ", [Fact(n) for n in proc.staff_notes]))
    return result


def render_json(procedures: list[Procedure], provinces: list[Province], today: dt.date) -> str:
    """The whole catalogue (validated content) and the provinces as one JSON document."""
    data = {
        "title": TITLE,
        "exported": today.isoformat(),
        "procedure_count": len(procedures),
        "categories": {cat: [p.id for p in procs] for cat, procs in by_category(procedures)},
        "provinces": [p.model_dump(mode="json") for p in provinces],
        "procedures": [p.model_dump(mode="json") for p in sorted(procedures, key=lambda p: p.id)],
    }
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


_MD_SPECIAL = re.compile(r"([\\`*_\[\]<>|#])")


def md_escape(text: str) -> str:
    """Escape Markdown syntax characters so KB text prints literally."""
    return _MD_SPECIAL.sub(r"\\\1", text.replace("\n", " "))


def _md_fact(fact: Fact) -> str:
    """One fact as escaped Markdown with its link, legal basis and confidence."""
    text = md_escape(fact.text)
    if fact.url:
        text += f": <{fact.url}>"
    extra = []
    if fact.legal_basis:
        extra.append(f"căn cứ: {md_escape(fact.legal_basis)}")
    if fact.confidence:
        extra.append(f"độ tin cậy: {fact.confidence}")
    return text + (f" _({'; '.join(extra)})_" if extra else "")


def render_markdown(procedures: list[Procedure], provinces: list[Province], today: dt.date) -> str:
    """A printable handbook in Markdown, grouped by category."""
    by_id = {p.id: p for p in provinces}
    names = {p.id: p.name for p in procedures}
    out = [f"# {TITLE}", "", f"Xuất ngày {vn_date(today)} — {len(procedures)} thủ tục. Mỗi mức phí, thời hạn kèm căn cứ "
           "pháp lý và độ tin cậy; mỗi thủ tục kèm nguồn và ngày kiểm tra lần cuối.", ""]
    for cat, procs in by_category(procedures):
        out += [f"## {md_escape(category_label(cat))}", ""]
        for proc in procs:
            out += [f"### {md_escape(proc.name)}", "", md_escape(proc.summary), ""]
            for sec in sections(proc, by_id, names):
                out += [f"**{md_escape(sec.title)}**", ""]
                for i, fact in enumerate(sec.facts, 1):
                    out.append(f"{i}. {_md_fact(fact)}" if sec.numbered else f"- {_md_fact(fact)}")
                out.append("")
    return "\n".join(out)


_CSS = """
body { font-family: "Noto Serif", "Times New Roman", serif; font-size: 11pt; line-height: 1.4;
       max-width: 52em; margin: 1.5em auto; padding: 0 1em; color: #111; }
h1 { font-size: 20pt; } h2 { font-size: 15pt; border-bottom: 2px solid #333; margin-top: 2em; }
h3 { font-size: 12.5pt; margin-bottom: .3em; } h4 { font-size: 11pt; margin: .8em 0 .2em; }
.proc { border-top: 1px solid #999; padding-top: .5em; }
.meta { color: #444; font-size: 9.5pt; } a { color: #0645ad; word-break: break-all; }
nav ul { columns: 2; }
@media print {
  body { max-width: none; margin: 0; } nav { display: none; } a { color: #000; }
  h2 { break-before: page; } .proc { break-inside: avoid-page; }
  a[href]::after { content: ""; }
}
"""


def _h(text: str) -> str:
    """HTML-escape text, quotes included."""
    return html.escape(text, quote=True)


def _html_fact(fact: Fact) -> str:
    """One fact as escaped HTML with its link, legal basis and confidence."""
    text = _h(fact.text)
    if fact.url:
        text += f': <a href="{_h(fact.url)}">{_h(fact.url)}</a>'
    extra = []
    if fact.legal_basis:
        extra.append(f"căn cứ: {_h(fact.legal_basis)}")
    if fact.confidence:
        extra.append(f"độ tin cậy: {_h(fact.confidence)}")
    return text + (f' <span class="meta">({"; ".join(extra)})</span>' if extra else "")


def render_html(procedures: list[Procedure], provinces: list[Province], today: dt.date) -> str:
    """A printable, self-contained HTML handbook, grouped by category; all KB text is escaped."""
    by_id = {p.id: p for p in provinces}
    names = {p.id: p.name for p in procedures}
    groups = by_category(procedures)
    out = ["<!DOCTYPE html>", '<html lang="vi">', "<head>", '<meta charset="utf-8">',
           f"<title>{_h(TITLE)}</title>", f"<style>{_CSS}</style>", "</head>", "<body>",
           f"<h1>{_h(TITLE)}</h1>",
           f'<p class="meta">Xuất ngày {vn_date(today)} — {len(procedures)} thủ tục. Mỗi mức phí, thời hạn kèm căn cứ '
           "pháp lý và độ tin cậy; mỗi thủ tục kèm nguồn và ngày kiểm tra lần cuối.</p>", "<nav><ul>"]
    for cat, procs in groups:
        items = "".join(f'<li><a href="#{_h(p.id)}">{_h(p.name)}</a></li>' for p in procs)
        out.append(f"<li>{_h(category_label(cat))}<ul>{items}</ul></li>")
    out.append("</ul></nav>")
    for cat, procs in groups:
        out.append(f'<section class="category"><h2>{_h(category_label(cat))}</h2>')
        for proc in procs:
            out.append(f'<article class="proc" id="{_h(proc.id)}"><h3>{_h(proc.name)}</h3><p>{_h(proc.summary)}</p>')
            for sec in sections(proc, by_id, names):
                tag = "ol" if sec.numbered else "ul"
                items = "".join(f"<li>{_html_fact(f)}</li>" for f in sec.facts)
                out.append(f"<h4>{_h(sec.title)}</h4><{tag}>{items}</{tag}>")
            out.append("</article>")
        out.append("</section>")
    out += ["</body>", "</html>", ""]
    return "\n".join(out)


RENDERERS: dict[str, Callable[[list[Procedure], list[Province], dt.date], str]] = {
    "json": render_json,
    "markdown": render_markdown,
    "html": render_html,
}
