"""The reviewer's desk (审核台): the review queue (``/review``), notifications
(``/notifications``) and a project's conversation (comments posted from its page).

Everything here reads the store and writes through :mod:`jixiao.actions`
(:func:`~jixiao.actions.comment`, :func:`~jixiao.actions.mark_read`,
:func:`~jixiao.actions.transition_project`), like the REST API's ``/review-queue``,
``/notifications`` and ``/projects/{id}/comments``.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any
from urllib.parse import urlencode

from fastapi import Depends, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from .. import actions
from ..errors import ConfigError, ConflictError
from . import i18n, views
from .projects import render_project
from .render import page
from .session import Ctx, signed_in, web_router

router = web_router()
PER_PAGE = 50

i18n.add_messages(
    {
        "nav.review": ("待审核", "To review"),
        "nav.notifications": ("通知", "Notifications"),
        "nav.admin": ("管理", "Admin"),
        "queue.title": ("待审核", "Waiting for review"),
        "queue.submitted": ("提交时间", "Submitted"),
        "queue.empty": ("没有待审核的项目。", "Nothing waits for review."),
        "queue.revision": ("调整", "Revision"),
        "queue.open": ("查看", "Open"),
        "queue.comment_placeholder": ("审核意见（退回时必填）", "Comment (required to return)"),
        "note.title": ("通知", "Notifications"),
        "note.empty": ("没有通知。", "No notifications."),
        "note.unread_only": ("只看未读", "Unread only"),
        "note.all": ("全部", "All"),
        "note.mark_all": ("全部标为已读", "Mark all read"),
        "note.marked": ("已将 {n} 条通知标为已读。", "{n} notifications marked read."),
        "note.kind.submit": (
            "{actor} 提交了「{project}」，等待审核",
            "{actor} submitted “{project}” for review",
        ),
        "note.kind.return": ("{actor} 退回了「{project}」", "{actor} returned “{project}”"),
        "note.kind.approve": ("{actor} 批复通过了「{project}」", "{actor} approved “{project}”"),
        "note.kind.reopen": ("{actor} 重新打开了「{project}」", "{actor} reopened “{project}”"),
        "note.kind.comment": ("{actor} 对「{project}」发表了意见", "{actor} commented on “{project}”"),
        "note.unread": ("未读", "Unread"),
        "thread.title": ("审核意见与回复", "Comments"),
        "thread.empty": ("还没有意见。", "No comments yet."),
        "thread.placeholder": ("写下意见或回复…", "Write a comment or a reply…"),
        "thread.send": ("发表", "Post"),
        "thread.reply": ("回复", "Reply"),
        "thread.posted": ("意见已发表。", "Comment posted."),
        "wf.comment": ("意见", "Comment"),
        "wf.comment_optional": ("意见（可选；退回时必填）", "Comment (optional; required to return)"),
    }
)


def note_text(item: dict[str, Any], t: Callable[..., str]) -> str:
    """A notification in words: who did what to which project."""
    kind = item.get("kind") or ""
    return t(
        "note.kind." + kind
        if kind in ("submit", "return", "approve", "reopen", "comment")
        else "note.kind.comment",
        actor=item.get("actor") or "jixiao",
        project=item.get("project") or f"#{item.get('project_id')}",
    )


@router.get("/review", response_class=HTMLResponse)
def review_queue(
    request: Request, unit: str = "", year: str = "", p: int = 1, ctx: Ctx = Depends(signed_in)
) -> Response:
    """待审核: the submitted targets, oldest first; approve or return each from here."""
    year_n = int(year) if year.strip().isdigit() and 1900 <= int(year) <= 2200 else None
    items, total = ctx.store.review_queue(
        ctx.user, unit=unit.strip() or None, year=year_n, page=max(p, 1), per_page=PER_PAGE
    )
    params = {k: v for k, v in {"unit": unit, "year": year}.items() if v}
    rows = [
        {
            **i,
            "submitted": (i["submitted_at"] or "")[:16].replace("T", " "),
            "budget": views.amount(i.get("budget_wan")),
        }
        for i in items
    ]
    flashes = []
    if request.query_params.get("done") in ("returned", "approved"):
        flashes.append(("ok", ctx.t("wf.done", state=ctx.t("state." + request.query_params["done"]))))
    if request.query_params.get("error"):
        flashes.append(("error", ctx.t("wf.comment_required")))
    return page(
        request,
        "review.html",
        {
            "rows": rows,
            "total": total,
            "f": {"unit": unit, "year": year},
            "here": "/review" + (f"?{urlencode(params)}" if params else ""),
            "prev_url": "/review?" + urlencode({**params, "p": p - 1}) if p > 1 else None,
            "next_url": "/review?" + urlencode({**params, "p": p + 1}) if p * PER_PAGE < total else None,
        },
        user=ctx.user,
        csrf=ctx.csrf,
        active="review",
        flashes=flashes,
    )


@router.get("/notifications", response_class=HTMLResponse)
def notifications(request: Request, unread: str = "", p: int = 1, ctx: Ctx = Depends(signed_in)) -> Response:
    items, total, unread_count = ctx.store.notifications(
        ctx.user, unread=bool(unread), page=max(p, 1), per_page=PER_PAGE
    )
    rows = [{**i, "text": note_text(i, ctx.t), "when": (i["at"] or "")[:16].replace("T", " ")} for i in items]
    flashes = []
    if request.query_params.get("marked", "").isdigit():
        flashes.append(("ok", ctx.t("note.marked", n=request.query_params["marked"])))
    return page(
        request,
        "notifications.html",
        {"rows": rows, "total": total, "unread_only": bool(unread), "unread_count": unread_count},
        user=ctx.user,
        csrf=ctx.csrf,
        active="notifications",
        flashes=flashes,
    )


@router.post("/notifications/read", response_class=HTMLResponse)
async def mark_all_read(request: Request, ctx: Ctx = Depends(signed_in)) -> Response:
    n = actions.mark_read(ctx.store, ctx.user)
    return RedirectResponse(f"/notifications?marked={n}", status_code=303)


@router.get("/notifications/{note_id:int}", response_class=HTMLResponse)
def open_notification(note_id: int, ctx: Ctx = Depends(signed_in)) -> Response:
    """Open what a notification is about (its project's page) and mark it read."""
    project_id = actions.open_notification(ctx.store, ctx.user, note_id)
    if project_id is None:
        return RedirectResponse("/notifications", status_code=303)
    return RedirectResponse(f"/projects/{project_id}#thread", status_code=303)


@router.post("/projects/{project_id:int}/comments", response_class=HTMLResponse)
async def post_comment(request: Request, project_id: int, ctx: Ctx = Depends(signed_in)) -> Response:
    form = await request.form()
    text = str(form.get("text") or "")
    try:
        actions.comment(ctx.store, ctx.user, project_id, text)
    except ConfigError as exc:
        return render_project(request, ctx, project_id, "target", [("error", exc.message(ctx.lang))], 400)
    return RedirectResponse(f"/projects/{project_id}?commented=1#thread", status_code=303)


@router.post("/review/{project_id:int}", response_class=HTMLResponse)
async def review_action(request: Request, project_id: int, ctx: Ctx = Depends(signed_in)) -> Response:
    """Approve or return from the queue; back to the queue."""
    form = await request.form()
    action = str(form.get("action") or "")
    comment = str(form.get("comment") or "")
    version_text = str(form.get("version") or "")
    back = str(form.get("back") or "/review")
    back = back if back.startswith("/review") else "/review"
    sep = "&" if "?" in back else "?"
    if action == "return" and not comment.strip():
        return RedirectResponse(f"{back}{sep}error=comment", status_code=303)
    try:
        done = actions.transition_project(
            ctx.store,
            ctx.user,
            project_id,
            action,
            comment,
            int(version_text) if version_text.isdigit() else None,
        )
    except (ConflictError, ConfigError) as exc:
        return render_project(request, ctx, project_id, "target", [("error", exc.message(ctx.lang))], 409)
    return RedirectResponse(f"{back}{sep}done={done['status']}", status_code=303)
