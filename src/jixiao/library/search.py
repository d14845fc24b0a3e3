"""Searching the library (检索指标库): a few words of a name → peer groups with their values.

The text is normalised as names are (:func:`.names.name_key`); the database's trigram index
finds the names that share its trigrams (or contain it), and rapidfuzz orders their groups:
how much of the text a name contains (``partial_ratio``) and how alike they are overall
(``ratio``), with a little weight for how many projects use the group.  Each hit carries the
group's figures: how many projects and units, the usual target (``typical``), the
distribution per unit of measure, actuals and the share met — aggregates only, so a search
shows no project of any unit.

The groups are ranked on their number of projects alone (one narrow read); the figures are read
for the few shown.  Results are kept in each worker (:func:`searches`: the store's
:class:`jixiao.store.memo.Memo` of :data:`CACHE_SIZE` searches) by the library's generation
(:meth:`jixiao.store.Store.library_generation`, one higher with every update, figures refresh
and rebuild, in the same transaction) and the question: the normalised text, the 二级 filter,
the limit and the user's scope (:func:`jixiao.store.scope.scope_key`).  A hit costs one
primary-key read and gives the caller its own copy; no worker serves a search from before the
library's last change.
"""

from __future__ import annotations

import math
from typing import Any

from rapidfuzz import fuzz

from ..store import Store, User
from ..store.memo import Memo, memo_of
from ..store.scope import scope_key
from ..taxonomy import categorize
from ..values import parse_value
from .names import name_key

MAX_LIMIT = 50
CACHE_SIZE = 4096


def searches(store: Store) -> Memo:
    """This worker's kept searches of ``store``'s library (:mod:`jixiao.store.memo`)."""
    return memo_of(store, "_library_searches", CACHE_SIZE)


def level2_of(text: str | None) -> str | None:
    """A 二级 filter as the library stores it: the standard name of a printed one."""
    text = (text or "").strip()
    if not text:
        return None
    return categorize(None, text)[1] or text


def summary(group: dict[str, Any], score: float | None = None) -> dict[str, Any]:
    """A group as search results and the API show it."""
    stats = group.get("stats") or {}
    typical = group.get("typical")
    value = parse_value(typical) if typical else None
    out = {
        "id": group["id"],
        "name": group["name"],
        "level2": group["level2"] or None,
        "projects": group["projects"],
        "units": group["units"],
        "indicators": group["members"],
        "typical": None
        if value is None
        else {"text": value.text, "op": value.op, "number": value.number, "unit": value.unit},
        "names": [{"name": n, "count": c} for n, c in stats.get("names", [])],
        "units_of_measure": [{"unit": u, "count": c} for u, c in stats.get("units_of_measure", [])],
        "targets": stats.get("targets", []),
        "qualitative": stats.get("qualitative", 0),
        "actuals": stats.get("actuals", []),
        "met": stats.get("met"),
    }
    if score is not None:
        out["score"] = round(score, 1)
    return out


def search(
    store: Store, text: str, level2: str | None = None, limit: int = 10, *, user: User | None = None
) -> list[dict[str, Any]]:
    """The groups whose names are like ``text`` (see the module doc), best first."""
    key = name_key(text)
    if not key:
        return []
    limit = max(1, min(int(limit), MAX_LIMIT))
    wanted = level2_of(level2)
    generation, question = store.library_generation(), (key, wanted, limit, scope_key(user))
    kept = searches(store)
    hit: list[dict[str, Any]] | None = kept.get(generation, question)
    if hit is not None:
        return hit
    found: dict[int, float] = {}
    for group_id, name in store.library_search(key, wanted, limit=max(100, 4 * limit)):
        score = 0.6 * fuzz.partial_ratio(key, name) + 0.4 * fuzz.ratio(key, name)
        found[group_id] = max(found.get(group_id, 0.0), score)
    sizes = store.library_sizes(found)
    ranked = sorted(sizes, key=lambda g: (-(found[g] + 5 * math.log10(1 + sizes[g])), g))[:limit]
    out = [summary(g, found[g["id"]]) for g in store.library_groups(ranked) if g["projects"] > 0]
    kept.put(generation, question, out)
    return out


def group_detail(store: Store, user: Any, group_id: int, limit: int = 50) -> dict[str, Any]:
    """One group: its figures, its name variants, and the projects that use it that ``user``
    may see (``others``: how many more there are that ``user`` may not see)."""
    group = store.library_group(group_id)
    projects, seen, others = store.library_group_projects(group_id, user, limit)
    return {
        **summary(group),
        "variants": group["variants"],
        "projects_shown": projects,
        "projects_visible": seen,
        "projects_hidden": others,
    }
