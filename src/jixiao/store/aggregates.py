"""A project's aggregates (its list columns and what totals count), computed in one place.

:func:`project_fields` is a pure function of the project's tables (their stage, standing,
status and figures); :func:`refresh` reads them and writes the result to ``projects`` and
``perf_tables.counted`` in the caller's transaction.  Every write of a project's tables
ends with a refresh (import, edit, transition, checkpoint, self-evaluation, deletion), and
the 0005 migration uses the same function — so the list, the dashboard and the units count
each project once, from the same figures.

- the current target gives the status, the budget, the indicator and finding counts;
- a project with no target counts its current self-evaluation, else its latest checkpoint;
- ``light`` and ``as_of`` come from the latest current checkpoint; ``score`` and ``grade``
  from the current self-evaluation;
- money is converted to 万元 (``budget_wan``) by :func:`jixiao.values.convert`.

The refresh ends by bringing the dashboard's totals up to date (:func:`.totals.update`).  On
PostgreSQL it first locks the projects' rows (in id order), so two writers of one project
refresh it one after the other, each from what the other committed.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from datetime import date
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from ..values import convert
from . import totals
from .schema import ProjectRow, TableRow

# The columns of perf_tables a project's aggregates are computed from.
ROW_FIELDS: tuple[str, ...] = (
    "id",
    "stage",
    "standing",
    "status",
    "money_unit",
    "budget_total",
    "indicator_count",
    "finding_count",
    "error_count",
    "total_score",
    "grade",
    "as_of",
    "light",
    "revision",
)


def to_wan(amount: float | None, money_unit: str | None) -> float | None:
    """An amount in 万元 (a table without a money unit is taken to print 万元)."""
    if amount is None:
        return None
    if not money_unit or money_unit in ("万元", "万"):
        return float(amount)
    return convert(float(amount), money_unit, "万元")


def _latest_checkpoint(rows: Sequence[Mapping[str, Any]]) -> Mapping[str, Any] | None:
    cps = [r for r in rows if r["stage"] == "checkpoint" and r["standing"] == "current"]
    return max(cps, key=lambda r: (r["as_of"] or date.min, r["id"]), default=None)


def _current(rows: Sequence[Mapping[str, Any]], stage: str) -> Mapping[str, Any] | None:
    return max(
        (r for r in rows if r["stage"] == stage and r["standing"] == "current"),
        key=lambda r: r["id"],
        default=None,
    )


def project_fields(rows: Sequence[Mapping[str, Any]]) -> dict[str, Any]:
    """The aggregates of one project from its tables (mappings of :data:`ROW_FIELDS`);
    ``counted_id`` names the table totals count."""
    target = _current(rows, "target")
    selfeval = _current(rows, "selfeval")
    checkpoint = _latest_checkpoint(rows)
    counted = target or selfeval or checkpoint or max(rows, key=lambda r: r["id"], default=None)
    figures = target or counted
    return {
        "status": target["status"] if target else None,
        "target_id": target["id"] if target else None,
        "pending": any(r["stage"] == "target" and r["standing"] == "pending" for r in rows),
        "money_unit": counted["money_unit"] if counted else None,
        "budget_total": counted["budget_total"] if counted else None,
        "budget_wan": to_wan(counted["budget_total"], counted["money_unit"]) if counted else None,
        "indicator_count": int(figures["indicator_count"] or 0) if figures else 0,
        "finding_count": int(figures["finding_count"] or 0) if figures else 0,
        "error_count": int(figures["error_count"] or 0) if figures else 0,
        "light": checkpoint["light"] if checkpoint else None,
        "as_of": checkpoint["as_of"] if checkpoint else None,
        "score": selfeval["total_score"] if selfeval else None,
        "grade": selfeval["grade"] if selfeval else None,
        "counted_id": counted["id"] if counted else None,
    }


_COLUMNS = [TableRow.__table__.c[name] for name in ROW_FIELDS]


def refresh(s: Session, project_ids: Iterable[int], stamp: Any = None) -> None:
    """Recompute and write the aggregates of ``project_ids`` (see the module doc)."""
    ids = sorted(set(project_ids))
    if ids and s.get_bind().dialect.name == "postgresql":
        for start in range(0, len(ids), 1000):
            s.execute(
                select(ProjectRow.id)
                .where(ProjectRow.id.in_(ids[start : start + 1000]))
                .order_by(ProjectRow.id)
                .with_for_update()
            ).all()
    for pid in ids:
        rows = [
            dict(r._mapping)
            for r in s.execute(select(*_COLUMNS).where(TableRow.project_id == pid).order_by(TableRow.id))
        ]
        fields = project_fields(rows)
        counted_id = fields.pop("counted_id")
        values = dict(fields)
        if stamp is not None:
            values["updated_at"] = stamp
        s.execute(
            update(ProjectRow)
            .where(ProjectRow.id == pid)
            .values(**values)
            .execution_options(synchronize_session=False)
        )
        s.execute(
            update(TableRow)
            .where(TableRow.project_id == pid, TableRow.counted.is_(True), TableRow.id != (counted_id or 0))
            .values(counted=False)
            .execution_options(synchronize_session=False)
        )
        if counted_id is not None:
            s.execute(
                update(TableRow)
                .where(TableRow.id == counted_id)
                .values(counted=True)
                .execution_options(synchronize_session=False)
            )
    totals.update(s, ids)
