"""Staff command line `python -m pakn`: list, show, set-status, answer, export, summary, purge."""

from __future__ import annotations

import argparse
import datetime as dt
import json
import re
import sys
from pathlib import Path
from typing import TextIO, cast

from common.db import make_engine, make_session_factory, utcnow
from common.settings import ConfigurationError, PaknSettings
from common.vntime import format_local
from pakn.delivery import HttpDeliverer
from pakn.exceptions import (
    InvalidTransition,
    PaknError,
    PaknNotFound,
    PaknStorageError,
    PaknValidationError,
)
from pakn.models import STATUS_LABELS, Kind, Status
from pakn.phone import mask_phone
from pakn.records import FeedbackView, ListFilter
from pakn.reports import render_summary
from pakn.service import PaknService

EXIT_OK, EXIT_ERROR, EXIT_STORAGE = 0, 1, 3
EVENT_LABELS = {"filed": "Tiếp nhận", "status": "Đổi trạng thái", "answer": "Trả lời", "delivery": "Gửi trả lời",
                "purge": "Xóa dữ liệu cá nhân"}


def _date(text: str) -> dt.date:
    for fmt in ("%Y-%m-%d", "%d/%m/%Y"):
        try:
            return dt.datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    raise argparse.ArgumentTypeError(f"not a date (YYYY-MM-DD or dd/mm/yyyy): {text!r}")


def _filter(args: argparse.Namespace) -> ListFilter:
    return ListFilter(status=args.status, kind=args.type, province=args.province, date_from=args.date_from,
                      date_to=args.date_to, overdue_only=args.overdue, limit=getattr(args, "limit", None))


def _preview(text: str | None, width: int) -> str:
    flat = " ".join((text or "—").split())
    return flat if len(flat) <= width else flat[: width - 1] + "…"


def _cmd_list(service: PaknService, args: argparse.Namespace, out: TextIO) -> int:
    items = service.find(_filter(args))
    now = utcnow()
    for f in items:
        flag = "QUÁ HẠN" if f.is_overdue(now) else ""
        out.write(f"{f.code}  {f.kind_label:<9} {f.status_label:<13} {format_local(f.created_at)}  "
                  f"{_preview(f.province_name, 22):<22} {mask_phone(f.phone):<11} {flag:<7} "
                  f"{_preview(f.content, 50)}\n")
    out.write(f"{len(items)} phản ánh, kiến nghị.\n")
    return EXIT_OK


def render_feedback(f: FeedbackView, now: dt.datetime) -> str:
    """Full staff view of one PAKN with its history."""
    lines = [
        f"Mã: {f.code}",
        f"Loại: {f.kind_label}",
        f"Trạng thái: {f.status_label}" + (" — QUÁ HẠN" if f.is_overdue(now) else ""),
        f"Tiếp nhận: {format_local(f.created_at)} qua {f.channel} · Hạn xử lý: {format_local(f.due_at)}",
        f"Tỉnh/thành phố: {f.province_name}" + (f" · {f.commune}" if f.commune else ""),
        f"Thủ tục/cơ quan: {f.procedure_text or f.procedure_id or '—'}"
        + (f" (mã KB: {f.procedure_id})" if f.procedure_id and f.procedure_text else ""),
        f"Người gửi: {f.citizen_name or '—'} · Điện thoại: {f.phone or '—'}",
        "Nội dung:",
        *(f"  {line}" for line in (f.content or "(đã xóa theo thời hạn lưu trữ)").splitlines()),
    ]
    if f.answer_text:
        lines += [f"Trả lời ({f.answered_by}, {format_local(f.answered_at)}):",
                  *(f"  {line}" for line in f.answer_text.splitlines())]
    if f.purged_at:
        lines.append(f"Dữ liệu cá nhân đã xóa lúc {format_local(f.purged_at)}")
    lines.append("Lịch sử:")
    for h in f.history:
        change = f" {STATUS_LABELS.get(h.from_status or '', h.from_status or '')} → " \
                 f"{STATUS_LABELS.get(h.to_status or '', h.to_status or '')}" if h.to_status else ""
        if h.from_status is None and h.to_status:
            change = f" {STATUS_LABELS.get(h.to_status, h.to_status)}"
        delivery = ""
        if h.delivered is not None:
            delivery = " — đã gửi tới người dân" if h.delivered else f" — CHƯA gửi được ({h.delivery_reason or '?'})"
        note = f": {_preview(h.note, 70)}" if h.note else ""
        lines.append(f"  {format_local(h.created_at)}  {EVENT_LABELS.get(h.event, h.event)}{change} "
                     f"[{h.actor}]{delivery}{note}")
    return "\n".join(lines)


def _cmd_show(service: PaknService, args: argparse.Namespace, out: TextIO) -> int:
    out.write(render_feedback(service.get(args.code), utcnow()) + "\n")
    return EXIT_OK


def _cmd_set_status(service: PaknService, args: argparse.Namespace, out: TextIO) -> int:
    view = service.change_status(args.code, args.status, args.staff, args.note)
    out.write(f"{view.code}: {view.status_label}.\n")
    return EXIT_OK


def _cmd_answer(service: PaknService, args: argparse.Namespace, out: TextIO) -> int:
    text = Path(args.file).read_text(encoding="utf-8") if args.file else args.text
    result = service.answer(args.code, args.staff, text, deliver=not args.no_deliver)
    out.write(f"{result.feedback.code}: đã lưu trả lời ({result.feedback.status_label}).\n")
    if result.delivery is None:
        out.write("Chưa gửi tới người dân (--no-deliver).\n")
    elif result.delivery.delivered:
        note = f" ({result.delivery.reason})" if result.delivery.reason else ""
        out.write(f"Đã gửi tới người dân qua {result.feedback.channel}{note}.\n")
    else:
        out.write(f"CHƯA gửi được tới người dân qua {result.feedback.channel}: {result.delivery.reason}. "
                  "Câu trả lời vẫn được lưu; người dân xem được khi tra cứu mã.\n")
    return EXIT_OK


def _cmd_export(service: PaknService, args: argparse.Namespace, out: TextIO) -> int:
    flt = _filter(args)
    if args.out in (None, "-"):
        count = service.export_csv(out, flt, personal=args.with_personal_data)
    else:
        with open(args.out, "w", encoding="utf-8", newline="") as handle:
            count = service.export_csv(handle, flt, personal=args.with_personal_data)
        out.write(f"Đã xuất {count} dòng vào {args.out}.\n")
    return EXIT_OK


def _cmd_summary(service: PaknService, args: argparse.Namespace, out: TextIO) -> int:
    summary = service.summary(args.date_from, args.date_to, args.province)
    if args.json:
        out.write(json.dumps(summary.as_dict(), ensure_ascii=False, indent=2) + "\n")
    else:
        out.write(render_summary(summary) + "\n")
    return EXIT_OK


def _cmd_purge(service: PaknService, args: argparse.Namespace, out: TextIO) -> int:
    codes = service.purge_personal_data(args.days, dry_run=args.dry_run)
    verb = "Sẽ xóa" if args.dry_run else "Đã xóa"
    out.write(f"{verb} dữ liệu cá nhân của {len(codes)} phản ánh, kiến nghị đã kết thúc"
              f" quá {args.days or service.settings.retention_days} ngày.\n")
    for code in codes:
        out.write(f"  {code}\n")
    return EXIT_OK


def _add_filters(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--status", choices=[s.value for s in Status])
    parser.add_argument("--type", choices=[k.value for k in Kind], help="phan_anh or kien_nghi")
    parser.add_argument("--province", help="province id or name (with or without diacritics)")
    parser.add_argument("--from", dest="date_from", type=_date, help="first day received (YYYY-MM-DD)")
    parser.add_argument("--to", dest="date_to", type=_date, help="last day received (YYYY-MM-DD)")
    parser.add_argument("--overdue", action="store_true", help="only open items past their deadline")


def build_parser() -> argparse.ArgumentParser:
    """The CLI parser with every sub-command."""
    parser = argparse.ArgumentParser(prog="python -m pakn", description="Xử lý phản ánh, kiến nghị (PAKN).")
    parser.add_argument("--database-url", help="default: DATABASE_URL, else the SQLite file under var/")
    sub = parser.add_subparsers(dest="command", required=True)

    p = sub.add_parser("list", help="list and filter PAKN")
    _add_filters(p)
    p.add_argument("--limit", type=int, default=100)
    p.set_defaults(func=_cmd_list)

    p = sub.add_parser("show", help="show one PAKN with its history")
    p.add_argument("code")
    p.set_defaults(func=_cmd_show)

    p = sub.add_parser("set-status", help="change the status (received → processing → answered → closed)")
    p.add_argument("code")
    p.add_argument("status", choices=[s.value for s in Status])
    p.add_argument("--staff", required=True, help="who makes the change")
    p.add_argument("--note", help="why (kept in the history)")
    p.set_defaults(func=_cmd_set_status)

    p = sub.add_parser("answer", help="answer the citizen (delivered on the channel they used)")
    p.add_argument("code")
    p.add_argument("--staff", required=True, help="who answers")
    text = p.add_mutually_exclusive_group(required=True)
    text.add_argument("--text")
    text.add_argument("--file", help="UTF-8 text file with the answer")
    p.add_argument("--no-deliver", action="store_true", help="store the answer without sending it")
    p.set_defaults(func=_cmd_answer)

    p = sub.add_parser("export", help="CSV for Excel (UTF-8 with BOM)")
    _add_filters(p)
    p.add_argument("--out", help="file path ('-' or nothing: standard output)")
    p.add_argument("--with-personal-data", action="store_true",
                   help="add content, name, phone and answer (handle according to data-protection rules)")
    p.set_defaults(func=_cmd_export)

    p = sub.add_parser("summary", help="received, processed, rate, overdue by type, province, month")
    p.add_argument("--from", dest="date_from", type=_date)
    p.add_argument("--to", dest="date_to", type=_date)
    p.add_argument("--province")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=_cmd_summary)

    p = sub.add_parser("purge", help="erase personal data of items closed more than N days ago")
    p.add_argument("--days", type=int, help="default: PAKN_RETENTION_DAYS (365)")
    p.add_argument("--dry-run", action="store_true")
    p.set_defaults(func=_cmd_purge)
    return parser


_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


class _Escaped:
    """Writes citizen text to the staff terminal with control characters shown, never obeyed
    (an ESC sequence in a PAKN text cannot clear the screen or fake a line)."""

    def __init__(self, out: TextIO) -> None:
        self._out = out

    def write(self, text: str) -> int:
        return self._out.write(_CONTROL.sub(lambda m: f"\\u{ord(m.group()):04x}", text))

    def __getattr__(self, name: str) -> object:
        return getattr(self._out, name)


def main(argv: list[str], service: PaknService | None = None, out: TextIO | None = None) -> int:
    """Run the CLI and return the exit code (0 ok, 1 refused, 3 database unavailable)."""
    args = build_parser().parse_args(argv)
    out = cast(TextIO, _Escaped(out or sys.stdout))
    if service is None:
        try:
            settings = PaknSettings.from_env()
        except ConfigurationError as exc:
            print(f"Cấu hình không hợp lệ: {exc}", file=sys.stderr)
            return 2
        factory = make_session_factory(make_engine(args.database_url or settings.effective_database_url))
        service = PaknService(factory, settings, deliver=HttpDeliverer(settings))
    try:
        return int(args.func(service, args, out))
    except PaknStorageError as exc:
        print(f"Lỗi cơ sở dữ liệu, không có thay đổi nào được lưu: {exc}", file=sys.stderr)
        return EXIT_STORAGE
    except PaknNotFound as exc:
        print(f"Không có phản ánh, kiến nghị mã {exc}.", file=sys.stderr)
        return EXIT_ERROR
    except (InvalidTransition, PaknValidationError) as exc:
        print(f"Không thực hiện được: {exc}", file=sys.stderr)
        return EXIT_ERROR
    except PaknError as exc:  # pragma: no cover - any other refusal
        print(f"Lỗi: {exc}", file=sys.stderr)
        return EXIT_ERROR

