"""Upgrading a database written by the previous release (schema 0004), on SQLite and on
PostgreSQL: the dump of ``fixtures/make_v0004.py`` is loaded at 0004, the migrations run,
and every table's content is checked."""

from __future__ import annotations

import importlib.util
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import MetaData, create_engine, func, select, text
from sqlalchemy.engine import Engine, make_url

from jixiao.store.engine import current_revision, make_engine

HERE = Path(__file__).resolve().parent


def _module(name: str, path: Path) -> Any:
    spec = importlib.util.spec_from_file_location(name, path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


fixtures = _module("jixiao_tests_fixtures_load", HERE / "fixtures" / "load.py")
dbs = _module("jixiao_tests_dbs_for_migration", HERE / "dbs.py")


@pytest.fixture(params=("sqlite", "postgresql"))
def old_engine(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Engine]:
    """An engine on an empty database holding the 0004 dump."""
    if request.param == "sqlite":
        engine = make_engine(f"sqlite:///{tmp_path / 'old.db'}")
        fixtures.load_dump(engine, fixtures.read_dump())
        yield engine
        engine.dispose()
        return
    server = dbs.pg_server_url()
    name = f"jx_mig_{uuid.uuid4().hex[:10]}"
    admin = create_engine(server, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    engine = make_engine(make_url(server).set(database=name).render_as_string(hide_password=False))
    try:
        fixtures.load_dump(engine, fixtures.read_dump())
        yield engine
    finally:
        engine.dispose()
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


def test_the_dump_loads_at_0004_as_written(old_engine: Engine) -> None:
    dump = fixtures.read_dump()
    assert current_revision(old_engine) == "0004"
    meta = MetaData()
    meta.reflect(old_engine)
    with old_engine.connect() as conn:
        for table in meta.sorted_tables:
            n = conn.scalar(select(func.count()).select_from(table))
            assert n == len(dump[table.name]), table.name
