"""Tables: list and filters, paging, versioned updates (conflicts), delete, history."""

from __future__ import annotations

import copy

import pytest

from jixiao import actions
from jixiao.errors import ConfigError, ConflictError, NotFound
from jixiao.model import Document
from jixiao.store import TableFilter


def test_filters_and_paging(store, make_doc):
    store.import_document(make_doc("100", n=3, year=2024))
    store.import_document(make_doc("200", n=4, year=2025, kind="project_selfeval"))
    assert store.list_tables()[1] == 7
    assert store.list_tables(TableFilter(unit="100"))[1] == 3
    assert store.list_tables(TableFilter(unit="单位200"))[1] == 4
    assert store.list_tables(TableFilter(year=2024))[1] == 3
    assert store.list_tables(TableFilter(kind="project_selfeval", year=2025))[1] == 4
    assert store.list_tables(TableFilter(status="approved"))[1] == 0
    assert store.list_tables(TableFilter(q="200 项目 2"))[1] == 1
    page1, total = store.list_tables(page=1, per_page=5)
    page2, _ = store.list_tables(page=2, per_page=5)
    assert total == 7 and len(page1) == 5 and len(page2) == 2
    assert not {t["id"] for t in page1} & {t["id"] for t in page2}


def test_rule_filter_uses_stored_findings(store, make_doc):
    doc = make_doc("100", n=2)
    doc["tables"][1]["funds"]["total"] = 999  # 预算数 ≠ 财政资金 + 其他资金 → a money finding
    actions.import_document(store, None, Document.from_dict(doc))
    rows = {t["id"]: t for t in store.list_tables()[0]}
    codes = {tid: {f["code"] for f in store.get_table(tid)["findings"]} for tid in rows}
    some = sorted(set().union(*codes.values()))
    assert some, "the review rules found nothing in a table whose budget does not add up"
    for code in some:
        expect = {tid for tid, cs in codes.items() if code in cs}
        got = {t["id"] for t in store.list_tables(TableFilter(rule=code))[0]}
        assert got == expect
    assert store.list_tables(TableFilter(rule="JX"))[1] == sum(1 for cs in codes.values() if cs)


def test_update_bumps_version_and_a_stale_version_conflicts(store, make_doc, users):
    tid = store.import_document(make_doc("302101")).table_ids[0]
    alice_copy = store.get_table(tid, users["filer"])
    bob_copy = copy.deepcopy(alice_copy)
    alice_copy["table"]["title"] = "Alice 的标题"
    saved = store.update_table(tid, alice_copy["table"], alice_copy["version"], users["filer"])
    assert saved["version"] == 2 and saved["title"] == "Alice 的标题"
    bob_copy["table"]["title"] = "Bob 的标题"
    with pytest.raises(ConflictError, match="版本"):
        store.update_table(tid, bob_copy["table"], bob_copy["version"], users["admin"])
    assert store.get_table(tid)["title"] == "Alice 的标题"
    hist = store.history(tid)
    assert [h["action"] for h in hist] == ["import", "update"]
    assert hist[1]["user"] == "filer"
    assert hist[1]["before"]["title"] != hist[1]["after"]["title"] == "Alice 的标题"


def test_update_rewrites_indicators_and_counts(store, make_doc):
    tid = store.import_document(make_doc("1")).table_ids[0]
    t = store.get_table(tid)
    t["table"]["indicators"] = t["table"]["indicators"][:2]
    t["table"]["indicators"][0]["target"] = {
        "text": "及时",
        "op": None,
        "number": None,
        "unit": None,
        "qualitative": True,
    }
    got = store.update_table(tid, t["table"], t["version"])
    assert got["indicator_count"] == 2 and got["quantified_count"] == 1
    items, total = store.list_indicators(TableFilter(unit="1"))
    assert total == 2 and items[0]["target"]["text"] == "及时"


def test_create_and_delete(store, make_doc, users):
    table = make_doc("302101")["tables"][0]
    created = store.create_table(table, users["filer"])
    assert created["status"] == "draft" and created["version"] == 1
    store.delete_table(created["id"], users["filer"])
    with pytest.raises(NotFound):
        store.get_table(created["id"])
    assert [h["action"] for h in store.history(created["id"], users["admin"])] == ["create", "delete"]


def test_invalid_tables_are_refused_with_the_field_named(store, make_doc):
    table = make_doc("1")["tables"][0]
    with pytest.raises(ConfigError, match="kind"):
        store.create_table({**table, "kind": "bogus"})
    with pytest.raises(ConfigError, match="年度") as err:
        store.create_table({**table, "year": "二〇二五"})
    assert "year" in err.value.message("en")
    with pytest.raises(ConfigError, match="table.purpose"):
        store.create_table({**table, "purpose": "x" * 200_000})
    assert store.list_tables()[1] == 0


def test_edit_single_indicators(store, make_doc):
    tid = store.import_document(make_doc("1")).table_ids[0]
    t = store.get_table(tid)
    n = t["indicator_count"]
    new = dict(t["table"]["indicators"][0], name="新增指标")
    t = actions.edit_indicator(store, None, tid, t["version"], indicator=new)
    assert t["indicator_count"] == n + 1 and t["table"]["indicators"][-1]["name"] == "新增指标"
    t = actions.edit_indicator(store, None, tid, t["version"], index=0, remove=True)
    assert t["indicator_count"] == n
    with pytest.raises(NotFound):
        actions.edit_indicator(store, None, tid, t["version"], index=99, remove=True)
    with pytest.raises(ConflictError):
        actions.edit_indicator(store, None, tid, 1, index=0, remove=True)


def test_dashboard_sums_what_was_imported(store, seed, make_doc):
    store.import_document(seed)
    d = store.dashboard()
    tables = seed["tables"]
    inds = [i for t in tables for i in t["indicators"]]
    assert d["tables"] == 6 and d["indicators"] == len(inds)
    assert d["quantified"] == sum(1 for i in inds if i["target"]["number"] is not None)
    assert d["budget_total"] == pytest.approx(sum(t["funds"]["total"] for t in tables))
    assert d["by_status"] == {"draft": 6}
    cats = {c["category1"]: (c["indicators"], c["quantified"]) for c in d["by_category"]}
    expected: dict[str | None, tuple[int, int]] = {}
    for i in inds:
        n, q = expected.get(i["category1"], (0, 0))
        expected[i["category1"]] = (n + 1, q + (i["target"]["number"] is not None))
    assert cats == expected and len(expected) >= 3
    assert [c["indicators"] for c in d["by_category"]] == sorted(
        (n for n, _ in expected.values()), reverse=True
    )
    assert d["tables_by_category"] == {
        c: sum(1 for t in tables if any(i["category1"] == c for i in t["indicators"])) for c in expected
    }
    assert sum(r["count"] for r in d["findings_by_rule"]) == sum(
        t["finding_count"] for t in store.list_tables()[0]
    )
    outputs_only = [i for i in tables[0]["indicators"] if i["category1"] == "产出指标"]
    store.import_document(make_doc("999001", 1, indicators=outputs_only))
    assert store.dashboard()["tables_by_category"] == {"产出指标": 7, "效益指标": 6, "满意度指标": 6}


def test_units_count_projects_and_sum_budgets_in_wan(store, make_doc):
    """The units list (and its page) counts each project once and sums its budget in 万元: a
    table in 元 counts /10 000; a second version of a project replaces, never adds."""
    store.import_document(make_doc("302101", 2))  # 50 万元 each
    funds = make_doc()["tables"][0]["funds"]
    store.import_document(make_doc("999001", 1, money_unit="元", funds=dict(funds, total=1_200_000.0)))
    store.import_document(  # no budget printed, another project
        make_doc("999001", 1, funds=dict(funds, total=None), project={"name": "另一项目", "code": None})
    )
    store.import_document(make_doc("302101", 1, funds=dict(funds, total=80.0)))  # project 0 again
    got = {u["code"]: (u["projects"], u["budget_wan"]) for u in store.units()}
    assert got == {"302101": (2, pytest.approx(130.0)), "999001": (2, pytest.approx(120.0))}
    by_unit = {u["code"]: u["budget_wan"] for u in store.dashboard(top=10)["by_unit"]}
    assert by_unit == {code: budget for code, (_, budget) in got.items()}


def test_two_simultaneous_saves_of_the_same_version_one_wins(store, make_doc):
    import threading

    tid = store.import_document(make_doc("1")).table_ids[0]
    base = store.get_table(tid)
    barrier = threading.Barrier(2)
    outcomes: list[str] = []

    def save(title: str) -> None:
        data = dict(base["table"], title=title)
        barrier.wait()
        try:
            store.update_table(tid, data, base["version"])
            outcomes.append(title)
        except ConflictError:
            outcomes.append("conflict")

    threads = [threading.Thread(target=save, args=(t,)) for t in ("甲", "乙")]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len(outcomes) == 2 and outcomes.count("conflict") == 1, outcomes
    winner = next(o for o in outcomes if o != "conflict")
    final = store.get_table(tid)
    assert final["title"] == winner and final["version"] == base["version"] + 1
    assert [h["action"] for h in store.history(tid)] == ["import", "update"]


@pytest.mark.parametrize("cache", ["none", "kept", "expired"])
@pytest.mark.parametrize("per_page", [1, 2, 3, 4, 5, 7])
def test_total_is_right_on_every_page(store, make_doc, per_page, cache, monkeypatch):
    """Whether the total comes with the page (count(*) OVER ()), from the last page's own rows,
    from a count past the end, from the count cache, or from a count of its own once a large
    list's cached total has expired (every list counts as large when cached)."""
    from jixiao.store import tables

    cached = cache != "none"
    monkeypatch.setattr(tables, "_COUNTS", {})  # no totals from other tests on the same database
    monkeypatch.setattr(tables, "COUNT_CACHE_MIN", 1 if cached else 10_000)
    monkeypatch.setattr(tables, "COUNT_CACHE_SECONDS", 0.0 if cache == "expired" else 5.0)
    store.import_document(make_doc("100", n=5))
    store.import_document(make_doc("200", n=3))
    for filters, n in [(TableFilter(), 8), (TableFilter(unit="100"), 5), (TableFilter(unit="200"), 3)]:
        seen = []
        for page in range(1, 10):  # up to past the end
            items, total = store.list_tables(filters, page=page, per_page=per_page)
            assert total == n, (filters, page, per_page)
            seen += [t["id"] for t in items]
        assert len(seen) == len(set(seen)) == n
        for page in (1, 9):  # again: the totals the first pass may have cached
            assert store.list_tables(filters, page=page, per_page=per_page)[1] == n
    assert store.list_tables(TableFilter(unit="nobody"))[1] == 0
    assert bool(tables._COUNTS) == cached
