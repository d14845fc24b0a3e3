"""项目: the project list, a project's page with its tabs 目标 · 监控 · 自评 · 历史, deleting a
draft (with a confirmation page), archiving, and exports.

Every stage is two clicks from the list: the project, then its tab.  The forms that write a
stage (checkpoint, self-evaluation) are :mod:`.scoring`'s; editing a target version is
:mod:`.editor`'s.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from fastapi import Depends, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from .. import actions
from ..errors import ConfigError, ConflictError, NotFound
from ..store import LIGHTS, PROJECT_STATUSES, ProjectFilter, permissions
from . import i18n, views
from .form import layout
from .render import page
from .session import Ctx, signed_in, web_router

router = web_router()
PER_PAGE = 50
TABS: tuple[str, ...] = ("target", "monitoring", "selfeval", "history")
EXPORT_FORMATS: tuple[str, ...] = ("docx", "xlsx", "html", "pdf", "json", "csv")

i18n.add_messages(
    {
        "nav.projects": ("项目", "Projects"),
        "proj.title": ("项目", "Projects"),
        "proj.kind": ("类型", "Kind"),
        "proj.kind.project": ("项目", "Project"),
        "proj.kind.department": ("部门整体", "Department"),
        "proj.target_state": ("目标状态", "Targets"),
        "proj.light": ("监控", "Monitoring"),
        "proj.score": ("自评得分", "Self-evaluation"),
        "proj.budget": ("预算（万元）", "Budget (10k yuan)"),
        "proj.no_target": ("无目标表", "No targets"),
        "proj.pending": ("调整待审", "Revision pending"),
        "proj.archived": ("已归档", "Archived"),
        "proj.tab.target": ("目标", "Targets"),
        "proj.tab.monitoring": ("监控", "Monitoring"),
        "proj.tab.selfeval": ("自评", "Self-evaluation"),
        "proj.tab.history": ("历史", "History"),
        "proj.versions": ("各版本", "Versions"),
        "proj.revision": ("第{n}版", "v{n}"),
        "proj.standing.current": ("当前", "Current"),
        "proj.standing.pending": ("调整待审", "Pending revision"),
        "proj.standing.old": ("旧版本", "Old"),
        "proj.pending_notice": (
            "有一份调整（第{n}版）等待审核；审核操作针对该版本。",
            "A revision (v{n}) awaits review; the review buttons act on it.",
        ),
        "proj.view_version": ("查看", "View"),
        "proj.delete": ("删除草稿", "Delete draft"),
        "proj.delete_title": ("删除草稿", "Delete a draft"),
        "proj.delete_confirm": (
            "确定删除「{name}」的{what}（第{n}版）吗？删除后不能恢复，历史记录中会保留这次删除。",
            "Delete {what} (v{n}) of “{name}”? It cannot be undone; the history keeps the deletion.",
        ),
        "proj.delete_yes": ("确定删除", "Delete"),
        "proj.deleted": ("已删除草稿（第{n}版）。", "Draft deleted (v{n})."),
        "proj.gone": (
            "草稿已删除，项目已没有任何表，已从列表中移除。",
            "Draft deleted; the project had no other table and is gone.",
        ),
        "proj.archive": ("归档", "Archive"),
        "proj.unarchive": ("取消归档", "Restore"),
        "proj.archived_done": ("项目已归档。", "The project is archived."),
        "proj.unarchived_done": ("项目已取消归档。", "The project is restored."),
        "proj.no_checkpoints": ("还没有运行监控记录。", "No monitoring checkpoint yet."),
        "proj.new_checkpoint": ("填报运行监控", "Record a checkpoint"),
        "proj.no_selfeval": ("还没有绩效自评。", "No self-evaluation yet."),
        "proj.new_selfeval": ("填报绩效自评", "Enter the self-evaluation"),
        "proj.edit_selfeval": ("修改绩效自评", "Edit the self-evaluation"),
        "proj.score_page": ("计分详情", "Score details"),
        "proj.export_all": ("导出全部阶段", "Export all stages"),
        "proj.export_list": ("导出列表（每个项目一行）", "Export the list (each project once)"),
        "proj.no_target_yet": ("还没有绩效目标表。", "No target table yet."),
        "proj.stage.target": ("绩效目标表", "target table"),
        "proj.stage.checkpoint": ("运行监控表", "monitoring table"),
        "proj.stage.selfeval": ("自评表", "self-evaluation"),
        "wf.checkpoint": ("运行监控", "Checkpoint"),
        "wf.comment_entry": ("意见", "Comment"),
        "wf.framework": ("指标体系", "Framework"),
        "wf.user_add": ("新建用户", "User added"),
        "wf.user_update": ("修改用户", "User changed"),
        "wf.user_password": ("重设密码", "Password reset"),
        "wf.unit_save": ("保存单位", "Unit saved"),
        "hist.changes": ("修改内容", "What changed"),
        "hist.field": ("{field}：{old} → {new}", "{field}: {old} → {new}"),
        "hist.ind_changed": (
            "指标「{name}」的{field}：{old} → {new}",
            "indicator “{name}”, {field}: {old} → {new}",
        ),
        "hist.ind_added": ("新增指标「{name}」：{new}", "indicator added: “{name}” {new}"),
        "hist.ind_removed": ("删除指标「{name}」（原为 {old}）", "indicator removed: “{name}” (was {old})"),
        "hist.more": ("另有 {n} 处修改", "{n} more changes"),
        "wf.selfeval": ("绩效自评", "Self-evaluation"),
        "wf.archive": ("归档", "Archived"),
        "wf.unarchive": ("取消归档", "Restored"),
        "wf.delete_project": ("项目移除", "Project removed"),
        "state.pending": ("调整待审", "Revision pending"),
        "state.archived": ("已归档", "Archived"),
    }
)


def _filters(
    q: str, unit: str, status: str, year: str, kind: str, light: str, rule: str = ""
) -> ProjectFilter:
    return ProjectFilter(
        rule=rule.strip().upper()[:16] or None,
        unit=unit or None,
        year=int(year) if year.strip().isdigit() else None,
        status=status if status in PROJECT_STATUSES else None,
        q=q or None,
        kind=kind if kind in ("project", "department") else None,
        light=light if light in LIGHTS else None,
    )


@router.get("/tables", response_class=HTMLResponse)
def tables_moved(request: Request, ctx: Ctx = Depends(signed_in)) -> Response:
    """The table list became the project list."""
    query = request.url.query
    return RedirectResponse("/projects" + (f"?{query}" if query else ""), status_code=303)


@router.get("/projects", response_class=HTMLResponse)
def projects(
    request: Request,
    q: str = "",
    unit: str = "",
    status: str = "",
    year: str = "",
    kind: str = "",
    light: str = "",
    rule: str = "",
    p: int = 1,
    ctx: Ctx = Depends(signed_in),
) -> Response:
    filters = _filters(q, unit, status, year, kind, light, rule)
    items, total = ctx.store.list_projects(filters, page=max(p, 1), per_page=PER_PAGE, user=ctx.user)
    shown = {"q": q, "unit": unit, "status": status, "year": year, "kind": kind, "light": light, "rule": rule}
    params = {k: v for k, v in shown.items() if v}

    def url(n: int) -> str:
        return "/projects?" + urlencode({**params, "p": n})

    flashes = [("ok", ctx.t("proj.gone"))] if request.query_params.get("gone") else []
    return page(
        request,
        "projects.html",
        {
            "rows": views.project_rows(items, ctx.t),
            "total": total,
            "f": shown,
            "states": PROJECT_STATUSES,
            "lights": LIGHTS,
            "export_url": "/projects/export.csv?" + urlencode(params),
            "prev_url": url(p - 1) if p > 1 else None,
            "next_url": url(p + 1) if p * PER_PAGE < total else None,
            "may_create": permissions.may_create(ctx.user),
        },
        user=ctx.user,
        csrf=ctx.csrf,
        active="projects",
        flashes=flashes,
    )


@router.get("/projects/export.{fmt}")
def export_list(
    fmt: str,
    q: str = "",
    unit: str = "",
    status: str = "",
    year: str = "",
    kind: str = "",
    light: str = "",
    rule: str = "",
    ctx: Ctx = Depends(signed_in),
) -> Response:
    if fmt not in EXPORT_FORMATS:
        return Response(status_code=404)
    out = actions.export_projects(
        ctx.store, ctx.user, _filters(q, unit, status, year, kind, light, rule), fmt
    )
    return download(out)


def download(out: actions.Exported) -> Response:
    """An exported file as an attachment."""
    return Response(
        out.data,
        media_type=out.media_type,
        headers={"Content-Disposition": f'attachment; filename="{out.filename}"'},
    )


def _flashes(request: Request, ctx: Ctx) -> list[tuple[str, str]]:
    q = request.query_params
    out = []
    if q.get("deleted"):
        out.append(("ok", ctx.t("proj.deleted", n=q["deleted"])))
    if q.get("archived") in ("1", "0"):
        out.append(("ok", ctx.t("proj.archived_done" if q["archived"] == "1" else "proj.unarchived_done")))
    if q.get("done") in ("draft", "submitted", "returned", "approved"):
        out.append(("ok", ctx.t("wf.done", state=ctx.t("state." + q["done"]))))
    if q.get("saved") in ("checkpoint", "selfeval"):
        out.append(("ok", ctx.t("wf." + q["saved"])))
    if q.get("commented"):
        out.append(("ok", ctx.t("thread.posted")))
    return out


@router.get("/projects/{project_id:int}", response_class=HTMLResponse)
def project_page(
    request: Request, project_id: int, tab: str = "target", ctx: Ctx = Depends(signed_in)
) -> Response:
    response = render_project(request, ctx, project_id, tab, _flashes(request, ctx))
    actions.mark_read(ctx.store, ctx.user, project_id=project_id)  # seen: its notifications are read
    return response


def render_project(
    request: Request,
    ctx: Ctx,
    project_id: int,
    tab: str = "target",
    flashes: list[tuple[str, str]] | None = None,
    status_code: int = 200,
) -> Response:
    """A project's page on one of its tabs (:data:`TABS`)."""
    tab = tab if tab in TABS else "target"
    record = ctx.store.get_project(project_id, ctx.user)
    proj = record["project"]
    unit_code = proj["unit"]["code"]
    context: dict[str, Any] = {
        "p": views.project_view(proj, ctx.t),
        "tab": tab,
        "tabs": TABS,
        "record": record,
        "may_archive": permissions.may_archive(ctx.user),
        "may_write": permissions.may_write(ctx.user, unit_code),
        "export_formats": EXPORT_FORMATS,
        "thread": views.thread_rows(ctx.store.thread(project_id, ctx.user), ctx.t),
        "may_comment": permissions.may_comment(ctx.user, unit_code),
    }
    if tab == "target":
        working = record["pending"] or record["target"]
        context["working"] = working
        context["versions"] = views.version_rows(
            [v for v in record["versions"] if v["stage"] == "target"], ctx.t
        )
        if working is not None:
            table = views.table_of(working)
            context["form"] = layout(table, views.stored_findings(working["findings"]), ctx.lang)
            context["actions"] = permissions.allowed_transitions(
                ctx.user, unit_code, working["status"], include_reopen=True
            )
            context["can_edit"] = permissions.may_edit(ctx.user, unit_code, working["status"])
            context["can_delete"] = permissions.may_delete(ctx.user, unit_code, working["status"])
    elif tab == "monitoring":
        context["checkpoints"] = views.checkpoint_rows(record["checkpoints"], ctx.t)
    elif tab == "selfeval" and record["selfeval"] is not None:
        selfeval = views.table_of(record["selfeval"])
        context["report"] = actions.score_table(selfeval, "national", ctx.lang)
        context["form"] = layout(selfeval, views.stored_findings(record["selfeval"]["findings"]), ctx.lang)
    elif tab == "history":
        context["history"] = views.history_rows(
            ctx.store.project_history(project_id, ctx.user, with_data=False), ctx.t, ctx.lang
        )
    return page(
        request,
        "project.html",
        context,
        user=ctx.user,
        csrf=ctx.csrf,
        active="projects",
        flashes=flashes,
        status_code=status_code,
    )


@router.post("/projects/{project_id:int}/workflow", response_class=HTMLResponse)
async def workflow(request: Request, project_id: int, ctx: Ctx = Depends(signed_in)) -> Response:
    form = await request.form()
    action = str(form.get("action") or "")
    comment = str(form.get("comment") or "")
    version_text = str(form.get("version") or "")
    version = int(version_text) if version_text.isdigit() else None
    if action == "return" and not comment.strip():
        return render_project(
            request, ctx, project_id, "target", [("error", ctx.t("wf.comment_required"))], 400
        )
    try:
        done = actions.transition_project(ctx.store, ctx.user, project_id, action, comment, version)
    except (ConflictError, ConfigError) as exc:
        return render_project(request, ctx, project_id, "target", [("error", exc.message(ctx.lang))], 409)
    return RedirectResponse(f"/projects/{project_id}?done={done['status']}", status_code=303)


def _draft(ctx: Ctx, project_id: int, table_id: int) -> dict[str, Any]:
    detail = ctx.store.get_table(table_id, ctx.user)
    if detail["project_id"] != project_id:
        raise NotFound(ctx.t("err.404"))
    return detail


@router.get("/projects/{project_id:int}/tables/{table_id:int}/delete", response_class=HTMLResponse)
def delete_confirm(
    request: Request, project_id: int, table_id: int, ctx: Ctx = Depends(signed_in)
) -> Response:
    """The confirmation page of a draft's deletion."""
    detail = _draft(ctx, project_id, table_id)
    record = ctx.store.get_project(project_id, ctx.user)
    question = ctx.t(
        "proj.delete_confirm",
        name=record["project"]["name"] or "",
        what=ctx.t("proj.stage." + (detail["stage"] or "target")),
        n=detail["revision"],
    )
    return page(
        request,
        "delete.html",
        {"project_id": project_id, "detail": detail, "question": question},
        user=ctx.user,
        csrf=ctx.csrf,
        active="projects",
    )


@router.post("/projects/{project_id:int}/tables/{table_id:int}/delete", response_class=HTMLResponse)
async def delete(request: Request, project_id: int, table_id: int, ctx: Ctx = Depends(signed_in)) -> Response:
    detail = _draft(ctx, project_id, table_id)
    form = await request.form()
    version_text = str(form.get("version") or "")
    actions.delete_table(ctx.store, ctx.user, table_id, int(version_text) if version_text.isdigit() else None)
    try:
        ctx.store.get_project(project_id, ctx.user)
    except NotFound:
        return RedirectResponse("/projects?gone=1", status_code=303)
    return RedirectResponse(
        f"/projects/{project_id}?tab=history&deleted={detail['revision']}", status_code=303
    )


@router.post("/projects/{project_id:int}/archive", response_class=HTMLResponse)
async def archive(request: Request, project_id: int, ctx: Ctx = Depends(signed_in)) -> Response:
    form = await request.form()
    archived = str(form.get("archived") or "1") == "1"
    actions.archive_project(ctx.store, ctx.user, project_id, archived)
    return RedirectResponse(f"/projects/{project_id}?archived={'1' if archived else '0'}", status_code=303)


@router.get("/projects/{project_id:int}/export.{fmt}")
def export(project_id: int, fmt: str, stage: str = "target", ctx: Ctx = Depends(signed_in)) -> Response:
    if fmt not in EXPORT_FORMATS:
        return Response(status_code=404)
    stages = tuple(s for s in stage.split(",") if s) or ("target",)
    return download(actions.export_project(ctx.store, ctx.user, project_id, fmt, stages))


__all__ = ["render_project", "router"]
