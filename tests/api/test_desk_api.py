"""The reviewer's desk and the admin's routes over HTTP (SQLite and PostgreSQL): the review
queue, the conversation, notifications, users and the audit log, each route's refusals, and
messages in the caller's language."""

from __future__ import annotations

import copy

from jixiao import actions


def _project(store, make_doc, unit="302101") -> int:
    placed = store.import_document(make_doc(unit))
    return int(store.get_table(placed.table_ids[0])["project_id"])


def test_queue_comments_and_notifications(client, bearer, store, users, make_doc):
    pid = _project(store, make_doc)
    filer, reviewer, viewer = bearer("filer"), bearer("reviewer"), bearer("viewer")
    r = client.post(
        f"/api/v1/projects/{pid}/transitions", json={"action": "submit", "comment": "请审核"}, headers=filer
    )
    assert r.status_code == 200, r.text
    q = client.get("/api/v1/review-queue", headers=reviewer).json()
    assert q["ok"] and [i["project_id"] for i in q["items"]] == [pid] and q["items"][0]["submitted_at"]
    assert client.get("/api/v1/review-queue?unit=999001", headers=reviewer).json()["total"] == 0
    assert client.get("/api/v1/review-queue", headers=filer).status_code == 403
    notes = client.get("/api/v1/notifications", headers=reviewer).json()
    assert notes["unread"] == 1 and notes["items"][0]["kind"] == "submit"
    r = client.post(f"/api/v1/projects/{pid}/comments", json={"text": "预算表第3行请核对"}, headers=reviewer)
    assert r.status_code == 201 and r.json()["item"]["comment"] == "预算表第3行请核对"
    assert (
        client.post(f"/api/v1/projects/{pid}/comments", json={"text": "看看"}, headers=viewer).status_code
        == 403
    )
    assert (
        client.post(f"/api/v1/projects/{pid}/comments", json={"text": ""}, headers=filer).status_code == 422
    )
    thread = client.get(f"/api/v1/projects/{pid}/comments", headers=viewer).json()["items"]
    assert [e["comment"] for e in thread] == ["请审核", "预算表第3行请核对"]
    r = client.post("/api/v1/notifications/read", json={}, headers=filer)
    assert r.json() == {"ok": True, "marked": 1, "unread": 0}  # the reviewer's comment


def test_history_changes_in_the_api(client, bearer, store, make_doc):
    pid = _project(store, make_doc)
    tid = store.get_project(pid)["target"]["id"]
    detail = store.get_table(tid)
    data = copy.deepcopy(detail["table"])
    data["indicators"][1]["target"]["text"] = "≥77%"
    r = client.put(
        f"/api/v1/tables/{tid}", json={"table": data, "version": detail["version"]}, headers=bearer("filer")
    )
    assert r.status_code == 200, r.text
    history = client.get(f"/api/v1/projects/{pid}/history", headers=bearer("viewer")).json()["items"]
    (update,) = [h for h in history if h["action"] == "update"]
    assert [(c["field"], c["after"]) for c in update["changes"]] == [("target", "≥77%")]
    assert history[0]["note"][0]["en"].startswith("new project")


def test_users_units_and_audit(client, bearer, users):
    admin = bearer("admin")
    r = client.post(
        "/api/v1/users",
        json={"username": "wang", "password": "password-wang-1", "role": "filer", "unit_code": "302101"},
        headers=admin,
    )
    assert r.status_code == 201
    r = client.patch(
        "/api/v1/users/wang", json={"role": "viewer", "email": "wang@example.org"}, headers=admin
    )
    assert r.json()["item"]["role"] == "viewer" and r.json()["item"]["email"] == "wang@example.org"
    assert client.post(
        "/api/v1/users/wang/password", json={"password": "password-wang-2"}, headers=admin
    ).json()["ok"]
    assert (
        client.post(
            "/api/v1/auth/token", json={"username": "wang", "password": "password-wang-2"}
        ).status_code
        == 200
    )
    assert client.delete("/api/v1/users/wang", headers=admin).json()["ok"]
    assert (
        next(
            u for u in client.get("/api/v1/users", headers=admin).json()["items"] if u["username"] == "wang"
        )["active"]
        is False
    )
    assert (
        client.post("/api/v1/units", json={"code": "888001", "name": "新单位"}, headers=admin).status_code
        == 201
    )
    log = client.get("/api/v1/audit?action=user_update", headers=admin).json()
    assert log["total"] == 2 and {e["subject"]["user"] for e in log["items"]} == {"wang"}
    assert client.get("/api/v1/audit", headers=bearer("reviewer")).status_code == 403
    assert client.patch("/api/v1/users/nobody", json={"role": "viewer"}, headers=admin).status_code == 404


def test_errors_come_in_the_callers_language(client, bearer, store, make_doc):
    pid = _project(store, make_doc)
    filer = bearer("filer")
    zh = client.post(f"/api/v1/projects/{pid}/transitions", json={"action": "approve"}, headers=filer).json()
    en = client.post(
        f"/api/v1/projects/{pid}/transitions",
        json={"action": "approve"},
        headers={**filer, "Accept-Language": "en-US,en;q=0.9"},
    ).json()
    assert zh["status"] == en["status"] == 403
    assert zh["error"] == "角色 filer 不能批准" and en["error"] == "role filer may not approve"
    assert (
        client.get("/api/v1/projects/999999?lang=en", headers=filer).json()["error"]
        == "project 999999 not found"
    )
    actions.transition_project(store, None, pid, "submit")
