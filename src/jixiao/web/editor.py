"""编辑绩效目标 and 审核流程: the target editor with its live check, and the workflow buttons.

The live check posts the editor form to ``/tables/{id}/check`` (HTMX, as you type)
and gets back the findings fragment: :func:`jixiao.actions.check_tables`, the same rules
a save runs, on the table the form describes.  Typing a 三级 name asks the indicator library
for similar indicators (``/library/suggest``, :mod:`.library`); picking one fills the row's
name, its target (the group's usual comparator, value and unit) and an empty 二级.  Saving names the version the editor
was opened on; a stale version shows the conflict message and keeps the input.
"""

from __future__ import annotations

from typing import Any

from fastapi import Depends, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from .. import actions
from ..errors import ConfigError, ConflictError, PermissionDenied
from ..model import Table
from ..store.permissions import may_create
from ..taxonomy import LEVEL2_2015, LEVEL2_2021, framework_of
from . import i18n, views
from .editing import FUNDS_FIELDS, EditRow, amount_text, new_table, rows_of, table_from_form
from .form import shown
from .pages import render_table
from .render import page
from .session import Ctx, signed_in, web_router

router = web_router()


def live_findings(ctx: Ctx, table: Table) -> list[Any]:
    """Run the review rules on an unsaved table (what a save would store: the JX6xx rules
    against the project's earlier years and its peers, as this user may see them)."""
    return [
        shown(f, ctx.lang) for f in actions.check_tables([table], store=ctx.store, user=ctx.user).findings
    ]


async def _form_lists(request: Request) -> dict[str, list[str]]:
    form = await request.form()
    return {k: [v for v in form.getlist(k) if isinstance(v, str)] for k in form.keys()}


def _editor(
    request: Request,
    ctx: Ctx,
    detail: dict[str, Any],
    table: Table,
    version: int,
    flashes: list[tuple[str, str]] | None = None,
    status_code: int = 200,
) -> Response:
    return page(
        request,
        "editor.html",
        {
            "row": {**detail, "version": version},
            "title": views.table_label(detail) or ctx.t("tables.untitled"),
            "purpose": table.purpose or "",
            "project_name": table.project.name if table.project and table.project.name else "",
            "year": table.year or "",
            "money_unit": table.money_unit or "万元",
            "funds": {k: amount_text(getattr(table.funds, k)) for k in FUNDS_FIELDS},
            "goals": "\n".join(table.goals.annual),
            "rows": rows_of(table) if table is not None else [],
            "blank": EditRow(None, "", "", "", "", ""),
            "findings": live_findings(ctx, table),
            **framework_choices(ctx, detail, table),
            "money_label": ctx.t("money_unit." + (table.money_unit or "万元")),
        },
        user=ctx.user,
        csrf=ctx.csrf,
        active="tables",
        flashes=flashes,
        status_code=status_code,
    )


FRAMEWORKS: tuple[str, ...] = ("2015", "2021")
i18n.add_messages(
    {
        "ed.framework": ("指标体系", "Indicator framework"),
        "ed.framework.2015": ("2015 版（产出、效益、满意度）", "2015 (output, benefit, satisfaction)"),
        "ed.framework.2021": ("2021 版（含成本指标）", "2021 (with cost indicators)"),
        "money_unit.万元": ("万元", "10k yuan"),
        "money_unit.元": ("元", "yuan"),
    }
)


def framework_choices(ctx: Ctx, detail: dict[str, Any], table: Table) -> dict[str, Any]:
    """The editor's 一级/二级 choices (``<datalist>``: free text still allowed) from the
    taxonomy of the project's framework — chosen for the project, else the one its table
    follows, else 2021."""
    chosen = None
    if detail.get("project_id"):
        chosen = ctx.store.get_project(detail["project_id"], ctx.user)["project"].get("framework")
    if chosen not in FRAMEWORKS:
        chosen = framework_of([(i.category1, i.category2) for i in table.indicators]) or "2021"
    levels = LEVEL2_2021 if chosen == "2021" else LEVEL2_2015
    return {
        "framework": chosen,
        "frameworks": FRAMEWORKS,
        "levels1": list(levels),
        "levels2": [name for names in levels.values() for name in names],
    }


def _require_edit(ctx: Ctx, detail: dict[str, Any]) -> None:
    if not ctx.may_edit(detail):
        raise PermissionDenied(ctx.t("ed.readonly"))


@router.get("/tables/{table_id:int}/edit", response_class=HTMLResponse)
def edit_form(request: Request, table_id: int, ctx: Ctx = Depends(signed_in)) -> Response:
    detail = ctx.store.get_table(table_id, ctx.user)
    _require_edit(ctx, detail)
    return _editor(request, ctx, detail, views.table_of(detail), detail["version"])


@router.post("/tables/{table_id:int}/check", response_class=HTMLResponse)
async def check(request: Request, table_id: int, ctx: Ctx = Depends(signed_in)) -> Response:
    detail = ctx.store.get_table(table_id, ctx.user)
    table = table_from_form(views.table_of(detail), await _form_lists(request))
    return page(
        request,
        "findings_fragment.html",
        {"findings": live_findings(ctx, table)},
        user=ctx.user,
        csrf=ctx.csrf,
    )


@router.post("/tables/{table_id:int}/edit", response_class=HTMLResponse)
async def save(request: Request, table_id: int, ctx: Ctx = Depends(signed_in)) -> Response:
    form = await _form_lists(request)
    version = int((form.get("version") or ["0"])[0] or 0)
    detail = ctx.store.get_table(table_id, ctx.user)
    _require_edit(ctx, detail)
    table = table_from_form(views.table_of(detail), form)
    try:
        saved = actions.update_table(ctx.store, ctx.user, table_id, table, version)
        framework = (form.get("framework") or [""])[0]
        if framework in FRAMEWORKS and detail.get("project_id"):
            actions.set_framework(ctx.store, ctx.user, detail["project_id"], framework)
    except ConflictError:
        msg = ctx.t("ed.conflict", v=detail["version"])
        return _editor(request, ctx, detail, table, version, [("error", msg)], status_code=409)
    except ConfigError as exc:
        return _editor(
            request, ctx, detail, table, version, [("error", exc.message(ctx.lang))], status_code=400
        )
    return RedirectResponse(f"/tables/{table_id}?saved={saved['version']}", status_code=303)


@router.post("/tables/{table_id:int}/workflow", response_class=HTMLResponse)
async def workflow(request: Request, table_id: int, ctx: Ctx = Depends(signed_in)) -> Response:
    form = await _form_lists(request)
    action = (form.get("action") or [""])[0]
    comment = (form.get("comment") or [""])[0]
    version_text = (form.get("version") or [""])[0]
    version = int(version_text) if version_text.isdigit() else None
    if action == "return" and not comment.strip():
        return render_table(
            request, ctx, table_id, [("error", ctx.t("wf.comment_required"))], status_code=400
        )
    try:
        done = actions.transition(ctx.store, ctx.user, table_id, action, comment, version)
    except (ConflictError, ConfigError) as exc:
        return render_table(request, ctx, table_id, [("error", exc.message(ctx.lang))], status_code=409)
    return RedirectResponse(f"/tables/{table_id}?done={done['status']}", status_code=303)


@router.get("/tables/new", response_class=HTMLResponse)
def new_form(request: Request, ctx: Ctx = Depends(signed_in)) -> Response:
    """申报: the form to declare a new project's targets (project name, unit, year)."""
    if not may_create(ctx.user):
        raise PermissionDenied(ctx.t("err.403"))
    return page(
        request,
        "new_table.html",
        {"unit_code": ctx.user.unit_code or "", "error": ""},
        user=ctx.user,
        csrf=ctx.csrf,
        active="tables",
    )


@router.post("/tables/new", response_class=HTMLResponse)
async def create(request: Request, ctx: Ctx = Depends(signed_in)) -> Response:
    form = await _form_lists(request)

    def one(name: str) -> str:
        return ((form.get(name) or [""])[0] or "").strip()

    unit_code = ctx.user.unit_code if ctx.user.role == "filer" else one("unit_code")
    unit_name = one("unit_name") or _unit_name(ctx, unit_code)
    year = int(one("year")) if one("year").isdigit() else None
    if not one("project_name") or not unit_code:
        return page(
            request,
            "new_table.html",
            {"unit_code": unit_code or "", "error": ctx.t("new.required")},
            user=ctx.user,
            csrf=ctx.csrf,
            active="tables",
            status_code=400,
        )
    table = new_table(one("project_name"), unit_code or "", unit_name, year)
    created = actions.create_table(ctx.store, ctx.user, table)
    return RedirectResponse(f"/tables/{created['id']}/edit", status_code=303)


def _unit_name(ctx: Ctx, code: str | None) -> str | None:
    """The name the store knows for a unit code (None when the unit is new)."""
    for u in ctx.store.units(ctx.user):
        if u.get("code") == code:
            return u.get("name")
    return None
