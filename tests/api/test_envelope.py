"""Every /api/v1 route answers in the one envelope (STYLE.md 6), whatever goes wrong."""

from __future__ import annotations

import re
import warnings

import pytest

with warnings.catch_warnings():  # starlette 1.0 asks for httpx2, which is not installed; httpx works
    warnings.simplefilter("ignore")
    from fastapi.testclient import TestClient

PUBLIC = {
    ("POST", "/api/v1/auth/token"),
    ("POST", "/api/v1/auth/login"),
    ("POST", "/api/v1/auth/logout"),
    ("DELETE", "/api/v1/auth/token"),
    ("GET", "/api/v1/health"),
}


def routes(client) -> list[tuple[str, str]]:
    spec = client.get("/api/v1/openapi.json").json()
    return [(m.upper(), p) for p, ops in spec["paths"].items() if p.startswith("/api/v1/") for m in ops]


def concrete(path: str) -> str:
    return re.sub(r"\{[^}]+\}", "999999", path)


def assert_envelope(r, status: int | None = None) -> dict:
    assert r.headers["content-type"].startswith("application/json"), (
        r.request.url,
        r.headers["content-type"],
    )
    body = r.json()
    assert isinstance(body.get("ok"), bool)
    if body["ok"]:
        assert r.status_code < 400
    else:
        assert body["status"] == r.status_code and isinstance(body["error"], str) and body["error"]
        assert isinstance(body["errors"], list)
    if status is not None:
        assert r.status_code == status, (r.request.method, r.request.url, r.status_code, body)
    return body


def test_openapi_lists_the_resources(client):
    paths = {p for _, p in routes(client)}
    for want in (
        "/api/v1/documents",
        "/api/v1/tables",
        "/api/v1/tables/{table_id}",
        "/api/v1/indicators",
        "/api/v1/check",
        "/api/v1/users",
        "/api/v1/auth/token",
        "/api/v1/tables/{table_id}/export",
        "/api/v1/tables/{table_id}/transitions",
        "/api/v1/tables/{table_id}/history",
    ):
        assert want in paths


def test_every_route_refuses_anonymous_callers_in_the_envelope(client):
    seen = 0
    for method, path in routes(client):
        if (method, path) in PUBLIC:
            continue
        r = client.request(method, concrete(path), json={})
        assert_envelope(r, 401)
        assert r.json()["error"]
        seen += 1
    assert seen >= 15


def test_every_route_answers_an_admin_in_the_envelope(client, bearer):
    h = bearer("admin")
    for method, path in routes(client):
        if path.endswith("/export") or path == "/api/v1/auth/token" or path.endswith("/logout"):
            continue
        r = client.request(method, concrete(path), json={}, headers=h)
        body = assert_envelope(r)
        if "{" in path and method in ("GET", "PUT", "DELETE") and not r.json()["ok"]:
            assert r.status_code in (404, 422), (method, path, body)


def test_unknown_path_bad_parameters_and_wrong_method(client, bearer):
    h = bearer("viewer")
    assert_envelope(client.get("/api/v1/no-such-thing", headers=h), 404)
    body = assert_envelope(client.get("/api/v1/tables?page=0", headers=h), 422)
    assert any("page" in e["loc"] for e in body["errors"])
    assert_envelope(client.patch("/api/v1/tables", headers=h), 405)


def test_an_unhandled_error_is_a_500_envelope_without_internals(app, store, bearer, monkeypatch):
    h = bearer("viewer")

    def broken(*a, **k):
        raise RuntimeError("secret internal detail")

    monkeypatch.setattr(store, "list_tables", broken)
    with TestClient(app, raise_server_exceptions=False) as c:
        r = c.get("/api/v1/tables", headers=h)
    body = assert_envelope(r, 500)
    assert "secret internal detail" not in r.text and "服务器内部错误" in body["error"]


@pytest.mark.parametrize(
    "path", ["/api/v1/tables", "/api/v1/indicators", "/api/v1/documents", "/api/v1/users", "/api/v1/units"]
)
def test_lists_have_items_and_total(client, bearer, path):
    body = assert_envelope(client.get(path, headers=bearer("admin")), 200)
    assert body["ok"] is True and isinstance(body["items"], list) and isinstance(body["total"], int)
