"""The thin index of the national catalogue: procedures without a full entry, and matters that are not
one-stop procedures (divorce goes to court), so that the assistant can name them and say where to go."""

from __future__ import annotations

import datetime as dt
from functools import lru_cache
from pathlib import Path

import yaml
from pydantic import Field, ValidationError, field_validator

from procedures_kb.exceptions import KBValidationError
from procedures_kb.schema import ID_PATTERN, Level, StrictModel, _check_url

INDEX_PATH = Path(__file__).resolve().parent / "data" / "catalogue_index.yml"
PORTAL_SEARCH_URL = "https://dichvucong.gov.vn/p/home/dvc-tthc-thu-tuc-hanh-chinh.html"


class IndexSource(StrictModel):
    """Where the index entries were taken from."""

    title: str
    url: str | list[str]
    retrieved: dt.date


class IndexEntry(StrictModel):
    """One procedure of the national catalogue, known by name only."""

    id: str = Field(pattern=ID_PATTERN, max_length=64)
    name: str = Field(min_length=5)
    code: str | None = None
    field: str | None = None
    level: Level | None = None
    agency: str | None = None
    official_page_url: str | None = None
    keywords: list[str] = Field(default_factory=list)

    _url = field_validator("official_page_url")(classmethod(lambda cls, v: _check_url(v)))


class NotOneStop(StrictModel):
    """A matter people bring to the desk that no one-stop procedure handles, and where to go instead."""

    id: str = Field(pattern=ID_PATTERN, max_length=64)
    name: str = Field(min_length=3)
    where_to_go: str = Field(min_length=5)
    keywords: list[str] = Field(default_factory=list)
    legal_basis: str | None = None
    # The answer's first sentence when "not a one-stop procedure" is not true (a procedure done abroad)
    lead: str | None = None


class CatalogueIndex(StrictModel):
    """The whole index file."""

    source: IndexSource | list[IndexSource]
    entries: list[IndexEntry] = Field(default_factory=list)
    not_one_stop: list[NotOneStop] = Field(default_factory=list)

    def find(self, entry_id: str) -> IndexEntry | NotOneStop | None:
        """The entry (or not-one-stop matter) with this id."""
        items: list[IndexEntry | NotOneStop] = [*self.entries, *self.not_one_stop]
        return next((item for item in items if item.id == entry_id), None)


def load_index(path: Path = INDEX_PATH) -> CatalogueIndex:
    """Parse and validate the index; an absent file is an empty index."""
    if not path.exists():
        return CatalogueIndex(source=[], entries=[], not_one_stop=[])
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        return CatalogueIndex.model_validate(raw)
    except (yaml.YAMLError, ValidationError) as exc:
        raise KBValidationError(path.name, "(file)", str(exc).splitlines()[0]) from exc


@lru_cache(maxsize=1)
def default_index() -> CatalogueIndex:
    """The index shipped with the KB, read once per process."""
    return load_index()
