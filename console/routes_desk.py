"""Desk search, the procedure card and its one-page print view."""

from __future__ import annotations

import segno
from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from markupsafe import Markup

from console.card import Card, build_card
from console.web import Staff, context_of, render
from procedures_kb.exceptions import ProcedureNotFound

router = APIRouter()
NOT_FOUND = "Không có thủ tục này trong cơ sở tri thức."


@router.get("/")
def home(staff: Staff) -> Response:
    return RedirectResponse("/desk", status_code=303)


@router.get("/desk", response_class=HTMLResponse)
def desk(request: Request, staff: Staff, q: str = "", province: str = "") -> Response:
    ctx = context_of(request)
    result = ctx.desk().search(q) if q.strip() else None
    return render(request, "desk.html", q=q, result=result, province_id=province, provinces=ctx.provinces())


def _card(request: Request, procedure_id: str, province: str) -> Card | None:
    ctx = context_of(request)
    try:
        proc = ctx.kb().get(procedure_id)
    except ProcedureNotFound:
        return None
    return build_card(proc, ctx.today(), ctx.province(province))


@router.get("/desk/procedure/{procedure_id}", response_class=HTMLResponse)
def card(request: Request, staff: Staff, procedure_id: str, province: str = "", q: str = "") -> Response:
    found = _card(request, procedure_id, province)
    if found is None:
        return render(request, "error.html", status_code=404, message=NOT_FOUND)
    return render(request, "card.html", q=q, card=found, province_id=province, provinces=context_of(request).provinces())


@router.get("/desk/procedure/{procedure_id}/print", response_class=HTMLResponse)
def print_view(request: Request, staff: Staff, procedure_id: str, province: str = "") -> Response:
    found = _card(request, procedure_id, province)
    if found is None:
        return render(request, "error.html", status_code=404, message=NOT_FOUND)
    # segno's SVG holds only the QR modules (not the URL text), so it is safe to insert as markup.
    qr = Markup(segno.make(found.procedure.official_page_url, error="m").svg_inline(scale=2, border=2))
    return render(request, "print.html", qr=qr, card=found, province_id=province)
