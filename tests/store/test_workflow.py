"""The review workflow: draft → submitted → returned (comment) / approved, with role checks
and a history of every step."""

from __future__ import annotations

import pytest

from jixiao.errors import ConfigError, ConflictError, PermissionDenied


def test_full_cycle_with_history(store, users, make_doc):
    tid = store.import_document(make_doc("302101")).table_ids[0]
    filer, reviewer = users["filer"], users["reviewer"]
    assert store.transition(tid, "submit", filer)["status"] == "submitted"
    with pytest.raises(PermissionDenied):  # submitted tables are locked for the filer
        t = store.get_table(tid)
        store.update_table(tid, t["table"], t["version"], filer)
    with pytest.raises(ConfigError, match="意见"):
        store.transition(tid, "return", reviewer)
    assert store.transition(tid, "return", reviewer, "满意度指标缺失，请补充")["status"] == "returned"
    t = store.get_table(tid, filer)
    t["table"]["title"] = "修改后"
    store.update_table(tid, t["table"], t["version"], filer)
    store.transition(tid, "submit", filer)
    assert store.transition(tid, "approve", reviewer)["status"] == "approved"
    hist = store.history(tid)
    assert [(h["action"], h["from_status"], h["to_status"], h["user"]) for h in hist] == [
        ("import", None, "draft", None),
        ("submit", "draft", "submitted", "filer"),
        ("return", "submitted", "returned", "reviewer"),
        ("update", None, None, "filer"),
        ("submit", "returned", "submitted", "filer"),
        ("approve", "submitted", "approved", "reviewer"),
    ]
    assert hist[2]["comment"] == "满意度指标缺失，请补充"


def test_roles_and_states_are_enforced(store, users, make_doc):
    tid = store.import_document(make_doc("302101")).table_ids[0]
    with pytest.raises(PermissionDenied):
        store.transition(tid, "submit", users["reviewer"])
    with pytest.raises(PermissionDenied):
        store.transition(tid, "submit", users["viewer"])
    with pytest.raises(ConflictError):  # not submitted yet
        store.transition(tid, "approve", users["reviewer"])
    store.transition(tid, "submit", users["filer"])
    with pytest.raises(PermissionDenied):
        store.transition(tid, "approve", users["filer"])
    with pytest.raises(ConflictError):  # already submitted
        store.transition(tid, "submit", users["filer"])
    store.transition(tid, "approve", users["admin"])
    assert store.transition(tid, "reopen", users["admin"])["status"] == "draft"
    with pytest.raises(ConfigError):
        store.transition(tid, "publish", users["admin"])


def test_a_stale_version_cannot_transition(store, users, make_doc):
    tid = store.import_document(make_doc("302101")).table_ids[0]
    v = store.get_table(tid)["version"]
    store.transition(tid, "submit", users["filer"], version=v)
    with pytest.raises(ConflictError):
        store.transition(tid, "approve", users["reviewer"], version=v)
