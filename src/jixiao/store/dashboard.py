"""Dashboard aggregates (仪表盘): budget by unit and by 一级指标 category, share of quantified
indicators, findings by rule, tables by status — all scoped to what the user may see.

Money is summed in 万元 (a table in 元 is divided by 10 000).
"""

from __future__ import annotations

from typing import Any, TypeVarTuple

from sqlalchemy import Select, case, func, select

from . import scope
from .base import StoreBase
from .schema import FindingRow, IndicatorRow, TableRow
from .tables import TableFilter, unit_clause
from .users import User

_Ts = TypeVarTuple("_Ts")


def _filtered(stmt: Select[*_Ts], f: TableFilter) -> Select[*_Ts]:
    if f.year is not None:
        stmt = stmt.where(TableRow.year == f.year)
    if f.kind:
        stmt = stmt.where(TableRow.kind == f.kind)
    if f.unit:
        stmt = stmt.where(unit_clause(f.unit))
    if f.status:
        stmt = stmt.where(TableRow.status == f.status)
    return stmt


_WAN = case((TableRow.money_unit == "元", TableRow.budget_total / 10000.0), else_=TableRow.budget_total)
# Tables and budget (万元) per unit: the dashboard's "by unit" and the units list.
_UNIT_TOTALS = (
    select(TableRow.unit_code, TableRow.unit_name, func.count(), func.sum(_WAN))
    .select_from(TableRow)
    .group_by(TableRow.unit_code, TableRow.unit_name)
)


def _unit_totals(row: Any) -> dict[str, Any]:
    code, name, tables, budget = row
    return {
        "code": code,
        "name": name,
        "tables": int(tables),
        "budget": float(budget) if budget is not None else None,
    }


class DashboardMixin(StoreBase):
    def dashboard(
        self, user: User | None = None, filters: TableFilter | None = None, top: int = 20
    ) -> dict[str, Any]:
        f = filters or TableFilter()

        def scoped(stmt: Select[*_Ts]) -> Select[*_Ts]:
            return _filtered(scope.visible(stmt, user), f)

        with self.session() as s:
            by_status: dict[str, int] = dict(
                s.execute(
                    scoped(select(TableRow.status, func.count()).select_from(TableRow)).group_by(
                        TableRow.status
                    )
                ).all()
            )
            by_unit = s.execute(
                scoped(_UNIT_TOTALS).order_by(func.sum(_WAN).desc().nulls_last()).limit(top)
            ).all()
            tables_total, ind_total, quant_total, budget_total = s.execute(
                scoped(
                    select(
                        func.count(),
                        func.sum(TableRow.indicator_count),
                        func.sum(TableRow.quantified_count),
                        func.sum(_WAN),
                    ).select_from(TableRow)
                )
            ).one()
            # Both category aggregates in one pass over the indicators: per (table, 一级) first, then
            # per 一级, whose groups count the tables.  With 1 000 000 indicators on PostgreSQL
            # ~0.48 s, against 0.21 + 0.61 s for one query each (count(DISTINCT) sorts).
            per_table = (
                scoped(
                    select(
                        IndicatorRow.category1.label("category1"),
                        func.count().label("indicators"),
                        func.count(IndicatorRow.target_number).label("quantified"),
                    ).join(TableRow, TableRow.id == IndicatorRow.table_id)
                )
                .group_by(IndicatorRow.table_id, IndicatorRow.category1)
                .subquery()
            )
            by_cat = s.execute(
                select(
                    per_table.c.category1,
                    func.sum(per_table.c.indicators),
                    func.sum(per_table.c.quantified),
                    func.count(),
                )
                .group_by(per_table.c.category1)
                .order_by(func.sum(per_table.c.indicators).desc())
            ).all()
            by_rule = s.execute(
                scoped(
                    select(FindingRow.code, FindingRow.severity, func.count()).join(
                        TableRow, TableRow.id == FindingRow.table_id
                    )
                )
                .group_by(FindingRow.code, FindingRow.severity)
                .order_by(func.count().desc())
            ).all()
        ind_total = int(ind_total or 0)
        quant_total = int(quant_total or 0)
        return {
            "tables": int(tables_total or 0),
            "indicators": ind_total,
            "quantified": quant_total,
            "quantified_share": (quant_total / ind_total) if ind_total else None,
            "budget_total": float(budget_total) if budget_total is not None else None,
            "money_unit": "万元",
            "by_status": {k: int(v) for k, v in by_status.items()},
            "by_unit": [_unit_totals(row) for row in by_unit],
            "by_category": [
                {
                    "category1": c,
                    "indicators": int(n),
                    "quantified": int(q or 0),
                    "quantified_share": (int(q or 0) / int(n)) if n else None,
                }
                for c, n, q, _ in by_cat
            ],
            "tables_by_category": {c: int(k) for c, _, _, k in by_cat},
            "findings_by_rule": [{"code": c, "severity": sev, "count": int(n)} for c, sev, n in by_rule],
        }

    def units(self, user: User | None = None) -> list[dict[str, Any]]:
        """The units with tables the user may see, with their table counts and budgets (万元).

        One grouped query: the units page used to run the whole dashboard for the budgets,
        ~1 s on PostgreSQL with 100 000 tables (the indicator aggregates), for ~30 ms of this."""
        with self.session() as s:
            rows = s.execute(scope.visible(_UNIT_TOTALS, user).order_by(TableRow.unit_code)).all()
        return [_unit_totals(row) for row in rows]
