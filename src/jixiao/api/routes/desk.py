"""The reviewer's desk: the review queue, a project's conversation, notifications, the
framework a project's editor offers.

- ``GET  /review-queue`` — submitted targets waiting for review, oldest first (``unit``, ``year``).
- ``GET  /projects/{id}/comments`` · ``POST /projects/{id}/comments`` — the conversation.
- ``GET  /notifications`` (``unread``) · ``POST /notifications/read`` — in-app notifications.
- ``PUT  /projects/{id}/framework`` — 2015 | 2021 | null.
"""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Depends, Query, Response
from pydantic import BaseModel, Field

from ... import actions
from ...server import auth as deps
from ...server.validate import RowId
from ...store import Store, User
from ..envelope import listing, page_of
from ..responses import WRITE

router = APIRouter(tags=["review"], responses=WRITE)


class CommentBody(BaseModel):
    text: str = Field(min_length=1, max_length=10_000, description="意见 / 回复")


class ReadBody(BaseModel):
    ids: list[RowId] | None = Field(
        default=None, max_length=1000, description="these; else all (of project_id)"
    )
    project_id: RowId | None = None


class FrameworkBody(BaseModel):
    framework: str | None = Field(default=None, pattern="^(2015|2021)$", description="2015 | 2021 | null")


class Ok(BaseModel):
    ok: bool = True


class CommentOut(BaseModel):
    ok: bool = True
    item: dict[str, Any]


class ThreadOut(BaseModel):
    ok: bool = True
    items: list[dict[str, Any]]
    total: int


class ReadOut(BaseModel):
    ok: bool = True
    marked: int
    unread: int


@router.get("/review-queue", summary="待审核（submitted targets, oldest first）")
def review_queue(
    unit: str | None = Query(None, max_length=400, description="单位编码或名称"),
    year: int | None = Query(None, ge=1900, le=2200),
    page: int = Query(1, ge=1, le=1_000_000),
    per_page: int = Query(50, ge=1, le=500),
    store: Store = Depends(deps.store_dep),
    user: User = Depends(deps.current_user),
) -> Response:
    items, total = store.review_queue(user, unit=unit, year=year, page=page, per_page=per_page)
    return page_of(items, total, page, per_page)


@router.get(
    "/projects/{project_id}/comments",
    summary="项目的审核意见与回复（the conversation, oldest first）",
    response_model=ThreadOut,
)
def thread(
    project_id: int, store: Store = Depends(deps.store_dep), user: User = Depends(deps.current_user)
) -> dict[str, Any]:
    return listing(store.thread(project_id, user))


@router.post(
    "/projects/{project_id}/comments",
    status_code=201,
    summary="发表意见或回复（comment; notifies）",
    response_model=CommentOut,
)
def add_comment(
    project_id: int,
    body: CommentBody,
    store: Store = Depends(deps.store_dep),
    user: User = Depends(deps.current_user),
) -> dict[str, Any]:
    return {"ok": True, "item": actions.comment(store, user, project_id, body.text)}


@router.get("/notifications", summary="通知（newest first; unread count）")
def notifications(
    unread: bool = Query(False),
    page: int = Query(1, ge=1, le=1_000_000),
    per_page: int = Query(50, ge=1, le=500),
    store: Store = Depends(deps.store_dep),
    user: User = Depends(deps.current_user),
) -> Response:
    items, total, unread_count = store.notifications(user, unread=unread, page=page, per_page=per_page)
    return page_of(items, total, page, per_page, unread=unread_count)


@router.post("/notifications/read", summary="标为已读（mark read）", response_model=ReadOut)
def mark_read(
    body: ReadBody, store: Store = Depends(deps.store_dep), user: User = Depends(deps.current_user)
) -> dict[str, Any]:
    marked = actions.mark_read(store, user, body.ids, body.project_id)
    return {"ok": True, "marked": marked, "unread": store.badge_counts(user)["unread"]}


@router.put(
    "/projects/{project_id}/framework",
    summary="指标体系（the framework the editor offers: 2015 | 2021 | null）",
    response_model=Ok,
)
def set_framework(
    project_id: int,
    body: FrameworkBody,
    store: Store = Depends(deps.store_dep),
    user: User = Depends(deps.current_user),
) -> dict[str, Any]:
    actions.set_framework(store, user, project_id, body.framework)
    return {"ok": True}
