"""The short footer of an answer card: the legal texts behind the facts shown, the official page, the date
the facts were checked, and a warning only when it changes what the citizen should do."""

from __future__ import annotations

import re

from procedures_kb.labels import CONFIDENCE_LABEL, vn_date
from procedures_kb.schema import Confidence, Procedure

MAX_BASES = 3
_PAREN = re.compile(r"\s*\([^)]*\)")
_KIND = re.compile(r"^(Thông tư|Nghị định|Nghị quyết|Quyết định)\s+(?=\S*\d+/\d{4}/)")


def short_bases(bases: list[str]) -> list[str]:
    """'Thông tư 64/2025/TT-BTC; Thông tư 28/2026/TT-BTC' → ['64/2025/TT-BTC', '28/2026/TT-BTC'], once each."""
    out: list[str] = []
    for basis in bases:
        for part in _PAREN.sub("", basis).split(";"):
            part = _KIND.sub("", part.strip())
            if part and not any(part.startswith(o) or o.startswith(part) for o in out):
                out.append(part)
    return out


def footer(proc: Procedure, used: list[Confidence], bases: list[str] | None = None) -> str:
    """Legal basis (a few texts), the official page and last-verified date; a warning when a fact is not
    high confidence, and a plain word when only secondary sources back the procedure."""
    names = short_bases(bases or [])
    more = " …" if len(names) > MAX_BASES else ""
    lines = [f"Căn cứ: {'; '.join(names[:MAX_BASES])}{more}"] if names else []
    lines.append(f"Nguồn: {proc.official_page_url} · Cập nhật: {vn_date(proc.last_verified)}")
    low = [c for c in used if c != Confidence.high]
    if low:
        weakest = Confidence.low if Confidence.low in low else Confidence.medium
        lines.append(f"⚠️ Có thông tin độ tin cậy {CONFIDENCE_LABEL[weakest]}: nên kiểm tra lại với Bộ phận Một cửa "
                     "trước khi nộp.")
    elif not any(s.official for s in proc.sources):
        lines.append("Thông tin tổng hợp từ nguồn không chính thức: nên đối chiếu trang chính thức.")
    return "\n".join(lines)
