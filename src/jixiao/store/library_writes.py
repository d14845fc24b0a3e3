"""Keeping the indicator library (维护指标库): placing indicators, groups' figures.

Only reading and writing: which names are peers and what a group's figures are is
:mod:`jixiao.library`'s to decide; it calls these methods with the results.

An update after each write of a project is on every import's path, so it is a fixed few
statements however many indicators it places, each of one fixed text (compiled once per
process, prepared by PostgreSQL after a few uses): its rows travel as one parameter a column —
arrays that ``unnest`` opens on PostgreSQL, one JSON array that ``json_each`` opens on SQLite
(:func:`_rows`) — and every row is found through an index (the names by their unique
(level2, family, key), indicators and groups by id).  The writes of one update are one
transaction (:meth:`LibraryWritesMixin.library_place`): new groups, names, each indicator's
group, the changes counted on its groups, the figures they make due of the small groups and
the library's generation; a large group's due figures are the caller's to refresh after it
commits (:mod:`.library_figures`).  On PostgreSQL the update's reads share that transaction's connection
(:meth:`LibraryWritesMixin.library_unit`); elsewhere they use the store's read connection.
A rebuild is :mod:`.library_rebuild`'s.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Connection, bindparam, delete, select, text

from .base import StoreBase
from .library_figures import Figuring, bump, members, save_figures
from .schema import IndicatorRow, LibraryGroup, TableRow
from .users import now

Key = tuple[str, str, str]  # (level2, family, key)
_HELD: ContextVar[tuple[int, Connection] | None] = ContextVar("jixiao_library_unit", default=None)
_STAMP = bindparam("stamp", type_=LibraryGroup.__table__.c.updated_at.type)


@dataclass(frozen=True, slots=True)
class NewGroup:
    """A group an update creates: its bucket, representative key and words, and its name."""

    level2: str
    family: str
    key: str
    words: str
    name: str


@dataclass(frozen=True, slots=True)
class Placement:
    """Indicators placed under one normalised name: the name's key, a printed form, the
    indicators, and its group (an id, or the index of a :class:`NewGroup`)."""

    key: Key
    name: str
    indicator_ids: tuple[int, ...]
    group: int
    new: bool = False


@dataclass(slots=True)
class Placed:
    """What :meth:`LibraryWritesMixin.library_place` wrote: the groups the placed names are
    in, the groups whose figures are due again and were computed (``due``), and those due
    that were left for later (``later``: larger than its ``inline``)."""

    groups: set[int] = field(default_factory=set)
    due: list[int] = field(default_factory=list)
    later: list[int] = field(default_factory=list)


def _rows(
    dialect: str, columns: Sequence[tuple[str, str]], rows: Sequence[Sequence[Any]]
) -> tuple[str, dict[str, Any]]:
    """A FROM item ``w`` of ``rows`` with these (name, PostgreSQL type) columns, and its
    parameters: one array a column on PostgreSQL, one JSON array on SQLite.  Its text depends
    on the columns only, never on how many rows."""
    names = [name for name, _ in columns]
    if dialect == "postgresql":
        arrays = ", ".join(f"CAST(:{name} AS {kind}[])" for name, kind in columns)
        params = {name: [row[i] for row in rows] for i, name in enumerate(names)}
        return f"unnest({arrays}) AS w({', '.join(names)})", params
    picks = ", ".join(f"json_extract(value, '$[{i}]') AS {name}" for i, name in enumerate(names))
    return f"(SELECT {picks} FROM json_each(:rows)) AS w", {"rows": json.dumps(rows, ensure_ascii=False)}


_NAME_COLUMNS = (("level2", "text"), ("family", "text"), ("key", "text"))
_GROUP_COLUMNS = (*_NAME_COLUMNS, ("name", "text"), ("words", "text"))
_PLACED_COLUMNS = (*_NAME_COLUMNS, ("name", "text"), ("group_id", "int"), ("uses", "int"))
_ID_COLUMNS = (("id", "int"),)
_INDICATOR_COLUMNS = (("id", "int"), ("group_id", "int"))


def _sql(
    dialect: str, template: str, columns: Sequence[tuple[str, str]], rows: Sequence[Sequence[Any]]
) -> tuple[Any, dict[str, Any]]:
    source, params = _rows(dialect, columns, rows)
    stmt = text(template.format(rows=source))
    return (stmt.bindparams(_STAMP) if ":stamp" in template else stmt), params


_NEW_GROUPS = (
    "INSERT INTO library_groups (level2, family, key, name, words, members, projects, units, pending, "
    "updated_at) SELECT w.level2, w.family, w.key, w.name, w.words, 0, 0, 0, 0, :stamp FROM {rows} "
    "WHERE true RETURNING id, level2, family, key"
)
_NAMES = (  # a known name counts its new uses; every one returns its group
    "INSERT INTO library_names (level2, family, key, name, group_id, uses) "
    "SELECT w.level2, w.family, w.key, w.name, w.group_id, w.uses FROM {rows} WHERE true "
    "ON CONFLICT (level2, family, key) DO UPDATE SET uses = library_names.uses + excluded.uses "
    "RETURNING level2, family, key, group_id"
)
_INDICATORS = "UPDATE indicators SET group_id = w.group_id FROM {rows} WHERE indicators.id = w.id"
_TOUCH = (
    "UPDATE library_groups SET pending = library_groups.pending + 1 FROM {rows} "
    "WHERE library_groups.id = w.id RETURNING library_groups.id, library_groups.pending, library_groups.members"
)
_LOOKUP = (
    "SELECT n.level2, n.family, n.key, n.group_id FROM {rows} "
    "JOIN library_names n ON n.level2 = w.level2 AND n.family = w.family AND n.key = w.key"
)


def group_row(g: NewGroup, stamp: Any) -> dict[str, Any]:
    """A new group's row, its figures not yet computed."""
    return {
        "level2": g.level2,
        "family": g.family,
        "name": g.name,
        "key": g.key,
        "words": g.words,
        "members": 0,
        "projects": 0,
        "units": 0,
        "pending": 0,
        "updated_at": stamp,
    }


class LibraryWritesMixin(StoreBase):
    """Placing, figures and rebuild methods of :class:`jixiao.store.Store`'s library."""

    @contextmanager
    def library_unit(self) -> Iterator[None]:
        """The library's reads and writes inside share one connection and one transaction on
        PostgreSQL, committed at the end: one checkout (one ping) and no transaction round
        trips around each read; read committed, so each read sees every write committed
        before it.  On SQLite each opens its own as before: a write there must not follow
        reads in one transaction (another writer's commit in between fails it at once)."""
        if self.dialect != "postgresql" or self._library_held() is not None:
            yield
            return
        with self.engine.begin() as conn:
            token = _HELD.set((id(self), conn))
            try:
                yield
            finally:
                _HELD.reset(token)

    def _library_held(self) -> Connection | None:
        held = _HELD.get()
        return held[1] if held is not None and held[0] == id(self) else None

    @contextmanager
    def _library_reading(self) -> Iterator[Connection]:
        held = self._library_held()
        if held is not None:
            yield held
            return
        with self._read_connection() as conn:
            yield conn

    @contextmanager
    def _library_writing(self) -> Iterator[Connection]:
        held = self._library_held()
        if held is not None:
            yield held  # committed when the unit ends
            return
        with self.engine.begin() as conn:
            yield conn

    # ---- placing indicators ---------------------------------------------------------------

    def library_indicators(
        self, project_ids: Iterable[int]
    ) -> list[tuple[int, str | None, str | None, str | None, int | None]]:
        """(id, name, category2, target_unit, group_id) of the projects' indicators (an update
        places those without a group and counts a change on the groups of the others)."""
        ids = sorted(set(project_ids))
        if not ids:
            return []
        stmt = (
            select(
                IndicatorRow.id,
                IndicatorRow.name,
                IndicatorRow.category2,
                IndicatorRow.target_unit,
                IndicatorRow.group_id,
            )
            .join(TableRow, TableRow.id == IndicatorRow.table_id)
            .where(TableRow.project_id.in_(ids))
        )
        with self._library_reading() as conn:
            return [tuple(r) for r in conn.execute(stmt)]  # type: ignore[misc]

    def library_lookup(self, keys: Iterable[Key]) -> dict[Key, int]:
        """The group of each known normalised name (one probe of the unique index a name)."""
        wanted = sorted(set(keys))
        if not wanted:
            return {}
        stmt, params = _sql(self.dialect, _LOOKUP, _NAME_COLUMNS, wanted)
        with self._library_reading() as conn:
            return {(a, b, c): int(g) for a, b, c, g in conn.execute(stmt, params)}

    def library_reps(
        self, buckets: Iterable[tuple[str, str]]
    ) -> dict[tuple[str, str], list[tuple[int, str, str]]]:
        """(id, key, words) of every group of these buckets (二级 category, unit class): the
        representatives a new name is compared with, by id."""
        wanted = set(buckets)
        if not wanted:
            return {}
        stmt = (
            select(
                LibraryGroup.level2,
                LibraryGroup.family,
                LibraryGroup.id,
                LibraryGroup.key,
                LibraryGroup.words,
            )
            .where(
                LibraryGroup.level2.in_(sorted({b[0] for b in wanted})),
                LibraryGroup.family.in_(sorted({b[1] for b in wanted})),
            )
            .order_by(LibraryGroup.id)
        )
        out: dict[tuple[str, str], list[tuple[int, str, str]]] = {b: [] for b in wanted}
        with self._library_reading() as conn:
            for level2, family, gid, key, words in conn.execute(stmt):
                if (level2, family) in wanted:
                    out[(level2, family)].append((int(gid), key, words))
        return out

    def library_place(
        self,
        placements: Sequence[Placement],
        new: Sequence[NewGroup],
        *,
        changed: Iterable[int] = (),
        share: float = 1.0,
        figures: Figuring | None = None,
        inline: int | None = None,
    ) -> Placed:
        """Write an update in one transaction: the new groups, the names (a known one counts
        its new uses; every one returns its group), each indicator's group, the new groups no
        name took, one change counted on every group placed into and on ``changed``, and the
        generation (when anything was placed).  A name another writer added meanwhile wins:
        its group is used and the group made for it here is dropped.  A group's figures are
        due again when its changes since they were computed reach ``share`` of its members,
        and at least one; ``figures`` computes them, in the same transaction, from the rows of
        :meth:`library_members` (the caller's function: the store only reads and writes) —
        those of a group of more than ``inline`` members are left to the caller, to refresh
        after this transaction commits (:meth:`library_refresh`), and returned in ``later``."""
        dialect = self.dialect
        placed = Placed()
        with self._library_writing() as conn:
            ids: list[int] = []
            if new:
                stmt, params = _sql(
                    dialect,
                    _NEW_GROUPS,
                    _GROUP_COLUMNS,
                    [(g.level2, g.family, g.key, g.name, g.words) for g in new],
                )
                made = {(a, b, c): int(i) for i, a, b, c in conn.execute(stmt, {**params, "stamp": now()})}
                ids = [made[(g.level2, g.family, g.key)] for g in new]
            if placements:
                rows = sorted(  # by key: concurrent updates lock shared names in one order
                    (*p.key, p.name, ids[p.group] if p.new else p.group, len(p.indicator_ids))
                    for p in placements
                )
                stmt, params = _sql(dialect, _NAMES, _PLACED_COLUMNS, rows)
                group_of = {(a, b, c): int(g) for a, b, c, g in conn.execute(stmt, params)}
                pairs = [(i, group_of[p.key]) for p in placements for i in p.indicator_ids]
                conn.execute(*_sql(dialect, _INDICATORS, _INDICATOR_COLUMNS, pairs))
                placed.groups = set(group_of.values())
                unused = [i for i in ids if i not in placed.groups]
                if unused:
                    conn.execute(delete(LibraryGroup).where(LibraryGroup.id.in_(unused)))
            touched = sorted(placed.groups | set(changed))
            if touched:
                stmt, params = _sql(dialect, _TOUCH, _ID_COLUMNS, [(g,) for g in touched])
                for g, pending, size in conn.execute(stmt, params):
                    if pending >= max(1, size * share):
                        (placed.due if inline is None or size <= inline else placed.later).append(int(g))
                placed.due.sort()
                placed.later.sort()
            if placed.due and figures is not None:
                save_figures(conn, figures(placed.due, members(conn, placed.due)))
            if placements or (placed.due and figures is not None):
                bump(conn)
        return placed

    def library_groups_of(
        self, *, project_ids: Iterable[int] = (), table_ids: Iterable[int] = ()
    ) -> set[int]:
        """The groups of the indicators of these projects or tables."""
        projects, tables = sorted(set(project_ids)), sorted(set(table_ids))
        if not projects and not tables:
            return set()
        stmt = select(IndicatorRow.group_id).distinct().where(IndicatorRow.group_id.is_not(None))
        if projects:
            stmt = stmt.join(TableRow, TableRow.id == IndicatorRow.table_id).where(
                TableRow.project_id.in_(projects)
            )
        else:
            stmt = stmt.where(IndicatorRow.table_id.in_(tables))
        with self.engine.connect() as conn:
            return {int(g) for g in conn.scalars(stmt) if g is not None}
