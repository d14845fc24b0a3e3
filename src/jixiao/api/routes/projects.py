"""Projects (项目): the list, one project's record through its year, its stages, workflow,
history, archiving and exports.

- ``GET  /projects`` — filters ``unit``, ``year``, ``status``, ``q`` (and ``kind``, ``light``);
  ``{ok, items, total, page, per_page}``.
- ``GET  /projects/export?format=`` — the listed projects, each once.
- ``GET  /projects/{id}`` — ``{ok, project, target, pending, checkpoints, selfeval, versions}``.
- ``POST /projects/{id}/checkpoints`` — record a 运行监控 checkpoint.
- ``PUT  /projects/{id}/selfeval`` — save the 绩效自评 (actuals, or a whole 自评表).
- ``POST /projects/{id}/transitions`` — the review workflow on its working target.
- ``DELETE /projects/{id}/tables/{table_id}`` — delete a draft version.
- ``POST /projects/{id}/archive`` — archive (admins) or restore.
- ``GET  /projects/{id}/history`` · ``GET /projects/{id}/score`` · ``GET /projects/{id}/export``.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from fastapi import APIRouter, Depends, Query, Response
from pydantic import BaseModel, Field

from ... import actions
from ...errors import ConfigError, NotFound
from ...server import auth as deps
from ...server.validate import Version
from ...store import LIGHTS, PROJECT_STATUSES, ProjectFilter, Store, User
from ...text import bi
from ..envelope import listing, ok, page_of
from ..responses import EXPORTED, WRITE

router = APIRouter(prefix="/projects", tags=["projects"], responses=WRITE)


class ProgressItem(BaseModel):
    progress: str | None = Field(default=None, description="1–N月执行情况")
    expected: str | None = Field(default=None, description="全年预计完成情况")
    likelihood: str | None = Field(default=None, description="确定能 | 有可能 | 完全不可能")
    reason_category: str | None = Field(
        default=None, description="经费保障 | 制度保障 | 人员保障 | 硬件条件保障 | 其他"
    )
    reason: str | None = Field(default=None, max_length=10_000)
    measure: str | None = Field(default=None, max_length=10_000, description="纠偏措施")


class CheckpointBody(BaseModel):
    as_of: date = Field(description="截至日期")
    executed: float | None = Field(
        default=None, description="执行数 to that date, in the target's money unit"
    )
    indicators: list[ProgressItem] = Field(default_factory=list, description="one per indicator, in order")
    outcome: str | None = Field(default=None, max_length=10_000)
    policy: str = Field(default="national", max_length=200)


class SelfevalBody(BaseModel):
    actuals: list[str | None] | None = Field(default=None, description="实际完成值, one per indicator")
    deviations: list[str | None] | None = None
    executed: float | None = Field(default=None, description="全年执行数")
    budget: float | None = Field(default=None, description="全年预算数 (default: the target's)")
    table: dict[str, Any] | None = Field(default=None, description="or a whole jixiao/1 自评表")
    policy: str = Field(default="national", max_length=200)


class TransitionBody(BaseModel):
    action: str = Field(description="submit | return | approve | reopen")
    comment: str | None = Field(default=None, max_length=10_000)
    version: Version | None = None


class ArchiveBody(BaseModel):
    archived: bool = True


async def project_filters(
    unit: str | None = Query(None, description="单位编码或名称"),
    year: int | None = Query(None),
    status: str | None = Query(None, description=" | ".join(PROJECT_STATUSES)),
    q: str | None = Query(None, max_length=200),
    kind: str | None = Query(None, description="project | department"),
    light: str | None = Query(None, description=" | ".join(LIGHTS)),
    rule: str | None = Query(None, max_length=16, description="规则代码或前缀，如 JX2"),
) -> ProjectFilter:
    if status and status not in PROJECT_STATUSES:
        raise ConfigError(
            bi(
                f"未知状态 {status!r}，可选：{', '.join(PROJECT_STATUSES)}",
                f"unknown status {status!r}; choose from: {', '.join(PROJECT_STATUSES)}",
            )
        )
    return ProjectFilter(
        unit=unit or None,
        year=year,
        status=status or None,
        q=q or None,
        kind=kind or None,
        light=light or None,
    )


def download(out: actions.Exported) -> Response:
    """An exported file as an attachment."""
    return Response(
        out.data,
        media_type=out.media_type,
        headers={"Content-Disposition": f'attachment; filename="{out.filename}"'},
    )


@router.get("", summary="项目列表（projects, paged and filtered）")
def list_projects(
    filters: ProjectFilter = Depends(project_filters),
    page: int = Query(1, ge=1),
    per_page: int = Query(50, ge=1, le=500),
    store: Store = Depends(deps.store_dep),
    user: User = Depends(deps.current_user),
) -> Response:
    items, total = store.list_projects(filters, page, per_page, user)
    return page_of(items, total, page, per_page)


@router.get(
    "/export",
    summary="导出项目列表，每个项目一次（the listed projects, each once）",
    responses=EXPORTED,
)
def export_list(
    filters: ProjectFilter = Depends(project_filters),
    format: str = Query("csv"),
    store: Store = Depends(deps.store_dep),
    user: User = Depends(deps.current_user),
) -> Response:
    return download(actions.export_projects(store, user, filters, format))


@router.get("/{project_id}", summary="项目全年记录（target, checkpoints, self-evaluation）")
def get_project(
    project_id: int, store: Store = Depends(deps.store_dep), user: User = Depends(deps.current_user)
) -> dict[str, Any]:
    return ok(**store.get_project(project_id, user))


@router.post("/{project_id}/checkpoints", summary="运行监控填报（record a monitoring checkpoint）")
def record_checkpoint(
    project_id: int,
    body: CheckpointBody,
    store: Store = Depends(deps.get_store),
    user: User = Depends(deps.current_user),
) -> dict[str, Any]:
    return ok(**checkpoint_of(store, user, project_id, body))


def checkpoint_of(
    store: Store, user: User, project_id: int, body: CheckpointBody, save: bool = True
) -> dict[str, Any]:
    """:func:`jixiao.actions.record_checkpoint` with a checkpoint body."""
    return actions.record_checkpoint(
        store,
        user,
        project_id,
        body.as_of,
        executed=body.executed,
        indicators=[i.model_dump() for i in body.indicators],
        outcome=body.outcome,
        policy=body.policy,
        save=save,
    )


@router.put("/{project_id}/selfeval", summary="绩效自评（save the self-evaluation: actuals or a 自评表）")
def save_selfeval(
    project_id: int,
    body: SelfevalBody,
    store: Store = Depends(deps.get_store),
    user: User = Depends(deps.current_user),
) -> dict[str, Any]:
    selfeval = actions.selfeval_of(
        store,
        user,
        project_id,
        table=body.table,
        actuals=body.actuals,
        executed=body.executed,
        budget=body.budget,
        deviations=body.deviations,
    )
    return ok(**actions.save_selfeval(store, user, project_id, selfeval, policy=body.policy))


@router.get("/{project_id}/score", summary="自评计分与复核（score the project's self-evaluation）")
def score(
    project_id: int,
    policy: str = Query("national", max_length=200),
    store: Store = Depends(deps.get_store),
    user: User = Depends(deps.current_user),
) -> dict[str, Any]:
    selfeval = store.get_project(project_id, user)["selfeval"]
    if selfeval is None:
        raise NotFound(
            bi(f"项目 {project_id} 还没有自评表", f"project {project_id} has no self-evaluation yet")
        )
    return ok(project_id=project_id, **actions.score_table(actions.as_table(selfeval["table"]), policy))


@router.post("/{project_id}/transitions", summary="审核流程：提交、退回、批准（review workflow）")
def transition(
    project_id: int,
    body: TransitionBody,
    store: Store = Depends(deps.store_dep),
    user: User = Depends(deps.current_user),
) -> dict[str, Any]:
    item = actions.transition_project(store, user, project_id, body.action, body.comment, body.version)
    return ok(item=item)


@router.delete("/{project_id}/tables/{table_id}", summary="删除草稿（delete a draft version）")
def delete_draft(
    project_id: int,
    table_id: int,
    version: int | None = Query(None),
    store: Store = Depends(deps.store_dep),
    user: User = Depends(deps.current_user),
) -> dict[str, Any]:
    if store.get_table(table_id, user)["project_id"] != project_id:
        raise NotFound(
            bi(f"项目 {project_id} 没有表 {table_id}", f"project {project_id} has no table {table_id}")
        )
    actions.delete_table(store, user, table_id, version)
    return ok()


@router.post("/{project_id}/archive", summary="归档（archive, admins; archived=false restores）")
def archive(
    project_id: int,
    body: ArchiveBody,
    store: Store = Depends(deps.store_dep),
    user: User = Depends(deps.current_user),
) -> dict[str, Any]:
    return ok(**actions.archive_project(store, user, project_id, body.archived))


@router.get("/{project_id}/history", summary="项目历史（every change of its tables）")
def history(
    project_id: int, store: Store = Depends(deps.store_dep), user: User = Depends(deps.current_user)
) -> dict[str, Any]:
    return listing(store.project_history(project_id, user))


@router.get(
    "/{project_id}/export",
    summary="导出项目（docx | xlsx | pdf | html | json | csv；stage=target,checkpoint,selfeval）",
    responses=EXPORTED,
)
def export(
    project_id: int,
    format: str = Query("json"),
    stage: str = Query("target", description="comma-separated: target, checkpoint, selfeval"),
    store: Store = Depends(deps.store_dep),
    user: User = Depends(deps.current_user),
) -> Response:
    stages = tuple(s.strip() for s in stage.split(",") if s.strip()) or ("target",)
    return download(actions.export_project(store, user, project_id, format, stages))
