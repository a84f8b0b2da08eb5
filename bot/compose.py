"""Compose Vietnamese answer cards from a procedure: presentation only (which fee or time applies is
procedures_kb.fees); pure functions (only the packaged province list is read)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from bot.aspects import ASPECT_INTENT, ASPECT_LABEL, ASPECTS, DOCUMENTS, FEE, ONLINE, OVERVIEW, TIME, WHERE
from bot.payloads import intent_payload
from procedures_kb.fees import CaseFees, fee_depends_on_province, fees_in_force, provinces_with_own_fees, times_in_force
from procedures_kb.labels import (
    CHANNEL_LABEL,
    CONFIDENCE_LABEL,
    FORM_LABEL,
    LEVEL_LABEL,
    UNIT_LABEL,
    duration,
    money,
    vn_date,
)
from procedures_kb.provinces import Province, default_directory
from procedures_kb.schema import Channel, Confidence, DocForm, Fee, FeeKind, Procedure, TimeUnit

__all__ = [
    "CHANNEL_LABEL", "FORM_LABEL", "LEVEL_LABEL", "UNIT_LABEL", "Reply", "button_payload", "choose_procedure",
    "compose", "fee_depends_on_province", "fee_text", "money", "province_question", "time_text", "vn_date",
]


@dataclass
class Reply:
    """A platform-neutral answer: text plus optional buttons (title, payload)."""

    text: str
    buttons: list[dict[str, str]] = field(default_factory=list)


def _lower_first(text: str) -> str:
    """'Đăng ký kết hôn' → 'đăng ký kết hôn' (only the first letter, so names keep their capitals)."""
    return text[:1].lower() + text[1:]


def _clean(text: str) -> str:
    """Drop a trailing full stop so a fragment can sit inside a sentence."""
    return text.strip().rstrip(".").strip()


def button_payload(intent: str, procedure_id: str) -> str:
    """A Rasa payload that asks `intent` about `procedure_id` (same form as buttons in domain)."""
    return intent_payload(intent, procedure=procedure_id)


def documents_text(proc: Procedure) -> tuple[str, list[Confidence]]:
    """Numbered list of documents with copies and form."""
    lines = [f"Hồ sơ {_lower_first(proc.name)} gồm:"]
    for i, doc in enumerate(proc.documents, 1):
        detail = f"{doc.copies} {FORM_LABEL[doc.form]}" if doc.form != DocForm.present_original else FORM_LABEL[doc.form]
        optional = "" if doc.required or "nếu" in doc.name.lower() else " (nếu có)"
        note = f" — {_clean(doc.note)}." if doc.note else ""
        lines.append(f"{i}. {doc.name}{optional} ({detail}){note}")
    return "\n".join(lines), [d.confidence for d in proc.documents]


def _regular_line(case: str, reg: Fee, province: Province | None) -> str:
    """One case's regular fee; an amount that is not fixed is never shown as a number or as free."""
    if reg.amount_vnd is not None:
        line = f"• {case}: {money(reg.amount_vnd)} (theo {reg.legal_basis})"
        return line + (f" — {_clean(reg.condition)}" if reg.condition else "")
    cond = f" — {_clean(reg.condition)}" if reg.condition else ""
    if province is not None and reg.province is None:
        return (f"• {case}: chưa có dữ liệu về mức thu tại {province.label}{cond} (theo {reg.legal_basis}). "
                "Bạn nên hỏi Bộ phận Một cửa nơi nộp hồ sơ để biết mức cụ thể.")
    return (f"• {case}: {money(None)}{cond} (theo {reg.legal_basis}). "
            "Bạn nên hỏi Bộ phận Một cửa nơi nộp hồ sơ để biết mức cụ thể.")


def _case_text(fees: CaseFees, today: dt.date, province: Province | None) -> tuple[str, list[Confidence]]:
    """The lines of one case: fee in force, regular fee, end of a reduction, exemptions, recent ends."""
    case, regular, reductions, exemptions, ended = (fees.case, fees.regular, fees.reductions, fees.exemptions,
                                                    fees.recently_ended)
    if not fees.any_in_force:
        return "", []
    used: list[Confidence] = []
    if reductions:
        red = fees.lowest_reduction or reductions[0]
        line = f"• {case}: {money(red.amount_vnd)} (mức đang áp dụng theo {red.legal_basis}"
        line += f", đến hết ngày {vn_date(red.valid_to)})" if red.valid_to else ")"
        if regular:
            line += f"; mức thông thường {money(regular[0].amount_vnd)} theo {regular[0].legal_basis}"
            used.append(regular[0].confidence)
        used.append(red.confidence)
    elif regular:
        line = _regular_line(case, regular[0], province)
        used.append(regular[0].confidence)
    else:
        line = f"• {case}:"
    for ex in exemptions:
        cond = f" cho {_clean(ex.condition[0].lower() + ex.condition[1:])}" if ex.condition else ""
        until = f" đến hết ngày {vn_date(ex.valid_to)}" if ex.valid_to else ""
        line += f"\n  Miễn lệ phí{until}{cond} ({ex.legal_basis})."
        used.append(ex.confidence)
    if reductions and reductions[0].condition:
        line += f"\n  Ghi chú: {_clean(reductions[0].condition)}."
    for old in ended:
        what = "mức giảm" if old.kind == FeeKind.reduction else "đợt miễn lệ phí"
        line += f"\n  Lưu ý: {what} theo {old.legal_basis} đã kết thúc sau ngày {vn_date(old.valid_to or today)}."
    return line, used


def province_names(proc: Procedure) -> list[str]:
    """Names of the provinces that have their own fee values for the procedure, in file order."""
    directory = default_directory()  # the packaged list, read once per process
    names: list[str] = []
    for pid in provinces_with_own_fees(proc):
        found = directory.get(pid)
        name = found.name if found else pid
        if name not in names:
            names.append(name)
    return names


def fee_text(proc: Procedure, today: dt.date, province: Province | None = None) -> tuple[str, list[Confidence]]:
    """Fee in force today per case (for the province when given), the regular fee, and when a
    reduction or exemption ends; says when the amount is set by each province."""
    local = fee_depends_on_province(proc) or any(not f.fixed for f in proc.fees)
    where = f" tại {province.name}" if province is not None and local else ""
    lines = [f"Lệ phí {_lower_first(proc.name)}{where} (áp dụng ngày {vn_date(today)}):"]
    used: list[Confidence] = []
    for fees in fees_in_force(proc, today, province.id if province else None):
        line, conf = _case_text(fees, today, province)
        if line:
            lines.append(line)
            used.extend(conf)
    if len(lines) == 1:
        lines.append("Chưa có mức lệ phí đang có hiệu lực trong dữ liệu; vui lòng hỏi bộ phận một cửa.")
    if fee_depends_on_province(proc) and province is None:
        known = ", ".join(province_names(proc))
        lines.append("Mức thu khác nhau giữa các tỉnh, thành phố. Hãy cho biết bạn ở tỉnh, thành phố nào để xem "
                     f"mức cụ thể; hiện đã có dữ liệu riêng của: {known}.")
    return "\n".join(lines).replace("..", "."), used


def province_question(proc: Procedure, intent: str = "ask_fee",
                      choices: list[Province] | None = None) -> Reply:
    """Ask where the citizen lives, with buttons for the most common provinces (free text accepted)."""
    buttons = [
        {"title": p.label, "payload": intent_payload(intent, procedure=proc.id, province=p.id)}
        for p in (choices or [])[:4]
    ]
    text = (f"Lệ phí {_lower_first(proc.name)} khác nhau giữa các tỉnh, thành phố. "
            "Bạn ở tỉnh/thành phố nào? Chọn bên dưới hoặc gõ tên tỉnh, thành phố (tên cũ trước sáp nhập cũng được, "
            "ví dụ: Bình Dương, Hà Giang).")
    return Reply(text, buttons)


def time_text(proc: Procedure, province: Province | None = None) -> tuple[str, list[Confidence]]:
    """Processing time(s) with unit and legal basis (national ones, plus the province's own)."""
    lines = [f"Thời gian giải quyết {_lower_first(proc.name)}:"]
    times = times_in_force(proc, province.id if province else None)
    for t in times:
        cond = f" ({_clean(t.condition)})" if t.condition else ""
        head = "Tiếp nhận, giải quyết ngay" if t.unit == TimeUnit.immediate else f"Không quá {duration(t)}"
        lines.append(f"• {head}{cond} — theo {t.legal_basis}.")
    return "\n".join(lines), [t.confidence for t in times]


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


def overview_text(proc: Procedure, today: dt.date, province: Province | None = None) -> tuple[str, list[Confidence]]:
    """Summary, then the short facts: agency, time, fee."""
    codes = ", ".join(c.code for c in proc.codes if c.status == "active")
    head = f"{proc.name}" + (f" (mã {codes})" if codes else "")
    time_line = "; ".join([duration(t) for t in proc.processing_times if t.province is None][:2])
    fee_part, fee_conf = fee_text(proc, today, province)
    fee_lines = [line for line in fee_part.splitlines()[1:] if line.startswith("•")][:2]
    text = "\n".join(
        [head, proc.summary, f"Cơ quan giải quyết: {proc.agency.name}.", f"Thời gian: {time_line}.",
         *fee_lines, "Chọn mục bên dưới để xem chi tiết."]
    )
    return text, [proc.confidence, *fee_conf]


def group_text(proc: Procedure, related: dict[str, Procedure]) -> str:
    """What a liên thông group is and which procedures it joins, or which group a procedure belongs to."""
    if proc.group_members:
        names = "\n".join(f"• {related[m].name if m in related else m}" for m in proc.group_members)
        return ("Đây là nhóm thủ tục liên thông: bạn nộp một bộ hồ sơ tại một nơi, cơ quan tiếp nhận chuyển hồ sơ "
                "cho các cơ quan liên quan để giải quyết cùng lúc các thủ tục thành phần:\n" + names +
                "\nBạn không phải nộp riêng từng thủ tục.")
    group = related.get(proc.group or "")
    if group is None:
        return ""
    others = [related[m].name for m in group.group_members if m != proc.id and m in related]
    together = f" cùng với: {'; '.join(_lower_first(n) for n in others)}" if others else ""
    return (f"Thủ tục này có thể làm trong nhóm liên thông “{group.name}”: nộp một bộ hồ sơ chung{together}. "
            "Chọn “Nhóm liên thông” để xem chi tiết.")


def footer(proc: Procedure, used: list[Confidence]) -> str:
    """Source, last-verified date, official page, and a warning when a fact is not high confidence."""
    src = next((s for s in proc.sources if s.official), proc.sources[0])
    kind = "" if src.official else " (nguồn thứ cấp)"
    lines = [
        f"Nguồn{kind}: {src.title} — {src.url}",
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


def compose(proc: Procedure, aspects: list[str], today: dt.date, province: Province | None = None,
            related: dict[str, Procedure] | None = None) -> Reply:
    """The answer card for one procedure and one or more aspects (`related`: other procedures, for groups)."""
    parts: list[str] = []
    used: list[Confidence] = []
    for aspect in aspects:
        if aspect == DOCUMENTS:
            text, conf = documents_text(proc)
        elif aspect == FEE:
            text, conf = fee_text(proc, today, province)
        elif aspect == TIME:
            text, conf = time_text(proc, province)
        elif aspect == WHERE:
            text, conf = where_text(proc)
        elif aspect == ONLINE:
            text, conf = online_text(proc)
        else:
            text, conf = overview_text(proc, today, province)
        parts.append(text)
        used.extend(conf)
    buttons = aspect_buttons(proc, aspects)
    if OVERVIEW in aspects and (proc.group_members or proc.group):
        explained = group_text(proc, related or {})
        if explained:
            parts.append(explained)
        if proc.group and related and proc.group in related:
            buttons.append({"title": "Nhóm liên thông", "payload": button_payload("ask_procedure_overview", proc.group)})
    parts.append(footer(proc, used))
    return Reply("\n\n".join(parts), buttons)


def choose_procedure(candidates: list[Procedure], intent: str) -> Reply:
    """Ask which procedure is meant, with buttons of the likeliest ones."""
    buttons = [{"title": p.name[:60], "payload": button_payload(intent, p.id)} for p in candidates[:4]]
    return Reply("Bạn muốn hỏi về thủ tục nào? Chọn một thủ tục bên dưới hoặc gõ tên thủ tục.\n"
                 "Nếu không có thủ tục bạn cần, bạn có thể tìm trên Cổng Dịch vụ công quốc gia "
                 "(dichvucong.gov.vn) hoặc nhắn “gặp cán bộ”.", buttons)
