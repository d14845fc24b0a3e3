"""Dashboard aggregates (仪表盘): projects and budget by unit, indicators by 一级指标 category,
share of quantified indicators, findings by rule, projects by target status — all scoped to
what the user may see.

Each project counts once, with the table totals count (its current target, else its latest
stage; :mod:`.aggregates`); archived projects are left out; money is in 万元.  Everything is
read from the totals kept at write time (:mod:`.totals`): the dashboard of all units sums the
buckets of level ``all`` (a few dozen rows), a unit's or a filer's those of its unit, and the
ranking by unit and the units list the buckets of level ``unit`` — never the projects, tables,
indicators or findings themselves, so a dashboard of 100,000 projects costs what one of ten does.

Each answer is kept by the totals' generation (:mod:`.memo`): until a write changes the totals,
the same question in the same worker costs one read of the generation.  The units list is read
a page at a time (:meth:`DashboardMixin.units_page`), filtered by a code or name.
"""

from __future__ import annotations

from collections.abc import Hashable, Sequence
from typing import Any

import sqlalchemy as sa
from sqlalchemy import Connection, func, select

from . import scope, totals
from .base import StoreBase
from .memo import Memo, memo_of
from .schema import DashboardCategory, DashboardRule, DashboardSum
from .tables import TableFilter
from .totals import FEN_PER_WAN, UNIT_NAME
from .users import User


def _budget(fen: Any, budgets: Any) -> float | None:
    """万元 from a sum of 分; None when no project of the sum has a budget."""
    return round(int(fen) / FEN_PER_WAN, 6) if budgets else None


def _unit_totals(code: str, name: str, projects: Any, fen: Any, budgets: Any) -> dict[str, Any]:
    budget = _budget(fen, budgets)
    return {
        "code": code or None,
        "name": name or None,
        "projects": int(projects),
        "budget_wan": budget,
        "tables": int(projects),  # deprecated: the same as projects
        "budget": budget,  # deprecated: the same as budget_wan
    }


def _where(model: Any, level: str, f: TableFilter, unit_code: str | None) -> list[Any]:
    """The conditions on ``model``'s buckets for the filters and the user's unit (a filer's)."""
    c = model.__table__.c
    where = [c.level == level]
    if unit_code is not None:
        where.append(c.unit_code == unit_code)
    if f.unit:
        unit = f.unit.strip()
        where.append(c.unit_code == unit if unit.isdigit() else c.unit_name == unit[:UNIT_NAME])
    if f.year is not None:
        where.append(c.year == f.year)
    if f.status:
        where.append(c.status == f.status)
    if f.kind:  # a table kind: the kind of the table each project counts
        where.append(c.kind == f.kind)
    return where


def _by_unit(where: list[Any]) -> sa.Select[str, str, int, int, int]:
    s = DashboardSum
    return (
        select(s.unit_code, s.unit_name, func.sum(s.projects), func.sum(s.budget_fen), func.sum(s.budgets))
        .where(*where)
        .group_by(s.unit_code, s.unit_name)
        .having(func.sum(s.projects) > 0)
    )


class DashboardMixin(StoreBase):
    @property
    def _memo(self) -> Memo:
        return memo_of(self, "_totals_memo")

    def _kept(self, question: Hashable, compute: Any) -> Any:
        """``compute(connection)``'s answer, kept by the totals' generation (:mod:`.memo`).

        Read on a Core connection (autocommit on PostgreSQL): the generation first, so what
        is computed after it is never older than the generation it is kept under."""
        with self._read_connection() as s:
            generation = totals.generation(s)
            answer = self._memo.get(generation, question)
            if answer is None:
                answer = compute(s)
                self._memo.put(generation, question, answer)
        return answer

    def dashboard(
        self, user: User | None = None, filters: TableFilter | None = None, top: int = 20
    ) -> dict[str, Any]:
        f = filters or TableFilter()
        who = scope.scope_key(user)
        question = ("dashboard", who, f.unit, f.year, f.kind, f.status, top)
        answer: dict[str, Any] = self._kept(question, lambda s: _dashboard(s, who, f, top))
        return answer

    def units(self, user: User | None = None) -> list[dict[str, Any]]:
        """The units with projects the user may see: ``code``, ``name``, ``projects`` and
        ``budget_wan`` (each project once, its current target's budget in 万元)."""
        return self.units_page(user, per_page=None)[0]

    def units_page(
        self, user: User | None = None, *, q: str = "", page: int = 1, per_page: int | None = 100
    ) -> tuple[list[dict[str, Any]], int]:
        """A page of :meth:`units` in order of code and name — those whose code or name holds
        ``q`` — and how many there are; ``per_page=None`` for all of them."""
        who = scope.scope_key(user)
        if who == ("none",):
            return [], 0
        page = max(page, 1)
        question = ("units", who, q, page, per_page)
        items, total = self._kept(question, lambda s: _units(s, who, q, page, per_page))
        return items, total


def _units(
    s: Connection, who: tuple[str, ...], q: str, page: int, per_page: int | None
) -> tuple[list[dict[str, Any]], int]:
    unit_code = who[1] if who[0] == "unit" else None
    where = _where(DashboardSum, "unit", TableFilter(), unit_code)
    if q:
        c = DashboardSum.__table__.c
        where.append(
            sa.or_(c.unit_code.contains(q, autoescape=True), c.unit_name.contains(q, autoescape=True))
        )
    stmt = _by_unit(where).order_by(DashboardSum.unit_code, DashboardSum.unit_name)
    if per_page is not None:
        stmt = stmt.limit(per_page).offset((page - 1) * per_page)
    items = [_unit_totals(*row) for row in s.execute(stmt)]
    if per_page is None or (page == 1 and len(items) < per_page):
        total = len(items)
    else:
        total = int(s.scalar(select(func.count()).select_from(_by_unit(where).subquery())) or 0)
    return items, total


def _dashboard(s: Connection, who: tuple[str, ...], f: TableFilter, top: int) -> dict[str, Any]:
    unit_code = who[1] if who[0] == "unit" else None
    level = "unit" if unit_code is not None or f.unit else "all"
    s_, c_, r_ = DashboardSum, DashboardCategory, DashboardRule
    if who == ("none",):
        statuses: Sequence[Any] = []
        by_unit: Sequence[Any] = []
        by_cat: Sequence[Any] = []
        by_rule: Sequence[Any] = []
    else:
        statuses = s.execute(
            select(
                s_.status,
                func.sum(s_.projects),
                func.sum(s_.budget_fen),
                func.sum(s_.budgets),
                func.sum(s_.indicators),
                func.sum(s_.quantified),
            )
            .where(*_where(s_, level, f, unit_code))
            .group_by(s_.status)
        ).all()
        ranked = _by_unit(_where(s_, "unit", f, unit_code))
        by_unit = s.execute(
            ranked.order_by((func.sum(s_.budgets) == 0), func.sum(s_.budget_fen).desc(), s_.unit_code).limit(
                top
            )
        ).all()
        by_cat = s.execute(
            select(c_.category1, func.sum(c_.indicators), func.sum(c_.quantified), func.sum(c_.projects))
            .where(*_where(c_, level, f, unit_code))
            .group_by(c_.category1)
            .having(func.sum(c_.indicators) > 0)
            .order_by(func.sum(c_.indicators).desc(), c_.category1)
        ).all()
        by_rule = s.execute(
            select(r_.code, r_.severity, func.sum(r_.findings))
            .where(*_where(r_, level, f, unit_code))
            .group_by(r_.code, r_.severity)
            .having(func.sum(r_.findings) > 0)
            .order_by(func.sum(r_.findings).desc(), r_.code, r_.severity)
        ).all()
    # per status: (status, projects, budget_fen, budgets, indicators, quantified)
    projects, fen, budgets, ind_total, quant_total = (sum(int(r[i]) for r in statuses) for i in range(1, 6))
    return {
        "projects": projects,
        "tables": projects,  # deprecated: each project counts once
        "indicators": ind_total,
        "quantified": quant_total,
        "quantified_share": (quant_total / ind_total) if ind_total else None,
        "budget_total": _budget(fen, budgets),
        "money_unit": "万元",
        "by_status": {str(k): int(n) for k, n, *_ in statuses if k and int(n) > 0},
        "by_unit": [_unit_totals(*row) for row in by_unit],
        "by_category": [
            {
                "category1": c or None,
                "indicators": int(n),
                "quantified": int(q),
                "quantified_share": int(q) / int(n),
            }
            for c, n, q, _ in by_cat
        ],
        "tables_by_category": {(c or None): int(k) for c, _, _, k in by_cat},
        "findings_by_rule": [{"code": c, "severity": sev, "count": int(n)} for c, sev, n in by_rule],
    }
