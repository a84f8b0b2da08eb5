"""Validated schema of one procedure YAML file (the reviewed source of truth)."""

from __future__ import annotations

import datetime as dt
import re
from enum import Enum

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

ID_PATTERN = r"^[a-z][a-z0-9_]*$"
CODE_PATTERN = r"^(\d\.\d{6}|\(.+\))$"
URL_RE = re.compile(r"^https?://[A-Za-z0-9.-]+\.[A-Za-z]{2,}(:\d+)?(/[^\s]*)?$")


class Confidence(str, Enum):
    """How sure we are of a fact: high = official text seen."""

    high = "high"
    medium = "medium"
    low = "low"


class Level(str, Enum):
    """Government level that handles a procedure after 1/7/2025 (two-tier)."""

    commune = "commune"
    province = "province"
    central = "central"


class DocForm(str, Enum):
    """Form in which a document is submitted."""

    original = "original"
    copy = "copy"
    certified_copy = "certified_copy"
    present_original = "present_original"
    electronic = "electronic"


class FeeKind(str, Enum):
    """Regular fee, or a reduction/exemption beside it (time-limited or permanent)."""

    regular = "regular"
    reduction = "reduction"
    exemption = "exemption"


class TimeUnit(str, Enum):
    """Unit of a processing time; `immediate` = handled on receipt (no amount)."""

    working_days = "working_days"
    days = "days"
    hours = "hours"
    immediate = "immediate"


class Channel(str, Enum):
    """Ways to submit an application."""

    in_person = "in_person"
    online = "online"
    postal = "postal"
    vneid = "vneid"
    phone = "phone"
    email = "email"


class StrictModel(BaseModel):
    """Base: unknown fields are errors, strings are stripped."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True, use_enum_values=False)


def _check_url(value: str | None) -> str | None:
    if value is not None and not URL_RE.match(value):
        raise ValueError(f"not a well-formed http(s) URL: {value!r}")
    return value


class ProcedureCode(StrictModel):
    """A code in the national procedure database (e.g. 1.001193)."""

    code: str = Field(pattern=CODE_PATTERN)
    level: Level
    status: str = Field(default="active", pattern=r"^(active|abolished|unpublished)$")
    note: str | None = None


class Agency(StrictModel):
    """Who handles the procedure and where a citizen submits."""

    name: str = Field(min_length=3)
    level: Level
    where: str = Field(min_length=3)


class Document(StrictModel):
    """One document of the application file."""

    name: str = Field(min_length=3)
    copies: int = Field(default=1, ge=1, le=20)
    form: DocForm
    required: bool = True
    note: str | None = None  # shown to the citizen: plain words only
    staff_note: str | None = None  # research trail for staff and the audit, never shown to a citizen
    confidence: Confidence = Confidence.high


class Fee(StrictModel):
    """A fee amount for one case, valid over a period, set by a legal text.

    `amount_vnd: null` means "no national amount / not known" (e.g. set by each People's Council);
    `condition` must then say who sets it. A fee with `province` applies only there and, for that
    province, replaces the national entry of the same case (or of the case it refines: "<case> – …").
    """

    case: str = Field(min_length=2)
    amount_vnd: int | None = Field(ge=0, le=1_000_000_000)
    kind: FeeKind = FeeKind.regular
    condition: str | None = None
    legal_basis: str = Field(min_length=3)
    valid_from: dt.date | None = None
    valid_to: dt.date | None = None
    province: str | None = Field(default=None, pattern=ID_PATTERN)
    confidence: Confidence
    staff_note: str | None = None  # research trail, never shown to a citizen (`condition` is)

    @field_validator("amount_vnd", mode="before")
    @classmethod
    def _integer_vnd(cls, value: object) -> object:
        if value is None:
            return None
        if isinstance(value, bool) or not isinstance(value, int):
            raise ValueError("money must be an integer number of VND (e.g. 100000), or null when not fixed")
        return value

    @model_validator(mode="after")
    def _period(self) -> Fee:
        if self.valid_from and self.valid_to and self.valid_to < self.valid_from:
            raise ValueError("valid_to is before valid_from")
        if self.amount_vnd is None:
            if not self.condition:
                raise ValueError("amount_vnd null needs a condition saying who sets the amount")
            if self.kind != FeeKind.regular:
                raise ValueError("only a regular fee may have amount_vnd null")
        if self.kind == FeeKind.exemption and self.amount_vnd != 0:
            raise ValueError("an exemption has amount_vnd 0")
        return self

    @property
    def fixed(self) -> bool:
        """Whether the amount is known (not left to each province / unknown)."""
        return self.amount_vnd is not None

    def in_force(self, day: dt.date) -> bool:
        """Whether this fee applies on the given day."""
        if self.valid_from and day < self.valid_from:
            return False
        return not (self.valid_to and day > self.valid_to)

    def expired(self, day: dt.date) -> bool:
        """Whether this fee's period ended before the given day."""
        return self.valid_to is not None and day > self.valid_to

    def refines(self, case: str) -> bool:
        """Whether this fee's case is `case` or a sub-case of it ("<case> – …")."""
        return self.case == case or self.case.startswith(case + " – ")


class ProcessingTime(StrictModel):
    """How long the agency takes, typed by unit (`immediate`: on receipt, no amount)."""

    amount: float | None = Field(default=None, gt=0, le=365)
    unit: TimeUnit
    condition: str | None = None
    legal_basis: str = Field(min_length=3)
    province: str | None = Field(default=None, pattern=ID_PATTERN)
    confidence: Confidence
    staff_note: str | None = None  # research trail, never shown to a citizen

    @model_validator(mode="after")
    def _amount(self) -> ProcessingTime:
        if self.unit == TimeUnit.immediate and self.amount is not None:
            raise ValueError("an immediate processing time has no amount")
        if self.unit != TimeUnit.immediate and self.amount is None:
            raise ValueError("amount is required (or use unit: immediate)")
        return self


class RuleKind(str, Enum):
    """A rule around a procedure beyond its five aspects."""

    deadline = "deadline"  # what the citizen must do, by when (a birth within 60 days…)
    validity = "validity"  # how long the result lasts, whether it can be extended


class Rule(StrictModel):
    """A deadline the citizen must meet or the validity of the result, in plain words, with its legal basis."""

    kind: RuleKind
    text: str = Field(min_length=10)
    legal_basis: str = Field(min_length=3)
    confidence: Confidence
    staff_note: str | None = None


class LegalText(StrictModel):
    """A law, decree or circular the procedure rests on."""

    title: str = Field(min_length=3)
    url: str | None = None

    _url = field_validator("url")(classmethod(lambda cls, v: _check_url(v)))


class Source(StrictModel):
    """Where the facts were read, and when."""

    title: str = Field(min_length=3)
    url: str
    retrieved: dt.date
    official: bool = False

    _url = field_validator("url")(classmethod(lambda cls, v: _check_url(v)))


class Procedure(StrictModel):
    """One administrative procedure as citizens and staff need it."""

    id: str = Field(pattern=ID_PATTERN, max_length=64)
    name: str = Field(min_length=5)
    category: str = Field(pattern=ID_PATTERN)
    aliases: list[str] = Field(min_length=1)
    abbreviations: list[str] = Field(default_factory=list)
    # What happened in a citizen's life that leads to this procedure ("con mới sinh", "bố mất"),
    # and questions as citizens write them: both teach the procedure ranker, neither is an alias
    # (they are not matched literally, so they cannot capture a neighbouring procedure).
    life_events: list[str] = Field(default_factory=list)
    example_questions: list[str] = Field(default_factory=list)
    codes: list[ProcedureCode] = Field(default_factory=list)
    agency: Agency
    summary: str = Field(min_length=10)
    documents: list[Document] = Field(min_length=1)
    fees: list[Fee] = Field(min_length=1)
    processing_times: list[ProcessingTime] = Field(min_length=1)
    rules: list[Rule] = Field(default_factory=list)
    channels: list[Channel] = Field(min_length=1)
    online_url: str | None = None
    official_page_url: str
    legal_basis: list[LegalText] = Field(min_length=1)
    sources: list[Source] = Field(min_length=1)
    group: str | None = Field(default=None, pattern=ID_PATTERN)
    group_members: list[str] = Field(default_factory=list)
    # Notes for staff and reviewers (research trail, open questions); never shown to a citizen.
    staff_notes: list[str] = Field(default_factory=list)
    confidence: Confidence
    last_verified: dt.date

    _urls = field_validator("online_url", "official_page_url")(
        classmethod(lambda cls, v: _check_url(v))
    )

    @model_validator(mode="after")
    def _online(self) -> Procedure:
        if Channel.online in self.channels and not self.online_url:
            raise ValueError("channels include online but online_url is missing")
        return self
