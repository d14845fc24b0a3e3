"""The indicator library's persistence (指标库的存取): groups, names, placements, figures, search.

Only reading and writing: which names are peers and what a group's figures are is
:mod:`jixiao.library`'s to decide; it calls these methods with the results.  Search runs on
each database's own index of ``library_names.key`` (0006): PostgreSQL's ``pg_trgm`` (``%``
similarity and ``LIKE``), SQLite's FTS5 trigram table (``MATCH``).  A text shorter than three
characters has no trigram: it is matched by ``LIKE`` over the names.

Example projects of a group are scoped like every list (:mod:`.scope`): a filer sees its own
unit's projects only, and the number of the others.
"""

from __future__ import annotations

import secrets
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, cast

import sqlalchemy as sa
from sqlalchemy import Connection, and_, bindparam, delete, func, insert, or_, select, text, update
from sqlalchemy.dialects import postgresql, sqlite

from ..errors import NotFound
from ..text import bi
from . import scope
from .base import StoreBase
from .schema import IndicatorRow, LibraryGroup, LibraryName, ProjectRow, Setting, TableRow
from .users import User, now

Key = tuple[str, str, str]  # (level2, family, key)
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
GROUP_FIELDS = ("id", "level2", "family", "name", "key", "members", "projects", "units", "typical", "stats")
_LIKE_ESCAPE = str.maketrans({"%": r"\%", "_": r"\_", "\\": "\\\\"})
GENERATION = "library_generation"  # the settings row every change of the library renews


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


def _counts() -> Any:
    """The indicators a group's figures count: the one table per project that totals count,
    and current self-evaluations, of projects not archived."""
    return and_(
        ProjectRow.archived.is_(False),
        or_(TableRow.counted.is_(True), and_(TableRow.stage == "selfeval", TableRow.standing == "current")),
    )


def group_dict(row: Any) -> dict[str, Any]:
    return {name: getattr(row, name) for name in GROUP_FIELDS}


ROWS_A_STATEMENT = 500  # a multi-row VALUES stays far below both databases' bound parameters


def _chunks(rows: list[dict[str, Any]]) -> Iterator[list[dict[str, Any]]]:
    for start in range(0, len(rows), ROWS_A_STATEMENT):
        yield rows[start : start + ROWS_A_STATEMENT]


def _group_row(g: NewGroup, stamp: Any) -> dict[str, Any]:
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


def _keyed(keys: Iterable[Key]) -> Any:
    """Rows of ``library_names`` that may be one of ``keys``: each column IN its values, which
    both databases answer from the unique (level2, family, key) index; the caller keeps the
    exact tuples.  (``key IN (...)`` alone scans the table: key is the index's last column.)"""
    wanted = set(keys)
    return and_(
        LibraryName.level2.in_(sorted({k[0] for k in wanted})),
        LibraryName.family.in_(sorted({k[1] for k in wanted})),
        LibraryName.key.in_(sorted({k[2] for k in wanted})),
    )


def _bump(conn: Connection | Any, dialect: str) -> None:
    """Renew the library's generation in the caller's transaction: what a search found before
    it is stale for every worker (:func:`jixiao.library.search`'s cache)."""
    upsert = postgresql.insert if dialect == "postgresql" else sqlite.insert
    stmt = upsert(Setting).values(key=GENERATION, value=secrets.token_hex(8))
    conn.execute(stmt.on_conflict_do_update(index_elements=["key"], set_={"value": stmt.excluded.value}))


class LibraryMixin(StoreBase):
    """Indicator library methods of :class:`jixiao.store.Store`."""

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
        with self.engine.connect() as conn:
            return [tuple(r) for r in conn.execute(stmt)]  # type: ignore[misc]

    def library_name_uses(self) -> list[tuple[str, str | None, str | None, int]]:
        """Every distinct (name, category2, target_unit) with how many indicators carry it."""
        stmt = select(
            IndicatorRow.name, IndicatorRow.category2, IndicatorRow.target_unit, func.count()
        ).group_by(IndicatorRow.name, IndicatorRow.category2, IndicatorRow.target_unit)
        with self.session() as s:
            return [tuple(r) for r in s.execute(stmt) if r[0]]  # type: ignore[misc]

    def library_lookup(self, keys: Iterable[Key]) -> dict[Key, int]:
        """The group of each known normalised name."""
        wanted = set(keys)
        if not wanted:
            return {}
        out: dict[Key, int] = {}
        with self.session() as s:
            rows = s.execute(
                select(LibraryName.level2, LibraryName.family, LibraryName.key, LibraryName.group_id).where(
                    _keyed(wanted)
                )
            )
            for level2, family, key, group_id in rows:
                if (level2, family, key) in wanted:
                    out[(level2, family, key)] = group_id
        return out

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
        with self.engine.connect() as conn:
            for level2, family, gid, key, words in conn.execute(stmt):
                if (level2, family) in wanted:
                    out[(level2, family)].append((int(gid), key, words))
        return out

    def library_place(self, placements: Sequence[Placement], new: Sequence[NewGroup]) -> set[int]:
        """Write an update's placements in one transaction of five statements (one more for
        every :data:`ROWS_A_STATEMENT` new groups or names): the new groups (with their first
        name), the names (a known one counts its new uses; every one returns its group), each
        indicator's group, the new groups no name took, the generation.  A
        name another writer added meanwhile wins: its group is used and the group made for it
        here is dropped.  Returns the groups."""
        stamp = now()
        dialect = self.dialect
        upsert = postgresql.insert if dialect == "postgresql" else sqlite.insert
        with self.engine.begin() as conn:
            made: dict[Key, int] = {}  # one new group a key
            for chunk in _chunks([_group_row(g, stamp) for g in new]):
                made.update(
                    ((r.level2, r.family, r.key), int(r.id))
                    for r in conn.execute(
                        insert(LibraryGroup)
                        .values(chunk)
                        .returning(
                            LibraryGroup.id, LibraryGroup.level2, LibraryGroup.family, LibraryGroup.key
                        )
                    )
                )
            ids = [made[(g.level2, g.family, g.key)] for g in new]
            rows = [
                {
                    "level2": p.key[0],
                    "family": p.key[1],
                    "key": p.key[2],
                    "name": p.name,
                    "group_id": ids[p.group] if p.new else p.group,
                    "uses": len(p.indicator_ids),
                }
                for p in placements
            ]
            group_of: dict[Key, int] = {}
            for chunk in _chunks(rows):
                names = upsert(LibraryName).values(chunk)
                names = names.on_conflict_do_update(
                    index_elements=["level2", "family", "key"],
                    set_={"uses": LibraryName.uses + names.excluded.uses},
                )
                group_of.update(
                    ((r.level2, r.family, r.key), int(r.group_id))
                    for r in conn.execute(
                        names.returning(
                            LibraryName.level2, LibraryName.family, LibraryName.key, LibraryName.group_id
                        )
                    )
                )
            indicators = cast(sa.Table, IndicatorRow.__table__)
            conn.execute(
                update(indicators)
                .where(indicators.c.id == bindparam("iid"))
                .values(group_id=bindparam("gid")),
                [{"iid": i, "gid": group_of[p.key]} for p in placements for i in p.indicator_ids],
            )
            touched = set(group_of.values())
            unused = [i for i in ids if i not in touched]
            if unused:
                conn.execute(delete(LibraryGroup).where(LibraryGroup.id.in_(unused)))
            _bump(conn, dialect)
        return touched

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
        with self.session() as s:
            return {int(g) for g in s.scalars(stmt) if g is not None}

    def library_touch(self, group_ids: Iterable[int], share: float) -> list[int]:
        """Count one change on each group (one statement); the groups whose figures are due
        again: changes since they were computed at least ``share`` of their members, and at
        least one."""
        ids = sorted(set(group_ids))
        if not ids:
            return []
        table = cast(sa.Table, LibraryGroup.__table__)
        stmt = (
            update(table)
            .where(table.c.id.in_(ids))
            .values(pending=table.c.pending + 1)
            .returning(table.c.id, table.c.pending, table.c.members)
        )
        with self.engine.begin() as conn:
            rows = conn.execute(stmt).all()
        return sorted(int(g) for g, pending, members in rows if pending >= max(1, members * share))

    # ---- figures --------------------------------------------------------------------------

    def library_members(self, group_ids: Iterable[int]) -> list[tuple[Any, ...]]:
        """(group_id, *MEMBER_COLUMNS) of the members of these groups that their figures count."""
        ids = sorted(set(group_ids))
        if not ids:
            return []
        stmt = (
            select(IndicatorRow.group_id, *MEMBER_COLUMNS)
            .join(TableRow, TableRow.id == IndicatorRow.table_id)
            .join(ProjectRow, ProjectRow.id == TableRow.project_id)
            .where(IndicatorRow.group_id.in_(ids), _counts())
        )
        with self.session() as s:
            return [tuple(r) for r in s.execute(stmt)]

    def library_all_members(self) -> Iterator[tuple[Any, ...]]:
        """(group_id, *MEMBER_COLUMNS) of every counted member, streamed (a rebuild)."""
        stmt = (
            select(IndicatorRow.group_id, *MEMBER_COLUMNS)
            .join(TableRow, TableRow.id == IndicatorRow.table_id)
            .join(ProjectRow, ProjectRow.id == TableRow.project_id)
            .where(IndicatorRow.group_id.is_not(None), _counts())
        )
        with self.engine.connect() as conn:
            result = conn.execution_options(stream_results=True, yield_per=20_000).execute(stmt)
            for row in result:
                yield tuple(row)

    def library_save_figures(self, figures: Mapping[int, Mapping[str, Any]]) -> None:
        """Write groups' figures (``projects``, ``units``, ``members``, ``typical``, ``stats``)
        and clear their pending changes."""
        if not figures:
            return
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
            }
            for gid, f in figures.items()
        ]
        table = cast(sa.Table, LibraryGroup.__table__)
        stmt = (
            update(table)
            .where(table.c.id == bindparam("gid"))
            .values(
                projects=bindparam("projects"),
                units=bindparam("units"),
                members=bindparam("members"),
                typical=bindparam("typical"),
                stats=bindparam("stats"),
                pending=0,
                updated_at=bindparam("stamp"),
            )
        )
        with self.engine.begin() as conn:
            for start in range(0, len(rows), 5000):
                conn.execute(stmt, rows[start : start + 5000])
            _bump(conn, self.dialect)

    # ---- a rebuild --------------------------------------------------------------------------

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
            _bump(conn, self.dialect)
        return ids

    def _insert_groups(self, conn: Connection, groups: Sequence[NewGroup], stamp: Any) -> list[int]:
        first = (conn.execute(select(func.coalesce(func.max(LibraryGroup.id), 0))).scalar_one() or 0) + 1
        rows = [{"id": first + i, **_group_row(g, stamp)} for i, g in enumerate(groups)]
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

    # ---- search and reading -------------------------------------------------------------------

    def _search_names(
        self, key: str, limit: int, bucket: tuple[str, str] | None = None, level2: str | None = None
    ) -> list[tuple[int, str]]:
        """(group_id, key) of names like ``key`` (a normalised text), the index's best first."""
        if not key:
            return []
        filters = []
        if bucket is not None:
            filters += [LibraryName.level2 == bucket[0], LibraryName.family == bucket[1]]
        if level2 is not None:
            filters.append(LibraryName.level2 == level2)
        with self.session() as s:
            if len(key) < 3:
                like = f"%{key.translate(_LIKE_ESCAPE)}%"
                stmt = (
                    select(LibraryName.group_id, LibraryName.key)
                    .where(LibraryName.key.like(like, escape="\\"), *filters)
                    .order_by(LibraryName.uses.desc(), LibraryName.id)
                    .limit(limit)
                )
                return [(int(g), k) for g, k in s.execute(stmt)]
            if self.dialect == "postgresql":
                like = f"%{key.translate(_LIKE_ESCAPE)}%"
                score = func.similarity(LibraryName.key, key)
                stmt = (
                    select(LibraryName.group_id, LibraryName.key)
                    .where(
                        or_(LibraryName.key.op("%")(key), LibraryName.key.like(like, escape="\\")), *filters
                    )
                    .order_by(LibraryName.key.like(like, escape="\\").desc(), score.desc(), LibraryName.id)
                    .limit(limit)
                )
                return [(int(g), k) for g, k in s.execute(stmt)]
            grams = list(dict.fromkeys(key[i : i + 3] for i in range(len(key) - 2)))
            match = " OR ".join('"' + g.replace('"', '""') + '"' for g in grams)
            where = " AND ".join(
                ["library_names_fts MATCH :match"]
                + (["n.level2 = :level2", "n.family = :family"] if bucket is not None else [])
                + (["n.level2 = :only"] if level2 is not None else [])
            )
            params: dict[str, Any] = {"match": match, "limit": limit}
            if bucket is not None:
                params.update(level2=bucket[0], family=bucket[1])
            if level2 is not None:
                params["only"] = level2
            rows = s.execute(
                text(
                    "SELECT n.group_id, n.key FROM library_names_fts f JOIN library_names n ON n.id = f.rowid "
                    f"WHERE {where} ORDER BY f.rank LIMIT :limit"
                ),
                params,
            )
            return [(int(g), k) for g, k in rows]

    def library_generation(self) -> str:
        """The library's generation: renewed by every write of groups, names or figures (one
        primary-key read; ``""`` before the first)."""
        with self.engine.connect() as conn:
            value = conn.execute(select(Setting.value).where(Setting.key == GENERATION)).scalar()
        return value or ""

    def library_sizes(self, ids: Iterable[int]) -> dict[int, int]:
        """The number of projects of each of these groups that has any (a search ranks by it
        before it reads the figures of the few it shows)."""
        wanted = sorted(set(ids))
        if not wanted:
            return {}
        stmt = select(LibraryGroup.id, LibraryGroup.projects).where(
            LibraryGroup.id.in_(wanted), LibraryGroup.projects > 0
        )
        with self.engine.connect() as conn:
            return {int(g): int(p) for g, p in conn.execute(stmt)}

    def library_search(self, key: str, level2: str | None = None, limit: int = 100) -> list[tuple[int, str]]:
        """(group_id, matching name key) for a search text already normalised, best first."""
        return self._search_names(key, limit, level2=level2)

    def library_groups(
        self, ids: Sequence[int] | None = None, *, level2: str | None = None, limit: int = 50, offset: int = 0
    ) -> list[dict[str, Any]]:
        """Groups by id (in that order), or the groups of one 二级 category (``""``: unknown),
        most projects first."""
        with self.session() as s:
            if ids is not None:
                rows = {
                    r.id: r for r in s.scalars(select(LibraryGroup).where(LibraryGroup.id.in_(list(ids))))
                }
                return [group_dict(rows[i]) for i in ids if i in rows]
            stmt = select(LibraryGroup).where(LibraryGroup.projects > 0)
            if level2 is not None:
                stmt = stmt.where(LibraryGroup.level2 == level2)
            stmt = stmt.order_by(LibraryGroup.projects.desc(), LibraryGroup.id).limit(limit).offset(offset)
            return [group_dict(r) for r in s.scalars(stmt)]

    def library_levels(self) -> list[tuple[str, int, int]]:
        """(二级 category, groups, projects of its largest group) over the groups in use."""
        stmt = (
            select(LibraryGroup.level2, func.count(), func.max(LibraryGroup.projects))
            .where(LibraryGroup.projects > 0)
            .group_by(LibraryGroup.level2)
        )
        with self.session() as s:
            return [(str(a), int(b), int(c)) for a, b, c in s.execute(stmt)]

    def library_group(self, group_id: int) -> dict[str, Any]:
        with self.session() as s:
            row = s.get(LibraryGroup, group_id)
            if row is None:
                raise NotFound(bi(f"指标组 {group_id} 不存在", f"library group {group_id} not found"))
            out = group_dict(row)
            out["variants"] = [
                {"key": k, "name": n, "uses": u}
                for k, n, u in s.execute(
                    select(LibraryName.key, LibraryName.name, LibraryName.uses)
                    .where(LibraryName.group_id == group_id)
                    .order_by(LibraryName.uses.desc(), LibraryName.id)
                    .limit(20)
                )
            ]
            return out

    def library_group_projects(
        self, group_id: int, user: User | None, limit: int = 50
    ) -> tuple[list[dict[str, Any]], int, int]:
        """The projects that use a group and ``user`` may see — (items, how many, how many
        others ``user`` may not see) — each with the indicator's name and target."""
        base = (
            select(ProjectRow.id)
            .join(TableRow, TableRow.project_id == ProjectRow.id)
            .join(IndicatorRow, IndicatorRow.table_id == TableRow.id)
            .where(IndicatorRow.group_id == group_id, _counts())
            .distinct()
        )
        with self.session() as s:
            total = s.scalar(select(func.count()).select_from(base.subquery())) or 0
            seen_ids = scope.visible_projects(base, user)
            seen = s.scalar(select(func.count()).select_from(seen_ids.subquery())) or 0
            stmt = scope.visible_projects(
                select(
                    ProjectRow.id,
                    ProjectRow.name,
                    ProjectRow.unit_code,
                    ProjectRow.unit_name,
                    ProjectRow.year,
                    IndicatorRow.name,
                    IndicatorRow.target_text,
                    IndicatorRow.actual_text,
                    TableRow.stage,
                )
                .join(TableRow, TableRow.project_id == ProjectRow.id)
                .join(IndicatorRow, IndicatorRow.table_id == TableRow.id)
                .where(IndicatorRow.group_id == group_id, _counts()),
                user,
            ).order_by(ProjectRow.year.desc(), ProjectRow.id.desc(), TableRow.id)
            items: dict[int, dict[str, Any]] = {}
            for pid, name, ucode, uname, year, iname, target, actual, stage in s.execute(
                stmt.limit(limit * 3)
            ):
                item = items.setdefault(
                    pid,
                    {
                        "id": pid,
                        "name": name,
                        "unit": {"code": ucode, "name": uname},
                        "year": year,
                        "indicator": iname,
                        "target": None,
                        "actual": None,
                    },
                )
                if stage != "selfeval" or item["target"] is None:
                    item["target"] = item["target"] or target
                if stage == "selfeval" and actual:
                    item["actual"] = actual
            return list(items.values())[:limit], seen, total - seen

    # ---- history and peers for the review ------------------------------------------------------

    def library_history(self, identities: Sequence[str], user: User | None) -> list[dict[str, Any]]:
        """The indicators of the current target and self-evaluation of each project named by
        its identity (its earlier years), as ``user`` may see them."""
        if not identities:
            return []
        stmt = scope.visible(
            select(
                ProjectRow.year,
                TableRow.stage,
                IndicatorRow.name,
                IndicatorRow.category2,
                IndicatorRow.group_id,
                IndicatorRow.target_text,
                IndicatorRow.actual_text,
            )
            .join(TableRow, TableRow.project_id == ProjectRow.id)
            .join(IndicatorRow, IndicatorRow.table_id == TableRow.id)
            .where(
                ProjectRow.identity.in_(list(identities)),
                TableRow.standing == "current",
                TableRow.stage.in_(("target", "selfeval")),
            ),
            user,
        ).order_by(ProjectRow.year.desc(), TableRow.stage, IndicatorRow.position)
        with self.session() as s:
            return [dict(r._mapping) for r in s.execute(stmt)]

    def library_peer_projects(self, group_ids: Sequence[int], exclude: str, limit: int = 200) -> list[int]:
        """Projects (other than the one of identity ``exclude``) that carry one of ``group_ids``."""
        if not group_ids:
            return []
        stmt = (
            select(TableRow.project_id)
            .join(IndicatorRow, IndicatorRow.table_id == TableRow.id)
            .join(ProjectRow, ProjectRow.id == TableRow.project_id)
            .where(
                IndicatorRow.group_id.in_(list(group_ids)),
                TableRow.counted.is_(True),
                ProjectRow.archived.is_(False),
                ProjectRow.identity != exclude,
            )
            .distinct()
            .limit(limit)
        )
        with self.session() as s:
            return [int(p) for p in s.scalars(stmt)]

    def library_project_categories(
        self, project_ids: Sequence[int]
    ) -> list[tuple[int, str | None, str | None]]:
        """(project, category1, category2) of the indicators the projects' counted tables carry."""
        if not project_ids:
            return []
        stmt = (
            select(TableRow.project_id, IndicatorRow.category1, IndicatorRow.category2)
            .join(IndicatorRow, IndicatorRow.table_id == TableRow.id)
            .where(TableRow.project_id.in_(list(project_ids)), TableRow.counted.is_(True))
            .distinct()
        )
        with self.session() as s:
            return [(int(p), c1, c2) for p, c1, c2 in s.execute(stmt)]
