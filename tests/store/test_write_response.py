"""A write's answer describes that write (issue 14, item 11): the version and content a PUT,
a create, a transition or an archive returns come from the transaction that committed it.

They were read again in a new session after the commit, so (1) when that read failed, a
committed write answered 500 and its retry got 409, and (2) an edit another user committed in
between came back as this write's answer: client 3 sent version 99, wrote 100, and was told
101 with someone else's content.  Both faults are reproduced here: a read after the commit
fails, and another user's edit lands right after this write's commit."""

from __future__ import annotations

import copy
from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy import event
from sqlalchemy.orm import Session

from jixiao import actions
from jixiao.store import Store


@contextmanager
def someone_writes_after_commit(store: Store, table_id: int, title: str) -> Iterator[list[int]]:
    """Another user's edit of ``table_id`` lands right after the next commit of ``store``
    (through a Store of its own); yields the versions that other edit wrote."""
    other = Store(store.url)
    wrote: list[int] = []
    started: list[bool] = []

    def after_commit(session: Session) -> None:
        if started or session.get_bind() is not store.engine:
            return
        started.append(True)
        current = other.get_table(table_id)
        data = copy.deepcopy(current["table"])
        data["title"] = title
        wrote.append(other.update_table(table_id, data, current["version"])["version"])

    event.listen(Session, "after_commit", after_commit)
    try:
        yield wrote
    finally:
        event.remove(Session, "after_commit", after_commit)
        other.close()


def test_an_edit_answers_its_own_version_not_a_later_one(store, make_doc, users):
    tid = store.import_document(make_doc("302101")).table_ids[0]
    mine = store.get_table(tid, users["filer"])
    mine["table"]["title"] = "我的标题"
    with someone_writes_after_commit(store, tid, "别人的标题") as theirs:
        saved = actions.update_table(store, users["filer"], tid, mine["table"], mine["version"])
    assert theirs == [mine["version"] + 2], "the other edit did not land after this one's commit"
    assert saved["version"] == mine["version"] + 1
    assert saved["title"] == saved["table"]["title"] == "我的标题"
    # the history replay: the answer is the content of the version this write created
    updates = [h for h in store.history(tid) if h["action"] == "update"]
    assert [h["after"]["title"] for h in updates] == ["我的标题", "别人的标题"]
    assert store.get_table(tid)["version"] == saved["version"] + 1


def test_a_transition_answers_its_own_step(store, make_doc, users):
    tid = store.import_document(make_doc("302101")).table_ids[0]
    before = store.get_table(tid)["version"]
    with someone_writes_after_commit(store, tid, "别人的标题") as theirs:
        moved = actions.transition(store, users["filer"], tid, "submit", version=before)
    assert theirs == [before + 2]
    assert moved["version"] == before + 1 and moved["status"] == "submitted"
    assert moved["title"] != "别人的标题"


def test_a_committed_write_is_not_reported_failed_when_a_later_read_fails(
    store, make_doc, users, monkeypatch
):
    tid = store.import_document(make_doc("302101")).table_ids[0]
    current = store.get_table(tid)
    pid = current["project_id"]

    def down(*_args, **_kwargs):
        raise ConnectionError("the database went away after the commit")

    monkeypatch.setattr(Store, "get_table", down)
    monkeypatch.setattr(Store, "get_project", down)
    data = copy.deepcopy(current["table"])
    data["title"] = "已保存"
    saved = actions.update_table(store, users["admin"], tid, data, current["version"])
    assert saved["version"] == current["version"] + 1 and saved["title"] == "已保存"
    moved = actions.transition(store, users["admin"], tid, "submit", version=saved["version"])
    assert moved["status"] == "submitted" and moved["version"] == saved["version"] + 1
    created = dict(copy.deepcopy(data), project={"name": "新项目", "code": None}, title="新项目")
    new = actions.create_table(store, users["admin"], created)
    assert new["version"] == 1 and new["title"] == "新项目"
    archived = actions.archive_project(store, users["admin"], pid)
    assert archived["project"]["archived"] is True
    monkeypatch.undo()
    assert store.get_table(tid)["version"] == moved["version"]


def test_the_api_answers_the_committed_write(store, make_doc, users):
    """Through the API: a PUT whose commit went through answers 200 with its own version."""
    import warnings

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        from fastapi.testclient import TestClient

    from jixiao.app import create_app
    from jixiao.server.settings import Settings

    tid = store.import_document(make_doc("302101")).table_ids[0]
    app = create_app(store=store, settings=Settings(database_url=store.url))
    with TestClient(app) as client:
        r = client.post("/api/v1/auth/token", json={"username": "admin", "password": "password-admin"})
        headers = {"Authorization": f"Bearer {r.json()['token']}"}
        current = client.get(f"/api/v1/tables/{tid}", headers=headers).json()["item"]
        data = dict(current["table"], title="API 标题")
        with someone_writes_after_commit(store, tid, "别人的标题"):
            r = client.put(
                f"/api/v1/tables/{tid}", json={"table": data, "version": current["version"]}, headers=headers
            )
        assert r.status_code == 200, r.text
        assert r.json()["item"]["version"] == current["version"] + 1
        assert r.json()["item"]["title"] == "API 标题"
