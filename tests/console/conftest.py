"""Console fixtures: the real console app under uvicorn on a fresh database holding the catalogue,
a staff and an admin account, a recording deliverer, and a logged-in HTTP client."""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest

from common.console_settings import ConsoleSettings
from common.db import make_engine, make_session_factory
from common.migrate import upgrade
from console.context import ConsoleContext
from console.web import create_app
from fakes.server import ServerThread
from procedures_kb.loader import load_into_database
from tests.pakn.conftest import Outbox, draft
from tests.support.databases import fresh_database_url

STAFF, ADMIN = "canbo1", "quantri"
PASSWORD = "mat-khau-du-dai-123"
CSRF_RE = re.compile(r'name="csrf_token" value="([^"]+)"')
REQUEST_ID_RE = re.compile(r'name="request_id" value="([^"]+)"')


@dataclass
class Console:
    """A running console and what the tests need to drive it."""

    url: str
    ctx: ConsoleContext
    outbox: Outbox

    def client(self) -> httpx.Client:
        return httpx.Client(base_url=self.url, timeout=30, trust_env=False, follow_redirects=False)

    @contextmanager
    def login(self, username: str = STAFF, password: str = PASSWORD) -> Iterator[httpx.Client]:
        """A client with a live session."""
        with self.client() as client:
            page = client.get("/login")
            token = csrf_of(page.text)
            response = client.post("/login", data={"username": username, "password": password,
                                                    "csrf_token": token, "next": "/desk"})
            assert response.status_code == 303, response.text
            yield client

    def file_pakn(self, **overrides: object) -> str:
        return self.ctx.pakn.file(draft(**overrides)).code


def csrf_of(html: str) -> str:
    match = CSRF_RE.search(html)
    assert match, "no CSRF token on the page"
    return match.group(1)


@pytest.fixture(scope="module")
def console_database(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """One migrated database with the catalogue per test module (loading it takes seconds)."""
    with fresh_database_url(Path(tmp_path_factory.mktemp("console"))) as url:
        engine = make_engine(url)
        upgrade(engine)
        load_into_database(engine)
        engine.dispose()
        yield url


@pytest.fixture(scope="module")
def running_console(console_database: str) -> Iterator[Console]:
    """The console app under uvicorn (one per module); accounts STAFF and ADMIN."""
    engine = make_engine(console_database)
    settings = ConsoleSettings(due_working_days=10, console_max_login_failures=3)
    outbox = Outbox()
    ctx = ConsoleContext.build(settings, make_session_factory(engine), deliver=outbox)
    ctx.accounts.add_user(STAFF, PASSWORD, "staff")
    ctx.accounts.add_user(ADMIN, PASSWORD, "admin")
    with ServerThread(create_app(ctx)) as server:
        yield Console(server.url, ctx, outbox)
    engine.dispose()


@pytest.fixture
def console(running_console: Console) -> Console:
    """The module's console with an empty outbox."""
    running_console.outbox.sent.clear()
    return running_console
