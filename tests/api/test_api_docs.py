"""The API docs page is served from the package (no CDN), and openapi.json declares the bearer
token on exactly the routes that need a signed-in caller.  (The page rendering with the network
cut off is a browser test: tests/web/test_browser_rules.py.)"""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

from .test_envelope import concrete, routes

API = Path(__file__).resolve().parents[2] / "src" / "jixiao" / "api"
# Revoking a token needs the token, but answers ok without one (nothing to revoke).
TOLERANT = {("DELETE", "/api/v1/auth/token")}


def test_openapi_declares_the_bearer_scheme(client) -> None:
    spec = client.get("/api/v1/openapi.json").json()
    scheme = spec["components"]["securitySchemes"]["bearerAuth"]
    assert scheme["type"] == "http" and scheme["scheme"] == "bearer"
    assert "/api/v1/auth/token" in scheme["description"]


def test_security_is_declared_on_exactly_the_routes_that_refuse_anonymous_callers(client) -> None:
    spec = client.get("/api/v1/openapi.json").json()
    secured, open_ = [], []
    for method, path in routes(client):
        op = spec["paths"][path][method.lower()]
        declared = op.get("security") == [{"bearerAuth": []}]
        status = client.request(method, concrete(path), json={}).status_code
        if (method, path) in TOLERANT:
            assert declared and status == 200, (method, path)
            continue
        assert declared == (status == 401), (method, path, status, op.get("security"))
        (secured if declared else open_).append((method, path))
    assert len(secured) >= 30
    assert sorted(open_) == [
        ("GET", "/api/v1/health"),
        ("POST", "/api/v1/auth/login"),
        ("POST", "/api/v1/auth/logout"),
        ("POST", "/api/v1/auth/token"),
    ]


def test_a_token_from_the_declared_scheme_opens_a_secured_route(client, bearer) -> None:
    assert client.get("/api/v1/tables").status_code == 401
    assert client.get("/api/v1/tables", headers=bearer("viewer")).status_code == 200


def test_the_docs_page_loads_swagger_ui_from_the_package(client) -> None:
    r = client.get("/api/v1/docs")
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/html")
    refs = re.findall(r'(?:src|href)="([^"]+)"', r.text)
    assert "/api/v1/docs/assets/swagger-ui-bundle.js" in refs
    assert "/api/v1/docs/assets/swagger-ui.css" in refs
    assert all(ref.startswith("/") for ref in refs), refs  # nothing from another host
    assert "url: '/api/v1/openapi.json'" in r.text and '"validatorUrl": null' in r.text
    for name in ("swagger-ui-bundle.js", "swagger-ui.css"):
        asset = client.get(f"/api/v1/docs/assets/{name}")
        assert asset.status_code == 200
        assert asset.content == (API / "static" / "swagger-ui" / name).read_bytes()
    assert client.get("/api/v1/docs/assets/nothing.js").status_code == 404


def test_the_vendored_swagger_ui_matches_its_pinned_hashes_and_carries_its_licence() -> None:
    folder = API / "static" / "swagger-ui"
    note = (API / "static" / "VERSIONS.txt").read_text(encoding="utf-8")
    assert "swagger-ui-dist  5.36.0" in note
    for name in ("swagger-ui-bundle.js", "swagger-ui.css"):
        assert hashlib.sha256((folder / name).read_bytes()).hexdigest() in note, name
    assert "Apache License" in (folder / "LICENSE.txt").read_text(encoding="utf-8")
    assert (folder / "NOTICE.txt").is_file() and (folder / "swagger-ui-bundle.js.LICENSE.txt").is_file()
