"""Read-only pages: 概览 dashboard, 单位 units, a table version's page and its exports (the
project list and pages are :mod:`.projects`')."""

from __future__ import annotations

from urllib.parse import urlencode

from fastapi import Depends, Request
from fastapi.responses import HTMLResponse, Response

from .. import actions
from ..store import STATUSES
from . import views
from .charts import dashboard_options
from .form import layout
from .projects import EXPORT_FORMATS, download
from .render import page
from .session import Ctx, signed_in, web_router

router = web_router()

PER_PAGE = 50
PANELS: list[tuple[str, str]] = [
    ("budget_by_unit", "dash.budget_by_unit"),
    ("indicators_by_category", "dash.budget_by_category"),
    ("quantified_share", "dash.quantified_share"),
    ("quantified_by_category", "dash.quantified_by_category"),
    ("findings_by_rule", "dash.findings_by_rule"),
    ("tables_by_state", "dash.tables_by_state"),
]


@router.get("/", response_class=HTMLResponse)
def dashboard(request: Request, ctx: Ctx = Depends(signed_in)) -> Response:
    raw = ctx.store.dashboard(ctx.user)
    data = views.dashboard_data(raw, ctx.lang)
    return page(
        request,
        "dashboard.html",
        {
            "data": data,
            "share": views.percent(data.quantified_share),
            "budget": views.amount(data.budget_total),
            "charts": dashboard_options(data, ctx.t),
            "panels": PANELS,
        },
        user=ctx.user,
        csrf=ctx.csrf,
        active="dashboard",
    )


@router.get("/units", response_class=HTMLResponse)
def units(request: Request, q: str = "", p: int = 1, ctx: Ctx = Depends(signed_in)) -> Response:
    """单位: the units a page of :data:`PER_PAGE` at a time, filtered by code or name."""
    q = q.strip()[:200]
    p = max(p, 1)
    items, total = ctx.store.units_page(ctx.user, q=q, page=p, per_page=PER_PAGE)
    rows = [{**u, "budget": views.amount(u["budget_wan"])} for u in items]

    def url(n: int) -> str:
        return "/units?" + urlencode({"q": q, "p": n} if q else {"p": n})

    return page(
        request,
        "units.html",
        {
            "units": rows,
            "q": q,
            "total": total,
            "prev_url": url(p - 1) if p > 1 else None,
            "next_url": url(p + 1) if p * PER_PAGE < total else None,
        },
        user=ctx.user,
        csrf=ctx.csrf,
        active="units",
    )


@router.get("/tables/{table_id:int}", response_class=HTMLResponse)
def table_page(request: Request, table_id: int, ctx: Ctx = Depends(signed_in)) -> Response:
    flashes = []
    if request.query_params.get("done") in STATUSES:
        flashes.append(("ok", ctx.t("wf.done", state=ctx.t("state." + request.query_params["done"]))))
    if request.query_params.get("saved"):
        flashes.append(("ok", ctx.t("ed.saved", v=request.query_params["saved"])))
    return render_table(request, ctx, table_id, flashes)


def render_table(
    request: Request,
    ctx: Ctx,
    table_id: int,
    flashes: list[tuple[str, str]] | None = None,
    status_code: int = 200,
) -> Response:
    """The table page: the official form with its findings, workflow actions, history, exports."""
    detail = ctx.store.get_table(table_id, ctx.user)
    table = views.table_of(detail)
    form = layout(table, views.stored_findings(detail.get("findings") or []), ctx.lang)
    return page(
        request,
        "table.html",
        {
            "row": {**detail, "source": None},
            "standing_label": ctx.t("proj.standing." + (detail.get("standing") or "current")),
            "form": form,
            "can_edit": ctx.may_edit(detail),
            "actions": ctx.actions(detail),
            "export_formats": EXPORT_FORMATS,
            "history": views.history_rows(ctx.store.history(table_id, ctx.user, with_data=False), ctx.t),
        },
        user=ctx.user,
        csrf=ctx.csrf,
        active="tables",
        flashes=flashes,
        status_code=status_code,
    )


@router.get("/tables/{table_id:int}/export.{fmt}")
def export(table_id: int, fmt: str, ctx: Ctx = Depends(signed_in)) -> Response:
    if fmt not in EXPORT_FORMATS:
        return Response(status_code=404)
    return download(actions.export_stored(ctx.store, ctx.user, table_id, fmt))
