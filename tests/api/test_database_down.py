"""A database that is down, read-only or full is answered with 503 and Retry-After — in the
envelope (API) and as an error page (web) — and ``/health`` says ``degraded``; when the
database is back, service resumes by itself.  Real failures, no mocks: a SQLite file opened
read-only, a SQLite database at its page limit, a PostgreSQL database made read-only and
then dropped.  (They were bare 500s, and /health said "up" throughout.)"""

from __future__ import annotations

import copy
import re
import sys
import uuid
import warnings

import pytest
from sqlalchemy import create_engine, event, text
from sqlalchemy.engine import make_url

from jixiao.app import create_app
from jixiao.server.settings import Settings
from jixiao.store import Store

from .test_envelope import assert_envelope

with warnings.catch_warnings():  # starlette asks for httpx2, which is not installed; httpx works
    warnings.simplefilter("ignore")
    from fastapi.testclient import TestClient


def _setup(store: Store, seed: dict) -> tuple[str, int]:
    """An admin with a bearer token and one table; the secret exists (nothing to write later)."""
    admin = store.add_user("admin", "password-admin", "admin")
    token, _ = store.create_token(admin)
    store.secret_key()
    table_id = store.create_table(copy.deepcopy(seed["tables"][0]), admin)["id"]
    return token, table_id


def _unavailable(r, reason_words: str) -> None:
    body = assert_envelope(r, 503)
    assert int(r.headers["retry-after"]) > 0
    assert reason_words in body["error"] and "稍后重试" in body["error"]


def _writes_are_503(c: TestClient, table_id: int, reason_words: str, seed: dict) -> None:
    table = {**copy.deepcopy(seed["tables"][0]), "purpose": "新的用途 " * 2000}
    _unavailable(c.put(f"/api/v1/tables/{table_id}", json={"table": table, "version": 1}), reason_words)
    _unavailable(c.post(f"/api/v1/tables/{table_id}/transitions", json={"action": "submit"}), reason_words)
    _unavailable(
        c.post("/api/v1/auth/token", json={"username": "admin", "password": "password-admin"}), reason_words
    )
    health = c.get("/api/v1/health")
    body = assert_envelope(health, 503)
    assert body["health"] == "degraded" and health.headers["retry-after"]


def _web_login_is_503(c: TestClient) -> None:
    c.headers.pop("Authorization", None)
    page = c.get("/login").text
    token = re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)
    r = c.post(
        "/login",
        data={"username": "admin", "password": "password-admin", "csrf_token": token},
        follow_redirects=False,
    )
    assert r.status_code == 503 and r.headers["retry-after"] and "稍后重试" in r.text
    assert r.headers["content-type"].startswith("text/html")


def test_sqlite_read_only(tmp_path, fast_hashes, seed):
    path = tmp_path / "ro.db"
    with Store(f"sqlite:///{path}", upgrade=True) as store:
        token, table_id = _setup(store, seed)
    url = f"sqlite:///file:{path}?mode=ro&uri=true"
    with TestClient(create_app(store=Store(url), settings=Settings(database_url=url))) as c:
        c.headers["Authorization"] = f"Bearer {token}"
        assert c.get(f"/api/v1/tables/{table_id}").status_code == 200  # reading still works
        _writes_are_503(c, table_id, "只读", seed)
        assert c.get("/api/v1/health").json()["database"] == "read-only"
        _web_login_is_503(c)


def test_sqlite_full(tmp_path, fast_hashes, seed):
    path = tmp_path / "full.db"
    store = Store(f"sqlite:///{path}", upgrade=True)
    token, table_id = _setup(store, seed)
    with store.engine.connect() as conn:
        pages = conn.exec_driver_sql("PRAGMA page_count").scalar()

    @event.listens_for(store.engine, "connect")
    def _cap(dbapi_conn, _record):  # SQLite's own limit: a write past it is SQLITE_FULL
        dbapi_conn.execute(f"PRAGMA max_page_count = {pages}")

    store.engine.dispose()
    with TestClient(create_app(store=store, settings=Settings(database_url=store.url))) as c:
        c.headers["Authorization"] = f"Bearer {token}"
        detail = c.get(f"/api/v1/tables/{table_id}").json()["item"]
        table = {**detail["table"], "purpose": "新的用途 " * 20000}
        _unavailable(c.put(f"/api/v1/tables/{table_id}", json={"table": table, "version": 1}), "已满")
        assert c.get(f"/api/v1/tables/{table_id}").json()["item"]["version"] == 1  # nothing half-written
    store.close()


@pytest.fixture
def pg_own(fast_hashes):
    """A PostgreSQL database of this test alone (it is made read-only and dropped)."""
    server = sys.modules["jixiao_tests_dbs"].pg_server_url()  # (tests/store/dbs.py, as conftest loads it)
    name = f"jx_down_{uuid.uuid4().hex[:10]}"
    admin = create_engine(server, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    url = make_url(server).set(database=name).render_as_string(hide_password=False)
    yield url, name, admin
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()


def _kick(admin, name: str) -> None:
    """End every session on the database (its pooled connections see the new setting)."""
    with admin.connect() as conn:
        conn.execute(
            text(
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = :n AND pid <> pg_backend_pid()"
            ),
            {"n": name},
        )


@pytest.mark.timeout(120)
def test_postgresql_read_only_then_back_then_dropped(pg_own, seed):
    url, name, admin = pg_own
    store = Store(url, upgrade=True)
    token, table_id = _setup(store, seed)
    with TestClient(create_app(store=store, settings=Settings(database_url=url))) as c:
        c.headers["Authorization"] = f"Bearer {token}"
        with admin.connect() as conn:
            conn.execute(text(f'ALTER DATABASE "{name}" SET default_transaction_read_only = on'))
        _kick(admin, name)
        _writes_are_503(c, table_id, "只读", seed)
        assert c.get("/api/v1/health").json()["database"] == "read-only"
        with admin.connect() as conn:  # the database is writable again: service resumes by itself
            conn.execute(text(f'ALTER DATABASE "{name}" SET default_transaction_read_only = off'))
        _kick(admin, name)
        assert_envelope(c.get("/api/v1/health"), 200)
        detail = c.get(f"/api/v1/tables/{table_id}").json()["item"]
        put = c.put(f"/api/v1/tables/{table_id}", json={"table": detail["table"], "version": 1})
        assert assert_envelope(put, 200)["item"]["version"] == 2
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE "{name}" WITH (FORCE)'))
        # A monitor or client that sends its credentials still hears "degraded" from /health:
        # the caller of a GET is not looked up before the route (it was a bare 503 envelope).
        c.headers["Authorization"] = "Bearer a-token-no-cache-holds"
        health = c.get("/api/v1/health")
        body = assert_envelope(health, 503)
        assert body["health"] == "degraded" and body["database"] == "unreachable"
        assert health.headers["retry-after"]
        _unavailable(c.get(f"/api/v1/tables/{table_id}"), "无法连接")
        _writes_are_503(c, table_id, "无法连接", seed)
        assert c.get("/api/v1/health").json()["database"] == "unreachable"
        assert c.get("/tables").status_code == 503  # a page: the error page
        _web_login_is_503(c)
    store.close()
