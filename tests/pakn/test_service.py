"""PAKN service on a real database: filing, authorisation, workflow, reports, retention, outages."""

from __future__ import annotations

import csv
import datetime as dt
import io
import threading

import pytest
from sqlalchemy import Engine, func, select, text
from sqlalchemy.orm import Session

from common.db import make_engine, make_session_factory
from common.settings import PaknSettings
from pakn.delivery import DeliveryResult, HttpDeliverer
from pakn.exceptions import (
    InvalidTransition,
    PaknAccessDenied,
    PaknNotFound,
    PaknStorageError,
    PaknValidationError,
)
from pakn.models import Feedback, StatusEvent
from pakn.records import ListFilter
from pakn.service import PaknService
from tests.pakn.conftest import T0, Clock, Outbox, draft


def _rows(engine: Engine) -> list[Feedback]:
    with Session(engine) as session:
        return list(session.scalars(select(Feedback)))


def _history(engine: Engine, code: str) -> list[StatusEvent]:
    with Session(engine) as session:
        return list(session.scalars(
            select(StatusEvent).join(Feedback).where(Feedback.code == code).order_by(StatusEvent.id)))


# -- filing ---------------------------------------------------------------------------------------
def test_file_writes_row_and_history(pakn: PaknService, engine: Engine, clock: Clock) -> None:
    view = pakn.file(draft())
    assert view.code.startswith("PAKN-") and len(view.code) == 15
    [row] = _rows(engine)
    assert row.code == view.code and row.status == "received" and row.kind == "phan_anh"
    assert row.channel == "telegram" and row.sender_id == "telegram:424242"
    assert row.phone == "0912345678" and row.province_id == "ha_noi"
    assert row.created_at == clock.now == row.consent_at == row.updated_at
    # Tuesday 2/9/2025 + 10 working days = Tuesday 16/9/2025, end of day in Vietnam
    assert row.due_at == dt.datetime(2025, 9, 16, 16, 59, 59, tzinfo=dt.timezone.utc)
    [filed] = _history(engine, view.code)
    assert (filed.event, filed.from_status, filed.to_status, filed.actor) == ("filed", None, "received", "citizen")


def test_file_normalises_phone_and_derives_channel(pakn: PaknService) -> None:
    view = pakn.file(draft(phone="+84 987.654.321", sender_id="webchat:8b1f", citizen_name=None, commune=None))
    assert view.phone == "0987654321" and view.channel == "webchat"
    assert pakn.file(draft(sender_id="plain-sender")).channel == "rest"


@pytest.mark.parametrize(("overrides", "field"), [
    ({"content": "quá chậm"}, "content"),
    ({"consent": False}, "consent"),
    ({"kind": "khieu_nai"}, "kind"),
    ({"phone": "12345"}, "phone"),
    ({"province_name": " "}, "province"),
    ({"sender_id": ""}, "sender_id"),
])
def test_invalid_drafts_store_nothing(pakn: PaknService, engine: Engine, overrides: dict[str, object],
                                      field: str) -> None:
    with pytest.raises(PaknValidationError) as err:
        pakn.file(draft(**overrides))
    assert err.value.field == field
    assert _rows(engine) == []


def test_concurrent_filings_get_unique_codes(pakn: PaknService, engine: Engine) -> None:
    codes: list[str] = []
    errors: list[BaseException] = []
    lock = threading.Lock()

    def worker(i: int) -> None:
        try:
            view = pakn.file(draft(sender_id=f"zalo:user{i}"))
            with lock:
                codes.append(view.code)
        except BaseException as exc:  # collected and reported below
            errors.append(exc)

    threads = [threading.Thread(target=worker, args=(i,)) for i in range(24)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    assert len(codes) == len(set(codes)) == 24
    assert sorted(r.code for r in _rows(engine)) == sorted(codes)


def test_code_collision_draws_a_new_code(engine: Engine, clock: Clock, outbox: Outbox) -> None:
    sequence = iter(["PAKN-AAAAAAAAAA", "PAKN-AAAAAAAAAA", "PAKN-BBBBBBBBBB"])
    service = PaknService(make_session_factory(engine), PaknSettings(), clock=clock, deliver=outbox,
                          code_factory=lambda: next(sequence))
    assert service.file(draft()).code == "PAKN-AAAAAAAAAA"
    assert service.file(draft()).code == "PAKN-BBBBBBBBBB"
    assert len(_rows(engine)) == 2


# -- outages --------------------------------------------------------------------------------------
def test_database_down_raises_and_claims_nothing(clock: Clock, outbox: Outbox) -> None:
    dead = make_engine("postgresql+psycopg2://nobody:x@127.0.0.1:9/none?connect_timeout=2")
    service = PaknService(make_session_factory(dead), PaknSettings(), clock=clock, deliver=outbox)
    with pytest.raises(PaknStorageError):
        service.file(draft())
    with pytest.raises(PaknStorageError):
        service.check_status("PAKN-AAAAAAAAAA", "telegram:1")
    dead.dispose()


def test_failure_inside_the_transaction_leaves_no_row(pakn: PaknService, engine: Engine) -> None:
    with engine.begin() as conn:  # the history insert fails after the PAKN row was written
        conn.execute(text("ALTER TABLE pakn_status_history RENAME TO pakn_status_history_off"))
    try:
        with pytest.raises(PaknStorageError):
            pakn.file(draft())
    finally:
        with engine.begin() as conn:
            conn.execute(text("ALTER TABLE pakn_status_history_off RENAME TO pakn_status_history"))
    assert _rows(engine) == []
    assert pakn.file(draft()).status == "received"


# -- who may read a PAKN --------------------------------------------------------------------------
def test_status_for_the_sender_who_filed(pakn: PaknService) -> None:
    view = pakn.file(draft())
    status = pakn.check_status(view.code.lower(), "telegram:424242")
    assert (status.code, status.status, status.answer_text) == (view.code, "received", None)
    assert pakn.is_owner(view.code, "telegram:424242")
    assert not pakn.is_owner(view.code, "telegram:999")


def test_other_sender_needs_the_stored_phone(pakn: PaknService) -> None:
    view = pakn.file(draft(phone="0912345678"))
    with pytest.raises(PaknAccessDenied):
        pakn.check_status(view.code, "zalo:stranger")
    with pytest.raises(PaknAccessDenied):
        pakn.check_status(view.code, "zalo:stranger", "0912345679")
    with pytest.raises(PaknAccessDenied):
        pakn.check_status(view.code, "zalo:stranger", "not a phone")
    assert pakn.check_status(view.code, "zalo:stranger", "+84 912 345 678").code == view.code


def test_unknown_code_and_wrong_phone_look_the_same(pakn: PaknService) -> None:
    view = pakn.file(draft(phone=None))
    for code, phone in ((view.code, "0912345678"), ("PAKN-AAAAAAAAAA", "0912345678"), ("garbage", None)):
        with pytest.raises(PaknAccessDenied) as err:
            pakn.check_status(code, "zalo:stranger", phone)
        assert str(err.value) == "no PAKN matches this code and sender/phone"


def test_codes_of_sender(pakn: PaknService, clock: Clock) -> None:
    first = pakn.file(draft())
    clock.advance(minutes=5)
    second = pakn.file(draft())
    pakn.file(draft(sender_id="zalo:other"))
    assert pakn.codes_of_sender("telegram:424242") == [second.code, first.code]
    assert pakn.codes_of_sender("") == []


# -- staff workflow -------------------------------------------------------------------------------
def test_status_changes_are_kept_as_history(pakn: PaknService, engine: Engine, clock: Clock) -> None:
    code = pakn.file(draft()).code
    clock.advance(hours=2)
    pakn.change_status(code, "processing", "Trần Thị Bình", "Chuyển phòng Tư pháp")
    with pytest.raises(InvalidTransition):
        pakn.change_status(code, "answered", "Trần Thị Bình")  # an answer is needed first
    clock.advance(days=1)
    result = pakn.answer(code, "Trần Thị Bình", "Hồ sơ đã có kết quả, mời anh đến nhận.")
    clock.advance(days=1)
    closed = pakn.change_status(code, "closed", "Lê Văn Cường", "Người dân đã nhận kết quả")
    assert closed.status == "closed" and closed.closed_at == clock.now
    assert result.feedback.status == "answered"
    events = [(h.event, h.from_status, h.to_status, h.actor) for h in _history(engine, code)]
    assert events == [
        ("filed", None, "received", "citizen"),
        ("status", "received", "processing", "Trần Thị Bình"),
        ("answer", "processing", "answered", "Trần Thị Bình"),
        ("delivery", None, None, "Trần Thị Bình"),
        ("status", "answered", "closed", "Lê Văn Cường"),
    ]
    history = _history(engine, code)
    assert history[1].note == "Chuyển phòng Tư pháp"
    assert history[1].created_at == T0 + dt.timedelta(hours=2)
    with pytest.raises(InvalidTransition):
        pakn.change_status(code, "processing", "X")
    with pytest.raises(InvalidTransition):
        pakn.answer(code, "X", "thêm")


def test_change_status_needs_staff_and_known_code(pakn: PaknService) -> None:
    code = pakn.file(draft()).code
    with pytest.raises(PaknValidationError):
        pakn.change_status(code, "processing", " ")
    with pytest.raises(PaknNotFound):
        pakn.change_status("PAKN-AAAAAAAAAA", "processing", "A")
    with pytest.raises(InvalidTransition):
        pakn.change_status(code, "bogus", "A")


def test_answer_is_delivered_on_the_citizens_channel(pakn: PaknService, outbox: Outbox, engine: Engine) -> None:
    code = pakn.file(draft(sender_id="zalo:77")).code
    result = pakn.answer(code, "Cán bộ A", "Đã xử lý xong.")
    assert result.delivery == DeliveryResult(True, "")
    [(channel, sender, message)] = outbox.sent
    assert (channel, sender) == ("zalo", "zalo:77")
    assert code in message and "Đã xử lý xong." in message
    # received → processing (automatic) → answered
    assert [h.to_status for h in _history(engine, code)][:3] == ["received", "processing", "answered"]
    assert pakn.check_status(code, "zalo:77").answer_text == "Đã xử lý xong."


def test_failed_delivery_keeps_the_answer(pakn: PaknService, outbox: Outbox, engine: Engine) -> None:
    outbox.result = DeliveryResult(False, "blocked_by_user")
    code = pakn.file(draft()).code
    result = pakn.answer(code, "Cán bộ A", "Trả lời")
    assert result.delivery is not None and not result.delivery.delivered
    delivery = _history(engine, code)[-1]
    assert (delivery.event, delivery.delivered, delivery.delivery_reason) == ("delivery", False, "blocked_by_user")
    assert pakn.get(code).answer_text == "Trả lời"


def test_real_delivery_records_why_it_failed(engine: Engine, clock: Clock,
                                             monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("STAFF_API_TOKEN", raising=False)  # never reach a web service running on this machine
    factory = make_session_factory(engine)
    service = PaknService(factory, PaknSettings(), clock=clock, deliver=HttpDeliverer(PaknSettings()))
    code = service.file(draft(sender_id="telegram:42")).code
    result = service.answer(code, "Cán bộ A", "Trả lời")
    assert result.delivery is not None
    entry = _history(engine, code)[-1]
    assert entry.event == "delivery" and entry.delivered == result.delivery.delivered
    if not result.delivery.delivered:
        assert entry.delivery_reason  # why it failed is kept for staff


# -- list, summary, CSV ---------------------------------------------------------------------------
@pytest.fixture
def populated(pakn: PaknService, clock: Clock) -> dict[str, str]:
    codes: dict[str, str] = {}
    codes["hn1"] = pakn.file(draft()).code
    codes["hn2"] = pakn.file(draft(kind="kien_nghi")).code
    codes["hcm"] = pakn.file(draft(province_id="ho_chi_minh", province_name="Thành phố Hồ Chí Minh")).code
    clock.advance(days=30)  # October
    codes["hcm2"] = pakn.file(draft(province_id="ho_chi_minh", province_name="Thành phố Hồ Chí Minh",
                                    kind="kien_nghi")).code
    pakn.change_status(codes["hn1"], "processing", "A")
    pakn.answer(codes["hn1"], "A", "Đã trả lời")
    pakn.change_status(codes["hn2"], "closed", "A", "Trùng lặp")
    return codes


def test_list_filters(pakn: PaknService, populated: dict[str, str]) -> None:
    assert {f.code for f in pakn.find(ListFilter(kind="kien_nghi"))} == {populated["hn2"], populated["hcm2"]}
    assert [f.code for f in pakn.find(ListFilter(status="answered"))] == [populated["hn1"]]
    assert {f.code for f in pakn.find(ListFilter(province="ho chi minh"))} == {populated["hcm"], populated["hcm2"]}
    assert {f.code for f in pakn.find(ListFilter(province="Hà Nội"))} == {populated["hn1"], populated["hn2"]}
    assert {f.code for f in pakn.find(ListFilter(province="Sài Gòn"))} == {populated["hcm"], populated["hcm2"]}
    assert {f.code for f in pakn.find(ListFilter(province="ha_noi"))} == {populated["hn1"], populated["hn2"]}
    october = pakn.find(ListFilter(date_from=dt.date(2025, 10, 1), date_to=dt.date(2025, 10, 31)))
    assert [f.code for f in october] == [populated["hcm2"]]
    # 30 days later the September items still open are overdue; the October one is not
    assert [f.code for f in pakn.find(ListFilter(overdue_only=True))] == [populated["hcm"]]
    assert len(pakn.find(ListFilter(limit=2))) == 2


def test_summary_figures(pakn: PaknService, populated: dict[str, str]) -> None:
    s = pakn.summary()
    assert (s.total.received, s.total.processed, s.total.in_progress, s.total.overdue) == (4, 2, 2, 1)
    assert s.total.rate == 50.0
    kinds = {t.key: (t.received, t.processed) for t in s.by_kind}
    assert kinds == {"phan_anh": (2, 1), "kien_nghi": (2, 1)}
    provinces = {t.key: (t.received, t.processed, t.rate) for t in s.by_province}
    assert provinces == {"ha_noi": (2, 2, 100.0), "ho_chi_minh": (2, 0, 0.0)}
    assert [(t.key, t.received) for t in s.by_month] == [("2025-09", 3), ("2025-10", 1)]
    sept = pakn.summary(dt.date(2025, 9, 1), dt.date(2025, 9, 30))
    assert (sept.total.received, sept.total.processed) == (3, 2)
    assert sept.as_dict()["total"]["rate_percent"] == 66.7



def test_summary_months_are_vietnam_months(pakn: PaknService, clock: Clock) -> None:
    """The database groups by month in Vietnam time: 30/09 18:00 UTC is already 1 October in Hà Nội."""
    clock.now = dt.datetime(2025, 9, 30, 16, 59, tzinfo=dt.timezone.utc)  # 23:59 on 30/09 in Vietnam
    pakn.file(draft())
    clock.now = dt.datetime(2025, 9, 30, 18, 0, tzinfo=dt.timezone.utc)  # 01:00 on 1/10 in Vietnam
    pakn.file(draft())
    pakn.file(draft(kind="kien_nghi"))
    s = pakn.summary()
    assert [(t.key, t.label, t.received) for t in s.by_month] == [("2025-09", "09/2025", 1), ("2025-10", "10/2025", 2)]
    assert {t.key: t.received for t in s.by_kind} == {"phan_anh": 2, "kien_nghi": 1}

def test_csv_export_has_bom_and_no_personal_data_by_default(pakn: PaknService, populated: dict[str, str]) -> None:
    out = io.StringIO()
    assert pakn.export_csv(out) == 4
    data = out.getvalue()
    assert data.startswith("\ufeff")
    rows = list(csv.reader(io.StringIO(data[1:])))
    assert rows[0][:3] == ["Mã", "Loại", "Trạng thái"]
    assert {r[0] for r in rows[1:]} == set(populated.values())
    assert "0912345678" not in data and "Nguyễn Văn An" not in data and "hẹn trả kết quả" not in data


def test_csv_export_masks_numbers_typed_into_anonymous_columns(pakn: PaknService) -> None:
    pakn.file(draft(procedure_text="cán bộ phường, gọi 024 3825 1234 không ai nghe, CCCD 001 203 004 567"))
    out = io.StringIO()
    pakn.export_csv(out)
    data = out.getvalue()
    assert "cán bộ phường" in data
    assert "3825 1234" not in data and "004 567" not in data


def test_csv_export_with_personal_data_escapes_formulas(pakn: PaknService) -> None:
    pakn.file(draft(content="=HYPERLINK(\"http://x\") cán bộ thu tiền ngoài quy định khi làm thủ tục"))
    out = io.StringIO()
    pakn.export_csv(out, personal=True)
    rows = list(csv.reader(io.StringIO(out.getvalue()[1:])))
    header, row = rows
    record = dict(zip(header, row, strict=True))
    assert record["Số điện thoại"] == "0912345678" and record["Họ tên"] == "Nguyễn Văn An"
    assert record["Nội dung"].startswith("'=HYPERLINK")


# -- retention ------------------------------------------------------------------------------------
def test_purge_erases_personal_data_and_keeps_figures(pakn: PaknService, populated: dict[str, str],
                                                      clock: Clock, engine: Engine) -> None:
    pakn.change_status(populated["hn1"], "closed", "A")
    before = pakn.summary().as_dict()
    clock.advance(days=100)
    assert pakn.purge_personal_data(retention_days=365) == []
    clock.advance(days=300)
    dry = pakn.purge_personal_data(retention_days=365, dry_run=True)
    assert sorted(dry) == sorted([populated["hn1"], populated["hn2"]])
    assert pakn.get(populated["hn1"]).phone == "0912345678"  # a dry run changes nothing
    purged = pakn.purge_personal_data(retention_days=365)
    assert sorted(purged) == sorted([populated["hn1"], populated["hn2"]])
    for code in purged:
        f = pakn.get(code)
        assert (f.content, f.citizen_name, f.phone, f.sender_id, f.commune, f.answer_text) == (None,) * 6
        assert f.purged_at == clock.now and f.province_id == "ha_noi" and f.status == "closed"
        assert all(h.note is None for h in f.history if h.event != "purge")
        assert f.history[-1].event == "purge"
    open_one = pakn.get(populated["hcm"])
    assert open_one.phone == "0912345678" and open_one.content
    after = pakn.summary().as_dict()
    for key in ("total", "by_kind", "by_province", "by_month"):
        strip = (lambda rows: [{k: v for k, v in r.items() if k != "overdue"} for r in rows]) \
            if isinstance(before[key], list) else (lambda r: {k: v for k, v in r.items() if k != "overdue"})
        assert strip(after[key]) == strip(before[key])
    assert pakn.purge_personal_data(retention_days=365) == []  # idempotent
    with Session(engine) as session:
        assert session.scalar(select(func.count()).select_from(Feedback)) == 4
