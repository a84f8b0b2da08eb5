"""Desk search, the procedure card and its one-page print view."""

from __future__ import annotations

import segno
from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from markupsafe import Markup

from console.accounts import StaffIdentity
from console.card import build_card
from console.web import context_of, current_staff, render
from procedures_kb.exceptions import ProcedureNotFound

router = APIRouter()


@router.get("/")
def home(staff: StaffIdentity = Depends(current_staff)) -> Response:
    return RedirectResponse("/desk", status_code=303)


@router.get("/desk", response_class=HTMLResponse)
def desk(request: Request, q: str = "", province: str = "", staff: StaffIdentity = Depends(current_staff)) -> Response:
    ctx = context_of(request)
    result = ctx.desk().search(q) if q.strip() else None
    return render(request, "desk.html", q=q, result=result, province_id=province, provinces=ctx.provinces())


def _card_values(request: Request, procedure_id: str, province: str) -> dict[str, object] | None:
    ctx = context_of(request)
    try:
        proc = ctx.kb().get(procedure_id)
    except ProcedureNotFound:
        return None
    card = build_card(proc, ctx.today(), ctx.province(province))
    return {"card": card, "province_id": province, "provinces": ctx.provinces()}


@router.get("/desk/procedure/{procedure_id}", response_class=HTMLResponse)
def card(request: Request, procedure_id: str, province: str = "", q: str = "",
         staff: StaffIdentity = Depends(current_staff)) -> Response:
    values = _card_values(request, procedure_id, province)
    if values is None:
        return render(request, "error.html", status_code=404, message="Không có thủ tục này trong cơ sở tri thức.")
    return render(request, "card.html", q=q, **values)


@router.get("/desk/procedure/{procedure_id}/print", response_class=HTMLResponse)
def print_view(request: Request, procedure_id: str, province: str = "",
               staff: StaffIdentity = Depends(current_staff)) -> Response:
    values = _card_values(request, procedure_id, province)
    if values is None:
        return render(request, "error.html", status_code=404, message="Không có thủ tục này trong cơ sở tri thức.")
    url = values["card"].procedure.official_page_url  # type: ignore[attr-defined]
    qr = Markup(segno.make(url, error="m").svg_inline(scale=2, border=2, title=None))  # noqa: S704 - generated SVG
    return render(request, "print.html", qr=qr, **values)
