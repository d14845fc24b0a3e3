"""Tables through the REST API: upload, list/filter/page, CRUD with versions, scoping,
workflow, history, indicators, check, export — as scripts and the web UI use them."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from jixiao.app import create_app
from jixiao.server.settings import Settings

CORPUS = Path(__file__).resolve().parents[1] / "corpus"


def upload(client, headers, *files):
    return client.post("/api/v1/documents", files=[("files", f) for f in files], headers=headers)


def test_upload_many_files_reports_each(client, bearer):
    h = bearer("admin")
    seed = (CORPUS / "seed" / "seed.docx").read_bytes()
    r = upload(
        client,
        h,
        ("seed.docx", seed, "application/octet-stream"),
        ("broken.docx", b"PK\x03\x04 not really a zip", "application/octet-stream"),
        ("again.docx", seed, "application/octet-stream"),
    )
    body = r.json()
    assert r.status_code == 200 and body["ok"] is True and body["total"] == 3
    first, broken, again = body["items"]
    assert first["status"] == "imported" and len(first["tables"]) >= 1
    assert all(t["unit"]["code"] == "302101" for t in first["tables"])
    assert (first["table_count"], first["indicator_count"]) == (6, 56)
    assert first["finding_count"] == sum(t["finding_count"] for t in first["tables"])
    assert broken["status"] == "error" and "broken.docx" in broken["error"]
    assert again["status"] == "duplicate" and again["document_id"] == first["document_id"]
    assert (body["imported"], body["errors"], body["duplicates"]) == (1, 1, 1)
    listed = client.get("/api/v1/tables", headers=h).json()
    assert listed["total"] == len(first["tables"])


def test_upload_over_the_limit_is_refused_with_a_clear_message(store, users, bearer):
    small = create_app(store=store, settings=Settings(database_url=store.url, max_upload_bytes=4096))
    from fastapi.testclient import TestClient

    with TestClient(small) as c:
        token = c.post("/api/v1/auth/token", json={"username": "admin", "password": "password-admin"}).json()[
            "token"
        ]
        r = c.post(
            "/api/v1/documents",
            files=[("files", ("big.txt", b"x" * 10_000, "text/plain"))],
            headers={"Authorization": f"Bearer {token}"},
        )
    assert r.status_code == 413
    body = r.json()
    assert (
        body["ok"] is False
        and body["status"] == 413
        and "上传内容过大" in body["error"]
        and "MB" in body["error"]
    )
    assert store.list_documents()[1] == 0


def test_list_filters_and_pages(client, bearer, store, make_doc):
    store.import_document(make_doc("100", n=3, year=2024))
    store.import_document(make_doc("200", n=2, year=2025))
    h = bearer("viewer")
    r = client.get("/api/v1/tables", params={"year": 2024, "per_page": 2, "page": 2}, headers=h).json()
    assert r["total"] == 3 and len(r["items"]) == 1 and r["page"] == 2
    assert client.get("/api/v1/tables", params={"unit": "200"}, headers=h).json()["total"] == 2
    assert client.get("/api/v1/tables", params={"status": "approved"}, headers=h).json()["total"] == 0
    inds = client.get("/api/v1/indicators", params={"unit": "200", "per_page": 5}, headers=h).json()
    assert inds["total"] == sum(len(t["indicators"]) for t in make_doc("200", n=2)["tables"])
    one = client.get(f"/api/v1/indicators/{inds['items'][0]['id']}", headers=h).json()["item"]
    assert one["table"]["unit"]["code"] == "200"


def test_crud_with_versions_and_conflict(client, bearer, make_doc):
    h = bearer("filer")
    table = make_doc("302101")["tables"][0]
    created = client.post("/api/v1/tables", json={"table": table}, headers=h)
    assert created.status_code == 201
    item = created.json()["item"]
    tid, v = item["id"], item["version"]
    edited = dict(item["table"], title="第一人修改")
    r = client.put(f"/api/v1/tables/{tid}", json={"table": edited, "version": v}, headers=h)
    assert r.json()["item"]["version"] == v + 1
    r = client.put(
        f"/api/v1/tables/{tid}", json={"table": dict(edited, title="第二人修改"), "version": v}, headers=h
    )
    assert r.status_code == 409 and r.json()["ok"] is False and "刷新" in r.json()["error"]
    assert client.get(f"/api/v1/tables/{tid}", headers=h).json()["item"]["title"] == "第一人修改"
    r = client.put(
        f"/api/v1/tables/{tid}", json={"table": dict(edited, kind="nope"), "version": v + 1}, headers=h
    )
    assert r.status_code == 422 and "kind" in r.json()["error"]
    hist = client.get(f"/api/v1/tables/{tid}/history", headers=h).json()
    assert [x["action"] for x in hist["items"]] == ["create", "update"]
    assert client.delete(f"/api/v1/tables/{tid}", headers=h).json()["ok"] is True
    assert client.get(f"/api/v1/tables/{tid}", headers=h).status_code == 404


def test_filer_cannot_see_or_touch_another_unit_through_the_api(client, bearer, store, make_doc):
    other = store.import_document(make_doc("999002")).table_ids[0]
    mine = store.import_document(make_doc("302101")).table_ids[0]
    h = bearer("filer")
    listed = client.get("/api/v1/tables", headers=h).json()
    assert [t["id"] for t in listed["items"]] == [mine]
    data = store.get_table(other)
    assert client.get(f"/api/v1/tables/{other}", headers=h).status_code == 404
    assert (
        client.put(
            f"/api/v1/tables/{other}", json={"table": data["table"], "version": 1}, headers=h
        ).status_code
        == 404
    )
    assert client.delete(f"/api/v1/tables/{other}", headers=h).status_code == 404
    assert client.get(f"/api/v1/tables/{other}/history", headers=h).status_code == 404
    assert client.get(f"/api/v1/tables/{other}/export", headers=h).status_code == 404
    r = client.post(f"/api/v1/tables/{other}/transitions", json={"action": "submit"}, headers=h)
    assert r.status_code == 404
    assert client.post("/api/v1/tables", json={"table": data["table"]}, headers=h).status_code == 403
    assert client.get("/api/v1/users", headers=h).status_code == 403
    assert store.get_table(other)["version"] == 1


def test_workflow_through_the_api(client, bearer, store, make_doc):
    tid = store.import_document(make_doc("302101")).table_ids[0]
    filer, reviewer = bearer("filer"), bearer("reviewer")
    go = lambda h, **b: client.post(f"/api/v1/tables/{tid}/transitions", json=b, headers=h)  # noqa: E731
    assert go(filer, action="submit").json()["item"]["status"] == "submitted"
    assert go(filer, action="approve").status_code == 403
    assert go(reviewer, action="return").status_code == 422  # a comment is required
    assert go(reviewer, action="return", comment="请量化满意度").json()["item"]["status"] == "returned"
    assert go(reviewer, action="approve").status_code == 409  # not submitted
    hist = client.get(f"/api/v1/tables/{tid}/history", headers=reviewer).json()["items"]
    assert hist[-1]["comment"] == "请量化满意度" and hist[-1]["user"] == "reviewer"


def test_indicator_endpoints_edit_the_table(client, bearer, store, make_doc):
    tid = store.import_document(make_doc("302101")).table_ids[0]
    h = bearer("filer")
    t = client.get(f"/api/v1/tables/{tid}", headers=h).json()["item"]
    n = t["indicator_count"]
    new = dict(t["table"]["indicators"][0], name="新指标")
    r = client.post(
        f"/api/v1/tables/{tid}/indicators", json={"indicator": new, "version": t["version"]}, headers=h
    )
    assert r.status_code == 201 and r.json()["item"]["indicator_count"] == n + 1
    v = r.json()["item"]["version"]
    r = client.put(
        f"/api/v1/tables/{tid}/indicators/0",
        json={"indicator": dict(new, name="改"), "version": v},
        headers=h,
    )
    assert r.json()["item"]["table"]["indicators"][0]["name"] == "改"
    r = client.delete(f"/api/v1/tables/{tid}/indicators/0", params={"version": v + 1}, headers=h)
    assert r.json()["item"]["indicator_count"] == n


def test_check_returns_findings_without_storing(client, bearer, store, make_doc):
    table = make_doc("1")["tables"][0]
    table["funds"]["total"] = 12345  # 预算数 ≠ 财政资金 + 其他资金
    r = client.post("/api/v1/check", json={"table": table}, headers=bearer("viewer"))
    body = r.json()
    assert r.status_code == 200 and body["ok"] is True and body["total"] >= 1
    assert all(f["code"].startswith("JX") for f in body["items"])
    assert store.list_tables()[1] == 0
    assert client.post("/api/v1/check", json={}, headers=bearer("viewer")).status_code == 422


def test_hostile_text_comes_back_as_json_data(client, bearer, store, make_doc):
    doc = make_doc("302101")
    doc["tables"][0]["indicators"][0]["name"] = "<script>alert(1)</script>"
    doc["tables"][0]["indicators"][1]["name"] = "x'); DELETE FROM users; --"
    tid = store.import_document(doc).table_ids[0]
    r = client.get(f"/api/v1/tables/{tid}", headers=bearer("viewer"))
    assert r.headers["content-type"].startswith("application/json")
    inds = r.json()["item"]["table"]["indicators"]
    assert inds[0]["name"] == "<script>alert(1)</script>" and inds[1]["name"] == "x'); DELETE FROM users; --"
    assert len(store.list_users()) == 5


@pytest.mark.parametrize("fmt,magic", [("json", b"{"), ("docx", b"PK"), ("csv", None)])
def test_export(client, bearer, store, make_doc, fmt, magic):
    tid = store.import_document(make_doc("302101")).table_ids[0]
    r = client.get(f"/api/v1/tables/{tid}/export", params={"format": fmt}, headers=bearer("viewer"))
    assert r.status_code == 200 and r.content
    assert "attachment" in r.headers["content-disposition"]
    if magic:
        assert r.content.startswith(magic)
    if fmt == "json":
        assert json.loads(r.content)["tables"][0]["unit"]["code"] == "302101"
    assert (
        client.get(
            f"/api/v1/tables/{tid}/export", params={"format": "exe"}, headers=bearer("viewer")
        ).status_code
        == 422
    )


def test_admin_manages_users(client, bearer):
    h = bearer("admin")
    r = client.post(
        "/api/v1/users",
        json={"username": "new", "password": "password-new", "role": "filer", "unit_code": "100"},
        headers=h,
    )
    assert r.status_code == 201 and r.json()["item"]["unit_code"] == "100"
    bad = client.post(
        "/api/v1/users", json={"username": "x", "password": "password-x", "role": "filer"}, headers=h
    )
    assert bad.status_code == 422 and "--unit" in bad.json()["error"]
    assert "new" in {u["username"] for u in client.get("/api/v1/users", headers=h).json()["items"]}
    assert client.delete("/api/v1/users/new", headers=h).json()["ok"] is True
    assert (
        client.post("/api/v1/auth/token", json={"username": "new", "password": "password-new"}).status_code
        == 401
    )


def test_dashboard_is_scoped(client, bearer, store, make_doc):
    store.import_document(make_doc("302101", n=2))
    store.import_document(make_doc("999002", n=3))
    assert client.get("/api/v1/dashboard", headers=bearer("filer")).json()["tables"] == 2
    assert client.get("/api/v1/dashboard", headers=bearer("reviewer")).json()["tables"] == 5


def test_a_chunked_body_over_the_limit_is_cut_off(store, users):
    from fastapi.testclient import TestClient

    small = create_app(store=store, settings=Settings(database_url=store.url, max_upload_bytes=4096))
    with TestClient(small) as c:
        token = c.post("/api/v1/auth/token", json={"username": "admin", "password": "password-admin"}).json()[
            "token"
        ]
        boundary = "jxb"
        parts = [
            f'--{boundary}\r\nContent-Disposition: form-data; name="files"; filename="big.txt"\r\n\r\n'.encode()
        ]
        parts += [b"y" * 1000] * 10 + [f"\r\n--{boundary}--\r\n".encode()]
        r = c.post(
            "/api/v1/documents",
            content=iter(parts),
            headers={
                "Authorization": f"Bearer {token}",
                "Content-Type": f"multipart/form-data; boundary={boundary}",
            },
        )
    assert r.status_code == 413 and "上传内容过大" in r.json()["error"]
    assert store.list_documents()[1] == 0


def test_viewers_cannot_upload_or_create(client, bearer, make_doc):
    h = bearer("viewer")
    files = [("files", ("t.json", json.dumps(make_doc("302101")).encode(), "application/json"))]
    assert client.post("/api/v1/documents", files=files, headers=h).status_code == 403
    assert (
        client.post("/api/v1/tables", json={"table": make_doc("1")["tables"][0]}, headers=h).status_code
        == 403
    )
    assert client.get("/api/v1/tables", headers=h).json()["total"] == 0
