"""Account management (admin role only) and the staff action log."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from starlette.concurrency import run_in_threadpool

from console.accounts import AccountError
from console.models import Role
from console.web import Admin, checked_form, context_of, render

router = APIRouter()


def _users_page(request: Request, error: str = "", message: str = "", status_code: int = 200) -> Response:
    ctx = context_of(request)
    return render(request, "users.html", status_code=status_code, users=ctx.accounts.users(),
                  actions=ctx.accounts.actions(100), roles=[r.value for r in Role], error=error, message=message)


@router.get("/admin/users", response_class=HTMLResponse)
def users(request: Request, staff: Admin, msg: str = "") -> Response:
    return _users_page(request, message="Đã lưu." if msg == "saved" else "")


@router.post("/admin/users")
async def add_user(request: Request, staff: Admin) -> Response:
    form = await checked_form(request, staff)
    ctx = context_of(request)
    try:
        await run_in_threadpool(ctx.accounts.add_user, form.get("username", ""), form.get("password", ""),
                                form.get("role", Role.staff.value), staff.username)
    except AccountError as exc:
        return await run_in_threadpool(_users_page, request, str(exc), "", 400)
    return RedirectResponse("/admin/users?msg=saved", status_code=303)


@router.post("/admin/users/{username}/active")
async def set_active(request: Request, staff: Admin, username: str) -> Response:
    form = await checked_form(request, staff)
    active = form.get("active") == "1"
    if username == staff.username and not active:
        return await run_in_threadpool(_users_page, request, "Không thể tự khóa tài khoản của mình.", "", 400)
    try:
        await run_in_threadpool(context_of(request).accounts.set_active, username, active, staff.username)
    except AccountError as exc:
        return await run_in_threadpool(_users_page, request, str(exc), "", 400)
    return RedirectResponse("/admin/users?msg=saved", status_code=303)
