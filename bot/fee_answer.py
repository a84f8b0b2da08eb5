"""The fee answer a citizen reads on a phone: the amount in force today first, then the other cases, the
waivers in plain words and what ended recently; which fee applies is procedures_kb.fees (presentation only).

Research trails (`staff_note`) and legal bases stay out of these lines: the bases go to the short footer.
"""

from __future__ import annotations

import datetime as dt
import re

from bot.payloads import intent_payload
from procedures_kb.fees import CaseFees, fee_depends_on_province, fees_in_force, provinces_with_own_fees
from procedures_kb.labels import vn_date
from procedures_kb.provinces import Province, default_directory
from procedures_kb.schema import Confidence, Fee, FeeKind, Procedure

__all__ = ["fee_bases", "fee_lines", "fee_text", "province_names", "province_question", "short_money"]


def short_money(amount: int | None) -> str:
    """100000 → '100.000 đồng'; 0 → 'miễn phí' (an unknown amount is never shown as a number or as free)."""
    if amount is None:
        return "chưa có mức thống nhất"
    return "miễn phí" if amount == 0 else f"{amount:,}".replace(",", ".") + " đồng"


def _clean(text: str) -> str:
    return text.strip().rstrip(".").strip()


def _lower_first(text: str) -> str:
    return text[:1].lower() + text[1:]


def _reduced(red: Fee, regular: Fee | None) -> str:
    """'100.000 đồng (giảm 50% đến hết 31/12/2026; mức thường 200.000 đồng)'."""
    until = f" đến hết {vn_date(red.valid_to)}" if red.valid_to else ""
    if regular is not None and regular.amount_vnd and red.amount_vnd is not None:
        pct = round(100 * (1 - red.amount_vnd / regular.amount_vnd))
        return f"{short_money(red.amount_vnd)} (giảm {pct}%{until}; mức thường {short_money(regular.amount_vnd)})"
    return f"{short_money(red.amount_vnd)} (mức giảm{until})"


def _case_phrase(fees: CaseFees, province: Province | None) -> tuple[str, list[Fee]]:
    """What a citizen pays today in one case, in a few words, and the facts it rests on."""
    regular = fees.regular[0] if fees.regular else None
    red = fees.lowest_reduction
    if red is not None:
        return _reduced(red, regular), [red] + ([regular] if regular else [])
    if regular is None:
        return "", []
    cond = _clean(regular.condition or "")
    if regular.amount_vnd == 0:  # "miễn phí — miễn lệ phí; …" says it twice
        cond = re.sub(r"^(miễn lệ phí|miễn phí|không thu lệ phí)[.;,:]?\s*", "", cond, flags=re.IGNORECASE)
    if regular.amount_vnd is not None:
        return short_money(regular.amount_vnd) + (f" — {_lower_first(cond)}" if cond else ""), [regular]
    ask = "" if "hỏi" in cond else "; hỏi Bộ phận Một cửa nơi nộp để biết mức cụ thể"
    if province is not None and regular.province is None:
        return f"chưa có dữ liệu mức thu tại {province.label} — {_lower_first(cond)}{ask}", [regular]
    return f"{_lower_first(cond)}{ask}", [regular]


def _waiver_lines(all_fees: list[CaseFees], today: dt.date) -> tuple[list[str], list[Fee]]:
    """Each waiver once (in plain words), naming its cases when it does not cover them all."""
    seen: dict[tuple[str, dt.date | None], list[str]] = {}
    used: list[Fee] = []
    for fees in all_fees:
        for ex in fees.exemptions:
            seen.setdefault((_clean(ex.condition or ""), ex.valid_to), []).append(fees.case)
            used.append(ex)
    cases = [f.case for f in all_fees if f.any_in_force]
    lines = []
    for (cond, until), which in seen.items():
        when = f" đến hết {vn_date(until)}" if until else ""
        scope = ("" if len(set(which)) == len(set(cases)) or len(cases) == 1
                 else f"; áp dụng: {'; '.join(_lower_first(c) for c in dict.fromkeys(which))}")
        who = f" cho {_lower_first(cond)}" if cond else ""
        lines.append(f"Miễn phí{when}{who}{scope}.")
    ended: dict[tuple[str, str, dt.date | None], None] = {}
    for fees in all_fees:
        for old in fees.recently_ended:
            what = "Mức giảm lệ phí" if old.kind == FeeKind.reduction else "Đợt miễn lệ phí"
            ended[(what, old.legal_basis.split(",")[0], old.valid_to)] = None
    for what, basis, until in ended:
        lines.append(f"{what} theo {basis} đã kết thúc sau ngày {vn_date(until or today)}.")
    return lines, used


def fee_lines(proc: Procedure, today: dt.date, province: Province | None = None,
              named: bool = True) -> tuple[list[str], list[Fee]]:
    """The fee lines: the first carries the amount in force today (naming the procedure unless `named` is
    False, as in the overview card that names it already); then other cases, waivers, ended news."""
    all_fees = [f for f in fees_in_force(proc, today, province.id if province else None) if f.any_in_force]
    where = f" tại {province.name}" if province is not None and fee_depends_on_province(proc) else ""
    name = f" {_lower_first(proc.name)}" if named and len(proc.name) <= 70 else ""
    head = f"Lệ phí{name}{where} hôm nay ({vn_date(today)})"
    lines: list[str] = []
    used: list[Fee] = []
    cases = [(fees.case, *_case_phrase(fees, province)) for fees in all_fees]
    cases = [c for c in cases if c[1]]
    if not cases:
        lines.append(f"{head}: chưa có mức lệ phí đang có hiệu lực trong dữ liệu; vui lòng hỏi Bộ phận Một cửa.")
    elif len(cases) == 1 and name and _lower_first(cases[0][0]) in _lower_first(proc.name):
        lines.append(f"{head}: {cases[0][1]}.")
    else:
        lines.append(f"{head} – {_lower_first(cases[0][0])}: {cases[0][1]}.")
        lines.extend(f"• {case}: {phrase}." for case, phrase, _ in cases[1:])
    for _, _, facts in cases:
        used.extend(facts)
    waivers, ex_used = _waiver_lines(all_fees, today)
    lines.extend(waivers)
    used.extend(ex_used)
    return [line.replace("..", ".").replace(").)", ").") for line in lines], used


def fee_bases(facts: list[Fee]) -> list[str]:
    """The legal texts behind the facts shown, for the footer."""
    return [f.legal_basis for f in facts]


def fee_text(proc: Procedure, today: dt.date, province: Province | None = None) -> tuple[str, list[Confidence]]:
    """Fee in force today (first line), other cases, waivers; asks the province only when an amount depends on it."""
    lines, used = fee_lines(proc, today, province)
    if fee_depends_on_province(proc) and province is None:
        lines.append("Mức ở trên có phần khác nhau giữa các tỉnh, thành phố: cho biết bạn ở tỉnh, thành phố nào "
                     "để xem mức cụ thể.")
    return "\n".join(lines), [f.confidence for f in used]


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


def province_question(proc: Procedure, intent: str = "ask_fee", choices: list[Province] | None = None,
                      today: dt.date | None = None) -> tuple[str, list[dict[str, str]], list[Confidence]]:
    """What is known everywhere (e.g. on-time birth registration is free), then which province, with buttons."""
    buttons = [
        {"title": p.label, "payload": intent_payload(intent, procedure=proc.id, province=p.id)}
        for p in (choices or [])[:4]
    ]
    known: list[str] = []
    used: list[Confidence] = []
    varying: list[str] = []
    local = [f for f in proc.fees if f.province is not None]
    local_cases = {f.case for f in proc.fees if not f.fixed or any(p.refines(f.case) for p in local)}
    for fees in fees_in_force(proc, today, None) if today else []:
        phrase, facts = _case_phrase(fees, None)
        if fees.case in local_cases:
            varying.append(_lower_first(fees.case))
        elif phrase:
            known.append(f"• {fees.case}: {phrase}.")
            used.extend(f.confidence for f in facts)
    what = f"Mức lệ phí {', '.join(varying)}" if varying and known else f"Lệ phí {_lower_first(proc.name)}"
    text = (f"{what} khác nhau giữa các tỉnh, thành phố. Bạn ở tỉnh/thành phố nào? Chọn bên dưới hoặc gõ tên "
            "(tên cũ trước sáp nhập cũng được, ví dụ: Bình Dương, Hà Giang).")
    if known:
        text = "Lệ phí áp dụng ở mọi nơi:\n" + "\n".join(known).replace("..", ".") + "\n" + text
    return text, buttons, used
