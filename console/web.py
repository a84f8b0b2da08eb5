"""The console's FastAPI app: security headers, login-required pages, CSRF on every form, templates.

Every page needs a session (GET without one → redirect to /login; anything else → 401). Every POST
carries the session's CSRF token in a hidden field (login: a double-submit cookie) and, when the
browser sends an Origin, must come from this host. Templates autoescape everything.
"""

from __future__ import annotations

import hmac
import secrets
import time
from pathlib import Path
from typing import Annotated, Any
from urllib.parse import quote, urlsplit

from fastapi import Depends, FastAPI, Request
from fastapi.responses import HTMLResponse, PlainTextResponse, RedirectResponse, Response
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates
from jinja2 import Environment, FileSystemLoader, select_autoescape
from starlette.middleware.base import BaseHTTPMiddleware, RequestResponseEndpoint

from common.vntime import format_local
from console.accounts import StaffIdentity
from console.context import ConsoleContext
from console.throttle import LoginThrottle

PACKAGE_DIR = Path(__file__).resolve().parent
SESSION_COOKIE = "console_session"
LOGIN_CSRF_COOKIE = "console_login_csrf"
CSP = ("default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
       "form-action 'self'; frame-ancestors 'none'; base-uri 'none'; connect-src 'self'")
SECURITY_HEADERS = {
    "Content-Security-Policy": CSP,
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "no-referrer",
    "Cache-Control": "no-store",
}


class NotLoggedIn(Exception):
    """The request has no live session."""


class Forbidden(Exception):
    """Logged in, but not allowed (CSRF token, origin, or role)."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def _environment() -> Environment:
    env = Environment(loader=FileSystemLoader(PACKAGE_DIR / "templates"),
                      autoescape=select_autoescape(default=True, default_for_string=True), trim_blocks=True,
                      lstrip_blocks=True)
    env.filters["local"] = format_local
    env.filters["local_date"] = lambda moment: format_local(moment, with_time=False)
    return env


templates = Jinja2Templates(env=_environment())


def context_of(request: Request) -> ConsoleContext:
    """The process's ConsoleContext."""
    ctx: ConsoleContext = request.app.state.ctx
    return ctx


def current_staff(request: Request) -> StaffIdentity:
    """The logged-in staff member, or NotLoggedIn."""
    identity = context_of(request).accounts.identify(request.cookies.get(SESSION_COOKIE))
    if identity is None:
        raise NotLoggedIn()
    request.state.staff = identity
    return identity


def require_admin(request: Request) -> StaffIdentity:
    """The logged-in admin, or Forbidden for staff accounts."""
    identity = current_staff(request)
    if not identity.is_admin:
        raise Forbidden("Chỉ quản trị viên được quản lý tài khoản.")
    return identity


Staff = Annotated[StaffIdentity, Depends(current_staff)]
Admin = Annotated[StaffIdentity, Depends(require_admin)]


def check_origin(request: Request) -> None:
    """A cross-site POST (Origin of another host) is refused even with a token."""
    origin = request.headers.get("origin")
    if origin and origin != "null" and urlsplit(origin).netloc != request.headers.get("host", ""):
        raise Forbidden("Yêu cầu từ trang khác bị từ chối.")


async def checked_form(request: Request, identity: StaffIdentity) -> dict[str, str]:
    """The POSTed form of a logged-in page, after the origin and CSRF checks."""
    check_origin(request)
    form = await request.form()
    data = {k: v for k, v in form.items() if isinstance(v, str)}
    token = data.get("csrf_token", "")
    if not token or not hmac.compare_digest(token.encode(), identity.csrf_token.encode()):
        raise Forbidden("Thiếu hoặc sai mã chống giả mạo (CSRF). Tải lại trang rồi thử lại.")
    return data


def render(request: Request, name: str, status_code: int = 200, **values: Any) -> HTMLResponse:
    """A page from templates/, with the staff member and CSRF token when logged in."""
    staff: StaffIdentity | None = getattr(request.state, "staff", None)
    values.setdefault("staff", staff)
    values.setdefault("csrf_token", staff.csrf_token if staff else "")
    return templates.TemplateResponse(request, name, values, status_code=status_code)


def new_request_id() -> str:
    """A one-time id carried by a form whose action must happen once (answers)."""
    return secrets.token_urlsafe(16)


class SecurityHeaders(BaseHTTPMiddleware):
    """Strict CSP and friends on every response, and the server's own time (`Server-Timing: app;dur=ms`)."""

    async def dispatch(self, request: Request, call_next: RequestResponseEndpoint) -> Response:
        started = time.perf_counter()
        response = await call_next(request)
        for key, value in SECURITY_HEADERS.items():
            response.headers.setdefault(key, value)
        response.headers["Server-Timing"] = f"app;dur={(time.perf_counter() - started) * 1000:.2f}"
        return response


def create_app(ctx: ConsoleContext) -> FastAPI:
    """The console app over a context."""
    from console import (
        routes_admin,
        routes_analytics,
        routes_auth,
        routes_desk,
        routes_handover,
        routes_pakn,
        routes_review,
    )

    app = FastAPI(title="Bàn làm việc cán bộ một cửa", docs_url=None, redoc_url=None, openapi_url=None)
    app.state.ctx = ctx
    app.state.login_throttle = LoginThrottle()
    app.add_middleware(SecurityHeaders)
    app.mount("/static", StaticFiles(directory=PACKAGE_DIR / "static"), name="static")

    @app.exception_handler(NotLoggedIn)
    async def _login_first(request: Request, _exc: NotLoggedIn) -> Response:
        if request.method == "GET":
            target = request.url.path + (f"?{request.url.query}" if request.url.query else "")
            return RedirectResponse(f"/login?next={quote(target, safe='')}", status_code=303)
        return PlainTextResponse("Cần đăng nhập.", status_code=401)

    @app.exception_handler(Forbidden)
    async def _forbidden(request: Request, exc: Forbidden) -> Response:
        return render(request, "error.html", status_code=403, message=exc.message)

    @app.get("/healthz", include_in_schema=False)
    async def _health() -> PlainTextResponse:
        return PlainTextResponse("ok")

    for module in (routes_auth, routes_desk, routes_pakn, routes_handover, routes_admin, routes_analytics,
                   routes_review):
        app.include_router(module.router)
    return app
