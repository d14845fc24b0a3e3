"""Database fixtures shared by tests/store and tests/api: every test runs on SQLite and on
PostgreSQL (STYLE.md 10).

PostgreSQL comes from ``JIXIAO_TEST_PG_URL`` (``scripts/test.sh`` starts it with
``scripts/pg.sh``).  When it is missing or unreachable the tests FAIL — they are never
skipped.  Each test session gets its own PostgreSQL database (migrated once); each test
starts from empty tables (TRUNCATE).  SQLite: a migrated template file copied per test.
"""

from __future__ import annotations

import os
import shutil
import uuid

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from jixiao.store import Store
from jixiao.store.engine import upgrade
from jixiao.store.schema import Base

BACKENDS = ("sqlite", "postgresql")
_TABLES = [t.name for t in reversed(Base.metadata.sorted_tables)]
# The job queue's own tables (PostgreSQL, migration 0006): a job left by one test is not run by the next
_QUEUE_TABLES = [
    "procrastinate_events",
    "procrastinate_periodic_defers",
    "procrastinate_jobs",
    "procrastinate_workers",
]


def pg_server_url() -> str:
    url = os.environ.get("JIXIAO_TEST_PG_URL")
    if not url:
        pytest.fail(
            "JIXIAO_TEST_PG_URL is not set: run the suite with scripts/test.sh, or "
            "`export JIXIAO_TEST_PG_URL=$(scripts/pg.sh)` first (storage tests are never skipped)",
            pytrace=False,
        )
    try:
        engine = create_engine(url, connect_args={"connect_timeout": 5})
        with engine.connect() as conn:
            conn.execute(text("SELECT 1"))
        engine.dispose()
    except Exception as exc:  # noqa: BLE001 - any failure to connect is fatal here
        pytest.fail(f"PostgreSQL at JIXIAO_TEST_PG_URL is not reachable: {exc}", pytrace=False)
    return url


@pytest.fixture(scope="session")
def pg_database():
    """A fresh, migrated PostgreSQL database for this test session; dropped at the end."""
    server = pg_server_url()
    name = f"jx_test_{uuid.uuid4().hex[:10]}"
    admin = create_engine(server, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    url = make_url(server).set(database=name).render_as_string(hide_password=False)
    upgrade(url)
    yield url
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()


@pytest.fixture(scope="session")
def sqlite_template(tmp_path_factory):
    path = tmp_path_factory.mktemp("sqlite-template") / "template.db"
    engine_url = f"sqlite:///{path}"
    upgrade(engine_url)
    return path


@pytest.fixture(params=BACKENDS)
def db_url(request, tmp_path):
    """The URL of an empty, migrated database: once on SQLite, once on PostgreSQL."""
    if request.param == "sqlite":
        template = request.getfixturevalue("sqlite_template")
        path = tmp_path / "jixiao.db"
        shutil.copy(template, path)
        return f"sqlite:///{path}"
    url = request.getfixturevalue("pg_database")
    engine = create_engine(url)
    with engine.begin() as conn:
        conn.execute(text(f"TRUNCATE {', '.join(_TABLES + _QUEUE_TABLES)} RESTART IDENTITY CASCADE"))
    engine.dispose()
    return url


@pytest.fixture(scope="session")
def fast_hashes():
    """Argon2id with its cheapest parameters, so tests do not spend seconds hashing
    (production uses argon2-cffi's RFC 9106 defaults)."""
    from argon2 import PasswordHasher, profiles

    from jixiao.store import users

    saved = users._hasher
    users._hasher = PasswordHasher.from_parameters(profiles.CHEAPEST)
    users._dummy_hash.cache_clear()  # made again, cheaply, on the first unknown user's login
    yield
    users._hasher = saved
    users._dummy_hash.cache_clear()


@pytest.fixture
def store(db_url, fast_hashes):
    s = Store(db_url)
    yield s
    s.close()


# --- documents and users ---------------------------------------------------------------------
CORPUS = __import__("pathlib").Path(__file__).resolve().parents[1] / "corpus"


@pytest.fixture
def seed() -> dict:
    """The seed's expected jixiao/1 Document (6 Tianjin project tables), with a sha256."""
    import json

    doc = json.loads((CORPUS / "seed" / "expected.json").read_text(encoding="utf-8"))
    doc["source"] = {"name": "seed.txt", "format": "txt", "sha256": "5eed" * 16}
    return doc


@pytest.fixture
def make_doc(seed):
    """make_doc(unit_code, n_tables, sha=None, **table_overrides) → a Document dict built from
    the seed's first table, for the given unit."""
    import copy

    counter = iter(range(10_000))

    def make(
        unit_code: str = "302101", n: int = 1, sha: str | None = None, unit_name: str | None = None, **over
    ):
        base = seed["tables"][0]
        tables = []
        for i in range(n):
            t = copy.deepcopy(base)
            t["unit"] = {"code": unit_code, "name": unit_name or f"单位{unit_code}"}
            t["title"] = f"{unit_code} 项目 {i}"
            t["project"] = {"name": f"{unit_code} 项目 {i}", "code": None}
            t.update(over)
            tables.append(t)
        k = next(counter)
        return {
            "schema": "jixiao/1",
            "source": {
                "name": f"{unit_code}-{k}.json",
                "format": "json",
                "sha256": sha or uuid.uuid4().hex * 2,
            },
            "tables": tables,
            "warnings": [],
        }

    return make


@pytest.fixture
def users(store):
    """One user per role (password ``password-<role>``); filers for units 302101 and 999001."""
    return {
        "admin": store.add_user("admin", "password-admin", "admin"),
        "reviewer": store.add_user("reviewer", "password-reviewer", "reviewer"),
        "filer": store.add_user("filer", "password-filer", "filer", "302101"),
        "other": store.add_user("other", "password-other", "filer", "999001"),
        "viewer": store.add_user("viewer", "password-viewer", "viewer"),
    }
