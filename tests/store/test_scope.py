"""A filer sees and changes only its own unit's tables, whatever the method; viewers and
reviewers cannot edit content."""

from __future__ import annotations

import pytest

from jixiao.errors import NotFound, PermissionDenied
from jixiao.store import TableFilter


@pytest.fixture
def two_units(store, make_doc):
    own = store.import_document(make_doc("302101", n=2)).table_ids
    other = store.import_document(make_doc("999002", n=3)).table_ids
    return own, other


def test_filer_lists_and_reads_only_its_unit(store, users, two_units):
    own, other = two_units
    filer = users["filer"]
    items, total = store.list_tables(user=filer)
    assert total == 2 and {t["id"] for t in items} == set(own)
    assert store.list_tables(TableFilter(unit="999002"), user=filer)[1] == 0
    with pytest.raises(NotFound):
        store.get_table(other[0], filer)
    with pytest.raises(NotFound):
        store.history(other[0], filer)
    assert {i["table_id"] for i in store.list_indicators(user=filer, per_page=500)[0]} == set(own)
    with pytest.raises(NotFound):
        store.get_indicator(store.list_indicators(TableFilter(unit="999002"))[0][0]["id"], filer)
    assert [u["code"] for u in store.units(filer)] == ["302101"]
    assert store.dashboard(filer)["tables"] == 2
    assert {d["id"] for d in store.list_documents(user=filer)[0]} == {store.get_table(own[0])["document_id"]}
    # the reviewer and the viewer see everything
    assert store.list_tables(user=users["reviewer"])[1] == 5
    assert store.list_tables(user=users["viewer"])[1] == 5


def test_filer_cannot_change_another_units_table(store, users, two_units):
    _, other = two_units
    filer = users["filer"]
    t = store.get_table(other[0])
    with pytest.raises(NotFound):
        store.update_table(other[0], t["table"], t["version"], filer)
    with pytest.raises(NotFound):
        store.delete_table(other[0], filer)
    with pytest.raises(NotFound):
        store.transition(other[0], "submit", filer)
    with pytest.raises(PermissionDenied):
        store.create_table(t["table"], filer)  # a table of unit 999002
    mine = store.get_table(two_units[0][0], filer)
    moved = {**mine["table"], "unit": {"code": "999002", "name": "x"}}
    with pytest.raises(PermissionDenied):
        store.update_table(mine["id"], moved, mine["version"], filer)
    assert store.get_table(other[0])["version"] == 1


def test_filer_imports_only_its_own_units_files(store, users, make_doc):
    with pytest.raises(PermissionDenied):
        store.import_document(make_doc("999002"), users["filer"])
    assert store.import_document(make_doc("302101"), users["filer"]).status == "imported"
    assert store.list_tables()[1] == 1


@pytest.mark.parametrize("role", ["viewer", "reviewer"])
def test_viewer_and_reviewer_cannot_edit_content(store, users, two_units, role):
    t = store.get_table(two_units[0][0])
    with pytest.raises(PermissionDenied):
        store.update_table(t["id"], t["table"], t["version"], users[role])
    with pytest.raises(PermissionDenied):
        store.delete_table(t["id"], users[role])
    with pytest.raises(PermissionDenied):
        store.create_table(t["table"], users[role])


def test_a_filer_is_told_the_table_is_submitted_in_plain_words(store, users, two_units):
    """The refusal reads "表已提交，不能修改" (it once said "表已已提交")."""
    filer = users["filer"]
    store.transition(two_units[0][0], "submit", filer)
    current = store.get_table(two_units[0][0], filer)
    with pytest.raises(PermissionDenied) as err:
        store.update_table(current["id"], current["table"], current["version"], filer)
    assert "表已提交，不能修改" in str(err.value)
    assert "已已" not in str(err.value)
