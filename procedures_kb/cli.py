"""Argument parsing and sub-commands of `python -m procedures_kb`."""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from pathlib import Path

from procedures_kb.catalogue import DATA_DIR, load_catalogue
from procedures_kb.exceptions import KBCatalogueError


def _cmd_validate(args: argparse.Namespace) -> int:
    try:
        procedures, _ = load_catalogue(Path(args.dir))
    except KBCatalogueError as exc:
        print(exc, file=sys.stderr)
        return 1
    print(f"{len(procedures)} procedure file(s) valid.")
    return 0


def _cmd_load(args: argparse.Namespace) -> int:
    from common.db import make_engine
    from common.migrate import upgrade
    from procedures_kb.loader import load_into_database

    engine = make_engine()
    upgrade(engine)
    try:
        report = load_into_database(engine, Path(args.dir), partial=args.partial)
    except KBCatalogueError as exc:
        print(exc, file=sys.stderr)
        print("Nothing was loaded. Fix the files, or pass --partial to load the valid ones.", file=sys.stderr)
        return 1
    print(f"KB loaded: {len(report.inserted)} inserted, {len(report.updated)} updated, "
          f"{len(report.unchanged)} unchanged, {len(report.removed)} removed.")
    for err in report.errors:
        print(f"  skipped (invalid): {err}", file=sys.stderr)
    return 2 if report.errors else 0


def _cmd_export_nlu(args: argparse.Namespace) -> int:
    from procedures_kb.catalogue_index import load_index
    from procedures_kb.nlu_export import (
        LOOKUP_PATH,
        RANKER_TEXTS_PATH,
        render_lookup,
        render_ranker_texts,
        write_lookup,
        write_ranker_texts,
    )

    procedures, _ = load_catalogue(Path(args.dir))
    index = load_index()
    if args.check:
        stale = [path for path, want in ((LOOKUP_PATH, render_lookup(procedures)),
                                         (RANKER_TEXTS_PATH, render_ranker_texts(procedures, index)))
                 if (path.read_text(encoding="utf-8") if path.exists() else "") != want]
        for path in stale:
            print(f"{path} is out of date: run `python -m procedures_kb export-nlu`.", file=sys.stderr)
        if stale:
            return 1
        print("NLU lookup tables and ranker texts are up to date.")
        return 0
    for path, changed in ((LOOKUP_PATH, write_lookup(procedures)),
                          (RANKER_TEXTS_PATH, write_ranker_texts(procedures, index))):
        print(("wrote " if changed else "unchanged: ") + str(path))
    return 0


def _cmd_search(args: argparse.Namespace) -> int:
    from procedures_kb.resolver import Resolver

    procedures, _ = load_catalogue(Path(args.dir))
    hits = Resolver(procedures).search(" ".join(args.query), limit=args.limit)
    if not hits:
        print("Không tìm thấy thủ tục phù hợp.")
        return 1
    for rank, hit in enumerate(hits, 1):
        codes = ", ".join(c.code for c in hit.procedure.codes)
        print(f"{rank}. {hit.procedure.id:<24} {hit.score:6.2f}  {hit.procedure.name}" + (f" [{codes}]" if codes else ""))
    return 0


def _cmd_audit(args: argparse.Namespace) -> int:
    from procedures_kb.audit import audit_catalogue

    report = audit_catalogue(Path(args.dir), today=args.today, max_age_days=args.max_age_days)
    print(report.render_json() if args.format == "json" else report.render_text())
    return report.exit_code(strict=args.strict)


def _cmd_export(args: argparse.Namespace) -> int:
    from procedures_kb.export import RENDERERS
    from procedures_kb.provinces import load_provinces

    try:
        procedures, _ = load_catalogue(Path(args.dir))
    except KBCatalogueError as exc:
        print(exc, file=sys.stderr)
        return 1
    text = RENDERERS[args.format](procedures, load_provinces(), args.today or dt.date.today())
    if args.out == "-":
        sys.stdout.write(text)
        return 0
    out = Path(args.out)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(text, encoding="utf-8")
    print(f"wrote {args.format} export of {len(procedures)} procedure(s) to {out}")
    return 0


def _cmd_province(args: argparse.Namespace) -> int:
    from procedures_kb.provinces import default_directory

    match = default_directory().resolve_reply(" ".join(args.text))
    if match is None:
        print("Không nhận ra tỉnh, thành phố.")
        return 1
    via = f" (tên cũ: {match.former})" if match.former else ""
    print(f"{match.province.id}  {match.province.name}{via}")
    return 0


def _date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(f"not a YYYY-MM-DD date: {text!r}") from exc


def build_parser() -> argparse.ArgumentParser:
    """The CLI parser with every sub-command."""
    parser = argparse.ArgumentParser(prog="python -m procedures_kb")
    sub = parser.add_subparsers(dest="command", required=True)
    p = sub.add_parser("validate", help="validate every procedure YAML file")
    p.set_defaults(func=_cmd_validate)
    p = sub.add_parser("load", help="migrate the database and upsert the catalogue")
    p.add_argument("--partial", action="store_true", help="load the valid files even if some are invalid")
    p.set_defaults(func=_cmd_load)
    p = sub.add_parser("export-nlu", help="write the Rasa lookup table/synonyms of procedure names")
    p.add_argument("--check", action="store_true", help="fail if the generated file is out of date")
    p.set_defaults(func=_cmd_export_nlu)
    p = sub.add_parser("search", help="rank procedures for free text")
    p.add_argument("query", nargs="+")
    p.add_argument("--limit", type=int, default=5)
    p.set_defaults(func=_cmd_search)
    p = sub.add_parser("audit", help="freshness and integrity report; exit 1 on errors (CI)")
    p.add_argument("--max-age-days", type=int, default=180, help="entries verified longer ago are stale")
    p.add_argument("--today", type=_date, default=None, help="audit as of this day (YYYY-MM-DD)")
    p.add_argument("--strict", action="store_true", help="fail on warnings too")
    p.add_argument("--format", choices=("text", "json"), default="text")
    p.set_defaults(func=_cmd_audit)
    p = sub.add_parser("export", help="export the catalogue: json, or a printable markdown/html handbook")
    p.add_argument("--format", choices=("json", "markdown", "html"), required=True)
    p.add_argument("--out", required=True, help="output file ('-' for standard output)")
    p.add_argument("--today", type=_date, default=None, help="date printed on the export (YYYY-MM-DD)")
    p.set_defaults(func=_cmd_export)
    p = sub.add_parser("province", help="resolve free text to one of the 34 provinces (old names too)")
    p.add_argument("text", nargs="+")
    p.set_defaults(func=_cmd_province)
    for sp in sub.choices.values():
        sp.add_argument("--dir", default=str(DATA_DIR), help="folder of procedure YAML files")
    return parser


def main(argv: list[str]) -> int:
    """Run the CLI and return the exit code."""
    args = build_parser().parse_args(argv)
    return int(args.func(args))
