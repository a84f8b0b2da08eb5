"""Errors of the staff console that callers handle."""

from __future__ import annotations


class ConsoleError(Exception):
    """Base class of the console's own errors."""


class AnalyticsUnavailable(ConsoleError):
    """Rasa's tracker store (the analytics' source) cannot be read; the page says so."""


class ReviewRefused(ConsoleError):
    """A label or dismissal that cannot be stored; the message says why, in Vietnamese."""
