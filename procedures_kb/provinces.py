"""The 34 provinces in force since 1/7/2025: validated list and a free-text resolver (old names too)."""

from __future__ import annotations

import difflib
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import yaml
from pydantic import Field, ValidationError

from procedures_kb.exceptions import KBValidationError
from procedures_kb.schema import ID_PATTERN, StrictModel
from vi_text.text import normalize

PROVINCES_PATH = Path(__file__).resolve().parent / "data" / "provinces.yml"
PROVINCE_COUNT = 34
MAX_PHRASE = 6
# Words that never start or end a fuzzy province window ("thanh pho" alone is not "thanh hoa").
_FILLER = frozenset(
    ["thanh", "pho", "tinh", "o", "tai", "toi", "minh", "em", "anh", "chi", "a", "ah", "nha", "nhe", "oi", "cu",
     "moi", "que", "song"]
)
# Shown as buttons when the answer depends on the province (Zalo allows at most 4 buttons).
COMMON_PROVINCES: tuple[str, ...] = ("ha_noi", "ho_chi_minh", "da_nang", "hai_phong")
_PREFIXES = ("thanh pho ", "tinh ")  # "TP" folds to "thanh pho"


class Province(StrictModel):
    """A province-level unit: id, official name, what people call it, and the provinces merged into it."""

    id: str = Field(pattern=ID_PATTERN, max_length=32)
    name: str = Field(min_length=3)
    short: str | None = None
    aliases: list[str] = Field(default_factory=list)
    former: list[str] = Field(default_factory=list)

    @property
    def label(self) -> str:
        """Short name for buttons and sentences ("Hà Nội", "TP. Hồ Chí Minh")."""
        if self.short:
            return self.short
        for prefix in ("Thành phố ", "Tỉnh "):
            if self.name.startswith(prefix):
                return self.name[len(prefix):]
        return self.name


class _ProvinceFile(StrictModel):
    """Top level of provinces.yml."""

    provinces: list[Province]


@dataclass(frozen=True)
class ProvinceMatch:
    """A province found in text; `former` is the old province name when matched through it."""

    province: Province
    phrase: str
    former: str | None = None


def _phrases(province: Province) -> list[tuple[str, str | None]]:
    """Folded phrases naming the province, each with the former name it stands for (if any)."""
    out: list[tuple[str, str | None]] = []
    for text in (province.name, province.label, *province.aliases):
        out.append((normalize(text), None))
    for old in province.former:
        out.append((normalize(old), old))
    expanded: list[tuple[str, str | None]] = []
    for phrase, former in out:
        bare = phrase
        for prefix in _PREFIXES:
            if phrase.startswith(prefix) and len(phrase) > len(prefix) + 2:
                bare = phrase[len(prefix):]
        variants = {phrase, bare, *(prefix + bare for prefix in _PREFIXES)}
        if " " in bare:
            variants.add(bare.replace(" ", ""))  # "hanoi", "danang", "saigon"
        expanded.extend((v, former) for v in sorted(variants) if v)
    return expanded


def load_provinces(path: Path = PROVINCES_PATH) -> list[Province]:
    """Parse and validate provinces.yml; raise KBValidationError naming the file and the field."""
    name = path.name
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise KBValidationError(name, "(file)", f"cannot read: {exc}") from exc
    try:
        provinces = _ProvinceFile.model_validate(raw).provinces
    except ValidationError as exc:
        first = exc.errors()[0]
        loc = "".join(f"[{p}]" if isinstance(p, int) else f".{p}" for p in first["loc"]).lstrip(".")
        raise KBValidationError(name, loc or "(file)", first["msg"]) from exc
    if len(provinces) != PROVINCE_COUNT:
        raise KBValidationError(name, "provinces", f"expected {PROVINCE_COUNT} provinces, found {len(provinces)}")
    owner: dict[str, str] = {}
    for i, province in enumerate(provinces):
        if province.id in {p.id for p in provinces[:i]}:
            raise KBValidationError(name, f"provinces[{i}].id", f"duplicate id '{province.id}'")
        for phrase, _ in _phrases(province):
            other = owner.setdefault(phrase, province.id)
            if other != province.id:
                raise KBValidationError(
                    name, f"provinces[{i}]", f"name or alias '{phrase}' also names province '{other}'"
                )
    return provinces


class ProvinceDirectory:
    """Provinces by id, and the resolver from free text (with or without diacritics, old names)."""

    def __init__(self, provinces: list[Province]) -> None:
        self._by_id = {p.id: p for p in provinces}
        self._table: dict[tuple[str, ...], tuple[str, str | None]] = {}
        for province in provinces:
            for phrase, former in _phrases(province):
                self._table.setdefault(tuple(phrase.split()), (province.id, former))
        self._keys = sorted(" ".join(k) for k in self._table)

    def __iter__(self) -> Iterator[Province]:
        return iter(self._by_id.values())

    def __len__(self) -> int:
        return len(self._by_id)

    def get(self, province_id: object) -> Province | None:
        """The province with this id (None for anything else)."""
        return self._by_id.get(province_id) if isinstance(province_id, str) else None

    def _match(self, key: tuple[str, ...]) -> ProvinceMatch:
        """The match for a phrase of the table."""
        pid, former = self._table[key]
        return ProvinceMatch(self._by_id[pid], " ".join(key), former)

    def find_all(self, text: str) -> list[ProvinceMatch]:
        """Every province named in the text by an exact phrase, left to right (longest phrase first)."""
        words = normalize(text).split()
        found: list[ProvinceMatch] = []
        i = 0
        while i < len(words):
            for n in range(min(MAX_PHRASE, len(words) - i), 0, -1):
                key = tuple(words[i : i + n])
                if key in self._table:
                    found.append(self._match(key))
                    i += n
                    break
            else:
                i += 1
        return found

    def find(self, text: str) -> ProvinceMatch | None:
        """The one province the text names (None when none, or when several different ones)."""
        found = self.find_all(text)
        ids = {m.province.id for m in found}
        return found[0] if len(ids) == 1 else None

    def resolve_reply(self, text: str) -> ProvinceMatch | None:
        """A reply to "which province?": exact phrases first, then typo-tolerant for short replies."""
        exact = self.find(text)
        if exact is not None or self.find_all(text):
            return exact
        words = normalize(text).split()
        if not words or len(words) > 6:
            return None
        best: tuple[float, str] | None = None
        ambiguous = False
        for n in range(1, min(MAX_PHRASE, len(words)) + 1):
            for i in range(len(words) - n + 1):
                window = " ".join(words[i : i + n])
                if len(window) < 5 or words[i] in _FILLER or words[i + n - 1] in _FILLER:
                    continue
                for key in difflib.get_close_matches(window, self._keys, n=3, cutoff=0.85):
                    if len(key) < 5:
                        continue
                    score = difflib.SequenceMatcher(None, window, key).ratio()
                    owner = self._table[tuple(key.split())][0]
                    if best is None or score > best[0] + 1e-9:
                        ambiguous = False
                        best = (score, key)
                    elif abs(score - best[0]) < 1e-9 and owner != self._table[tuple(best[1].split())][0]:
                        ambiguous = True
        if best is None or ambiguous:
            return None
        return self._match(tuple(best[1].split()))


@lru_cache(maxsize=1)
def default_directory() -> ProvinceDirectory:
    """The packaged provinces.yml, loaded and validated once per process."""
    return ProvinceDirectory(load_provinces())
