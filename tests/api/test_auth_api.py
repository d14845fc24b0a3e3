"""Bearer tokens for scripts, sessions with CSRF for the browser, login rate limiting."""

from __future__ import annotations


def test_token_flow(client, users):
    r = client.post("/api/v1/auth/token", json={"username": "reviewer", "password": "nope"})
    assert r.status_code == 401 and r.json()["ok"] is False
    r = client.post("/api/v1/auth/token", json={"username": "reviewer", "password": "password-reviewer"})
    token = r.json()["token"]
    h = {"Authorization": f"Bearer {token}"}
    assert client.get("/api/v1/auth/me", headers=h).json()["user"]["role"] == "reviewer"
    assert client.delete("/api/v1/auth/token", headers=h).json()["ok"] is True
    assert client.get("/api/v1/auth/me", headers=h).status_code == 401
    assert client.get("/api/v1/tables", headers={"Authorization": "Bearer made-up"}).status_code == 401


def test_login_is_rate_limited(client, users):
    for _ in range(5):
        assert (
            client.post("/api/v1/auth/token", json={"username": "viewer", "password": "bad"}).status_code
            == 401
        )
    r = client.post("/api/v1/auth/token", json={"username": "viewer", "password": "password-viewer"})
    assert r.status_code == 429 and "过多" in r.json()["error"] and r.headers["retry-after"]


def test_session_cookie_needs_the_csrf_token_on_unsafe_methods(client, users, make_doc):
    r = client.post("/api/v1/auth/login", json={"username": "filer", "password": "password-filer"})
    assert r.status_code == 200
    cookie = r.headers["set-cookie"]
    assert "HttpOnly" in cookie and "SameSite=lax" in cookie.replace("Lax", "lax")
    csrf = r.json()["csrf_token"]
    assert client.get("/api/v1/tables").json()["total"] == 0  # the cookie signs us in
    table = make_doc("302101")["tables"][0]
    r = client.post("/api/v1/tables", json={"table": table})
    assert r.status_code == 403 and "CSRF" in r.json()["error"]
    r = client.post("/api/v1/tables", json={"table": table}, headers={"X-CSRF-Token": "wrong"})
    assert r.status_code == 403
    r = client.post("/api/v1/tables", json={"table": table}, headers={"X-CSRF-Token": csrf})
    assert r.status_code == 201
    # a form field works too (HTML forms): multipart upload with csrf_token
    doc = make_doc("302101")
    import json

    files = [("files", ("t.json", json.dumps(doc).encode(), "application/json"))]
    r = client.post("/api/v1/documents", files=files, data={"csrf_token": csrf})
    assert r.status_code == 200, r.text
    client.post("/api/v1/auth/logout", headers={"X-CSRF-Token": csrf})
    assert client.get("/api/v1/tables").status_code == 401


def test_bearer_requests_need_no_csrf_and_tampered_cookies_do_nothing(client, bearer, make_doc):
    h = bearer("filer")
    assert (
        client.post("/api/v1/tables", json={"table": make_doc("302101")["tables"][0]}, headers=h).status_code
        == 201
    )
    client.cookies.set("jixiao_session", "forged.value.here")
    assert client.get("/api/v1/tables").status_code == 401


def test_a_session_cookie_older_than_the_session_lifetime_is_refused_though_seen_before(
    client, users, monkeypatch
):
    """The verified-cookie cache must not outlive the cookie's own age limit: with the clock
    moved past JIXIAO_SESSION_HOURS, a cookie accepted a moment ago no longer signs anyone in."""
    import time

    r = client.post("/api/v1/auth/login", json={"username": "filer", "password": "password-filer"})
    assert r.status_code == 200
    cookie = {"Cookie": f"jixiao_session={client.cookies['jixiao_session']}"}
    client.cookies.clear()  # sent by hand: the client's own jar would drop the cookie at its Max-Age
    for _ in range(2):  # the second time from the cache
        assert client.get("/api/v1/auth/me", headers=cookie).json()["user"]["username"] == "filer"
    later = time.time() + 12 * 3600 + 60  # Settings.session_hours defaults to 12
    monkeypatch.setattr(time, "time", lambda: later)
    assert client.get("/api/v1/auth/me", headers=cookie).status_code == 401
