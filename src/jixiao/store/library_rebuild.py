"""Rebuilding the indicator library (重建指标库): every name's uses, every member, the whole
library replaced in one transaction.

Only reading and writing, like :mod:`.library_writes` and :mod:`.library_figures` (whose
rows and generation it shares): :func:`jixiao.library.rebuild` groups the names and computes
the figures.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Any

from sqlalchemy import Connection, delete, func, insert, select, text, update

from .base import StoreBase
from .library_figures import MEMBER_COLUMNS, bump, counts
from .library_writes import Key, NewGroup, group_row
from .schema import IndicatorRow, LibraryGroup, LibraryName, ProjectRow, TableRow
from .users import now


class LibraryRebuildMixin(StoreBase):
    """The rebuild's methods of :class:`jixiao.store.Store`'s library."""

    def library_name_uses(self) -> list[tuple[str, str | None, str | None, int]]:
        """Every distinct (name, category2, target_unit) with how many indicators carry it."""
        stmt = select(
            IndicatorRow.name, IndicatorRow.category2, IndicatorRow.target_unit, func.count()
        ).group_by(IndicatorRow.name, IndicatorRow.category2, IndicatorRow.target_unit)
        with self.engine.connect() as conn:
            return [tuple(r) for r in conn.execute(stmt) if r[0]]  # type: ignore[misc]

    def library_all_members(self) -> Iterator[tuple[Any, ...]]:
        """(group_id, *MEMBER_COLUMNS) of every counted member, streamed (a rebuild)."""
        stmt = (
            select(IndicatorRow.group_id, *MEMBER_COLUMNS)
            .join(TableRow, TableRow.id == IndicatorRow.table_id)
            .join(ProjectRow, ProjectRow.id == TableRow.project_id)
            .where(IndicatorRow.group_id.is_not(None), counts())
        )
        with self.engine.connect() as conn:
            result = conn.execution_options(stream_results=True, yield_per=20_000).execute(stmt)
            for row in result:
                yield tuple(row)

    def library_replace(
        self,
        groups: Sequence[NewGroup],
        names: Sequence[tuple[Key, str, int, int]],
        mapping: Sequence[tuple[str, str, str, int]],
    ) -> list[int]:
        """Replace the whole library in one transaction: ``groups``; ``names`` (key, printed
        name, group index, uses); ``mapping`` (indicator name, category2 or "", target unit or
        "", group index) places every indicator by what it prints.  Returns the groups' ids."""
        stamp = now()
        with self.engine.begin() as conn:
            conn.execute(update(IndicatorRow).where(IndicatorRow.group_id.is_not(None)).values(group_id=None))
            conn.execute(delete(LibraryName))
            conn.execute(delete(LibraryGroup))
            ids = self._insert_groups(conn, groups, stamp)
            name_rows = [
                {"level2": k[0], "family": k[1], "key": k[2], "name": n, "group_id": ids[g], "uses": u}
                for k, n, g, u in names
            ]
            for start in range(0, len(name_rows), 5000):
                conn.execute(insert(LibraryName), name_rows[start : start + 5000])
            self._place_by_mapping(conn, [(n, c, u, ids[g]) for n, c, u, g in mapping])
            bump(conn)
        return ids

    def _insert_groups(self, conn: Connection, groups: Sequence[NewGroup], stamp: Any) -> list[int]:
        first = (conn.execute(select(func.coalesce(func.max(LibraryGroup.id), 0))).scalar_one() or 0) + 1
        rows = [{"id": first + i, **group_row(g, stamp)} for i, g in enumerate(groups)]
        for start in range(0, len(rows), 5000):
            conn.execute(insert(LibraryGroup), rows[start : start + 5000])
        if self.dialect == "postgresql" and rows:
            conn.execute(
                text("SELECT setval(pg_get_serial_sequence('library_groups', 'id'), :v)"),
                {"v": first + len(rows) - 1},
            )
        return [r["id"] for r in rows]

    def _place_by_mapping(self, conn: Connection, mapping: Sequence[tuple[str, str, str, int]]) -> None:
        """indicators.group_id by (name, category2, target_unit) through a temporary table."""
        conn.execute(
            text(
                "CREATE TEMPORARY TABLE library_mapping (name TEXT NOT NULL, category2 TEXT NOT NULL, "
                "unit TEXT NOT NULL, group_id INTEGER NOT NULL)"
            )
        )
        rows = [{"n": n, "c": c, "u": u, "g": g} for n, c, u, g in mapping]
        insert_sql = text("INSERT INTO library_mapping VALUES (:n, :c, :u, :g)")
        for start in range(0, len(rows), 10000):
            conn.execute(insert_sql, rows[start : start + 10000])
        conn.execute(text("CREATE INDEX ix_library_mapping ON library_mapping (name, category2, unit)"))
        conn.execute(text("ANALYZE library_mapping"))
        conn.execute(
            text(
                "UPDATE indicators SET group_id = m.group_id FROM library_mapping m "
                "WHERE m.name = indicators.name AND m.category2 = coalesce(indicators.category2, '') "
                "AND m.unit = coalesce(indicators.target_unit, '')"
            )
        )
        conn.execute(text("DROP TABLE library_mapping"))
