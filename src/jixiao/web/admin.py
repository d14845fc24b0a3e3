"""管理 (admins): users — add, disable and enable, reset a password, set role, unit and mail
address —, units (add, rename), and the audit log (操作记录) filtered by user, action and
date.  Every write goes through :mod:`jixiao.actions.desk`; the REST API's ``/users``,
``/units`` and ``/audit`` call the same functions.
"""

from __future__ import annotations

from datetime import date
from urllib.parse import urlencode

from fastapi import Depends, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from .. import actions
from ..errors import ConfigError, NotFound
from ..store import ROLES, AuditFilter, permissions
from . import i18n, views
from .render import page
from .session import Ctx, signed_in, web_router

router = web_router()
PER_PAGE = 50
TABS: tuple[str, ...] = ("users", "units", "audit")

i18n.add_messages(
    {
        "adm.title": ("管理", "Administration"),
        "adm.tab.users": ("用户", "Users"),
        "adm.tab.units": ("单位", "Units"),
        "adm.tab.audit": ("操作记录", "Audit log"),
        "adm.username": ("用户名", "User name"),
        "adm.role": ("角色", "Role"),
        "adm.unit": ("单位编码", "Unit code"),
        "adm.email": ("邮箱", "Mail"),
        "adm.active": ("状态", "Status"),
        "adm.enabled": ("启用", "Active"),
        "adm.disabled": ("已停用", "Disabled"),
        "adm.add_user": ("新建用户", "Add a user"),
        "adm.password": ("密码", "Password"),
        "adm.new_password": ("新密码", "New password"),
        "adm.reset": ("重设密码", "Reset password"),
        "adm.save": ("保存", "Save"),
        "adm.disable": ("停用", "Disable"),
        "adm.enable": ("启用", "Enable"),
        "adm.added": ("已新建用户 {name}。", "User {name} added."),
        "adm.saved": ("已保存 {name}。", "{name} saved."),
        "adm.password_set": (
            "已重设 {name} 的密码；其已登录的会话已结束。",
            "The password of {name} is reset; its sessions ended.",
        ),
        "adm.unit_saved": ("已保存单位 {code}。", "Unit {code} saved."),
        "adm.unit_name": ("单位名称", "Unit name"),
        "adm.add_unit": ("新建或重命名单位", "Add or rename a unit"),
        "adm.projects": ("项目数", "Projects"),
        "adm.users": ("用户数", "Users"),
        "adm.user": ("用户", "User"),
        "adm.action": ("操作", "Action"),
        "adm.since": ("起始日期", "From"),
        "adm.until": ("截止日期", "To"),
        "adm.subject": ("对象", "Subject"),
        "adm.project": ("项目", "Project"),
        "adm.no_unit": ("无", "none"),
    }
)


def _tabs(ctx: Ctx) -> None:
    permissions.require_manage_users(ctx.user)


@router.get("/admin", response_class=HTMLResponse)
def admin_home(ctx: Ctx = Depends(signed_in)) -> Response:
    _tabs(ctx)
    return RedirectResponse("/admin/users", status_code=303)


def _users_page(
    request: Request, ctx: Ctx, flashes: list[tuple[str, str]], status_code: int = 200
) -> Response:
    accounts = ctx.store.accounts(ctx.user)
    return page(
        request,
        "admin/users.html",
        {
            "tab": "users",
            "tabs": TABS,
            "accounts": accounts,
            "roles": ROLES,
            "units": ctx.store.unit_rows(ctx.user),
        },
        user=ctx.user,
        csrf=ctx.csrf,
        active="admin",
        flashes=flashes,
        status_code=status_code,
    )


@router.get("/admin/users", response_class=HTMLResponse)
def users(request: Request, ctx: Ctx = Depends(signed_in)) -> Response:
    _tabs(ctx)
    q = request.query_params
    flashes = []
    for key, msg in (("added", "adm.added"), ("saved", "adm.saved"), ("password", "adm.password_set")):
        if q.get(key):
            flashes.append(("ok", ctx.t(msg, name=q[key])))
    return _users_page(request, ctx, flashes)


async def _form(request: Request) -> dict[str, str]:
    form = await request.form()
    return {k: str(v) for k, v in form.items() if isinstance(v, str)}


@router.post("/admin/users", response_class=HTMLResponse)
async def add_user(request: Request, ctx: Ctx = Depends(signed_in)) -> Response:
    _tabs(ctx)
    f = await _form(request)
    try:
        new = actions.add_user(
            ctx.store,
            ctx.user,
            f.get("username", ""),
            f.get("password", ""),
            f.get("role", ""),
            f.get("unit_code") or None,
            f.get("email") or None,
        )
    except ConfigError as exc:
        return _users_page(request, ctx, [("error", exc.message(ctx.lang))], 400)
    return RedirectResponse(f"/admin/users?{urlencode({'added': new.username})}", status_code=303)


@router.post("/admin/users/{username}", response_class=HTMLResponse)
async def change_user(request: Request, username: str, ctx: Ctx = Depends(signed_in)) -> Response:
    _tabs(ctx)
    f = await _form(request)
    try:
        if f.get("op") == "password":
            actions.reset_password(ctx.store, ctx.user, username, f.get("password", ""))
            return RedirectResponse(f"/admin/users?{urlencode({'password': username})}", status_code=303)
        changes: dict[str, object] = {}
        if f.get("op") in ("disable", "enable"):
            changes["active"] = f["op"] == "enable"
        else:
            changes.update(
                role=f.get("role") or None, unit_code=f.get("unit_code", ""), email=f.get("email", "")
            )
        actions.update_user(ctx.store, ctx.user, username, **changes)
    except (ConfigError, NotFound) as exc:
        return _users_page(request, ctx, [("error", exc.message(ctx.lang))], 400)
    return RedirectResponse(f"/admin/users?{urlencode({'saved': username})}", status_code=303)


@router.get("/admin/units", response_class=HTMLResponse)
def units(request: Request, ctx: Ctx = Depends(signed_in)) -> Response:
    _tabs(ctx)
    saved = request.query_params.get("saved")
    return page(
        request,
        "admin/units.html",
        {"tab": "units", "tabs": TABS, "units": ctx.store.unit_rows(ctx.user)},
        user=ctx.user,
        csrf=ctx.csrf,
        active="admin",
        flashes=[("ok", ctx.t("adm.unit_saved", code=saved))] if saved else [],
    )


@router.post("/admin/units", response_class=HTMLResponse)
async def save_unit(request: Request, ctx: Ctx = Depends(signed_in)) -> Response:
    _tabs(ctx)
    f = await _form(request)
    try:
        saved = actions.save_unit(ctx.store, ctx.user, f.get("code", ""), f.get("name") or None)
    except ConfigError as exc:
        return page(
            request,
            "admin/units.html",
            {"tab": "units", "tabs": TABS, "units": ctx.store.unit_rows(ctx.user)},
            user=ctx.user,
            csrf=ctx.csrf,
            active="admin",
            flashes=[("error", exc.message(ctx.lang))],
            status_code=400,
        )
    return RedirectResponse(f"/admin/units?{urlencode({'saved': saved['code']})}", status_code=303)


def _date(text: str) -> date | None:
    try:
        return date.fromisoformat(text.strip()) if text.strip() else None
    except ValueError:
        return None


@router.get("/admin/audit", response_class=HTMLResponse)
def audit(
    request: Request,
    user: str = "",
    action: str = "",
    since: str = "",
    until: str = "",
    p: int = 1,
    ctx: Ctx = Depends(signed_in),
) -> Response:
    _tabs(ctx)
    filters = AuditFilter(
        user=user.strip() or None, action=action or None, since=_date(since), until=_date(until)
    )
    items, total = ctx.store.audit_log(ctx.user, filters, page=max(p, 1), per_page=PER_PAGE)
    shown = {"user": user, "action": action, "since": since, "until": until}
    params = {k: v for k, v in shown.items() if v}
    rows = views.history_rows(reversed(items), ctx.t, ctx.lang)
    for row, item in zip(rows, items, strict=True):
        row.update(
            project=item.get("project"), project_id=item.get("project_id"), subject=item.get("subject")
        )
    return page(
        request,
        "admin/audit.html",
        {
            "tab": "audit",
            "tabs": TABS,
            "rows": rows,
            "total": total,
            "f": shown,
            "actions": [
                (a, ctx.t("wf." + a) if a in views.HISTORY_ACTIONS else a) for a in ctx.store.audit_actions()
            ],
            "users": [a["username"] for a in ctx.store.accounts(ctx.user)],
            "prev_url": "/admin/audit?" + urlencode({**params, "p": p - 1}) if p > 1 else None,
            "next_url": "/admin/audit?" + urlencode({**params, "p": p + 1}) if p * PER_PAGE < total else None,
        },
        user=ctx.user,
        csrf=ctx.csrf,
        active="admin",
    )
