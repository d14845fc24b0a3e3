"""Tables (绩效目标表 and the other stages' tables, each a version in a project's record):
list with paging and filters, read, create, update, delete, review workflow, history,
findings, export, and editing single indicators.

Deprecated for one release where a project route does the same: list → ``GET /projects``,
history → ``GET /projects/{id}/history``, transitions → ``POST /projects/{id}/transitions``,
delete → ``DELETE /projects/{id}/tables/{table_id}``.  Reading, creating and editing a
version by its table id stay."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Depends, Query, Response
from pydantic import BaseModel, Field

from ... import actions
from ...server import auth as deps
from ...server.validate import Version
from ...store import Store, TableFilter, User
from ..envelope import listing, ok, page_of
from ..responses import EXPORTED, WRITE
from .projects import TransitionBody, download

router = APIRouter(prefix="/tables", tags=["tables"], responses=WRITE)


class TableBody(BaseModel):
    table: dict[str, Any] = Field(description="a jixiao/1 Table")


class TableUpdate(TableBody):
    version: Version = Field(description="the version the edit is based on (409 when stale)")


class IndicatorBody(BaseModel):
    indicator: dict[str, Any] = Field(description="a jixiao/1 Indicator")
    version: Version


async def table_filters(
    unit: str | None = Query(None, description="单位编码或名称"),
    year: int | None = Query(None),
    kind: str | None = Query(None),
    status: str | None = Query(None),
    rule: str | None = Query(None, max_length=16, description="规则代码或前缀，如 JX2"),
    q: str | None = Query(None, max_length=200),
    document_id: int | None = Query(None),
) -> TableFilter:
    return TableFilter(
        unit=unit or None,
        year=year,
        kind=kind or None,
        status=status or None,
        rule=rule or None,
        q=q or None,
        document_id=document_id,
    )


@router.get("", summary="表列表（deprecated: GET /projects）", deprecated=True)
def list_tables(
    filters: TableFilter = Depends(table_filters),
    page: int = Query(1, ge=1),
    per_page: int = Query(50, ge=1, le=500),
    store: Store = Depends(deps.store_dep),
    user: User = Depends(deps.current_user),
) -> Response:
    items, total = store.list_tables(filters, page, per_page, user)
    return page_of(items, total, page, per_page)


@router.post("", status_code=201, summary="新建表（create a table）")
def create_table(
    body: TableBody, store: Store = Depends(deps.store_dep), user: User = Depends(deps.current_user)
) -> dict[str, Any]:
    return ok(item=actions.create_table(store, user, body.table))


@router.get("/{table_id}", summary="读取表（a table with its findings）")
def get_table(
    table_id: int, store: Store = Depends(deps.store_dep), user: User = Depends(deps.current_user)
) -> dict[str, Any]:
    return ok(item=store.get_table(table_id, user))


@router.put("/{table_id}", summary="修改表（update; 409 when the version is stale）")
def update_table(
    table_id: int,
    body: TableUpdate,
    store: Store = Depends(deps.store_dep),
    user: User = Depends(deps.current_user),
) -> dict[str, Any]:
    return ok(item=actions.update_table(store, user, table_id, body.table, body.version))


@router.delete(
    "/{table_id}", summary="删除草稿（deprecated: DELETE /projects/{id}/tables/{table_id}）", deprecated=True
)
def delete_table(
    table_id: int,
    version: int | None = Query(None),
    store: Store = Depends(deps.store_dep),
    user: User = Depends(deps.current_user),
) -> dict[str, Any]:
    actions.delete_table(store, user, table_id, version)
    return ok()


@router.post(
    "/{table_id}/transitions",
    summary="审核流程（deprecated: POST /projects/{id}/transitions）",
    deprecated=True,
)
def transition(
    table_id: int,
    body: TransitionBody,
    store: Store = Depends(deps.store_dep),
    user: User = Depends(deps.current_user),
) -> dict[str, Any]:
    return ok(item=actions.transition(store, user, table_id, body.action, body.comment, body.version))


@router.get(
    "/{table_id}/history", summary="修改历史（deprecated: GET /projects/{id}/history）", deprecated=True
)
def history(
    table_id: int, store: Store = Depends(deps.store_dep), user: User = Depends(deps.current_user)
) -> dict[str, Any]:
    return listing(store.history(table_id, user))


@router.get("/{table_id}/findings", summary="审核发现（findings）")
def findings(
    table_id: int, store: Store = Depends(deps.store_dep), user: User = Depends(deps.current_user)
) -> dict[str, Any]:
    return listing(store.get_table(table_id, user)["findings"])


@router.get(
    "/{table_id}/export",
    summary="导出（docx | xlsx | pdf | html | json | csv）",
    responses=EXPORTED,
)
def export(
    table_id: int,
    format: str = Query("json", alias="format"),
    store: Store = Depends(deps.store_dep),
    user: User = Depends(deps.current_user),
) -> Response:
    return download(actions.export_stored(store, user, table_id, format))


@router.post("/{table_id}/indicators", status_code=201, summary="新增指标（add an indicator）")
def add_indicator(
    table_id: int,
    body: IndicatorBody,
    store: Store = Depends(deps.store_dep),
    user: User = Depends(deps.current_user),
) -> dict[str, Any]:
    return ok(item=actions.edit_indicator(store, user, table_id, body.version, indicator=body.indicator))


@router.put("/{table_id}/indicators/{index}", summary="修改指标（replace indicator #index）")
def put_indicator(
    table_id: int,
    index: int,
    body: IndicatorBody,
    store: Store = Depends(deps.store_dep),
    user: User = Depends(deps.current_user),
) -> dict[str, Any]:
    return ok(
        item=actions.edit_indicator(
            store, user, table_id, body.version, index=index, indicator=body.indicator
        )
    )


@router.delete("/{table_id}/indicators/{index}", summary="删除指标（remove indicator #index）")
def delete_indicator(
    table_id: int,
    index: int,
    version: int = Query(...),
    store: Store = Depends(deps.store_dep),
    user: User = Depends(deps.current_user),
) -> dict[str, Any]:
    return ok(item=actions.edit_indicator(store, user, table_id, version, index=index, remove=True))
