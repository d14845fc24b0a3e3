"""Values the database cannot hold are refused at the door (422 naming the parameter), on
SQLite and PostgreSQL, by the API and the web pages alike — they were 500s on PostgreSQL:
ids and years over 2**31 − 1, a page whose offset overflows, a NUL byte in a search, and a
table created with "year": 99999."""

from __future__ import annotations

import copy

import pytest

from .test_envelope import assert_envelope

BIG = "99999999999999999999"
OVER = str(2**31)  # one past a PostgreSQL integer

API = [
    "/api/v1/tables?page=1000000000000000000",
    f"/api/v1/tables/{BIG}",
    f"/api/v1/tables/{OVER}",
    f"/api/v1/tables/{OVER}/history",
    f"/api/v1/tables/{OVER}/findings",
    f"/api/v1/tables?year={OVER}",
    f"/api/v1/tables?document_id={OVER}",
    "/api/v1/tables?q=a%00b",
    "/api/v1/tables?unit=%00",
    "/api/v1/indicators?page=1000000000000000000",
    f"/api/v1/indicators/{OVER}",
    f"/api/v1/documents/{OVER}",
    f"/api/v1/dashboard?year={OVER}",
    f"/api/v1/monitoring?year={OVER}",
]
WEB = [
    "/tables?page=1000000000000000000",
    f"/tables/{BIG}",
    f"/tables/{OVER}",
    "/tables?q=a%00b",
    f"/tables?year={OVER}",
    f"/?year={OVER}",
]


@pytest.mark.parametrize("path", API)
def test_api_refuses_what_the_database_cannot_hold(client, bearer, path):
    body = assert_envelope(client.get(path, headers=bearer("admin")), 422)
    name = path.split("?")[1].split("=")[0] if "?" in path else "table_id"
    assert body["errors"] and body["errors"][0]["loc"][-1] in (name, "indicator_id", "document_id")


@pytest.mark.parametrize(
    ("path", "name"),
    [
        (f"/api/v1/projects/{OVER}", "project_id"),
        (f"/api/v1/projects/{BIG}/history", "project_id"),
        (f"/api/v1/projects/1/tables/{OVER}", "table_id"),
        (f"/api/v1/library/{OVER}", "group_id"),
        (f"/api/v1/notifications?project_id={OVER}", "project_id"),
    ],
)
def test_every_id_is_bounded(client, bearer, path, name):
    """Every parameter named …_id, not only the listed ones: a project id of 37 digits
    overflowed SQLite's integer (a 500 the fuzz test found)."""
    method = client.delete if "/tables/" in path else client.get
    body = assert_envelope(method(path, headers=bearer("admin")), 422)
    assert body["errors"][0]["loc"][-1] == name


@pytest.mark.parametrize("path", WEB)
def test_web_pages_refuse_it_too(client, bearer, path):
    r = client.get(path, headers=bearer("admin"))
    assert r.status_code == 422 and r.headers["content-type"].startswith("text/html")


def test_in_range_values_still_work(client, bearer):
    h = bearer("admin")
    assert client.get(f"/api/v1/tables?page=1000000&year=2025&q={'x' * 20}", headers=h).status_code == 200
    assert_envelope(client.get(f"/api/v1/tables/{2**31 - 1}", headers=h), 404)
    assert_envelope(client.get("/api/v1/tables?q=12345678901234567890", headers=h), 200)  # digits as text
    assert client.get("/tables?q=%E4%B8%AD%E6%96%87", headers=h).status_code == 200


def test_a_table_year_outside_1900_2200_is_refused(client, bearer, seed):
    h = bearer("admin")
    for year in (99999, 2**31, 1899):
        table = copy.deepcopy(seed["tables"][0])
        table["year"] = year
        body = assert_envelope(client.post("/api/v1/tables", json={"table": table}, headers=h), 422)
        assert "1900" in body["error"]
    table = copy.deepcopy(seed["tables"][0])
    created = assert_envelope(client.post("/api/v1/tables", json={"table": table}, headers=h), 201)
    table["year"] = 99999
    put = client.put(
        f"/api/v1/tables/{created['item']['id']}", json={"table": table, "version": 1}, headers=h
    )
    assert_envelope(put, 422)


@pytest.mark.parametrize(
    ("path", "body", "field"),
    [
        # the fuzz test's case: a 22-digit id in the list overflowed SQLite's integer (a 500)
        ("/api/v1/notifications/read", {"ids": [16, int(BIG) * 100]}, "ids"),
        ("/api/v1/notifications/read", {"ids": [0]}, "ids"),
        ("/api/v1/notifications/read", {"project_id": int(OVER)}, "project_id"),
        ("/api/v1/projects/1/transitions", {"action": "submit", "version": int(BIG)}, "version"),
        ("/api/v1/tables/1/transitions", {"action": "submit", "version": int(OVER)}, "version"),
    ],
)
def test_ids_and_versions_in_a_body_are_bounded_too(client, bearer, path, body, field):
    answer = assert_envelope(client.post(path, json=body, headers=bearer("admin")), 422)
    assert field in answer["errors"][0]["loc"]
    ok = client.post("/api/v1/notifications/read", json={"ids": [2**31 - 1]}, headers=bearer("admin"))
    assert assert_envelope(ok, 200)["marked"] == 0
