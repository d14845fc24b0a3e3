"""Indicators (三级指标) across tables: the list (filters, paging) and one indicator, each with
its table's unit, year, kind, status and title; scoped like the tables (:mod:`.scope`)."""

from __future__ import annotations

from typing import Any

from sqlalchemy import exists, func, select

from ..errors import NotFound
from ..text import bi
from . import scope
from .base import StoreBase
from .schema import FindingRow, IndicatorRow, TableRow
from .tables import MAX_PER_PAGE, AnySelect, TableFilter, table_filters
from .users import User


def _indicator_select() -> AnySelect:
    """Indicators with the columns of their table that lists and reads show."""
    stmt: AnySelect = select(
        IndicatorRow,
        TableRow.unit_code,
        TableRow.unit_name,
        TableRow.year,
        TableRow.kind,
        TableRow.status,
        TableRow.title,
    ).join(TableRow, TableRow.id == IndicatorRow.table_id)
    return stmt


class IndicatorsMixin(StoreBase):
    """Indicator methods of :class:`jixiao.store.Store`."""

    def list_indicators(
        self,
        filters: TableFilter | None = None,
        page: int = 1,
        per_page: int = 50,
        user: User | None = None,
        category1: str | None = None,
        quantified: bool | None = None,
    ) -> tuple[list[dict[str, Any]], int]:
        """One page of indicators (with their table's id, unit and year) and the total."""
        f = filters or TableFilter()
        page = max(1, int(page))
        per_page = max(1, min(int(per_page), MAX_PER_PAGE))
        stmt = table_filters(scope.visible(_indicator_select(), user), f)
        if f.rule:
            stmt = stmt.where(
                exists().where(
                    FindingRow.table_id == IndicatorRow.table_id,
                    FindingRow.indicator == IndicatorRow.position,
                    FindingRow.code.startswith(f.rule, autoescape=True),
                )
            )
        if f.q:
            stmt = stmt.where(IndicatorRow.name.like(f"%{f.q}%"))
        if category1:
            stmt = stmt.where(IndicatorRow.category1 == category1)
        if quantified is not None:
            stmt = stmt.where(
                IndicatorRow.target_number.is_not(None)
                if quantified
                else IndicatorRow.target_number.is_(None)
            )
        offset = (page - 1) * per_page
        with self.session() as s:
            rows = s.execute(stmt.order_by(IndicatorRow.id).limit(per_page).offset(offset)).all()
            if 0 < len(rows) < per_page or (page == 1 and not rows):
                total = offset + len(rows)
            else:
                total = (
                    s.scalar(
                        select(func.count()).select_from(stmt.with_only_columns(IndicatorRow.id).subquery())
                    )
                    or 0
                )
            return [indicator_dict(r[0], r[1:]) for r in rows], total

    def get_indicator(self, indicator_id: int, user: User | None = None) -> dict[str, Any]:
        with self.session() as s:
            r = s.execute(
                scope.visible(_indicator_select(), user).where(IndicatorRow.id == indicator_id)
            ).first()
            if r is None:
                raise NotFound(
                    bi(f"指标 {indicator_id} 不存在或无权查看", f"indicator {indicator_id} not found")
                )
            return indicator_dict(r[0], r[1:])


def indicator_dict(ind: IndicatorRow, table: tuple[Any, ...]) -> dict[str, Any]:
    unit_code, unit_name, year, kind, status, title = table
    return {
        "id": ind.id,
        "table_id": ind.table_id,
        "index": ind.position,
        "level1": ind.level1,
        "level2": ind.level2,
        "category1": ind.category1,
        "category2": ind.category2,
        "name": ind.name,
        "description": ind.description,
        "period": ind.period,
        "target": {
            "text": ind.target_text,
            "op": ind.target_op,
            "number": ind.target_number,
            "unit": ind.target_unit,
            "qualitative": ind.target_qualitative,
        },
        "actual": None
        if ind.actual_text is None and ind.actual_number is None
        else {"text": ind.actual_text, "number": ind.actual_number},
        "weight": ind.weight,
        "score": ind.score,
        "table": {
            "unit": {"code": unit_code, "name": unit_name},
            "year": year,
            "kind": kind,
            "status": status,
            "title": title,
        },
    }
