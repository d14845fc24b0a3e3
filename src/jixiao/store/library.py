"""The indicator library's reading (读取指标库): search, groups, their projects, the review's peers.

Keeping the library is :mod:`.library_writes`'s (placing indicators),
:mod:`.library_figures`'s (groups' figures) and :mod:`.library_rebuild`'s (a rebuild).  Search runs on each database's own index of ``library_names.key``
(0006): PostgreSQL's ``pg_trgm`` (``%`` similarity and ``LIKE``), SQLite's FTS5 trigram table
(``MATCH``).  A text shorter than three characters has no trigram: it is matched by ``LIKE``
over the names.

Example projects of a group are scoped like every list (:mod:`.scope`): a filer sees its own
unit's projects only, and the number of the others.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any, cast

import sqlalchemy as sa
from sqlalchemy import func, select, text, union_all

from ..errors import NotFound
from ..text import bi
from . import memo, scope
from .library_figures import GENERATION, LibraryFiguresMixin, counts
from .library_rebuild import LibraryRebuildMixin
from .library_writes import Key, LibraryWritesMixin, NewGroup, Placed, Placement
from .schema import IndicatorRow, LibraryGroup, LibraryName, ProjectRow, TableRow
from .users import User

__all__ = ["GROUP_FIELDS", "Key", "LibraryMixin", "NewGroup", "Placed", "Placement", "group_dict"]
GROUP_FIELDS = ("id", "level2", "family", "name", "key", "members", "projects", "units", "typical", "stats")
_LIKE_ESCAPE = str.maketrans({"%": r"\%", "_": r"\_", "\\": "\\\\"})


def group_dict(row: Any) -> dict[str, Any]:
    return {name: getattr(row, name) for name in GROUP_FIELDS}


class LibraryMixin(LibraryWritesMixin, LibraryFiguresMixin, LibraryRebuildMixin):
    """Indicator library methods of :class:`jixiao.store.Store`."""

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
        with self._read_connection() as s:
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
                # The names that contain the text, most used first; only when fewer than
                # ``limit`` do, the similar ones (the second branch runs only then): a common
                # word (满意度, ~1,000 names) costs no similarity() of every name holding it.
                contains = LibraryName.key.like(f"%{key.translate(_LIKE_ESCAPE)}%", escape="\\")
                first = (
                    select(LibraryName.group_id, LibraryName.key)
                    .where(contains, *filters)
                    .order_by(LibraryName.uses.desc(), LibraryName.id)
                    .limit(limit)
                )
                similar = (
                    select(LibraryName.group_id, LibraryName.key)
                    .where(LibraryName.key.op("%")(key), ~contains, *filters)
                    .order_by(func.similarity(LibraryName.key, key).desc(), LibraryName.id)
                    .limit(limit)
                )
                both = union_all(first, similar).limit(limit)
                return [(int(g), k) for g, k in s.execute(both)]
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

    def library_generation(self) -> int:
        """The library's generation: one higher with every write of groups, names or figures
        (one primary-key read; 0 before the first)."""
        with self._read_connection() as conn:
            return memo.generation(conn, GENERATION)

    def library_sizes(self, ids: Iterable[int]) -> dict[int, int]:
        """The number of projects of each of these groups that has any (a search ranks by it
        before it reads the figures of the few it shows)."""
        wanted = sorted(set(ids))
        if not wanted:
            return {}
        stmt = select(LibraryGroup.id, LibraryGroup.projects).where(
            LibraryGroup.id.in_(wanted), LibraryGroup.projects > 0
        )
        with self._read_connection() as conn:
            return {int(g): int(p) for g, p in conn.execute(stmt)}

    def library_search(self, key: str, level2: str | None = None, limit: int = 100) -> list[tuple[int, str]]:
        """(group_id, matching name key) for a search text already normalised, best first."""
        return self._search_names(key, limit, level2=level2)

    def library_groups(
        self, ids: Sequence[int] | None = None, *, level2: str | None = None, limit: int = 50, offset: int = 0
    ) -> list[dict[str, Any]]:
        """Groups by id (in that order), or the groups of one 二级 category (``""``: unknown),
        most projects first."""
        groups = cast(sa.Table, LibraryGroup.__table__)
        with self._read_connection() as conn:
            if ids is not None:
                rows = {r.id: r for r in conn.execute(select(groups).where(groups.c.id.in_(list(ids))))}
                return [group_dict(rows[i]) for i in ids if i in rows]
            stmt = select(groups).where(groups.c.projects > 0)
            if level2 is not None:
                stmt = stmt.where(groups.c.level2 == level2)
            stmt = stmt.order_by(groups.c.projects.desc(), groups.c.id).limit(limit).offset(offset)
            return [group_dict(r) for r in conn.execute(stmt)]

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
            .where(IndicatorRow.group_id == group_id, counts())
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
                .where(IndicatorRow.group_id == group_id, counts()),
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
