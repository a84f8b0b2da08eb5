"""Places of a PAKN: the province (resolved by the KB's province directory, old names too) and the commune."""

from __future__ import annotations

import re
from dataclasses import dataclass

from common.pii import get_logger

logger = get_logger(__name__)

# "xa" alone is left out: unaccented it is also the word "far".
_COMMUNE = re.compile(r"\b(xã|phường|đặc khu|thị trấn|phuong|dac khu|thi tran)\s+([^,.;\n]{2,60})", re.IGNORECASE)


@dataclass(frozen=True)
class PlaceOfFeedback:
    """A province found in a reply; `former` is the pre-1/7/2025 name the citizen used, if any."""

    id: str
    name: str
    former: str | None = None


def provinces_available() -> bool:
    """Whether the province list can be loaded (otherwise places are kept as typed)."""
    try:
        from procedures_kb.provinces import default_directory

        return len(default_directory()) > 0
    except Exception as exc:  # missing or invalid provinces.yml must not break the PAKN form
        logger.warning("province list unavailable: %s", exc.__class__.__name__)
        return False


def match_province(text: str) -> PlaceOfFeedback | None:
    """The one province a reply names (current name, alias, former name, small typos), else None."""
    from procedures_kb.provinces import default_directory

    found = default_directory().resolve_reply(text)
    if found is None:
        return None
    return PlaceOfFeedback(found.province.id, found.province.name, found.former)


def extract_commune(text: str) -> str | None:
    """"phường Bến Nghé, TP HCM" → "Phường Bến Nghé" (the commune-level unit named in a text)."""
    found = _COMMUNE.search(text or "")
    if not found:
        return None
    kind, name = found.group(1).strip().lower(), " ".join(found.group(2).split())
    return clean_text(f"{kind.capitalize()} {name}", 120)


def clean_text(text: str, max_length: int) -> str:
    """Collapse whitespace, drop control characters, cut at `max_length`."""
    cleaned = "".join(ch if ch.isprintable() else " " if ch.isspace() else "" for ch in text)
    return " ".join(cleaned.split())[:max_length].rstrip()
