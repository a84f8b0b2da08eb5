"""Read and validate the procedure YAML files into schema objects."""

from __future__ import annotations

from pathlib import Path

import yaml
from pydantic import ValidationError

from procedures_kb.exceptions import KBCatalogueError, KBValidationError
from procedures_kb.provinces import PROVINCES_PATH, load_provinces
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


def _cross_errors(procedure: Procedure, known: dict[str, Procedure], failed: set[str],
                  province_ids: set[str]) -> list[KBValidationError]:
    """Errors that need the other files: unknown provinces, group links that do not agree."""
    name = f"{procedure.id}.yml"
    errors: list[KBValidationError] = []
    for i, fee in enumerate(procedure.fees):
        if fee.province is not None and fee.province not in province_ids:
            errors.append(KBValidationError(name, f"fees[{i}].province",
                                            f"unknown province id '{fee.province}' (see provinces.yml)"))
    for i, time in enumerate(procedure.processing_times):
        if time.province is not None and time.province not in province_ids:
            errors.append(KBValidationError(name, f"processing_times[{i}].province",
                                            f"unknown province id '{time.province}' (see provinces.yml)"))
    for member in procedure.group_members:
        if member in failed:
            continue
        if member not in known:
            errors.append(KBValidationError(name, "group_members", f"unknown procedure id '{member}'"))
        elif known[member].group != procedure.id:
            errors.append(KBValidationError(name, "group_members",
                                            f"'{member}' is listed but its group is not '{procedure.id}'"))
    group = procedure.group
    if group is not None and group not in failed:
        if group not in known or not known[group].group_members:
            errors.append(KBValidationError(name, "group", f"'{group}' is not a procedure group"))
        elif procedure.id not in known[group].group_members:
            errors.append(KBValidationError(name, "group", f"group '{group}' does not list '{procedure.id}'"))
    return errors


def load_catalogue(
    directory: Path = DATA_DIR, *, partial: bool = False, provinces_path: Path = PROVINCES_PATH
) -> tuple[list[Procedure], list[KBValidationError]]:
    """Load every *.yml file; refuse the catalogue on any error unless partial is asked for.

    Besides each file's own schema, checks what spans files: province ids against provinces.yml
    (which must itself be valid, even for a partial load) and the links of liên thông groups.
    """
    try:
        province_ids = {p.id for p in load_provinces(provinces_path)}
    except KBValidationError as exc:
        raise KBCatalogueError([exc]) from exc
    loaded: list[Procedure] = []
    errors: list[KBValidationError] = []
    for path in sorted(directory.glob("*.yml")):
        try:
            loaded.append(load_procedure_file(path))
        except KBValidationError as exc:
            errors.append(exc)
    known = {p.id: p for p in loaded}
    failed = {e.file.removesuffix(".yml") for e in errors}
    procedures: list[Procedure] = []
    for procedure in loaded:
        cross = _cross_errors(procedure, known, failed, province_ids)
        errors.extend(cross)
        if not cross:
            procedures.append(procedure)
    if errors and not partial:
        raise KBCatalogueError(errors)
    return procedures, errors
