"""The layout of ../shared/DESIGN.md ("Target layout"), checked on the source with `ast`.

Arrows only point down the table: a package imports only the packages listed for it; only `common/`
reads the environment; no product module grows past the size a reader can hold.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent

# package → the project packages it may import (DESIGN.md, "may import").
MAY_IMPORT: dict[str, frozenset[str]] = {
    "common": frozenset(),
    "vi_text": frozenset(),
    "procedures_kb": frozenset({"common", "vi_text"}),
    "pakn": frozenset({"common", "vi_text", "procedures_kb"}),
    # handover/: the tables both the connectors and the console work on (queue, events, ratings).
    "handover": frozenset({"common", "vi_text"}),
    "bot": frozenset({"common", "vi_text", "procedures_kb", "pakn"}),
    "connectors": frozenset({"common", "vi_text", "handover"}),
    "console": frozenset({"common", "vi_text", "procedures_kb", "pakn", "handover"}),
    "vi_nlu": frozenset({"vi_text"}),  # rasa_project/vi_nlu: the Rasa components
}
SOURCE_DIRS: dict[str, Path] = {name: ROOT / name for name in MAY_IMPORT} | {"vi_nlu": ROOT / "rasa_project" / "vi_nlu"}
# Everything we write that could be imported by mistake (bench, tests and fakes may import anything).
PROJECT_PACKAGES = frozenset(MAY_IMPORT) | {"tests", "bench", "fakes", "migrations", "scripts"}
MAX_MODULE_LINES = 300


def imported_packages(tree: ast.AST) -> Iterator[tuple[str, int]]:
    """Top-level names of every absolute import, including `importlib.import_module("x.y")`."""
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield alias.name.split(".")[0], node.lineno
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            yield node.module.split(".")[0], node.lineno
        elif (isinstance(node, ast.Call) and node.args and isinstance(node.args[0], ast.Constant)
              and isinstance(node.args[0].value, str)
              and ((isinstance(node.func, ast.Attribute) and node.func.attr == "import_module")
                   or (isinstance(node.func, ast.Name) and node.func.id in {"import_module", "__import__"}))):
            yield node.args[0].value.split(".")[0], node.lineno


def reads_environment(tree: ast.AST) -> Iterator[int]:
    """Line numbers of `os.environ`, `os.getenv`, `from os import environ/getenv`."""
    names = {"environ", "getenv", "environb"}
    for node in ast.walk(tree):
        attribute = (isinstance(node, ast.Attribute) and node.attr in names
                     and isinstance(node.value, ast.Name) and node.value.id == "os")
        imported = (isinstance(node, ast.ImportFrom) and node.module == "os"
                    and any(a.name in names for a in node.names))
        if attribute or imported:
            yield getattr(node, "lineno", 0)


def layer_violations(package: str, source: str, filename: str = "<source>") -> list[str]:
    allowed = MAY_IMPORT[package] | {package}
    tree = ast.parse(source, filename)
    return [f"{filename}:{line} imports {name}" for name, line in imported_packages(tree)
            if name in PROJECT_PACKAGES and name not in allowed]


def environment_readers(source: str, filename: str = "<source>") -> list[str]:
    return [f"{filename}:{line} reads the environment" for line in reads_environment(ast.parse(source, filename))]


def modules() -> Iterator[tuple[str, Path]]:
    for package, folder in SOURCE_DIRS.items():
        if folder.is_dir():
            for path in sorted(folder.rglob("*.py")):
                yield package, path


def test_packages_import_only_packages_below_them() -> None:
    problems: list[str] = []
    for package, path in modules():
        problems += layer_violations(package, path.read_text(encoding="utf-8"), str(path.relative_to(ROOT)))
    assert not problems, "\n".join(problems)


def test_only_common_reads_the_environment() -> None:
    problems: list[str] = []
    for package, path in modules():
        if package != "common":
            problems += environment_readers(path.read_text(encoding="utf-8"), str(path.relative_to(ROOT)))
    assert not problems, "\n".join(problems)


def test_no_product_module_is_too_long_to_read() -> None:
    long = [f"{path.relative_to(ROOT)}: {n} lines" for _, path in modules()
            if (n := len(path.read_text(encoding="utf-8").splitlines())) > MAX_MODULE_LINES]
    assert not long, "split these modules:\n" + "\n".join(long)


def test_bench_and_fakes_never_import_tests() -> None:
    problems = [f"{path.relative_to(ROOT)}:{line}" for folder in ("bench", "fakes")
                for path in sorted((ROOT / folder).rglob("*.py"))
                for name, line in imported_packages(ast.parse(path.read_text(encoding="utf-8")))
                if name == "tests"]
    assert not problems, "shared fakes belong in fakes/: " + ", ".join(problems)


@pytest.mark.parametrize(("package", "source"), [
    ("procedures_kb", "from pakn.models import Feedback"),
    ("pakn", "import connectors.core.outbound"),
    ("common", "def f():\n    from procedures_kb import models"),
    ("common", "import importlib\nimportlib.import_module('bot.actions')"),
    ("vi_text", "from common.settings import PaknSettings"),
    ("connectors", "from bot.compose import Reply"),
    ("bot", "from tests.pakn.conftest import draft"),
])
def test_the_checker_catches_an_upward_import(package: str, source: str) -> None:
    assert layer_violations(package, source)


@pytest.mark.parametrize("source", ["import os\nos.environ.get('X')", "import os\nos.getenv('X')",
                                    "from os import environ"])
def test_the_checker_catches_environment_reads(source: str) -> None:
    assert environment_readers(source)
