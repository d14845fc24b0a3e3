"""Scoring and monitoring endpoints (评分、自评复核、实际完成值填报、运行监控), under /api/v1.

Thin adapters over :mod:`jixiao.actions`:

- ``GET  /policies`` — the scoring policies.
- ``POST /score`` — score a posted Table (the web form's live score); nothing stored.
- ``GET  /monitoring`` — red/yellow/green per unit from each project's latest checkpoint.
- ``GET  /tables/{id}/actuals-template`` — the .xlsx template for a stored table's actuals.
- ``POST /tables/{id}/actuals`` — upload the filled template (or post actuals as JSON);
  gives the 自评表 and its score, saved as the table's project's self-evaluation when
  ``save``.

Deprecated for one release (use ``/projects/{id}/…``): ``GET /tables/{id}/score`` and
``POST /tables/{id}/checkpoints`` (saved as the table's project's checkpoint when ``save``).
"""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Depends, File, Form, Query, Response, UploadFile
from pydantic import BaseModel, Field

from .. import actions
from ..export import FORMATS
from ..model import Table
from ..server import auth as deps
from ..store import Store, User
from .envelope import listing, ok
from .responses import WRITE, XLSX
from .routes import projects

router = APIRouter(tags=["scoring"], responses=WRITE)


class ScoreBody(BaseModel):
    table: dict[str, Any] = Field(description="a jixiao/1 Table (a 自评表, or a target table with actuals)")
    policy: str = Field(default="national", max_length=200)


class ActualsBody(BaseModel):
    actuals: list[str | None] = Field(description="实际完成值, one per indicator, in order")
    deviations: list[str | None] | None = None
    executed: float | None = None
    budget: float | None = None
    policy: str = Field(default="national", max_length=200)
    save: bool = False


class CheckpointBody(projects.CheckpointBody):
    save: bool = False


def _stored(store: Store, table_id: int, user: User) -> Table:
    return actions.stored_table(store, user, table_id)


def _project_of(store: Store, table_id: int, user: User) -> int:
    return int(store.get_table(table_id, user)["project_id"])


def _item(store: Store, user: User, placed: dict[str, Any] | None) -> dict[str, Any] | None:
    return None if placed is None else store.get_table(int(placed["table_id"]), user)


@router.get("/policies", summary="评分规则列表（scoring policies）")
def policies(user: User = Depends(deps.current_user)) -> dict[str, Any]:
    return listing([p.summary() for p in actions.policies()])


@router.post("/score", summary="计分（score a posted table; nothing stored）")
def score(body: ScoreBody, user: User = Depends(deps.current_user)) -> dict[str, Any]:
    return ok(**actions.score_table(actions.as_table(body.table), body.policy))


@router.get(
    "/tables/{table_id}/score",
    summary="自评计分与复核（deprecated: GET /projects/{id}/score）",
    deprecated=True,
)
def score_stored(
    table_id: int,
    policy: str = Query("national", max_length=200),
    store: Store = Depends(deps.get_store),
    user: User = Depends(deps.current_user),
) -> dict[str, Any]:
    return ok(table_id=table_id, **actions.score_table(_stored(store, table_id, user), policy))


@router.get("/tables/{table_id}/actuals-template", summary="下载实际完成值填报模板（.xlsx）", responses=XLSX)
def template(
    table_id: int, store: Store = Depends(deps.get_store), user: User = Depends(deps.current_user)
) -> Response:
    data = actions.actuals_template_of(_stored(store, table_id, user))
    name = f"actuals-{table_id}.xlsx"
    return Response(
        data,
        media_type=FORMATS["xlsx"].media_type,
        headers={"Content-Disposition": f'attachment; filename="{name}"'},
    )


def _selfeval_result(
    store: Store, user: User, table_id: int, selfeval: Table, policy: str, save: bool
) -> dict[str, Any]:
    done = actions.save_selfeval(
        store, user, _project_of(store, table_id, user), selfeval, policy=policy, save=save
    )
    return ok(item=_item(store, user, done["selfeval"]), **done)


@router.post("/tables/{table_id}/actuals", summary="上传实际完成值（filled .xlsx template）")
async def upload_actuals(
    table_id: int,
    file: UploadFile = File(...),
    policy: str = Form("national"),
    save: bool = Form(False),
    store: Store = Depends(deps.get_store),
    user: User = Depends(deps.current_user),
) -> dict[str, Any]:
    target = _stored(store, table_id, user)
    selfeval = actions.selfeval_from_xlsx(target, await file.read(), file.filename or "upload.xlsx")
    return _selfeval_result(store, user, table_id, selfeval, policy, save)


@router.post("/tables/{table_id}/actuals.json", summary="填报实际完成值（actuals as JSON）")
def post_actuals(
    table_id: int,
    body: ActualsBody,
    store: Store = Depends(deps.get_store),
    user: User = Depends(deps.current_user),
) -> dict[str, Any]:
    selfeval = actions.selfeval_from_actuals(
        _stored(store, table_id, user),
        body.actuals,
        executed=body.executed,
        budget=body.budget,
        deviations=body.deviations,
    )
    return _selfeval_result(store, user, table_id, selfeval, body.policy, body.save)


@router.post(
    "/tables/{table_id}/checkpoints",
    summary="运行监控填报（deprecated: POST /projects/{id}/checkpoints）",
    deprecated=True,
)
def checkpoint(
    table_id: int,
    body: CheckpointBody,
    store: Store = Depends(deps.get_store),
    user: User = Depends(deps.current_user),
) -> dict[str, Any]:
    done = projects.checkpoint_of(store, user, _project_of(store, table_id, user), body, body.save)
    return ok(item=_item(store, user, done["checkpoint"]), **done)


@router.get("/monitoring", summary="运行监控总览：各单位红黄绿灯（monitoring status per unit）")
def monitoring(
    year: int | None = Query(None),
    unit: str | None = Query(None),
    policy: str = Query("national", max_length=200),
    store: Store = Depends(deps.get_store),
    user: User = Depends(deps.current_user),
) -> dict[str, Any]:
    units = actions.monitoring_overview(store, user, year=year, unit=unit, policy=policy)
    return listing([u.to_dict() for u in units])
