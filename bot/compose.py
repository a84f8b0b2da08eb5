"""Compose Vietnamese answer cards from a procedure: pure functions, no I/O."""

from __future__ import annotations

import datetime as dt
from collections import OrderedDict
from dataclasses import dataclass, field

from bot.aspects import (
    ASPECT_INTENT,
    ASPECT_LABEL,
    ASPECTS,
    DOCUMENTS,
    FEE,
    ONLINE,
    OVERVIEW,
    TIME,
    WHERE,
)
from procedures_kb.schema import (
    Channel,
    Confidence,
    DocForm,
    Fee,
    FeeKind,
    Level,
    Procedure,
    TimeUnit,
)

FORM_LABEL = {
    DocForm.original: "bản chính",
    DocForm.copy: "bản sao",
    DocForm.certified_copy: "bản sao có chứng thực",
    DocForm.present_original: "xuất trình bản chính",
    DocForm.electronic: "bản điện tử",
}
UNIT_LABEL = {TimeUnit.working_days: "ngày làm việc", TimeUnit.days: "ngày", TimeUnit.hours: "giờ"}
LEVEL_LABEL = {Level.commune: "cấp xã", Level.province: "cấp tỉnh", Level.central: "trung ương"}
CHANNEL_LABEL = {
    Channel.in_person: "trực tiếp",
    Channel.online: "trực tuyến",
    Channel.postal: "qua bưu chính",
    Channel.vneid: "trên ứng dụng VNeID",
}
CONFIDENCE_LABEL = {Confidence.high: "cao", Confidence.medium: "trung bình", Confidence.low: "thấp"}


@dataclass
class Reply:
    """A platform-neutral answer: text plus optional buttons (title, payload)."""

    text: str
    buttons: list[dict[str, str]] = field(default_factory=list)


def money(amount: int) -> str:
    """100000 → '100.000 đồng'; 0 → 'miễn phí'."""
    if amount == 0:
        return "miễn phí"
    return f"{amount:,}".replace(",", ".") + " đồng"


def vn_date(day: dt.date) -> str:
    """A date as dd/mm/yyyy."""
    return day.strftime("%d/%m/%Y")


def _clean(text: str) -> str:
    """Drop a trailing full stop so a fragment can sit inside a sentence."""
    return text.strip().rstrip(".").strip()


def _number(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else str(value).replace(".", ",")


def button_payload(intent: str, procedure_id: str) -> str:
    """A Rasa payload that asks `intent` about `procedure_id` (same form as buttons in domain)."""
    return f'/{intent}{{"procedure":"{procedure_id}"}}'


def documents_text(proc: Procedure) -> tuple[str, list[Confidence]]:
    """Numbered list of documents with copies and form."""
    lines = [f"Hồ sơ {proc.name.lower()[:1] + proc.name[1:]} gồm:"]
    for i, doc in enumerate(proc.documents, 1):
        detail = f"{doc.copies} {FORM_LABEL[doc.form]}" if doc.form != DocForm.present_original else FORM_LABEL[doc.form]
        optional = "" if doc.required or "nếu" in doc.name.lower() else " (nếu có)"
        note = f" — {_clean(doc.note)}." if doc.note else ""
        lines.append(f"{i}. {doc.name}{optional} ({detail}){note}")
    return "\n".join(lines), [d.confidence for d in proc.documents]


def _fees_by_case(fees: list[Fee], province: str | None) -> OrderedDict[str, list[Fee]]:
    grouped: OrderedDict[str, list[Fee]] = OrderedDict()
    for fee in fees:
        if fee.province is not None and fee.province != province:
            continue
        grouped.setdefault(fee.case, []).append(fee)
    # a province-specific fee replaces the national one of the same case and kind
    for case, items in grouped.items():
        specific = {(f.kind, f.valid_from, f.valid_to) for f in items if f.province}
        grouped[case] = [f for f in items if f.province or (f.kind, f.valid_from, f.valid_to) not in specific]
    return grouped


def fee_text(proc: Procedure, today: dt.date, province: str | None = None) -> tuple[str, list[Confidence]]:
    """Fee in force today per case, the regular fee, and when a reduction or exemption ends."""
    lines = [f"Lệ phí {proc.name.lower()[:1] + proc.name[1:]} (áp dụng ngày {vn_date(today)}):"]
    used: list[Confidence] = []
    for case, fees in _fees_by_case(proc.fees, province).items():
        regular = [f for f in fees if f.kind == FeeKind.regular and f.in_force(today)]
        reductions = [f for f in fees if f.kind == FeeKind.reduction and f.in_force(today)]
        exemptions = [f for f in fees if f.kind == FeeKind.exemption and f.in_force(today)]
        if not (regular or reductions or exemptions):
            continue
        if reductions:
            red = min(reductions, key=lambda f: f.amount_vnd)
            line = f"• {case}: {money(red.amount_vnd)} (mức đang áp dụng theo {red.legal_basis}"
            line += f", đến hết ngày {vn_date(red.valid_to)})" if red.valid_to else ")"
            if regular:
                line += f"; mức thông thường {money(regular[0].amount_vnd)} theo {regular[0].legal_basis}"
            used.append(red.confidence)
        elif regular:
            reg = regular[0]
            line = f"• {case}: {money(reg.amount_vnd)} (theo {reg.legal_basis})"
            if reg.condition:
                line += f" — {_clean(reg.condition)}"
            used.append(reg.confidence)
        else:
            line = f"• {case}:"
        used.extend(f.confidence for f in regular[:1])
        for ex in exemptions:
            cond = f" cho {_clean(ex.condition[0].lower() + ex.condition[1:])}" if ex.condition else ""
            until = f" đến hết ngày {vn_date(ex.valid_to)}" if ex.valid_to else ""
            line += f"\n  Miễn lệ phí{until}{cond} ({ex.legal_basis})."
            used.append(ex.confidence)
        if reductions and reductions[0].condition:
            line += f"\n  Ghi chú: {_clean(reductions[0].condition)}."
        lines.append(line)
    if len(lines) == 1:
        lines.append("Chưa có mức lệ phí đang có hiệu lực trong dữ liệu; vui lòng hỏi bộ phận một cửa.")
    if any(f.province for f in proc.fees) and province is None:
        lines.append("Một số mức phí do HĐND cấp tỉnh quy định: hãy cho biết tỉnh, thành phố của bạn.")
    return "\n".join(lines).replace("..", "."), used


def time_text(proc: Procedure) -> tuple[str, list[Confidence]]:
    """Processing time(s) with unit and legal basis."""
    lines = [f"Thời gian giải quyết {proc.name.lower()[:1] + proc.name[1:]}:"]
    for t in proc.processing_times:
        cond = f" ({_clean(t.condition)})" if t.condition else ""
        lines.append(f"• Không quá {_number(t.amount)} {UNIT_LABEL[t.unit]}{cond} — theo {t.legal_basis}.")
    return "\n".join(lines), [t.confidence for t in proc.processing_times]


def where_text(proc: Procedure) -> tuple[str, list[Confidence]]:
    """Agency, level and where to submit."""
    channels = ", ".join(CHANNEL_LABEL[c] for c in proc.channels)
    text = (
        f"Nơi nộp hồ sơ: {proc.agency.where}\n"
        f"Cơ quan giải quyết: {proc.agency.name} ({LEVEL_LABEL[proc.agency.level]}).\n"
        f"Cách nộp: {channels}."
    )
    return text, [proc.confidence]


def online_text(proc: Procedure) -> tuple[str, list[Confidence]]:
    """Whether and where the procedure can be done online."""
    if Channel.online in proc.channels and proc.online_url:
        text = f"Bạn có thể nộp trực tuyến tại: {proc.online_url}"
        if Channel.vneid in proc.channels:
            text += "\nHoặc trên ứng dụng VNeID (cần tài khoản định danh điện tử mức 2)."
    elif Channel.vneid in proc.channels:
        text = "Bạn có thể thực hiện trên ứng dụng VNeID (cần tài khoản định danh điện tử mức 2)."
    else:
        text = "Thủ tục này hiện chưa nộp trực tuyến được; vui lòng nộp trực tiếp tại " + proc.agency.where
    return text, [proc.confidence]


def overview_text(proc: Procedure, today: dt.date) -> tuple[str, list[Confidence]]:
    """Summary, then the short facts: agency, time, fee."""
    codes = ", ".join(c.code for c in proc.codes if c.status == "active")
    head = f"{proc.name}" + (f" (mã {codes})" if codes else "")
    time_line = "; ".join(f"{_number(t.amount)} {UNIT_LABEL[t.unit]}" for t in proc.processing_times[:2])
    fee_part, fee_conf = fee_text(proc, today)
    fee_lines = fee_part.splitlines()[1:3]
    text = "\n".join(
        [head, proc.summary, f"Cơ quan giải quyết: {proc.agency.name}.", f"Thời gian: {time_line}.",
         *fee_lines, "Chọn mục bên dưới để xem chi tiết."]
    )
    return text, [proc.confidence, *fee_conf]


def footer(proc: Procedure, used: list[Confidence]) -> str:
    """Source, last-verified date, official page, and a warning when a fact is not high confidence."""
    src = proc.sources[0]
    lines = [
        f"Nguồn: {src.title} — {src.url}",
        f"Cập nhật: {vn_date(proc.last_verified)}. Trang chính thức: {proc.official_page_url}",
    ]
    low = [c for c in used if c != Confidence.high]
    if low:
        weakest = Confidence.low if Confidence.low in low else Confidence.medium
        lines.append(
            f"⚠️ Một phần thông tin trên có độ tin cậy {CONFIDENCE_LABEL[weakest]} (chưa đối chiếu đầy đủ "
            "với văn bản gốc). Bạn nên kiểm tra lại với bộ phận một cửa hoặc trang chính thức trước khi đi nộp."
        )
    return "\n".join(lines)


def aspect_buttons(proc: Procedure, exclude: list[str]) -> list[dict[str, str]]:
    """Buttons for the other aspects of the same procedure."""
    return [
        {"title": ASPECT_LABEL[a], "payload": button_payload(ASPECT_INTENT[a], proc.id)}
        for a in ASPECTS
        if a not in exclude and a != OVERVIEW
    ]


def compose(proc: Procedure, aspects: list[str], today: dt.date, province: str | None = None) -> Reply:
    """The answer card for one procedure and one or more aspects."""
    parts: list[str] = []
    used: list[Confidence] = []
    for aspect in aspects:
        if aspect == DOCUMENTS:
            text, conf = documents_text(proc)
        elif aspect == FEE:
            text, conf = fee_text(proc, today, province)
        elif aspect == TIME:
            text, conf = time_text(proc)
        elif aspect == WHERE:
            text, conf = where_text(proc)
        elif aspect == ONLINE:
            text, conf = online_text(proc)
        else:
            text, conf = overview_text(proc, today)
        parts.append(text)
        used.extend(conf)
    if proc.group_members and OVERVIEW in aspects:
        parts.append("Đây là nhóm thủ tục liên thông: một bộ hồ sơ được giải quyết cho các thủ tục thành phần.")
    parts.append(footer(proc, used))
    return Reply("\n\n".join(parts), aspect_buttons(proc, aspects))


def choose_procedure(candidates: list[Procedure], intent: str) -> Reply:
    """Ask which procedure is meant, with buttons of the likeliest ones."""
    buttons = [{"title": p.name[:60], "payload": button_payload(intent, p.id)} for p in candidates[:4]]
    return Reply("Bạn muốn hỏi về thủ tục nào? Chọn một thủ tục bên dưới hoặc gõ tên thủ tục.", buttons)
