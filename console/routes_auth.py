"""Login and logout. The login form is CSRF-protected by a double-submit cookie (no session yet)."""

from __future__ import annotations

import hmac
import secrets

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from starlette.concurrency import run_in_threadpool

from console.throttle import LoginThrottle
from console.web import (
    LOGIN_CSRF_COOKIE,
    SESSION_COOKIE,
    Forbidden,
    Staff,
    check_origin,
    checked_form,
    context_of,
    render,
)

router = APIRouter()


def _safe_next(target: str | None) -> str:
    """Only a path of this site (no //host, no scheme) may follow the login."""
    if target and target.startswith("/") and not target.startswith("//") and "\\" not in target:
        return target
    return "/desk"


def _login_page(request: Request, next_url: str, error: str = "", status_code: int = 200) -> HTMLResponse:
    token = secrets.token_urlsafe(32)
    response = render(request, "login.html", status_code=status_code, login_csrf=token, next_url=next_url,
                      error=error)
    response.set_cookie(LOGIN_CSRF_COOKIE, token, httponly=True, samesite="strict", path="/login",
                        secure=context_of(request).settings.console_secure_cookies)
    return response


@router.get("/login", response_class=HTMLResponse)
def login_form(request: Request, next: str = "/desk") -> Response:
    if context_of(request).accounts.identify(request.cookies.get(SESSION_COOKIE)) is not None:
        return RedirectResponse(_safe_next(next), status_code=303)
    return _login_page(request, _safe_next(next))


@router.post("/login")
async def login(request: Request) -> Response:
    check_origin(request)
    form = await request.form()
    data = {k: v for k, v in form.items() if isinstance(v, str)}
    next_url = _safe_next(data.get("next"))
    cookie, field = request.cookies.get(LOGIN_CSRF_COOKIE, ""), data.get("csrf_token", "")
    if not cookie or not field or not hmac.compare_digest(cookie.encode(), field.encode()):
        raise Forbidden("Phiên đăng nhập đã hết hạn hoặc thiếu mã chống giả mạo. Tải lại trang đăng nhập.")
    ctx = context_of(request)
    address = request.client.host if request.client else "?"
    throttle: LoginThrottle = request.app.state.login_throttle
    if throttle.blocked(address):
        return _login_page(request, next_url, status_code=429,
                           error="Đăng nhập sai quá nhiều lần từ máy này; thử lại sau 15 phút.")
    token = await run_in_threadpool(ctx.accounts.login, data.get("username", ""), data.get("password", ""))
    if token is None:
        throttle.failed(address)
        return _login_page(request, next_url, status_code=401,
                           error="Sai tên đăng nhập hoặc mật khẩu (hoặc tài khoản tạm khóa do nhập sai nhiều lần).")
    response = RedirectResponse(next_url, status_code=303)
    response.set_cookie(SESSION_COOKIE, token, httponly=True, samesite="strict", path="/",
                        secure=ctx.settings.console_secure_cookies,
                        max_age=int(ctx.settings.console_session_hours * 3600))
    response.delete_cookie(LOGIN_CSRF_COOKIE, path="/login")
    return response


@router.post("/logout")
async def logout(request: Request, staff: Staff) -> Response:
    await checked_form(request, staff)
    await run_in_threadpool(context_of(request).accounts.logout, request.cookies.get(SESSION_COOKIE))
    response = RedirectResponse("/login", status_code=303)
    response.delete_cookie(SESSION_COOKIE, path="/")
    return response
