"""Errors of the Rasa NLU components."""

from __future__ import annotations


class VietnameseNluError(Exception):
    """Base of the NLU components' errors."""


class EncoderUnavailable(VietnameseNluError):
    """The sentence encoder cannot run here (its package is missing or its engine did not load)."""
