"""Indicators (三级指标) across tables: list with paging and filters, read."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Depends, Query, Response

from ...server import auth as deps
from ...store import Store, TableFilter, User
from ..envelope import ok, page_of
from ..responses import LOOKUP
from .tables import table_filters

router = APIRouter(prefix="/indicators", tags=["indicators"], responses=LOOKUP)


@router.get("", summary="指标列表（indicators, paged and filtered）")
def list_indicators(
    filters: TableFilter = Depends(table_filters),
    category1: str | None = Query(None),
    quantified: bool | None = Query(None),
    page: int = Query(1, ge=1),
    per_page: int = Query(50, ge=1, le=500),
    store: Store = Depends(deps.store_dep),
    user: User = Depends(deps.current_user),
) -> Response:
    items, total = store.list_indicators(
        filters, page, per_page, user, category1=category1 or None, quantified=quantified
    )
    return page_of(items, total, page, per_page)


@router.get("/{indicator_id}", summary="读取指标（an indicator）")
def get_indicator(
    indicator_id: int, store: Store = Depends(deps.store_dep), user: User = Depends(deps.current_user)
) -> dict[str, Any]:
    return ok(item=store.get_indicator(indicator_id, user))
