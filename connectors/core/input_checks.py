"""Checks on citizen text before it reaches Rasa: empty, too long, no words, HTML."""

from __future__ import annotations

import enum
import re
import unicodedata

from connectors.core import texts

MAX_INPUT_CHARS = 2000

_HTML = re.compile(r"<\s*/?\s*[a-zA-Z][a-zA-Z0-9-]*(?:\s[^<>]*)?/?\s*>|<!--|<!\[CDATA\[")


class InputProblem(enum.Enum):
    """Why a text is answered politely instead of being sent to Rasa."""

    EMPTY = "empty"
    TOO_LONG = "too_long"
    NO_WORDS = "no_words"
    HTML = "html"


POLITE_ANSWERS: dict[InputProblem, str] = {
    InputProblem.EMPTY: texts.EMPTY,
    InputProblem.TOO_LONG: texts.TOO_LONG,
    InputProblem.NO_WORDS: texts.NO_WORDS,
    InputProblem.HTML: texts.HTML_INPUT,
}


def clean_incoming_text(text: str) -> str:
    """NFC-normalised text without surrounding whitespace or NUL characters."""
    return unicodedata.normalize("NFC", text.replace("\x00", "")).strip()


def _has_word_character(text: str) -> bool:
    return any(unicodedata.category(c)[0] in ("L", "N") for c in text)


def check_text(text: str, max_chars: int = MAX_INPUT_CHARS) -> InputProblem | None:
    """The problem with `text` (already normalised), or None when it can go to Rasa."""
    if not text:
        return InputProblem.EMPTY
    if len(text) > max_chars:
        return InputProblem.TOO_LONG
    if _HTML.search(text):
        return InputProblem.HTML
    if not _has_word_character(text):
        return InputProblem.NO_WORDS
    return None
