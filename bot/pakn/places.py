"""Provinces after 1/7/2025 (34, with the former names they absorbed) and commune text for PAKN."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml
from vi_nlu.text import normalize

from procedures_kb.db import REPO_ROOT

PROVINCES_FILE = REPO_ROOT / "procedures_kb" / "data" / "provinces.yml"
_ADMIN_PREFIXES = ("thanh pho ", "tinh ")
# "xa" alone is left out: unaccented it is also the word "far".
_COMMUNE = re.compile(r"\b(xã|phường|đặc khu|thị trấn|phuong|dac khu|thi tran)\s+([^,.;\n]{2,60})", re.IGNORECASE)
# Common names not always written in the data file.
_EXTRA_ALIASES: dict[str, tuple[str, ...]] = {"ho_chi_minh": ("sai gon", "hcm", "tphcm")}


@dataclass(frozen=True)
class Province:
    """A province-level unit in force since 1/7/2025."""

    id: str
    name: str
    aliases: tuple[str, ...] = ()
    former: tuple[str, ...] = ()


@dataclass(frozen=True)
class ProvinceMatch:
    """A province found in a text; `former` is the pre-merger name the citizen used, if any."""

    province: Province
    former: str | None = None


def _strip_prefix(folded: str) -> str:
    for prefix in _ADMIN_PREFIXES:
        if folded.startswith(prefix):
            return folded[len(prefix):]
    return folded


def _names(value: Any) -> list[str]:
    if value is None:
        return []
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [str(value[k]) for k in ("name", "short_name") if value.get(k)]
    if isinstance(value, list):
        return [n for item in value for n in _names(item)]
    return []


def _province_from(raw: dict[str, Any]) -> Province | None:
    pid = raw.get("id") or raw.get("code") or raw.get("slug")
    name = raw.get("name") or raw.get("full_name")
    if not pid or not name:
        return None
    aliases = [*_names(raw.get("short_name")), *_names(raw.get("aliases")), *_names(raw.get("names"))]
    former = _names(raw.get("former")) or _names(raw.get("merged_from"))
    return Province(str(pid), str(name), tuple(aliases), tuple(former))


def parse_provinces(document: Any) -> list[Province]:
    """Provinces from the YAML document (a list, or a mapping with `provinces`)."""
    items = document.get("provinces", []) if isinstance(document, dict) else document
    if not isinstance(items, list):
        return []
    out = [p for p in (_province_from(i) for i in items if isinstance(i, dict)) if p is not None]
    return out


@lru_cache(maxsize=4)
def load_provinces(path: Path = PROVINCES_FILE) -> tuple[Province, ...]:
    """The provinces of the data file (empty when the file is absent: places are then kept as typed)."""
    if not path.exists():
        return ()
    return tuple(parse_provinces(yaml.safe_load(path.read_text(encoding="utf-8"))))


@lru_cache(maxsize=4)
def _index(provinces: tuple[Province, ...]) -> tuple[tuple[str, Province, str | None], ...]:
    entries: list[tuple[str, Province, str | None]] = []
    for p in provinces:
        for current in (p.name, *p.aliases, *_EXTRA_ALIASES.get(p.id, ())):
            entries.append((_strip_prefix(normalize(current)), p, None))
        for old in p.former:
            entries.append((_strip_prefix(normalize(old)), p, old))
    # Longest phrase first so "ha nam" never hides inside a longer name, and current names win ties.
    entries.sort(key=lambda e: (-len(e[0]), e[2] is not None))
    return tuple(e for e in entries if e[0])


def match_province(text: str, provinces: tuple[Province, ...] | None = None) -> ProvinceMatch | None:
    """The province named in the text (current name, alias or former name), else None."""
    provinces = load_provinces() if provinces is None else provinces
    haystack = f" {normalize(text)} "
    for phrase, province, former in _index(provinces):
        if f" {phrase} " in haystack:
            if former is not None and _strip_prefix(normalize(former)) == _strip_prefix(normalize(province.name)):
                former = None
            return ProvinceMatch(province, former)
    return None


def province_by_id(province_id: str, provinces: tuple[Province, ...] | None = None) -> Province | None:
    """The province with this id, else None."""
    provinces = load_provinces() if provinces is None else provinces
    return next((p for p in provinces if p.id == province_id), None)


def extract_commune(text: str) -> str | None:
    """"phường Bến Nghé, TP HCM" → "Phường Bến Nghé" (the commune-level unit named in a text)."""
    found = _COMMUNE.search(text or "")
    if not found:
        return None
    kind, name = found.group(1).strip().lower(), " ".join(found.group(2).split())
    return clean_text(f"{kind.capitalize()} {name}", 120)


def clean_text(text: str, max_length: int) -> str:
    """Collapse whitespace, drop control characters, cut at `max_length`."""
    cleaned = "".join(ch for ch in text if ch.isprintable() or ch in "\n\t")
    cleaned = " ".join(cleaned.split())
    return cleaned[:max_length].rstrip()
