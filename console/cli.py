"""`python -m console`: run the console (`serve`, the default) or manage accounts (`users …`).

    python -m console users add NAME --role admin --password-stdin   # password read from standard input
    python -m console users list
    python -m console users disable NAME | enable NAME
"""

from __future__ import annotations

import argparse
import getpass
import logging
import sys
from pathlib import Path
from typing import TextIO

from common.console_settings import ConsoleSettings
from common.db import REPO_ROOT, make_engine, make_session_factory
from common.settings import ConfigurationError
from console.accounts import AccountError, Accounts
from console.models import Role

EXIT_OK, EXIT_ERROR, EXIT_CONFIG = 0, 1, 2
EXPORT_NLU = REPO_ROOT / "rasa_project" / "data" / "nlu" / "reviewed.yml"
EXPORT_RANKER = REPO_ROOT / "rasa_project" / "ranker" / "reviewed.jsonl"


def build_parser() -> argparse.ArgumentParser:
    """The parser of every sub-command."""
    parser = argparse.ArgumentParser(prog="python -m console", description="Bàn làm việc cán bộ một cửa.")
    sub = parser.add_subparsers(dest="command")
    sub.add_parser("serve", help=f"run the web console (CONSOLE_HOST:CONSOLE_PORT, default "
                                 f"127.0.0.1:{ConsoleSettings.model_fields['console_port'].default})")
    export = sub.add_parser("export-labels", help="write the turns labelled by staff into the training data")
    export.add_argument("--nlu", default=str(EXPORT_NLU), help="Rasa NLU file (intent examples)")
    export.add_argument("--ranker", default=str(EXPORT_RANKER), help="procedure-ranker examples (JSON lines)")
    users = sub.add_parser("users", help="staff accounts").add_subparsers(dest="users_command", required=True)
    add = users.add_parser("add", help="create an account")
    add.add_argument("name")
    add.add_argument("--role", choices=[r.value for r in Role], default=Role.staff.value)
    add.add_argument("--password-stdin", action="store_true",
                     help="read the password from standard input (else asked on the terminal)")
    users.add_parser("list", help="list accounts")
    for verb in ("disable", "enable"):
        p = users.add_parser(verb, help=f"{verb} an account")
        p.add_argument("name")
    return parser


def export_labels(settings: ConsoleSettings, args: argparse.Namespace, out: TextIO) -> int:
    """Write the reviewed examples for the next `make train`."""
    from console.context import ConsoleContext

    queue = ConsoleContext.build(settings).review()
    if queue is None:
        print("Chưa cấu hình kho hội thoại (CONSOLE_TRACKER_DB_URL).", file=sys.stderr)
        return EXIT_CONFIG
    count = queue.export(Path(args.nlu), Path(args.ranker))
    out.write(f"Đã xuất {count} câu đã gắn nhãn: {args.nlu}, {args.ranker}. Chạy `make train` để trợ lý học.\n")
    return EXIT_OK


def _accounts(settings: ConsoleSettings) -> Accounts:
    engine = make_engine(settings.effective_database_url)
    if not settings.database_url:  # the embedded SQLite file: bring it to the newest schema first
        from common.migrate import upgrade

        upgrade(engine)
    return Accounts(make_session_factory(engine), settings.console_session_hours,
                    settings.console_max_login_failures)


def _read_password(args: argparse.Namespace, stdin: TextIO) -> str:
    if args.password_stdin:
        return stdin.readline().rstrip("\r\n")
    first = getpass.getpass("Mật khẩu: ")
    if first != getpass.getpass("Nhập lại: "):
        raise AccountError("Hai lần nhập mật khẩu không khớp.")
    return first


def users_command(args: argparse.Namespace, accounts: Accounts, out: TextIO, stdin: TextIO) -> int:
    """Run one `users` sub-command."""
    if args.users_command == "add":
        name = accounts.add_user(args.name, _read_password(args, stdin), args.role, actor="cli")
        out.write(f"Đã tạo tài khoản {name} ({args.role}).\n")
    elif args.users_command == "list":
        for u in accounts.users():
            state = "hoạt động" if u.active and not u.locked else ("tạm khóa" if u.active else "đã khóa")
            out.write(f"{u.username:<24} {u.role:<6} {state}\n")
    else:
        accounts.set_active(args.name, args.users_command == "enable", actor="cli")
        out.write(f"{args.name}: {'đã mở khóa' if args.users_command == 'enable' else 'đã khóa'}.\n")
    return EXIT_OK


def serve(settings: ConsoleSettings) -> int:
    """Run the console with uvicorn until Ctrl-C."""
    import uvicorn

    from console.context import ConsoleContext
    from console.web import create_app

    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    ctx = ConsoleContext.build(settings)
    if ctx.accounts.count() == 0:
        print("Chưa có tài khoản cán bộ nào. Tạo tài khoản đầu tiên:\n"
              "  .venv/bin/python -m console users add admin --role admin --password-stdin <<< 'mật-khẩu-dài'",
              file=sys.stderr)
    print(f"Bàn làm việc cán bộ: http://{settings.console_host}:{settings.console_port}/", flush=True)
    uvicorn.run(create_app(ctx), host=settings.console_host, port=settings.console_port, log_level="warning",
                timeout_graceful_shutdown=10, ws="none")
    return EXIT_OK


def main(argv: list[str] | None = None, out: TextIO | None = None, stdin: TextIO | None = None) -> int:
    """Entry point; returns the exit code (0 ok, 1 refused, 2 bad configuration)."""
    args = build_parser().parse_args(argv)
    out, stdin = out or sys.stdout, stdin or sys.stdin
    try:
        settings = ConsoleSettings.from_env()
    except ConfigurationError as exc:
        print(f"Cấu hình không hợp lệ: {exc}", file=sys.stderr)
        return EXIT_CONFIG
    if args.command in (None, "serve"):
        return serve(settings)
    if args.command == "export-labels":
        return export_labels(settings, args, out)
    try:
        return users_command(args, _accounts(settings), out, stdin)
    except AccountError as exc:
        print(f"Không thực hiện được: {exc}", file=sys.stderr)
        return EXIT_ERROR
