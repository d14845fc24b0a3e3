"""Check (stateless lint of posted tables), dashboard aggregates, units, health."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Depends, Query
from fastapi.responses import JSONResponse, Response
from pydantic import BaseModel, Field

from ... import actions
from ...errors import ConfigError
from ...server import auth as deps
from ...store import Store, TableFilter, User
from ...store import health as store_health
from ...text import bi
from ..envelope import FastJSON, error_body, listing, ok, page_of

router = APIRouter(tags=["misc"])

UNITS_PER_PAGE = 100  # GET /units: a page of units unless per_page says otherwise


class CheckBody(BaseModel):
    table: dict[str, Any] | None = Field(default=None, description="one jixiao/1 Table")
    document: dict[str, Any] | None = Field(default=None, description="a jixiao/1 Document")


@router.post("/check", summary="检查（findings for posted tables, nothing stored）")
def check(body: CheckBody, user: User = Depends(deps.current_user)) -> dict[str, Any]:
    if body.table is not None:
        tables = [body.table]
    elif body.document is not None:
        tables = body.document.get("tables") or []
        if not isinstance(tables, list):
            raise ConfigError(bi("document.tables 必须是数组", "document.tables must be a list"))
    else:
        raise ConfigError(bi("请提供 table 或 document", "give a table or a document"))
    report = actions.check_tables(tables)
    items = [{"table": f.table, **actions.finding_dict(f)} for f in report.findings]
    return listing(items, errors_found=sum(f["severity"] == "error" for f in items))


@router.get("/dashboard", summary="仪表盘汇总（dashboard aggregates）")
def dashboard(
    year: int | None = Query(None),
    kind: str | None = Query(None),
    unit: str | None = Query(None),
    store: Store = Depends(deps.store_dep),
    user: User = Depends(deps.current_user),
) -> Response:
    return FastJSON(ok(**store.dashboard(user, TableFilter(year=year, kind=kind or None, unit=unit or None))))


@router.get("/units", summary="单位列表（units: code, name, projects, budget_wan; paged）")
def units(
    q: str = Query("", max_length=200, description="单位编码或名称包含（code or name contains）"),
    page: int = Query(1, ge=1),
    per_page: int = Query(UNITS_PER_PAGE, ge=1, le=1000),
    store: Store = Depends(deps.store_dep),
    user: User = Depends(deps.current_user),
) -> Response:
    """The units with projects the caller may see, in order of code, a page at a time
    (``per_page`` 100 by default, at most 1,000); ``total`` is how many there are."""
    items, total = store.units_page(user, q=q.strip(), page=page, per_page=per_page)
    return page_of(items, total, page, per_page)


@router.get("/health", summary="健康检查（health: the service and its database）")
def health(store: Store = Depends(deps.store_dep)) -> Response:
    """``{"ok": true, "status": "up", "database": "up"}``; when the database cannot be read
    or written, 503 ``{"ok": false, "health": "degraded", "database": reason, …}``."""
    problem = store_health.check(store)
    if problem is None:
        return JSONResponse(ok(status="up", database="up"))
    body = {**error_body(503, str(problem)), "health": "degraded", "database": problem.reason}
    return JSONResponse(body, status_code=503, headers={"Retry-After": str(problem.retry_after)})
