"""Read and validate the procedure YAML files into schema objects."""

from __future__ import annotations

from pathlib import Path

import yaml
from pydantic import ValidationError

from procedures_kb.exceptions import KBCatalogueError, KBValidationError
from procedures_kb.schema import Procedure

DATA_DIR = Path(__file__).resolve().parent / "data" / "procedures"


def _field_path(loc: tuple[object, ...]) -> str:
    parts: list[str] = []
    for item in loc:
        if isinstance(item, int):
            parts.append(f"[{item}]")
        else:
            parts.append(("." if parts else "") + str(item))
    return "".join(parts) or "(file)"


def load_procedure_file(path: Path) -> Procedure:
    """Parse and validate one procedure file; raise KBValidationError naming file and field."""
    name = path.name
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as exc:
        raise KBValidationError(name, "(file)", f"not valid YAML: {exc}") from exc
    if not isinstance(raw, dict):
        raise KBValidationError(name, "(file)", "expected a mapping of fields at the top level")
    try:
        procedure = Procedure.model_validate(raw)
    except ValidationError as exc:
        first = exc.errors()[0]
        raise KBValidationError(name, _field_path(tuple(first["loc"])), first["msg"]) from exc
    if procedure.id != path.stem:
        raise KBValidationError(name, "id", f"id '{procedure.id}' must equal the file name '{path.stem}'")
    return procedure


def load_catalogue(
    directory: Path = DATA_DIR, *, partial: bool = False
) -> tuple[list[Procedure], list[KBValidationError]]:
    """Load every *.yml file; refuse the catalogue on any error unless partial is asked for."""
    procedures: list[Procedure] = []
    errors: list[KBValidationError] = []
    for path in sorted(directory.glob("*.yml")):
        try:
            procedures.append(load_procedure_file(path))
        except KBValidationError as exc:
            errors.append(exc)
    known = {p.id for p in procedures}
    for proc in procedures:
        for member in proc.group_members:
            if member not in known and not errors:
                errors.append(
                    KBValidationError(f"{proc.id}.yml", "group_members", f"unknown procedure id '{member}'")
                )
    if errors and not partial:
        raise KBCatalogueError(errors)
    return procedures, errors
