"""Compose Vietnamese answer cards from a procedure for a citizen on a phone: presentation only (which fee
or time applies is procedures_kb.fees); pure functions (only the packaged province list is read).

The fact in force comes first, a few short lines per aspect; legal bases and the official page sit in a
short footer (bot.footer); research trails (`staff_note`, `staff_notes`) never reach a citizen.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field

from bot import fee_answer
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
from bot.fee_answer import fee_lines, fee_text, province_names
from bot.footer import footer
from bot.payloads import intent_payload
from procedures_kb.fees import fee_depends_on_province, fees_in_force, times_in_force
from procedures_kb.labels import (
    CHANNEL_LABEL,
    FORM_LABEL,
    LEVEL_LABEL,
    UNIT_LABEL,
    duration,
    money,
    vn_date,
)
from procedures_kb.provinces import Province
from procedures_kb.schema import Channel, Confidence, DocForm, Procedure, RuleKind, TimeUnit

__all__ = [
    "CHANNEL_LABEL", "FORM_LABEL", "LEVEL_LABEL", "UNIT_LABEL", "Reply", "button_payload", "choose_procedure",
    "compose", "fee_depends_on_province", "fee_text", "footer", "money", "province_names", "province_question",
    "time_text", "vn_date", "with_alternatives",
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


def _named(proc: Procedure) -> str:
    """'đăng ký kết hôn ' to name the procedure in a heading (long group names are left to the overview)."""
    return f"{_lower_first(proc.name)} " if len(proc.name) <= 70 else ""


def button_payload(intent: str, procedure_id: str) -> str:
    """A Rasa payload that asks `intent` about `procedure_id` (same form as buttons in domain)."""
    return intent_payload(intent, procedure=procedure_id)


def documents_text(proc: Procedure) -> tuple[str, list[Confidence]]:
    """Numbered list of documents: name, how many and in which form, and the citizen-facing note."""
    lines = [f"Hồ sơ {_named(proc)}gồm:"]
    for i, doc in enumerate(proc.documents, 1):
        form = FORM_LABEL[doc.form]
        detail = form if doc.copies == 1 or doc.form == DocForm.present_original else f"{doc.copies} {form}"
        optional = "" if doc.required or "nếu" in doc.name.lower() else ", nếu có"
        note = f" — {_clean(doc.note)}." if doc.note else ""
        lines.append(f"{i}. {doc.name} ({detail}{optional}){note}")
    return "\n".join(lines), [d.confidence for d in proc.documents]


def province_question(proc: Procedure, intent: str = "ask_fee", choices: list[Province] | None = None,
                      today: dt.date | None = None) -> Reply:
    """What is known everywhere first, then ask where the citizen lives (buttons for common provinces)."""
    text, buttons, _ = fee_answer.province_question(proc, intent, choices, today)
    return Reply(text, buttons)


def time_text(proc: Procedure, province: Province | None = None) -> tuple[str, list[Confidence]]:
    """Processing time(s): the longest wait first in plain words (national ones, plus the province's own)."""
    times = times_in_force(proc, province.id if province else None)
    parts = []
    for t in times:
        cond = f" ({_lower_first(_clean(t.condition))})" if t.condition else ""
        head = "giải quyết ngay khi tiếp nhận" if t.unit == TimeUnit.immediate else f"không quá {duration(t)}"
        parts.append(f"{head}{cond}")
    if len(parts) == 1:
        text = f"Thời gian giải quyết {_named(proc)}: {parts[0]}.".replace(" :", ":")
    else:
        text = f"Thời gian giải quyết {_named(proc)}:".replace(" :", ":") + "\n" + "\n".join(
            f"• {p[:1].upper()}{p[1:]}." for p in parts)
    rules = rules_lines(proc)
    return "\n".join([text, *rules]), [t.confidence for t in times] + [r.confidence for r in proc.rules]


RULE_LABEL = {RuleKind.deadline: "Hạn bạn phải làm", RuleKind.validity: "Giá trị của kết quả"}


def rules_lines(proc: Procedure, kinds: tuple[RuleKind, ...] = (RuleKind.deadline, RuleKind.validity)) -> list[str]:
    """Deadlines the citizen must meet and how long the result lasts, one short line each."""
    return [f"{RULE_LABEL[r.kind]}: {r.text}" for r in proc.rules if r.kind in kinds]


def where_text(proc: Procedure) -> tuple[str, list[Confidence]]:
    """Where to submit (naming the procedure, as the other aspects do: the citizen sees which one was read),
    who decides, and how."""
    channels = ", ".join(CHANNEL_LABEL[c] for c in proc.channels)
    codes = ", ".join(c.code for c in proc.codes if c.status == "active")
    text = (
        f"Nơi nộp hồ sơ {_named(proc)}".rstrip() + f": {_clean(proc.agency.where)}.\n"
        f"Cơ quan giải quyết: {proc.agency.name} ({LEVEL_LABEL[proc.agency.level]}).\n"
        f"Cách nộp: {channels}." + (f"\nMã thủ tục (tra trên Cổng Dịch vụ công): {codes}." if codes else "")
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
        text = "Thủ tục này hiện chưa nộp trực tuyến được; vui lòng nộp trực tiếp tại " + _clean(proc.agency.where) + "."
    return text, [proc.confidence]


def overview_text(proc: Procedure, today: dt.date, province: Province | None = None) -> tuple[str, list[Confidence]]:
    """Summary, then the short facts: agency, time, the fee in force and its waivers (as in the fee answer)."""
    time_line = "; ".join([duration(t) for t in proc.processing_times if t.province is None][:2])
    lines, used = fee_lines(proc, today, province, named=False)
    fee_part = lines[:1] + [line for line in lines[1:] if line.startswith("Miễn phí")][:2]
    text = "\n".join(
        [proc.name, proc.summary, f"Cơ quan giải quyết: {proc.agency.name}.", f"Thời gian: {time_line}.",
         *fee_part, *rules_lines(proc, (RuleKind.validity,))]
    )
    return text, [proc.confidence, *(f.confidence for f in used)]


def group_text(proc: Procedure, related: dict[str, Procedure]) -> str:
    """What a liên thông group joins, or which group a procedure belongs to (short)."""
    if proc.group_members:
        names = "\n".join(f"• {related[m].name if m in related else m}" for m in proc.group_members)
        return "Một bộ hồ sơ cho cả nhóm, giải quyết cùng lúc:\n" + names
    group = related.get(proc.group or "")
    if group is None:
        return ""
    return f"Có thể làm cùng các thủ tục khác trong nhóm liên thông “{group.name}”: chọn “Nhóm liên thông”."


def _bases(proc: Procedure, aspect: str, today: dt.date, province: Province | None) -> list[str]:
    """The legal texts behind one aspect's facts, for the footer."""
    if aspect == FEE:
        pid = province.id if province else None
        return [f.legal_basis for c in fees_in_force(proc, today, pid) for f in (*c.regular[:1], *c.reductions,
                                                                                *c.exemptions)]
    if aspect == TIME:
        return [t.legal_basis for t in times_in_force(proc, province.id if province else None)] + [
            r.legal_basis for r in proc.rules]
    return [proc.legal_basis[0].title]


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
    bases: list[str] = []
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
        bases.extend(_bases(proc, aspect, today, province))
    buttons = aspect_buttons(proc, aspects)
    if OVERVIEW in aspects and (proc.group_members or proc.group):
        explained = group_text(proc, related or {})
        if explained:
            parts.append(explained)
        if proc.group and related and proc.group in related:
            buttons.append({"title": "Nhóm liên thông", "payload": button_payload("ask_procedure_overview", proc.group)})
    parts.append(footer(proc, used, bases))
    return Reply("\n\n".join(parts), buttons)


def with_alternatives(reply: Reply, alternatives: Sequence[Procedure], intent: str) -> Reply:
    """The card, with buttons to the other procedures the message may be about (same aspect asked)."""
    if not alternatives:
        return reply
    buttons = [{"title": p.name[:60], "payload": button_payload(intent, p.id)} for p in alternatives]
    return Reply(f"{reply.text}\n\nNếu đây chưa phải thủ tục bạn cần, hãy chọn một thủ tục gần nhất bên dưới.",
                 [*reply.buttons, *buttons])


def choose_procedure(candidates: list[Procedure], intent: str,
                     outside: Sequence[tuple[str, str]] = ()) -> Reply:
    """Ask which procedure is meant, with buttons of the likeliest ones; `outside` adds (entry id, name) of
    procedures the catalogue lacks, whose button leads to the honest not-in-the-catalogue answer."""
    extra = [{"title": name[:60], "payload": intent_payload(intent, catalogue_entry=entry_id)}
             for entry_id, name in outside[:1]]
    buttons = [{"title": p.name[:60], "payload": button_payload(intent, p.id)}
               for p in candidates[:4 - len(extra)]] + extra
    return Reply("Bạn muốn hỏi về thủ tục nào? Chọn một thủ tục bên dưới hoặc gõ tên thủ tục.\n"
                 "Nếu không có thủ tục bạn cần, bạn có thể tìm trên Cổng Dịch vụ công quốc gia "
                 "(dichvucong.gov.vn) hoặc nhắn “gặp cán bộ”.", buttons)
