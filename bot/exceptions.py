"""Errors raised by the bot package."""

from __future__ import annotations


class BotError(Exception):
    """Base class of bot errors."""


class KnowledgeBaseUnavailable(BotError):
    """The knowledge base could not be read (database down or empty)."""
