"""指标库: search the indicator library, read a group, rebuild it; keep it after every write.

:func:`search_library` is the one function behind ``jixiao library search``, ``GET
/api/v1/library`` and the editor's suggestions; :func:`library_group` behind ``GET
/api/v1/library/{id}`` and the group page; :func:`rebuild_library` behind ``jixiao library
rebuild`` and ``POST /api/v1/library/rebuild``.  :func:`keep_library` runs after every write of
this package (import, edit, checkpoint, self-evaluation, workflow step, deletion, archive):
the write has committed by then, so a failure here is logged and left to the next update or
a rebuild, never turned into a failed write.  :func:`reference_for` gives the review a
table's earlier years and peers (the JX6xx rules) on import, on save and in the live check.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from typing import Any

from .. import library
from ..errors import PermissionDenied
from ..model import Table
from ..review.reference import Reference
from ..store import Store, User
from ..store.permissions import may_rebuild_library
from ..text import bi

log = logging.getLogger("jixiao.library")


def search_library(
    store: Store, user: User | None, text: str, *, level2: str | None = None, limit: int = 10
) -> list[dict[str, Any]]:
    """检索: the library's groups like ``text`` with their figures (aggregates only: any
    signed-in user may search)."""
    return library.search(store, text, level2=level2, limit=limit, user=user)


def library_group(store: Store, user: User | None, group_id: int, limit: int = 50) -> dict[str, Any]:
    """One group: its figures and the projects using it that ``user`` may see."""
    return library.group_detail(store, user, group_id, limit)


def library_overview(
    store: Store, user: User | None, *, level2: str | None = None, per_level: int = 12
) -> list[dict[str, Any]]:
    """The library by 二级 category: each with its number of groups and its groups most used
    first (``level2`` given: that category's, up to 200)."""
    levels = sorted(store.library_levels(), key=lambda x: (-x[1], x[0]))
    wanted = library.level2_of(level2)
    out = []
    for name, count, _top in levels:
        if wanted is not None and name != wanted:
            continue
        groups = store.library_groups(level2=name, limit=200 if wanted else per_level)
        out.append({"level2": name or None, "groups": count, "items": [library.summary(g) for g in groups]})
    return out


def rebuild_library(store: Store, user: User | None) -> library.RebuildResult:
    """重建指标库 from every stored indicator (an administrator's, or the local command line's)."""
    if not may_rebuild_library(user):
        raise PermissionDenied(bi("只有管理员可以重建指标库", "only an admin may rebuild the library"))
    return library.rebuild(store)


def keep_library(
    store: Store, project_ids: Iterable[int], removed_groups: Iterable[int] = ()
) -> library.UpdateResult | None:
    """Bring the library up to date after a write of these projects (see the module doc)."""
    projects = list(project_ids)
    if not projects and not removed_groups:
        return None
    try:
        return library.update(store, projects, removed_groups=removed_groups)
    except Exception:  # the write stands; the next update or a rebuild places what this missed
        log.exception("indicator library update failed for projects %s", projects)
        return None


def reference_for(store: Store | None, user: User | None, table: Table) -> Reference | None:
    """A table's earlier years and peers for the review (None without a store, or for a
    监控表, which the JX6xx rules do not read)."""
    if store is None or table.kind == "monitoring":
        return None
    return library.reference_for(store, user, table)
