"""The units list a page at a time through the API (``GET /api/v1/units?page=&per_page=&q=``)
and the web page (``/units?p=&q=``), on SQLite and PostgreSQL; a filer sees only its unit; a
write through the API shows on the next dashboard."""

from __future__ import annotations

import re

import pytest

from jixiao.web.pages import PER_PAGE

CODES = [f"{300000 + i}" for i in range(PER_PAGE + 5)]  # two pages of the web list


@pytest.fixture
def many_units(store, make_doc):
    doc = make_doc("300000", n=1)
    doc["tables"] = []
    for code in CODES:
        table = make_doc(code, n=1, unit_name=f"单位{code}")["tables"][0]
        doc["tables"].append(table)
    store.import_document(doc)
    return CODES


def test_api_pages_the_units_with_their_total(client, bearer, many_units):
    h = bearer("admin")
    first = client.get("/api/v1/units", headers=h).json()  # the default page: 100 units
    assert first["total"] == len(CODES) and first["page"] == 1 and first["per_page"] == 100
    assert [u["code"] for u in first["items"]] == CODES[:55]
    second = client.get("/api/v1/units?page=2&per_page=20", headers=h).json()
    assert [u["code"] for u in second["items"]] == CODES[20:40] and second["total"] == len(CODES)
    found = client.get("/api/v1/units?q=30005", headers=h).json()
    assert [u["code"] for u in found["items"]] == CODES[50:55] and found["total"] == 5
    assert client.get("/api/v1/units?per_page=1001", headers=h).status_code == 422
    assert client.get("/api/v1/units?page=0", headers=h).status_code == 422


def test_api_filer_pages_only_its_unit(client, bearer, store, make_doc, many_units):
    store.import_document(make_doc("302101", n=2))
    body = client.get("/api/v1/units?per_page=10", headers=bearer("filer")).json()
    assert body["total"] == 1 and [(u["code"], u["projects"]) for u in body["items"]] == [("302101", 2)]


def _signed_in(client, role: str) -> None:
    r = client.post("/api/v1/auth/login", json={"username": role, "password": f"password-{role}"})
    assert r.status_code == 200, r.text


def _codes(html: str) -> list[str]:
    return re.findall(r'<tr data-unit="(\d+)"', html)


def test_web_units_page_pages_with_links(client, users, many_units):
    _signed_in(client, "admin")
    first = client.get("/units").text
    assert _codes(first) == CODES[:PER_PAGE]
    assert f'data-count="{len(CODES)}"' in first
    assert 'href="/units?p=2" data-page="next"' in first and 'data-page="prev"' not in first
    second = client.get("/units?p=2").text
    assert _codes(second) == CODES[PER_PAGE:]
    assert 'href="/units?p=1" data-page="prev"' in second and 'data-page="next"' not in second
    found = client.get("/units?q=30005").text
    assert _codes(found) == CODES[50:55] and 'data-count="5"' in found


def test_web_units_page_of_a_filer(client, users, store, make_doc, many_units):
    store.import_document(make_doc("302101", n=1))
    _signed_in(client, "filer")
    html = client.get("/units").text
    assert _codes(html) == ["302101"] and 'data-count="1"' in html


def test_an_acknowledged_write_shows_on_the_next_dashboard(client, bearer, make_doc, many_units):
    h = bearer("admin")
    before = client.get("/api/v1/dashboard", headers=h).json()
    table = make_doc("888001", n=1)["tables"][0]
    r = client.post("/api/v1/tables", json={"table": table}, headers=h)
    assert r.status_code == 201, r.text
    after = client.get("/api/v1/dashboard", headers=h).json()
    assert after["projects"] == before["projects"] + 1
    assert client.get("/api/v1/units?q=888001", headers=h).json()["total"] == 1
