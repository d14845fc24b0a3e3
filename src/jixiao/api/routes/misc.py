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
from ..envelope import error_body, listing, ok

router = APIRouter(tags=["misc"])


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
) -> dict[str, Any]:
    return ok(**store.dashboard(user, TableFilter(year=year, kind=kind or None, unit=unit or None)))


@router.get("/units", summary="单位列表（units: code, name, projects, budget_wan）")
def units(store: Store = Depends(deps.store_dep), user: User = Depends(deps.current_user)) -> dict[str, Any]:
    return listing(store.units(user))


@router.get("/health", summary="健康检查（health: the service and its database）")
def health(store: Store = Depends(deps.store_dep)) -> Response:
    """``{"ok": true, "status": "up", "database": "up"}``; when the database cannot be read
    or written, 503 ``{"ok": false, "health": "degraded", "database": reason, …}``."""
    problem = store_health.check(store)
    if problem is None:
        return JSONResponse(ok(status="up", database="up"))
    body = {**error_body(503, str(problem)), "health": "degraded", "database": problem.reason}
    return JSONResponse(body, status_code=503, headers={"Retry-After": str(problem.retry_after)})
