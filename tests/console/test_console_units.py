"""Console parts without a server: settings, desk search fusion, the card, the migration, accounts."""

from __future__ import annotations

import datetime as dt

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import Engine, select
from sqlalchemy.orm import Session

from common.console_settings import ConsoleSettings
from common.db import Base, make_session_factory
from common.model_registry import import_all_models, model_modules
from common.settings import ConfigurationError
from console.accounts import AccountError, Accounts
from console.card import build_card
from console.desk import DeskSearch, rasa_ranker
from console.models import StaffUser
from console.throttle import LoginThrottle
from fakes.fake_rasa import FakeRasa
from fakes.server import ServerThread
from procedures_kb.catalogue_index import default_index
from procedures_kb.provinces import default_directory
from procedures_kb.repository import KnowledgeBase


def test_bad_console_settings_are_refused_naming_the_variable() -> None:
    with pytest.raises(ConfigurationError, match="CONSOLE_PORT"):
        ConsoleSettings.from_env({"CONSOLE_PORT": "http"})
    with pytest.raises(ConfigurationError, match="CONSOLE_RASA_URL"):
        ConsoleSettings.from_env({"CONSOLE_RASA_URL": "rasa:5005"})
    assert ConsoleSettings.from_env({}).console_host == "127.0.0.1"


@pytest.mark.parametrize(("query", "expected"), [
    ("mat cccd", "can_cuoc_cap_lai"),
    ("lam ho chieu o dau", "ho_chieu"),
    ("dk ket hon", "ket_hon"),
])
def test_desk_search_ranks_like_the_resolver(kb: KnowledgeBase, query: str, expected: str) -> None:
    result = DeskSearch(kb, default_index()).search(query)
    assert result.hits[0].procedure.id == expected
    assert "resolver" in result.hits[0].sources


def test_life_events_find_procedures_the_names_do_not(kb: KnowledgeBase) -> None:
    event = next(e for p in kb.procedures.values() for e in p.life_events)
    owner = next(p.id for p in kb.procedures.values() if event in p.life_events)
    result = DeskSearch(kb, default_index()).search(event)
    assert owner in [h.procedure.id for h in result.hits]


def test_rasa_ranking_joins_and_an_unreachable_rasa_is_ignored(kb: KnowledgeBase) -> None:
    boosted = DeskSearch(kb, default_index(), rasa=lambda text: [("thai_san", 0.9), ("not_a_procedure", 0.8)])
    result = boosted.search("toi vua sinh em be")
    assert result.rasa_used and "thai_san" in [h.procedure.id for h in result.hits]
    offline = DeskSearch(kb, default_index(), rasa=rasa_ranker("http://127.0.0.1:9", 0.2))
    assert not offline.search("mat cccd").rasa_used
    assert offline.search("mat cccd").hits[0].procedure.id == "can_cuoc_cap_lai"


def test_the_desk_asks_rasa_with_its_token(kb: KnowledgeBase) -> None:
    """Rasa's HTTP API refuses calls without RASA_AUTH_TOKEN: the desk sends it, and a wrong one
    leaves the desk on the KB alone."""
    fake = FakeRasa()
    with ServerThread(fake.app) as server:
        fake.rank("con moi sinh", [("khai_sinh", 0.9)], token="t" * 40)
        right = DeskSearch(kb, default_index(), rasa=rasa_ranker(server.url, 2.0, "t" * 40))
        result = right.search("con moi sinh")
        assert result.rasa_used and result.hits[0].procedure.id == "khai_sinh"
        wrong = DeskSearch(kb, default_index(), rasa=rasa_ranker(server.url, 2.0, "x" * 40))
        assert not wrong.search("con moi sinh").rasa_used


def test_empty_and_huge_queries(kb: KnowledgeBase) -> None:
    desk = DeskSearch(kb, default_index())
    assert desk.search("   ").hits == []
    assert len(desk.search("ho chieu " * 500).query) <= 300


def test_card_uses_the_fee_in_force_for_the_province_and_day(kb: KnowledgeBase) -> None:
    proc = kb.get("can_cuoc_cap_lai")
    card = build_card(proc, dt.date(2026, 11, 29), default_directory().get("ha_noi"))
    assert card.fees and all(line.amount for case in card.fees for line in case.lines)
    assert card.documents and card.times and card.last_verified


def test_console_branch_matches_its_models(engine: Engine) -> None:
    assert "console.models" in model_modules()
    import_all_models()
    with engine.connect() as conn:
        diffs = compare_metadata(MigrationContext.configure(conn), Base.metadata)
    assert [d for d in diffs if "console_" in repr(d)] == []


def test_accounts_refuse_weak_input(engine: Engine) -> None:
    accounts = Accounts(make_session_factory(engine))
    with pytest.raises(AccountError):
        accounts.add_user("a b", "long-enough-password")
    with pytest.raises(AccountError):
        accounts.add_user("canbo", "short")
    with pytest.raises(AccountError):
        accounts.add_user("canbo", "long-enough-password", role="root")
    accounts.add_user("canbo", "long-enough-password")
    assert accounts.login("CANBO", "long-enough-password") is not None
    assert accounts.login("canbo", "wrong-password-here") is None
    assert accounts.identify("forged-token") is None
    stored = accounts.users()[0]
    assert stored.username == "canbo" and stored.role == "staff"
    with Session(engine) as session:
        hashed = session.scalars(select(StaffUser.password_hash)).one()
    assert hashed.startswith("$argon2id$") and "long-enough-password" not in hashed


def test_login_throttle_blocks_an_address_after_its_failures() -> None:
    now = [0.0]
    throttle = LoginThrottle(limit=2, window=60, clock=lambda: now[0])
    throttle.failed("10.0.0.1")
    assert not throttle.blocked("10.0.0.1")
    throttle.failed("10.0.0.1")
    assert throttle.blocked("10.0.0.1") and not throttle.blocked("10.0.0.2")
    now[0] = 61.0
    assert not throttle.blocked("10.0.0.1")
