"""Groups' figures in the store (同类指标的统计): their members read, their figures written.

Only reading and writing: what the figures are is :mod:`jixiao.library.stats`'s.  The members
a group's figures count (:func:`counts`) are read here for an update's due groups
(:mod:`.library_writes`), for a refresh after an update has committed
(:meth:`LibraryFiguresMixin.library_refresh`) and, streamed, for a rebuild
(:mod:`.library_rebuild`).  Every write of figures takes the library's generation one higher
(:func:`bump`), so no kept search is older than them.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from typing import Any, cast

import sqlalchemy as sa
from sqlalchemy import Connection, and_, bindparam, case, or_, select, text, update

from . import memo
from .base import StoreBase
from .schema import IndicatorRow, LibraryGroup, ProjectRow, TableRow
from .users import now

MEMBER_COLUMNS = (
    TableRow.project_id,
    TableRow.unit_code,
    TableRow.stage,
    TableRow.counted,
    IndicatorRow.name,
    IndicatorRow.target_op,
    IndicatorRow.target_number,
    IndicatorRow.target_unit,
    IndicatorRow.actual_number,
    IndicatorRow.actual_text,
)
GENERATION = "library.generation"  # the settings key of the counter every change of the library renews
NESTED_MEMBERS = 50_000
# A refresh runs beside the imports: its members are read one by one through the indexes of
# tables and projects, by one process.  The planner's own choice for a group of 6,000–30,000
# members at 1,000,000 indicators was hashing every table and project, in parallel workers:
# 110–180 ms and three processes, against 30–105 ms in one by index (EXPLAIN ANALYZE,
# bench/README.md); past ~100,000 members in one refresh the hash is cheaper.
_BY_INDEX = (  # one statement, for the transaction only (SET LOCAL)
    "SELECT set_config('enable_hashjoin', 'off', true), set_config('enable_mergejoin', 'off', true), "
    "set_config('max_parallel_workers_per_gather', '0', true)"
)
Figuring = Callable[[Sequence[int], Sequence[tuple[Any, ...]]], Mapping[int, Mapping[str, Any]]]


def counts() -> Any:
    """The indicators a group's figures count: the one table per project that totals count,
    and current self-evaluations, of projects not archived."""
    return and_(
        ProjectRow.archived.is_(False),
        or_(TableRow.counted.is_(True), and_(TableRow.stage == "selfeval", TableRow.standing == "current")),
    )


def bump(conn: Connection) -> None:
    """Renew the library's generation in the caller's transaction: what a search found before
    it is stale for every worker (:func:`jixiao.library.search`'s memo)."""
    memo.bump(conn, GENERATION)


def members(conn: Connection, ids: Sequence[int]) -> list[tuple[Any, ...]]:
    """(group_id, *MEMBER_COLUMNS) of the members of these groups that their figures count."""
    stmt = (
        select(IndicatorRow.group_id, *MEMBER_COLUMNS)
        .join(TableRow, TableRow.id == IndicatorRow.table_id)
        .join(ProjectRow, ProjectRow.id == TableRow.project_id)
        .where(IndicatorRow.group_id.in_(ids), counts())
    )
    return [tuple(r) for r in conn.execute(stmt)]


def save_figures(
    conn: Connection,
    figures: Mapping[int, Mapping[str, Any]],
    seen: Mapping[int, tuple[int, Any]] | None = None,
) -> None:
    """Groups' figures written (one statement a 5,000) and their pending changes cleared — or,
    given ``seen`` (each group's pending changes and ``updated_at`` read before its members),
    only those, and only where no figures were written since: a change another writer counted
    after that read stays pending, and figures a rebuild or another refresh wrote meanwhile
    stand."""
    stamp = now()
    rows = [
        {
            "gid": gid,
            "projects": f["projects"],
            "units": f["units"],
            "members": f["members"],
            "typical": f["typical"],
            "stats": f["stats"],
            "stamp": stamp,
            **({} if seen is None else {"seen": seen[gid][0], "was": seen[gid][1]}),
        }
        for gid, f in figures.items()
    ]
    table = cast(sa.Table, LibraryGroup.__table__)
    left = bindparam("seen", type_=sa.Integer)
    pending: Any = case((table.c.pending > left, table.c.pending - left), else_=0) if seen is not None else 0
    stmt = update(table).where(table.c.id == bindparam("gid"))
    if seen is not None:
        stmt = stmt.where(table.c.updated_at == bindparam("was", type_=table.c.updated_at.type))
    stmt = stmt.values(
        projects=bindparam("projects"),
        units=bindparam("units"),
        members=bindparam("members"),
        typical=bindparam("typical"),
        stats=bindparam("stats"),
        pending=pending,
        updated_at=bindparam("stamp"),
    )
    for start in range(0, len(rows), 5000):
        conn.execute(stmt, rows[start : start + 5000])


class LibraryFiguresMixin(StoreBase):
    """Groups' figures of :class:`jixiao.store.Store`'s library."""

    def library_members(self, group_ids: Iterable[int]) -> list[tuple[Any, ...]]:
        """(group_id, *MEMBER_COLUMNS) of the members of these groups that their figures count."""
        ids = sorted(set(group_ids))
        if not ids:
            return []
        with self._read_connection() as conn:
            return members(conn, ids)

    def library_save_figures(self, figures: Mapping[int, Mapping[str, Any]]) -> None:
        """Write groups' figures (``projects``, ``units``, ``members``, ``typical``, ``stats``)
        and clear their pending changes."""
        if not figures:
            return
        with self.engine.begin() as conn:
            save_figures(conn, figures)
            bump(conn)

    @contextmanager
    def _refresh_reading(self) -> Iterator[Connection]:
        """A refresh's reads: on PostgreSQL in a transaction of their own (its settings last
        for it only), elsewhere on the store's read connection."""
        if self.dialect != "postgresql":
            with self._read_connection() as conn:
                yield conn
            return
        with self.engine.begin() as conn:
            yield conn

    def library_refresh(self, group_ids: Iterable[int], figures: Figuring) -> int:
        """Compute these groups' figures again now, on their own (after the update that made
        them due has committed): their pending changes and members read, ``figures`` of them
        written with the generation in one short transaction.  A change another writer
        counts meanwhile stays pending (its update makes the group due again, or not yet);
        figures written meanwhile (a rebuild, another refresh) are left as they are.
        The reads come before the write transaction (on SQLite a transaction that reads and
        then writes fails if another writer committed in between).  On PostgreSQL the members
        of up to :data:`NESTED_MEMBERS` are read by index (:data:`_BY_INDEX`).  Returns the
        members read."""
        ids = sorted(set(group_ids))
        if not ids:
            return 0
        with self._refresh_reading() as conn:
            seen, size = {}, 0
            for g, p, stamp, n in conn.execute(
                select(
                    LibraryGroup.id, LibraryGroup.pending, LibraryGroup.updated_at, LibraryGroup.members
                ).where(LibraryGroup.id.in_(ids))
            ):
                seen[int(g)] = (int(p), stamp)
                size += int(n)
            if self.dialect == "postgresql" and size <= NESTED_MEMBERS:
                conn.execute(text(_BY_INDEX))
            rows = members(conn, sorted(seen))
        if not seen:
            return 0  # dropped meanwhile (a rebuild)
        computed = figures(sorted(seen), rows)
        with self.engine.begin() as conn:
            save_figures(conn, computed, seen)
            bump(conn)
        return len(rows)
