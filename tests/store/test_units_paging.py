"""The units list a page at a time, and the dashboard's answers kept by the totals' generation:
never stale after a write has committed, in another worker (another Store on the same database)
as in this one — on SQLite and PostgreSQL."""

from __future__ import annotations

import pytest
from sqlalchemy import event

from jixiao.store import Store, TableFilter, totals

CODES = ["302101", "302102", "302103", "400001", "400002", "999001", "999002"]


@pytest.fixture
def seven_units(store, make_doc):
    for code in CODES:
        store.import_document(make_doc(code, n=1, unit_name=f"单位{code}"))
    return CODES


def test_units_come_a_page_at_a_time_in_order_of_code(store, seven_units):
    pages = [store.units_page(page=p, per_page=3) for p in (1, 2, 3, 4)]
    assert [[u["code"] for u in items] for items, _ in pages] == [CODES[:3], CODES[3:6], CODES[6:], []]
    assert {total for _, total in pages} == {7}
    assert store.units_page(per_page=None) == (store.units(), 7)
    assert [u["code"] for u in store.units()] == CODES
    first = store.units_page(per_page=3)[0][0]
    assert first["projects"] == 1 and first["name"] == "单位302101" and first["budget_wan"] is not None


def test_units_are_filtered_by_code_or_name(store, seven_units):
    assert store.units_page(q="4000", per_page=1) == (store.units_page(q="4000")[0][:1], 2)
    assert [u["code"] for u in store.units_page(q="单位99900")[0]] == ["999001", "999002"]
    assert store.units_page(q="%") == ([], 0)  # a LIKE wildcard is a plain character


def test_a_filer_pages_only_its_own_unit(store, users, seven_units):
    items, total = store.units_page(users["filer"], per_page=3)
    assert total == 1 and [u["code"] for u in items] == ["302101"]
    assert store.units_page(users["filer"], q="999") == ([], 0)
    assert store.units_page(users["reviewer"], per_page=3)[1] == 7


def test_another_workers_write_is_seen_at_once(store, db_url, users, make_doc, seven_units):
    """Two Stores on one database are two workers: what one writes, the other's next dashboard
    and units list show, although both keep their answers."""
    admin = users["admin"]
    before = store.dashboard(admin)
    assert store.dashboard(admin) == before  # kept
    assert store.units_page(admin, per_page=3)[1] == 7
    other = Store(db_url)
    try:
        result = other.import_document(make_doc("500001", n=2))
        after = store.dashboard(admin)
        assert after["projects"] == before["projects"] + 2
        assert store.units_page(admin, per_page=3)[1] == 8
        assert store.dashboard(admin, TableFilter(unit="500001"))["projects"] == 2
        project = other.get_table(result.table_ids[0])["project_id"]
        other.archive_project(project, admin)
        assert store.dashboard(admin)["projects"] == before["projects"] + 1
        assert store.dashboard(admin, TableFilter(unit="500001"))["projects"] == 1
    finally:
        other.close()


def test_a_kept_answer_costs_one_query_and_is_the_callers_own(store, users, seven_units):
    admin = users["admin"]
    first = store.dashboard(admin)
    first_page = store.units_page(admin, per_page=3)
    statements: list[str] = []

    def seen(conn, cursor, statement, *args):
        statements.append(statement)

    engines = [store.engine, store.__dict__.get("_autocommit_engine") or store.engine]
    for engine in set(engines):
        event.listen(engine, "before_cursor_execute", seen)
    try:
        again = store.dashboard(admin)
        page = store.units_page(admin, per_page=3)
    finally:
        for engine in set(engines):
            event.remove(engine, "before_cursor_execute", seen)
    assert again == first and page == first_page
    assert len(statements) == 2 and all("settings" in s for s in statements)  # the generation
    again["projects"] = -1
    page[0][0]["code"] = "changed"
    assert store.dashboard(admin) == first
    assert store.units_page(admin, per_page=3)[0][0]["code"] == "302101"


def test_every_write_to_the_totals_bumps_their_generation(store, make_doc):
    with store.session() as s:
        start = totals.generation(s)
    store.import_document(make_doc("302101", n=2))
    with store.session() as s:
        after_import = totals.generation(s)
        assert after_import > start
    with store.session() as s, s.begin():
        totals.rebuild(s)
    with store.session() as s:
        assert totals.generation(s) > after_import
