"""Totals kept at write time (合计): what the dashboard and the units list read.

Every project that is not archived *contributes* to the totals: one project, its budget (in
分, millionths of 万元, so sums are exact integers), the indicators and quantified indicators
of the table it counts (:mod:`.aggregates`), those per 一级 category, and its findings per rule.
The contribution is kept per project (``project_sums``: what was last added for it), and added
to two buckets of ``dashboard_sums``, ``dashboard_categories`` and ``dashboard_rules``:

- level ``all``: per (year, target status, kind of the counted table) — the dashboard of
  everything, or of a year, status or kind, sums a few dozen rows;
- level ``unit``: the same per 预算单位 (code and name) — a unit's dashboard, a filer's, the
  "by unit" ranking and the units list.

:func:`update` is called by :func:`.aggregates.refresh`, so in the transaction of every write
that changes a project (import, edit, transition, stage, deletion, archive): it reads the
project's old contribution and its new one, and adds the difference to the buckets with
``INSERT … ON CONFLICT DO UPDATE SET n = n + delta`` — atomic per row on PostgreSQL, whose row
locks serialise two writers of one bucket; SQLite has one writer at a time.  The rows are
written in one order (sums, categories, rules; each sorted by key) so two transactions never
wait on each other in a circle.  A bucket whose counts drop to zero stays, and is not shown.

:func:`rebuild` computes everything again from the tables.  :func:`backfill` runs it once when a
database migrated from before the totals (0009) reaches the newest schema: the migration only
creates the tables, since a migration must not run the ORM code of a later release.

Both bump the totals' *generation* (:func:`bump`, a counter in ``settings``) in the same
transaction, so a reader that sees the new totals sees the new generation too: answers
computed from the totals may be kept by generation (:mod:`.memo`) and are never stale after
a write has committed, in any worker.  The bump comes before the first row of the totals a
transaction writes: on PostgreSQL its row lock is then the first lock of every writer of the
totals, held to its commit, so writers of the totals take their turns and never wait on each
other in a circle (a bulk load's two updates in one transaction included).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any, cast

import sqlalchemy as sa
from sqlalchemy import Connection
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from . import memo
from .schema import (
    DashboardCategory,
    DashboardRule,
    DashboardSum,
    FindingRow,
    IndicatorRow,
    ProjectRow,
    ProjectSum,
    TableRow,
)

_SUMS = cast(sa.Table, ProjectSum.__table__)  # Core statements: no ORM objects to keep in step

FEN_PER_WAN = 1_000_000  # 1 分 = 0.01 元 = 1e-6 万元
BATCH = 500  # projects per query in update() and rebuild()
UNIT_NAME = 200  # a bucket keeps this much of a unit's name (its code is the unit's key)
GENERATION = "totals.generation"  # the settings key of the totals' generation

# A bucket: (level, unit_code, unit_name, year, status, kind) — '' and 0 where absent.
Bucket = tuple[str, str, str, int, str, str]
BUCKET_COLUMNS = ("level", "unit_code", "unit_name", "year", "status", "kind")


@dataclass(slots=True)
class Contribution:
    """What one project adds to the totals (see the module doc)."""

    unit_code: str
    unit_name: str
    year: int
    status: str
    kind: str
    budget_fen: int = 0
    budgets: int = 0  # 1 when the project has a budget
    indicators: int = 0
    quantified: int = 0
    categories: dict[str, list[int]] = field(default_factory=dict)  # 一级 ('' unmapped) → [n, quantified]
    rules: dict[str, int] = field(default_factory=dict)  # "JX204/warning" → findings

    def buckets(self) -> tuple[Bucket, Bucket]:
        return (
            ("all", "", "", self.year, self.status, self.kind),
            ("unit", self.unit_code, self.unit_name, self.year, self.status, self.kind),
        )

    def row(self, project_id: int) -> dict[str, Any]:
        return {
            "project_id": project_id,
            "unit_code": self.unit_code,
            "unit_name": self.unit_name,
            "year": self.year,
            "status": self.status,
            "kind": self.kind,
            "budget_fen": self.budget_fen,
            "budgets": self.budgets,
            "indicators": self.indicators,
            "quantified": self.quantified,
            "categories": self.categories,
            "rules": self.rules,
        }

    @classmethod
    def of_row(cls, row: Any) -> Contribution:
        return cls(
            unit_code=row.unit_code,
            unit_name=row.unit_name,
            year=row.year,
            status=row.status,
            kind=row.kind,
            budget_fen=row.budget_fen,
            budgets=row.budgets,
            indicators=row.indicators,
            quantified=row.quantified,
            categories={k: list(v) for k, v in (row.categories or {}).items()},
            rules=dict(row.rules or {}),
        )


def to_fen(budget_wan: float | None) -> int:
    return 0 if budget_wan is None else round(budget_wan * FEN_PER_WAN)


class Delta:
    """The change to the buckets of a transaction's projects, written by :meth:`apply`."""

    def __init__(self) -> None:
        self.sums: defaultdict[Bucket, list[int]] = defaultdict(lambda: [0, 0, 0, 0, 0])
        self.categories: defaultdict[tuple[Any, ...], list[int]] = defaultdict(lambda: [0, 0, 0])
        self.rules: defaultdict[tuple[Any, ...], int] = defaultdict(int)

    def add(self, c: Contribution, sign: int) -> None:
        for bucket in c.buckets():
            s = self.sums[bucket]
            s[0] += sign
            s[1] += sign * c.budget_fen
            s[2] += sign * c.budgets
            s[3] += sign * c.indicators
            s[4] += sign * c.quantified
            for category, (n, quantified) in c.categories.items():
                cat = self.categories[(*bucket, category)]
                cat[0] += sign * n
                cat[1] += sign * quantified
                cat[2] += sign
            for rule, n in c.rules.items():
                code, _, severity = rule.partition("/")
                self.rules[(*bucket, code, severity)] += sign * n

    def apply(self, s: Session) -> None:
        sums = [
            dict(zip(BUCKET_COLUMNS, k, strict=True))
            | dict(zip(("projects", "budget_fen", "budgets", "indicators", "quantified"), v, strict=True))
            for k, v in sorted(self.sums.items())
            if any(v)
        ]
        cats = [
            dict(zip((*BUCKET_COLUMNS, "category1"), k, strict=True))
            | dict(zip(("indicators", "quantified", "projects"), v, strict=True))
            for k, v in sorted(self.categories.items())
            if any(v)
        ]
        rules = [
            dict(zip((*BUCKET_COLUMNS, "code", "severity"), k, strict=True)) | {"findings": v}
            for k, v in sorted(self.rules.items())
            if v
        ]
        for model, rows in ((DashboardSum, sums), (DashboardCategory, cats), (DashboardRule, rules)):
            if rows:
                s.execute(_upsert(s, model), rows)


def _upsert(s: Session, model: type[Any]) -> Any:
    """``INSERT … ON CONFLICT (key) DO UPDATE SET n = n + excluded.n`` for ``model``."""
    table = cast(sa.Table, model.__table__)
    dialect = s.get_bind().dialect.name
    stmt = (postgresql.insert if dialect == "postgresql" else sqlite.insert)(table)
    keys = [c.name for c in table.primary_key.columns]
    counts = [c.name for c in table.columns if c.name not in keys]
    return stmt.on_conflict_do_update(
        index_elements=keys, set_={n: table.c[n] + stmt.excluded[n] for n in counts}
    )


def contributions(s: Session, project_ids: Sequence[int]) -> dict[int, Contribution]:
    """The contribution of each of ``project_ids`` as the tables stand (none for a project that
    is archived or gone)."""
    out: dict[int, Contribution] = {}
    for start in range(0, len(project_ids), BATCH):
        ids = project_ids[start : start + BATCH]
        projects = s.execute(
            sa.select(
                ProjectRow.id,
                ProjectRow.unit_code,
                ProjectRow.unit_name,
                ProjectRow.year,
                ProjectRow.status,
                ProjectRow.budget_wan,
            ).where(ProjectRow.id.in_(ids), ProjectRow.archived == False)  # noqa: E712
        ).all()
        # the counted tables, picked here: SQLite, asked for "counted" in the query, walks the
        # index of every counted table once per project
        tables = {
            pid: (tid, kind, n, quantified)
            for pid, tid, kind, n, quantified, is_counted in s.execute(
                sa.select(
                    TableRow.project_id,
                    TableRow.id,
                    TableRow.kind,
                    TableRow.indicator_count,
                    TableRow.quantified_count,
                    TableRow.counted,
                ).where(TableRow.project_id.in_(ids))
            )
            if is_counted
        }
        counted: dict[int, Contribution] = {}  # counted table id → its project's contribution
        for pid, code, name, year, status, budget in projects:
            tid, kind, n, quantified = tables.get(pid, (None, "", 0, 0))
            c = Contribution(
                unit_code=code or "",
                unit_name=(name or "")[:UNIT_NAME],
                year=year or 0,
                status=status or "",
                kind=kind or "",
                budget_fen=to_fen(budget),
                budgets=int(budget is not None),
                indicators=int(n or 0),
                quantified=int(quantified or 0),
            )
            out[pid] = c
            if tid is not None:
                counted[tid] = c
        if counted:
            chunk = list(counted)  # one per project: at most BATCH
            for tid, category, n, quantified in s.execute(
                sa.select(
                    IndicatorRow.table_id,
                    IndicatorRow.category1,
                    sa.func.count(),
                    sa.func.count(IndicatorRow.target_number),
                )
                .where(IndicatorRow.table_id.in_(chunk))
                .group_by(IndicatorRow.table_id, IndicatorRow.category1)
            ):
                counted[tid].categories[category or ""] = [int(n), int(quantified)]
            for tid, code, severity, n in s.execute(
                sa.select(FindingRow.table_id, FindingRow.code, FindingRow.severity, sa.func.count())
                .where(FindingRow.table_id.in_(chunk))
                .group_by(FindingRow.table_id, FindingRow.code, FindingRow.severity)
            ):
                counted[tid].rules[f"{code}/{severity}"] = int(n)
    return out


def update(s: Session, project_ids: Iterable[int]) -> None:
    """Bring the totals of ``project_ids`` up to date in the caller's transaction (the module
    doc); the projects' rows and their counted tables are written already."""
    ids = sorted(set(project_ids))
    if not ids:
        return
    delta = Delta()
    bumped = False
    for start in range(0, len(ids), BATCH):
        chunk = ids[start : start + BATCH]
        old = {
            r.project_id: Contribution.of_row(r)
            for r in s.execute(sa.select(_SUMS).where(_SUMS.c.project_id.in_(chunk)))
        }
        new = contributions(s, chunk)
        changed = [p for p in chunk if old.get(p) != new.get(p)]
        if not changed:
            continue
        for p in changed:
            if p in old:
                delta.add(old[p], -1)
            if p in new:
                delta.add(new[p], +1)
        if not bumped:  # before the first row written: the module doc
            bump(s)
            bumped = True
        s.execute(sa.delete(_SUMS).where(_SUMS.c.project_id.in_(changed)))
        rows = [new[p].row(p) for p in changed if p in new]
        if rows:
            s.execute(sa.insert(_SUMS), rows)
    delta.apply(s)


def rebuild(s: Session) -> int:
    """Every project's contribution and every bucket computed again from the tables; the number
    of projects counted."""
    bump(s)
    for model in (ProjectSum, DashboardSum, DashboardCategory, DashboardRule):
        s.execute(sa.delete(cast(sa.Table, model.__table__)))
    ids = [int(i) for i in s.scalars(sa.select(ProjectRow.id).order_by(ProjectRow.id))]
    counted = 0
    for start in range(0, len(ids), 20 * BATCH):
        chunk = ids[start : start + 20 * BATCH]
        found = contributions(s, chunk)
        delta = Delta()
        for c in found.values():
            delta.add(c, +1)
        if found:
            s.execute(sa.insert(_SUMS), [c.row(p) for p, c in found.items()])
        delta.apply(s)
        counted += len(found)
    return counted


def backfill(s: Session) -> int | None:
    """The totals of a database whose projects have none yet (one migrated from before 0009):
    :func:`rebuild`, and the number of projects counted; None when nothing was missing.  Run
    only at the newest schema, where the ORM and the tables agree."""
    live = sa.select(ProjectRow.id).where(ProjectRow.archived.is_(False)).limit(1)
    if s.execute(live).first() is None or s.execute(sa.select(_SUMS.c.project_id).limit(1)).first():
        return None
    return rebuild(s)


def bump(s: Session) -> None:
    """The totals' generation one higher, in the caller's transaction (the module doc)."""
    memo.bump(s, GENERATION)


def generation(c: Connection | Session) -> int:
    """The totals' generation as the caller's connection sees it (0 before the first write)."""
    return memo.generation(c, GENERATION)
