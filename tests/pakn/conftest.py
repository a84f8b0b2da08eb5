"""PAKN fixtures: a service on a fresh migrated database, a settable clock, a recording delivery."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass, field

import pytest
from sqlalchemy import Engine

from common.db import make_session_factory
from common.settings import PaknSettings
from pakn import service as service_module
from pakn.delivery import DeliveryResult
from pakn.records import FeedbackDraft
from pakn.service import PaknService

# A Tuesday morning in Hanoi (02:00 UTC = 09:00 ICT).
T0 = dt.datetime(2025, 9, 2, 2, 0, tzinfo=dt.timezone.utc)


class Clock:
    """A clock the test moves by hand."""

    def __init__(self, now: dt.datetime = T0) -> None:
        self.now = now

    def __call__(self) -> dt.datetime:
        return self.now

    def advance(self, **delta: float) -> None:
        self.now += dt.timedelta(**delta)


@dataclass
class Outbox:
    """Records what would have been sent to citizens; `result` is what the channel answers."""

    result: DeliveryResult = field(default_factory=lambda: DeliveryResult(True, ""))
    sent: list[tuple[str, str, str]] = field(default_factory=list)

    def __call__(self, channel: str, sender_id: str, text: str) -> DeliveryResult:
        self.sent.append((channel, sender_id, text))
        return self.result


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def outbox() -> Outbox:
    return Outbox()


@pytest.fixture
def pakn(engine: Engine, clock: Clock, outbox: Outbox) -> PaknService:
    """The service on a fresh database (SQLite, or PostgreSQL with TEST_DATABASE_URL)."""
    return PaknService(make_session_factory(engine), PaknSettings(retention_days=365, due_working_days=10),
                       clock=clock, deliver=outbox)


@pytest.fixture
def live_service(database_url: str, monkeypatch: pytest.MonkeyPatch) -> Iterator[PaknService]:
    """The process-wide service the actions use, pointed at the fresh database."""
    monkeypatch.setenv("DATABASE_URL", database_url)
    monkeypatch.delenv("PAKN_RETENTION_DAYS", raising=False)
    monkeypatch.delenv("PAKN_DUE_WORKING_DAYS", raising=False)
    service_module.reset_service()
    yield service_module.get_service()
    service_module.reset_service()


def draft(**overrides: object) -> FeedbackDraft:
    """A valid draft; override any field."""
    values: dict[str, object] = dict(
        kind="phan_anh",
        content="Cán bộ bộ phận một cửa hẹn trả kết quả cấp căn cước đã trễ hai tuần mà không báo lý do.",
        province_name="Thành phố Hà Nội", province_id="ha_noi", commune="Phường Ba Đình",
        procedure_id="can_cuoc_14plus", procedure_text="Cấp thẻ căn cước", citizen_name="Nguyễn Văn An",
        phone="0912345678", consent=True, sender_id="telegram:424242",
    )
    values.update(overrides)
    return FeedbackDraft(**values)  # type: ignore[arg-type]
