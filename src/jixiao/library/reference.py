"""A table's reference (参照) for the review: its project's earlier years and its peers.

:func:`reference_for` builds the :class:`~jixiao.review.reference.Reference` the JX6xx rules
read, from the store, as ``user`` may see it:

- **earlier years**: the same project (same unit and project key, :mod:`jixiao.store.identity`)
  in the three years before the table's — its current target and self-evaluation.  An
  indicator of an earlier year is the same as one of this table when they share the bucket
  and the normalised name, or else the library group;
- **peers**: each quantified target's library group (its name known, or alike a known one)
  and the group's figures in the target's unit;
- **peer projects**: the projects that carry one of this table's less common groups (the
  three used by the fewest projects, at least two); for each kind of indicator, how many of
  them carry it.

Only aggregates of other projects go into it: counts and quartiles, never their names.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from ..model import Table, Value, table_to_dict
from ..review.reference import KindShare, PastYear, PeerFigures, Reference
from ..store import Store, User
from ..store.identity import identify, identity_text
from ..taxonomy import indicator_kind
from ..values import parse_value
from .grouping import nearest, stored_reps
from .names import bucket, name_key

YEARS_BACK = 3
RARE_GROUPS = 3
PEER_LIMIT = 200


@dataclass(frozen=True, slots=True)
class _Line:
    """An earlier year's indicator: its key, group, name, target and actual."""

    key: tuple[str, str, str]
    group: int | None
    name: str | None
    target: Value | None
    actual: Value | None


def groups_of(store: Store, keys: list[tuple[str, str, str]]) -> dict[tuple[str, str, str], int]:
    """The library group of each key: a known name, else the group its name is alike (read only)."""
    found = store.library_lookup(keys)
    unknown = [k for k in dict.fromkeys(keys) if k not in found and len(k[2]) >= 3]
    stored = stored_reps(store, {k[:2] for k in unknown})
    for k in unknown:
        rep = nearest(k[2], stored[k[:2]])
        if rep is not None:
            found[k] = rep.group
    return found


def _history(store: Store, user: User | None, table: Table) -> dict[int, list[_Line]]:
    """Per earlier year, its indicators (target stage first, actuals from the self-evaluation)."""
    if table.year is None:
        return {}
    ident = identify(table_to_dict(table))
    names = [identity_text(ident.unit_key, table.year - k, ident.key) for k in range(1, YEARS_BACK + 1)]
    rows = store.library_history(names, user)
    by_year: dict[int, dict[tuple[str, str, str], _Line]] = defaultdict(dict)
    for r in rows:
        key = name_key(r["name"])
        if not key or r["year"] is None:
            continue
        target = parse_value(r["target_text"]) if r["target_text"] else None
        k = (*bucket(r["category2"], target.unit if target else None), key)
        lines = by_year[int(r["year"])]
        old = lines.get(k)
        actual = parse_value(r["actual_text"]) if r["stage"] == "selfeval" and r["actual_text"] else None
        if old is None:
            lines[k] = _Line(k, r["group_id"], r["name"], target, actual)
        elif actual is not None and old.actual is None:
            lines[k] = _Line(k, old.group or r["group_id"], old.name, old.target or target, actual)
    return {year: list(lines.values()) for year, lines in by_year.items()}


def reference_for(store: Store, user: User | None, table: Table) -> Reference:
    """The earlier years and peers of ``table``'s indicators (see the module doc)."""
    keys: dict[int, tuple[str, str, str]] = {}
    for i, ind in enumerate(table.indicators):
        key = name_key(ind.name)
        if key:
            keys[i] = (*bucket(ind.category2, ind.target.unit), key)
    groups = groups_of(store, list(keys.values()))
    ref = Reference()
    for year, lines in sorted(_history(store, user, table).items(), reverse=True):
        by_key = {line.key: line for line in lines}
        by_group = {line.group: line for line in lines if line.group is not None}
        for i, k in keys.items():
            line = by_key.get(k) or by_group.get(groups.get(k, -1))
            if line is not None:
                past = PastYear(year, line.name, line.target, line.actual)
                ref.history[i] = (*ref.history.get(i, ()), past)
    figures = {g["id"]: g for g in store.library_groups(sorted(set(groups.values())))}
    for i, k in keys.items():
        group = figures.get(groups.get(k, -1))
        unit = table.indicators[i].target.unit or ""
        if group is None or table.indicators[i].target.number is None:
            continue
        for d in (group["stats"] or {}).get("targets", []):
            if d["unit"] == unit:
                ref.peers[i] = PeerFigures(
                    group["id"],
                    group["name"],
                    unit,
                    d["projects"],
                    group["units"],
                    d["n"],
                    d["q1"],
                    d["median"],
                    d["q3"],
                )
    _peer_kinds(store, table, ref, [figures[g] for g in dict.fromkeys(groups.values()) if g in figures])
    return ref


def _peer_kinds(store: Store, table: Table, ref: Reference, groups: list[dict]) -> None:  # type: ignore[type-arg]
    rare = sorted((g for g in groups if g["projects"] >= 2), key=lambda g: (g["projects"], g["id"]))[
        :RARE_GROUPS
    ]
    if not rare:
        return
    exclude = identify(table_to_dict(table)).text
    peers = store.library_peer_projects([g["id"] for g in rare], exclude, PEER_LIMIT)
    kinds: dict[int, set[str]] = defaultdict(set)
    for project, c1, c2 in store.library_project_categories(peers):
        kind = indicator_kind(c1, c2)
        if kind:
            kinds[project].add(kind)
    counted: dict[str, int] = defaultdict(int)
    for carried in kinds.values():
        for kind in carried:
            counted[kind] += 1
    ref.peer_projects = len(peers)
    ref.kinds = tuple(
        KindShare(k, n, len(peers)) for k, n in sorted(counted.items(), key=lambda kv: (-kv[1], kv[0]))
    )
