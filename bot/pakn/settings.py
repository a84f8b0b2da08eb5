"""PAKN settings read from the environment (PAKN_RETENTION_DAYS, PAKN_DUE_WORKING_DAYS)."""

from __future__ import annotations

import os
from dataclasses import dataclass

DEFAULT_RETENTION_DAYS = 365
DEFAULT_DUE_WORKING_DAYS = 10


def _positive_int(name: str, default: int) -> int:
    raw = os.environ.get(name, "").strip()
    if not raw:
        return default
    try:
        value = int(raw)
    except ValueError as exc:
        raise ValueError(f"{name} must be a whole number of days, got {raw!r}") from exc
    if value < 1:
        raise ValueError(f"{name} must be at least 1, got {value}")
    return value


@dataclass(frozen=True)
class PaknSettings:
    """Retention of personal data of closed items, and the answer deadline in working days."""

    retention_days: int = DEFAULT_RETENTION_DAYS
    due_working_days: int = DEFAULT_DUE_WORKING_DAYS

    @classmethod
    def from_env(cls) -> PaknSettings:
        """Settings from PAKN_RETENTION_DAYS and PAKN_DUE_WORKING_DAYS (defaults 365 and 10)."""
        return cls(
            retention_days=_positive_int("PAKN_RETENTION_DAYS", DEFAULT_RETENTION_DAYS),
            due_working_days=_positive_int("PAKN_DUE_WORKING_DAYS", DEFAULT_DUE_WORKING_DAYS),
        )
