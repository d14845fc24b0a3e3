"""The library's incremental update and its search cache on SQLite and PostgreSQL: an update
is a fixed number of statements however many indicators it places (no round trip per
indicator), two writers placing one new name share one group, and a search follows every
change of the library at once, in every worker."""

from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from sqlalchemy import event, func, select

from jixiao import library
from jixiao.library import refresher
from jixiao.library.search import searches
from jixiao.library.stats import figures_of
from jixiao.store import Store
from jixiao.store.library_writes import NewGroup, Placement
from jixiao.store.schema import LibraryGroup, LibraryName, ProjectRow

SEED = Path(__file__).resolve().parents[1] / "corpus" / "seed" / "expected.json"


def seed_tables(tag: str, novel: str = "") -> list[dict[str, Any]]:
    """The seed's six target tables as projects of their own (``tag`` in their names); ``novel``
    in front of every indicator name makes names the library has not seen."""
    out = []
    for t in json.loads(SEED.read_text(encoding="utf-8"))["tables"]:
        inds = [{**i, "name": novel + i["name"]} if i.get("name") else i for i in t["indicators"]]
        out.append({**t, "project": {**t["project"], "name": tag + t["project"]["name"]}, "indicators": inds})
    return out


def load(store: Store, tables: list[dict[str, Any]], name: str) -> list[int]:
    """Store ``tables`` without the library's update (the bulk loader); their projects."""
    before = set(projects(store))
    store.bulk_load(tables, name=name)
    return sorted(set(projects(store)) - before)


def projects(store: Store) -> list[int]:
    with store.engine.connect() as conn:
        return [int(p) for p in conn.scalars(select(ProjectRow.id))]


@contextmanager
def statements(store: Store) -> Iterator[list[str]]:
    seen: list[str] = []

    def count(_conn: Any, _cursor: Any, sql: str, *_args: Any) -> None:
        if not sql.lstrip().upper().startswith(("BEGIN", "COMMIT", "ROLLBACK", "SAVEPOINT", "RELEASE")):
            seen.append(sql)

    event.listen(store.engine, "before_cursor_execute", count)
    try:
        yield seen
    finally:
        event.remove(store.engine, "before_cursor_execute", count)


def test_an_update_is_a_few_statements_however_many_indicators(store: Store) -> None:
    """One table's update and six tables' (56 indicators, new names among them) cost the same
    statements: the names, their groups and each indicator's group are written whole, each by
    one statement of one fixed text, in one transaction with the figures it makes due."""
    library.rebuild(store)
    one = load(store, seed_tables("甲")[:1], "one")
    with statements(store) as few:
        done = library.update(store, one)
    assert done.placed == 9
    six = load(store, seed_tables("乙", novel="新的"), "six")
    with statements(store) as many:
        done = library.update(store, six)
    assert done.placed == 56 and done.new_groups > 0 and done.refreshed > 0
    assert len(many) <= len(few) + 4 <= 15, many  # + the reps, new groups, unused groups, figures
    assert len(set(many)) == len(many)  # no statement twice: nothing goes a row or a chunk at a time
    # the new names were grouped with their peers, not one group each
    with store.engine.connect() as conn:
        names = conn.scalar(
            select(func.count()).select_from(LibraryName).where(LibraryName.key.like("新的%"))
        )
    assert names and done.new_groups < names


def test_an_update_is_one_transaction_and_on_postgresql_one_connection(store: Store) -> None:
    """Every write of an update, the figures it makes due among them, commits once; on
    PostgreSQL its reads share that transaction's connection (one checkout, one ping)."""
    library.rebuild(store)
    ids = load(store, seed_tables("庚", novel="另一个"), "six")
    seen: list[str] = []
    for name in ("checkout", "commit", "rollback"):
        event.listen(store.engine, name, lambda *_a, name=name: seen.append(name))
    done = library.update(store, ids)
    assert done.placed == 56 and done.new_groups > 0 and done.refreshed > 0
    assert seen.count("commit") == 1
    if store.dialect == "postgresql":
        assert seen == ["checkout", "commit"]
    again = library.update(store, ids)  # nothing new to place: only changes counted
    assert again.placed == 0 and seen.count("commit") == 2


def test_two_writers_placing_one_new_name_share_its_group(store: Store) -> None:
    """Two updates that both found a name unknown each make a group for it: the first stored
    wins, the second's group is dropped and its indicators join the first's."""
    ids = load(store, seed_tables("丙")[:2], "two")
    rows = store.library_indicators(ids)
    key = ("产出指标", "", "同时新增的指标")
    halves = [[r[0] for r in rows[:4]], [r[0] for r in rows[4:8]]]
    groups = []
    for half in halves:
        new = [NewGroup(key[0], key[1], key[2], "同时 新增 的 指标", "同时新增的指标")]
        groups.append(
            store.library_place([Placement(key, "同时新增的指标", tuple(half), 0, new=True)], new).groups
        )
    assert groups[0] == groups[1] and len(groups[0]) == 1
    with store.engine.connect() as conn:
        made = conn.scalars(select(LibraryGroup.id).where(LibraryGroup.key == key[2])).all()
        uses = conn.scalar(select(LibraryName.uses).where(LibraryName.key == key[2]))
    assert made == list(groups[0]) and uses == 8
    placed = {r[4] for r in store.library_indicators(ids) if r[0] in halves[0] + halves[1]}
    assert placed == groups[0]


def test_a_search_follows_the_library_at_once_in_every_worker(store: Store) -> None:
    """A search is kept per worker; another worker's update (a second Store on the same
    database) takes the library's generation one higher, so the next search sees the new
    name.  A search kept is the caller's own copy."""
    library.rebuild(store)
    load(store, seed_tables("丁")[:1], "one")
    other = Store(store.engine)
    library.update(other, projects(other))
    before = library.search(store, "签证办理")
    assert "签证办理平均时长" not in [g["name"] for g in before]
    kept, generation = len(searches(store)), store.library_generation()
    again = library.search(store, "签证办理")
    assert again == before and again is not before and len(searches(store)) == kept  # kept
    again.clear()
    assert library.search(store, "签证办理") == before
    new = [
        {**t, "indicators": [{**t["indicators"][0], "name": "签证办理平均时长"}]}
        for t in seed_tables("戊")[:1]
    ]
    library.update(other, load(other, new, "new"))
    assert store.library_generation() > generation
    assert "签证办理平均时长" in [g["name"] for g in library.search(store, "签证办理")]


def test_an_update_of_thousands_of_new_names_is_stored_whole(store: Store) -> None:
    """7,000 new groups and names in one update (70,000 values: more than PostgreSQL binds as
    parameters of one statement, here one array a column) are all stored."""
    (ind, *_rest) = store.library_indicators(load(store, seed_tables("己")[:1], "one"))
    keys = [("产出指标", "", f"批量新增指标{i:04d}") for i in range(7000)]
    new = [NewGroup(*k, k[2], k[2]) for k in keys]
    placed = [Placement(k, k[2], (ind[0],), i, new=True) for i, k in enumerate(keys)]
    groups = store.library_place(placed, new).groups
    with store.engine.connect() as conn:
        names = conn.scalar(
            select(func.count()).select_from(LibraryName).where(LibraryName.key.like("批量新增%"))
        )
    assert len(groups) == 7000 and names == 7000


def test_the_memo_keeps_nothing_older_than_its_newest_generation() -> None:
    """One memo serves the totals' answers and the library's searches: an answer computed by a
    reader that started before a newer generation was seen is not kept, and a newer generation
    drops every older answer."""
    from jixiao.store.memo import Memo

    memo = Memo(size=2)
    memo.put(2, "q", ["answer"])
    mine = memo.get(2, "q")
    assert mine == ["answer"] and mine is not memo.get(2, "q")  # each caller its own copy
    memo.put(1, "late", ["stale"])
    assert memo.get(1, "late") is None and len(memo) == 1
    memo.put(3, "q", ["new"])
    assert memo.get(2, "q") is None and memo.get(3, "q") == ["new"]
    memo.put(3, "a", 1)
    memo.put(3, "b", 2)  # the least recently used goes first
    assert memo.get(3, "q") is None and memo.get(3, "a") == 1 and len(memo) == 2


def snapshot(store: Store) -> dict[frozenset[int], tuple[Any, ...]]:
    """The library as a user sees it, whatever its ids: each group's indicators → its figures
    and names (not which of its names it is shown by: of names used as often, the one seen
    first, which a rebuild sees in another order)."""
    from jixiao.store.schema import IndicatorRow

    with store.engine.connect() as conn:
        members: dict[int, set[int]] = {}
        for ind, gid in conn.execute(select(IndicatorRow.id, IndicatorRow.group_id)):
            assert gid is not None, f"indicator {ind} placed nowhere"
            members.setdefault(gid, set()).add(ind)
        names: dict[int, set[tuple[str, int]]] = {}
        for gid, key, uses in conn.execute(select(LibraryName.group_id, LibraryName.key, LibraryName.uses)):
            names.setdefault(gid, set()).add((key, uses))
        groups = conn.execute(
            select(
                LibraryGroup.id,
                LibraryGroup.members,
                LibraryGroup.projects,
                LibraryGroup.units,
                LibraryGroup.typical,
                LibraryGroup.stats,
            )
        ).all()
    return {
        frozenset(members.get(g[0], ())): (*g[1:5], json.dumps(g[5], sort_keys=True), frozenset(names[g[0]]))
        for g in groups
    }


def test_updates_a_project_at_a_time_give_the_library_a_rebuild_gives(store: Store) -> None:
    """Six projects imported one after another into a rebuilt library, each followed by its
    update, leave the groups, their names with their uses and their figures as one rebuild of
    them all does.  (Their names are the library's: which group a new name joins depends on
    the order names arrive in, in an update as in the rebuild's greedy pass — most used
    first.)"""
    load(store, seed_tables("壬"), "first")
    library.rebuild(store)
    for project in load(store, seed_tables("癸"), "again"):
        done = library.update(store, [project])
        assert done.placed > 0 and done.new_groups == 0
    incremental = snapshot(store)
    library.rebuild(store)
    assert snapshot(store) == incremental
    assert len(incremental) > 20


def test_large_groups_figures_come_after_the_update_and_equal_a_rebuild(
    store: Store, monkeypatch: Any
) -> None:
    """A due group larger than INLINE_MEMBERS (here every group that has members) is left out
    of the update's transaction and refreshed after it commits, in the refresher's thread:
    once that has run (``library.settle``) the library is the one a rebuild gives."""
    monkeypatch.setattr(refresher, "INLINE_MEMBERS", 0)
    load(store, seed_tables("子"), "first")
    library.rebuild(store)
    deferred = 0
    for project in load(store, seed_tables("丑"), "again"):
        done = library.update(store, [project])
        deferred += done.deferred
        assert done.placed > 0 and done.refreshed == 0 and done.deferred > 0
    assert library.settle(store, timeout=60)
    ran = list(refresher.refresher(store).done)
    assert ran and sum(r.groups for r in ran) >= len(ran) and sum(r.groups for r in ran) <= deferred
    incremental = snapshot(store)
    library.rebuild(store)
    assert snapshot(store) == incremental


def test_a_failed_refresh_leaves_its_groups_due_for_the_next_update(store: Store, monkeypatch: Any) -> None:
    """A refresh that fails writes nothing: its groups keep their pending changes, so the next
    update that touches them hands them over again, and that refresh brings them up to date."""
    monkeypatch.setattr(refresher, "INLINE_MEMBERS", 0)
    load(store, seed_tables("寅"), "first")
    library.rebuild(store)
    first, *others = load(store, seed_tables("卯"), "again")  # all six again: the same names, most used first

    def broken(*_args: Any) -> Any:
        raise RuntimeError("the database went away")

    monkeypatch.setattr(refresher, "figures_of", broken)
    due = library.update(store, [first]).deferred
    assert due > 0 and library.settle(store, timeout=60)
    with store.engine.connect() as conn:
        pending = conn.scalar(select(func.count()).select_from(LibraryGroup).where(LibraryGroup.pending > 0))
    assert pending and pending >= due  # still due: nothing was written
    monkeypatch.undo()
    monkeypatch.setattr(refresher, "INLINE_MEMBERS", 0)
    assert library.update(store, [first, *others]).deferred >= due
    assert library.settle(store, timeout=60)
    incremental = snapshot(store)
    library.rebuild(store)
    assert snapshot(store) == incremental


def test_a_refresh_keeps_changes_counted_while_it_ran(store: Store) -> None:
    """A refresh reads a group's pending changes before its members: a change another writer
    counts meanwhile stays pending, and figures another writer stored meanwhile stand."""
    load(store, seed_tables("辰"), "six")
    library.rebuild(store)
    with store.engine.connect() as conn:
        gid = conn.scalar(select(LibraryGroup.id).where(LibraryGroup.members > 1).order_by(LibraryGroup.id))
    assert gid is not None
    store.library_place([], [], changed=[gid])  # one change counted: pending 1

    def meanwhile(ids: Any, rows: Any) -> Any:
        store.library_place([], [], changed=[gid])  # another writer counts one more
        return figures_of(ids, rows)

    assert store.library_refresh([gid], meanwhile) > 1
    with store.engine.connect() as conn:
        pending, stamp = conn.execute(
            select(LibraryGroup.pending, LibraryGroup.updated_at).where(LibraryGroup.id == gid)
        ).one()
    assert pending == 1  # the one it read is cleared, the one counted meanwhile is not

    def rebuilt_meanwhile(ids: Any, rows: Any) -> Any:
        store.library_save_figures({gid: {**figures_of(ids, rows)[gid], "typical": "另一个写入者的"}})
        return figures_of(ids, rows)

    store.library_refresh([gid], rebuilt_meanwhile)
    with store.engine.connect() as conn:
        typical, now_stamp = conn.execute(
            select(LibraryGroup.typical, LibraryGroup.updated_at).where(LibraryGroup.id == gid)
        ).one()
    assert typical == "另一个写入者的" and now_stamp != stamp
