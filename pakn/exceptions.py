"""Errors raised by the PAKN package."""

from __future__ import annotations


class PaknError(Exception):
    """Base class of PAKN errors."""


class PaknValidationError(PaknError):
    """A field of a PAKN is missing or invalid; names the field."""

    def __init__(self, field: str, message: str) -> None:
        self.field = field
        self.message = message
        super().__init__(f"{field}: {message}")


class InvalidPhoneNumber(PaknValidationError):
    """The text is not a Vietnamese mobile or landline number."""

    def __init__(self, message: str = "not a Vietnamese phone number") -> None:
        super().__init__("phone", message)


class PaknStorageError(PaknError):
    """The database could not be reached or refused the write: nothing was saved."""


class PaknNotFound(PaknError):
    """No PAKN has this tracking code."""


class PaknAccessDenied(PaknError):
    """The requester may not see this PAKN (or it does not exist: deliberately indistinguishable)."""


class InvalidTransition(PaknError):
    """The requested status change is not allowed from the current status."""
