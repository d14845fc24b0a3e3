"""API fixtures: HTTP clients (the store fixtures of tests/store/dbs.py come from tests/conftest.py)."""

from __future__ import annotations

import warnings

import pytest

with warnings.catch_warnings():  # starlette 1.0 asks for httpx2, which is not installed; httpx works
    warnings.simplefilter("ignore")
    from fastapi.testclient import TestClient

from jixiao.app import create_app
from jixiao.server.settings import Settings


@pytest.fixture
def app(store):
    return create_app(store=store, settings=Settings(database_url=store.url))


@pytest.fixture
def client(app):
    with TestClient(app, base_url="http://testserver") as c:
        yield c


@pytest.fixture
def bearer(client, users):
    """bearer(role) → Authorization headers for that role's user (a real token from the API)."""

    def headers(role: str) -> dict[str, str]:
        name = users[role].username
        r = client.post("/api/v1/auth/token", json={"username": name, "password": f"password-{role}"})
        assert r.status_code == 200, r.text
        return {"Authorization": f"Bearer {r.json()['token']}"}

    return headers
