"""The indicator library (指标库): search it, read a group, rebuild it."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Depends, Query, Response

from ... import actions
from ...server import auth as deps
from ...store import Store, User
from ..envelope import FastJSON, listing, ok
from ..responses import LOOKUP

router = APIRouter(prefix="/library", tags=["library"], responses=LOOKUP)


@router.get("", summary="指标库检索（the library: peer groups with their typical values）")
def search(
    q: str | None = Query(None, max_length=200, description="三级指标名称的几个字（a few words of a name）"),
    level2: str | None = Query(None, max_length=64, description="二级指标（e.g. 数量指标）"),
    limit: int = Query(10, ge=1, le=50),
    store: Store = Depends(deps.store_dep),
    user: User = Depends(deps.current_user),
) -> Response:
    """With ``q``: the groups whose names are like it, best first, each with how many projects
    and units use it, its typical target (``typical``) and the distribution of its targets per
    unit of measure (``targets``: n, min, q1, median, q3, max), actuals and the share met.
    Without ``q``: the library by 二级 category (``levels``).  Aggregates only: no project of
    any unit is named (``GET /library/{id}`` lists those the caller may see)."""
    if q and q.strip():
        items = actions.search_library(store, user, q, level2=level2, limit=limit)
        return FastJSON(listing(items, q=q, level2=level2))
    levels = actions.library_overview(store, user, level2=level2, per_level=limit)
    return FastJSON({"ok": True, "levels": levels, "total": sum(x["groups"] for x in levels)})


@router.get("/{group_id}", summary="指标组（a group: figures, names, the projects you may see）")
def group(
    group_id: int,
    limit: int = Query(50, ge=1, le=500),
    store: Store = Depends(deps.store_dep),
    user: User = Depends(deps.current_user),
) -> Response:
    """A group's figures and name variants, and the projects using it that the caller may see
    (``projects_shown``; ``projects_hidden``: how many more there are in other units)."""
    return FastJSON(ok(item=actions.library_group(store, user, group_id, limit)))


@router.post("/rebuild", summary="重建指标库（rebuild the library; admins）")
def rebuild(
    store: Store = Depends(deps.store_dep), user: User = Depends(deps.current_user)
) -> dict[str, Any]:
    """Group every stored indicator afresh and compute every group's figures."""
    done = actions.rebuild_library(store, user)
    return ok(
        indicators=done.indicators,
        names=done.names,
        groups=done.groups,
        seconds=round(done.seconds, 3),
        timings={k: round(v, 3) for k, v in done.timings.items()},
    )
