"""Keeping the library as the store changes: an update after every write, a full rebuild.

:func:`update` runs after each write of a project's tables (import, edit, a new version, a
checkpoint, a self-evaluation, a workflow step, a deletion — :mod:`jixiao.actions` calls it):

1. the projects' indicators not yet in a group are placed — a known normalised name by one
   look-up, a new one by the search index's candidates (:func:`.grouping.best`), else it starts
   a group;
2. every group of those projects counts one change; a group's figures are due again when
   its changes reach :data:`REFRESH_SHARE` of its members (a small group at every change, a
   group of 20,000 after 400), so an update costs a few queries, not a pass over large groups.
   Figures of a large group may lag its last changes by that share until then; a rebuild
   computes them all.  A due group of up to :data:`.refresher.INLINE_MEMBERS` members is
   computed in the update's transaction; a larger one just after it commits, on its own
   (:mod:`.refresher`), so no import waits for a read of tens of thousands of members.

:func:`rebuild` replaces the library from every stored indicator: names grouped afresh
(most used first, :class:`.grouping.Clusterer`), every indicator placed by one UPDATE, every
group's figures computed in one pass (``jixiao library rebuild``; after a bulk load).
"""

from __future__ import annotations

import time
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from ..store import Store
from ..store.library_writes import Key, NewGroup, Placement
from . import refresher
from .grouping import Clusterer, Rep, joined_words, nearest, stored_reps
from .names import bucket, name_key
from .stats import Figures, Member, figures_of

REFRESH_SHARE = 0.02


@dataclass(slots=True)
class UpdateResult:
    """What an update did: indicators placed, groups made, groups whose figures it computed,
    and groups whose due figures it left to :mod:`.refresher` (computed after it commits)."""

    placed: int = 0
    new_groups: int = 0
    refreshed: int = 0
    deferred: int = 0


@dataclass(slots=True)
class RebuildResult:
    """What a rebuild made, and how long each step took (seconds)."""

    indicators: int = 0
    names: int = 0
    groups: int = 0
    timings: dict[str, float] = field(default_factory=dict)

    @property
    def seconds(self) -> float:
        return sum(self.timings.values())


def _placements(
    store: Store, rows: Iterable[tuple[int, str | None, str | None, str | None]]
) -> tuple[list[Placement], list[NewGroup]]:
    """Where the unplaced indicators go (see the module doc)."""
    by_key: dict[Key, list[int]] = defaultdict(list)
    printed: dict[Key, Counter[str]] = defaultdict(Counter)
    for ind_id, name, category2, unit in rows:
        key = name_key(name)
        if not key or name is None:
            continue
        level2, family = bucket(category2, unit)
        k = (level2, family, key)
        by_key[k].append(ind_id)
        printed[k][name] += 1
    known = store.library_lookup(by_key)
    stored = stored_reps(store, {k[:2] for k in by_key if k not in known})
    placements: list[Placement] = []
    new: list[NewGroup] = []
    fresh: dict[tuple[str, str], list[Rep]] = defaultdict(list)  # groups this update makes
    for k in sorted(by_key, key=lambda k: (-len(by_key[k]), k)):
        ids, name = tuple(by_key[k]), printed[k].most_common(1)[0][0]
        if k in known:
            placements.append(Placement(k, name, ids, known[k]))
            continue
        level2, family, key = k
        mine = nearest(key, fresh[(level2, family)])
        if mine is not None:
            placements.append(Placement(k, name, ids, mine.group, new=True))
            continue
        found = nearest(key, stored[(level2, family)])
        if found is not None:
            placements.append(Placement(k, name, ids, found.group))
            continue
        rep = Rep(len(new), key, joined_words(key))
        new.append(NewGroup(level2, family, key, rep.words, name))
        fresh[(level2, family)].append(rep)
        placements.append(Placement(k, name, ids, rep.group, new=True))
    return placements, new


def refresh_figures(store: Store, group_ids: Iterable[int]) -> int:
    """Compute the figures of these groups from their members now; how many."""
    ids = sorted(set(group_ids))
    store.library_refresh(ids, figures_of)
    return len(ids)


def update(store: Store, project_ids: Iterable[int], *, removed_groups: Iterable[int] = ()) -> UpdateResult:
    """Bring the library up to date after a write of these projects' tables (see the module
    doc); ``removed_groups``: the groups of indicators the write deleted."""
    projects = sorted(set(project_ids))
    result = UpdateResult()
    with store.library_unit():
        rows = store.library_indicators(projects)
        placements, new = _placements(store, (r[:4] for r in rows if r[4] is None))
        changed = {r[4] for r in rows if r[4] is not None} | set(removed_groups)
        placed = store.library_place(
            placements,
            new,
            changed=changed,
            share=REFRESH_SHARE,
            figures=figures_of,
            inline=refresher.INLINE_MEMBERS,
        )
    refresher.later(store, placed.later)  # committed: the large groups' figures after it, not in it
    result.placed = sum(len(p.indicator_ids) for p in placements)
    result.new_groups = len(new)
    result.refreshed = len(placed.due)
    result.deferred = len(placed.later)
    return result


def rebuild(store: Store) -> RebuildResult:
    """Replace the library from every stored indicator (see the module doc)."""
    result = RebuildResult()
    t0 = time.perf_counter()
    uses: Counter[Key] = Counter()
    printed: dict[Key, Counter[str]] = defaultdict(Counter)
    combos: list[tuple[str, str, str, Key]] = []
    for name, category2, unit, count in store.library_name_uses():
        key = name_key(name)
        if not key:
            continue
        level2, family = bucket(category2, unit)
        k = (level2, family, key)
        uses[k] += count
        printed[k][name] += count
        combos.append((name, category2 or "", unit or "", k))
        result.indicators += count
    t1 = time.perf_counter()
    clusterer = Clusterer()
    group_of: dict[Key, int] = {}
    for k in sorted(uses, key=lambda k: (-uses[k], k)):
        group_of[k] = clusterer.place((k[0], k[1]), k[2])
    groups = []
    for rep, (level2, family) in zip(clusterer.reps, clusterer.buckets, strict=True):
        k = (level2, family, rep.key)
        groups.append(NewGroup(k[0], k[1], rep.key, rep.words, printed[k].most_common(1)[0][0]))
    names = [(k, printed[k].most_common(1)[0][0], group_of[k], uses[k]) for k in uses]
    t2 = time.perf_counter()
    ids = store.library_replace(groups, names, [(n, c, u, group_of[k]) for n, c, u, k in combos])
    t3 = time.perf_counter()
    accs: dict[int, Figures] = defaultdict(Figures)
    for row in store.library_all_members():
        accs[row[0]].add(Member(*row[1:]))
    figures = {gid: accs[gid].result() if gid in accs else Figures().result() for gid in ids}
    store.library_save_figures(figures)
    t4 = time.perf_counter()
    result.names, result.groups = len(names), len(groups)
    result.timings = {"read": t1 - t0, "group": t2 - t1, "place": t3 - t2, "figures": t4 - t3}
    return result
