"""Dashboard aggregates (仪表盘): projects and budget by unit, indicators by 一级指标 category,
share of quantified indicators, findings by rule, projects by target status — all scoped to
what the user may see.

Each project counts once: its aggregates (``projects``: status, ``budget_wan``) and the one
table totals count (``perf_tables.counted``: its current target, else its latest stage;
:mod:`.aggregates`).  Archived projects are left out.  Money is in 万元.
"""

from __future__ import annotations

from typing import Any, TypeVarTuple

from sqlalchemy import Select, func, select

from . import scope
from .base import StoreBase
from .projects import unit_filter
from .schema import FindingRow, IndicatorRow, ProjectRow, TableRow
from .tables import TableFilter
from .users import User

_Ts = TypeVarTuple("_Ts")

# Projects and budget (万元) per unit: the dashboard's "by unit" and the units list.
_UNIT_TOTALS = (
    select(ProjectRow.unit_code, ProjectRow.unit_name, func.count(), func.sum(ProjectRow.budget_wan))
    .select_from(ProjectRow)
    .where(ProjectRow.archived == False)  # noqa: E712  ("=", not "IS": indexable)
    .group_by(ProjectRow.unit_code, ProjectRow.unit_name)
)


def _unit_totals(row: Any) -> dict[str, Any]:
    code, name, projects, budget = row
    budget = round(float(budget), 6) if budget is not None else None
    return {
        "code": code,
        "name": name,
        "projects": int(projects),
        "budget_wan": budget,
        "tables": int(projects),  # deprecated: the same as projects
        "budget": budget,  # deprecated: the same as budget_wan
    }


def _filtered(stmt: Select[*_Ts], f: TableFilter) -> Select[*_Ts]:
    if f.year is not None:
        stmt = stmt.where(ProjectRow.year == f.year)
    if f.unit:
        stmt = stmt.where(unit_filter(f.unit))
    if f.status:
        stmt = stmt.where(ProjectRow.status == f.status)
    if f.kind:  # a table kind: the kind of the table each project counts
        stmt = stmt.where(
            ProjectRow.id.in_(
                select(TableRow.project_id).where(TableRow.counted.is_(True), TableRow.kind == f.kind)
            )
        )
    return stmt.where(ProjectRow.archived == False)  # noqa: E712  ("=", not "IS": indexable)


class DashboardMixin(StoreBase):
    def dashboard(
        self, user: User | None = None, filters: TableFilter | None = None, top: int = 20
    ) -> dict[str, Any]:
        f = filters or TableFilter()

        def scoped(stmt: Select[*_Ts]) -> Select[*_Ts]:
            return _filtered(scope.visible_projects(stmt, user), f)

        counted = ProjectRow.id == TableRow.project_id
        with self.session() as s:
            by_status: dict[str, int] = {
                str(k): int(v)
                for k, v in s.execute(
                    scoped(select(ProjectRow.status, func.count()).select_from(ProjectRow)).group_by(
                        ProjectRow.status
                    )
                ).all()
                if k is not None
            }
            by_unit = s.execute(
                scoped(_UNIT_TOTALS).order_by(func.sum(ProjectRow.budget_wan).desc().nulls_last()).limit(top)
            ).all()
            projects_total, budget_total = s.execute(
                scoped(select(func.count(), func.sum(ProjectRow.budget_wan)).select_from(ProjectRow))
            ).one()
            ind_total, quant_total = s.execute(
                scoped(
                    select(func.sum(TableRow.indicator_count), func.sum(TableRow.quantified_count))
                    .select_from(ProjectRow)
                    .join(TableRow, counted)
                    .where(TableRow.counted.is_(True))
                )
            ).one()
            # Both category aggregates in one pass over the counted tables' indicators: per
            # (table, 一级) first, then per 一级, whose groups count the projects.
            per_table = (
                scoped(
                    select(
                        IndicatorRow.category1.label("category1"),
                        func.count().label("indicators"),
                        func.count(IndicatorRow.target_number).label("quantified"),
                    )
                    .select_from(ProjectRow)
                    .join(TableRow, counted)
                    .join(IndicatorRow, IndicatorRow.table_id == TableRow.id)
                    .where(TableRow.counted.is_(True))
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
                    select(FindingRow.code, FindingRow.severity, func.count())
                    .select_from(ProjectRow)
                    .join(TableRow, counted)
                    .join(FindingRow, FindingRow.table_id == TableRow.id)
                    .where(TableRow.counted.is_(True))
                )
                .group_by(FindingRow.code, FindingRow.severity)
                .order_by(func.count().desc())
            ).all()
        ind_total = int(ind_total or 0)
        quant_total = int(quant_total or 0)
        projects = int(projects_total or 0)
        return {
            "projects": projects,
            "tables": projects,  # deprecated: each project counts once
            "indicators": ind_total,
            "quantified": quant_total,
            "quantified_share": (quant_total / ind_total) if ind_total else None,
            "budget_total": round(float(budget_total), 6) if budget_total is not None else None,
            "money_unit": "万元",
            "by_status": by_status,
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
        """The units with projects the user may see: ``code``, ``name``, ``projects`` and
        ``budget_wan`` (each project once, its current target's budget in 万元)."""
        with self.session() as s:
            rows = s.execute(scope.visible_projects(_UNIT_TOTALS, user).order_by(ProjectRow.unit_code)).all()
        return [_unit_totals(row) for row in rows]
