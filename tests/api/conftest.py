"""API fixtures: the store fixtures of tests/store/dbs.py, plus HTTP clients."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path


def _load_dbs():
    name = "jixiao_tests_dbs"
    if name not in sys.modules:
        spec = importlib.util.spec_from_file_location(
            name, Path(__file__).resolve().parents[1] / "store" / "dbs.py"
        )
        module = importlib.util.module_from_spec(spec)
        sys.modules[name] = module
        spec.loader.exec_module(module)
    return sys.modules[name]


_dbs = _load_dbs()
pg_database = _dbs.pg_database
sqlite_template = _dbs.sqlite_template
db_url = _dbs.db_url
store = _dbs.store
fast_hashes = _dbs.fast_hashes
seed = _dbs.seed
make_doc = _dbs.make_doc
users = _dbs.users


# --- HTTP clients ---------------------------------------------------------------------------
import warnings  # noqa: E402

import pytest  # noqa: E402

with warnings.catch_warnings():  # starlette 1.0 asks for httpx2, which is not installed; httpx works
    warnings.simplefilter("ignore")
    from fastapi.testclient import TestClient  # noqa: E402

from jixiao.api import create_app  # noqa: E402
from jixiao.api.settings import Settings  # noqa: E402


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
