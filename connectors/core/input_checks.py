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


_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def storable_text(text: str) -> str:
    """`text` with unpaired surrogates and NUL replaced by U+FFFD: it can always be encoded, stored
    (PostgreSQL refuses NUL in text) and sent."""
    text = text.replace("\x00", "\ufffd")
    if not any(0xD800 <= ord(c) <= 0xDFFF for c in text):
        return text
    return text.encode("utf-16", "surrogatepass").decode("utf-16", "replace")


def clean_incoming_text(text: str) -> str:
    """NFC-normalised, storable text without control characters (terminal escapes, bidi overrides)
    or surrounding whitespace; newlines and tabs stay."""
    return unicodedata.normalize("NFC", _CONTROL.sub("", storable_text(text.replace("\x00", "")))).strip()


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
