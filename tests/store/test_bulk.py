"""Bulk load (COPY on PostgreSQL, executemany on SQLite): all rows, usable ids, all or nothing."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select, text

from jixiao import actions
from jixiao.errors import StoreError
from jixiao.store import TableFilter
from jixiao.store.schema import IndicatorRow, TableRow


def test_bulk_load_then_normal_use(store, make_doc, seed):
    tables = make_doc("100", n=150)["tables"] + make_doc("200", n=50)["tables"]
    counts = store.bulk_load(tables, check=actions.finding_rows)
    n_ind = sum(len(t["indicators"]) for t in tables)
    assert counts["tables"] == 200 and counts["indicators"] == n_ind
    assert store.list_tables()[1] == 200
    assert store.list_tables(TableFilter(unit="200"))[1] == 50
    with store.session() as s:
        orphans = s.scalar(
            select(func.count())
            .select_from(IndicatorRow)
            .where(IndicatorRow.table_id.not_in(select(TableRow.id)))
        )
        assert orphans == 0
    some = store.list_tables(per_page=1)[0][0]
    assert store.get_table(some["id"])["table"]["indicators"]
    # ids keep counting after a bulk load (the PostgreSQL sequence was moved on)
    new = store.import_document(seed).table_ids
    assert min(new) > 200
    t = store.get_table(new[0])
    assert store.update_table(new[0], t["table"], t["version"])["version"] == 2


def test_failed_bulk_load_stores_nothing(store, make_doc, monkeypatch):
    tables = make_doc("100", n=20)["tables"]
    monkeypatch.setattr("jixiao.store.rows.YEAR_MIN", 0)  # (the store's own check would refuse it first)
    tables[15]["year"] = 1  # violates the CHECK on 年度
    with pytest.raises(StoreError, match="未写入任何内容"):
        store.bulk_load(tables)
    assert store.list_tables()[1] == 0
    assert store.list_documents()[1] == 0


def test_bulk_loaded_timestamps_read_back_like_any_other(store, make_doc):
    store.bulk_load(make_doc("100", n=2)["tables"])
    store.import_document(make_doc("100", n=1))
    stamps = [t["updated_at"] for t in store.list_tables()[0]]
    assert all(s and s.endswith("+00:00") for s in stamps)
    assert max(stamps) == stamps[0]  # the imported one is newest and compares as a timestamp


@pytest.mark.parametrize("db_url", ["postgresql"], indirect=True)  # the visibility map is PostgreSQL's
def test_a_bulk_load_leaves_the_tables_all_visible_for_index_only_scans(store, make_doc):
    """Deep list pages and counts read only the id index when the visibility map is set; the
    VACUUM after a bulk load must set it, even on a server with synchronous_commit=off (the test
    server's setting), where tuples of a commit not yet flushed could not be marked: a 100 000
    table list then took 3 ms instead of 0.2 ms for a page at offset 9 000.  Both the tables and
    the projects (one table's ANALYZE, committed asynchronously, kept the next one's tuples
    from being marked)."""
    store.bulk_load(make_doc("100", n=300)["tables"])
    with store.engine.connect() as conn:
        got = dict(
            conn.execute(
                text(
                    "SELECT relname, (relpages > 0 AND relallvisible = relpages) FROM pg_class "
                    "WHERE relname IN ('perf_tables', 'projects')"
                )
            ).all()
        )
    assert got == {"perf_tables": True, "projects": True}


def test_bulk_load_places_each_table_in_its_project(store, make_doc, users):
    """Each table joins its project by identity: new projects with their aggregates; a table of
    a known project is its new version — a pending revision when the target is approved."""
    first = make_doc("100", n=3)["tables"]
    assert store.bulk_load(first)["projects"] == 3
    items, total = store.list_projects()
    assert total == 3 and [i["budget_wan"] for i in items] == [50.0, 50.0, 50.0]
    approved = items[-1]["id"]
    store.transition_project(approved, "submit", users["admin"])
    store.transition_project(approved, "approve", users["reviewer"])
    again = [dict(t, funds=dict(t["funds"], total=60.0)) for t in first]
    assert store.bulk_load(again)["projects"] == 0
    items, total = store.list_projects()
    assert total == 3 and store.list_tables()[1] == 6
    by_id = {i["id"]: i for i in items}
    assert (by_id[approved]["status"], by_id[approved]["pending"], by_id[approved]["budget_wan"]) == (
        "approved",
        True,
        50.0,
    )
    assert sorted(i["budget_wan"] for i in items if i["id"] != approved) == [60.0, 60.0]
    record = store.get_project(approved)
    assert record["pending"]["revision"] == 2 and record["target"]["revision"] == 1
