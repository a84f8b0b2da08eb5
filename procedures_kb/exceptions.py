"""Errors raised by the knowledge base package."""

from __future__ import annotations


class KBError(Exception):
    """Base class of knowledge-base errors."""


class KBValidationError(KBError):
    """A procedure file is invalid; names the file and the field."""

    def __init__(self, file: str, field: str, message: str) -> None:
        self.file = file
        self.field = field
        self.message = message
        super().__init__(f"{file}: field '{field}': {message}")


class KBCatalogueError(KBError):
    """Several files are invalid; carries every file error."""

    def __init__(self, errors: list[KBValidationError]) -> None:
        self.errors = errors
        lines = "\n".join(f"  - {e}" for e in errors)
        super().__init__(f"{len(errors)} invalid knowledge-base file(s):\n{lines}")


class ProcedureNotFound(KBError):
    """No procedure has the given id."""
