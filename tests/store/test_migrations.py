"""Migrations: a fresh database reaches head, the models match the migrations, and a store
on an un-migrated database says what to run."""

from __future__ import annotations

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import inspect

from jixiao.errors import StoreError
from jixiao.store import Store
from jixiao.store.engine import head_revision, is_current, make_engine, upgrade
from jixiao.store.schema import Base, include_object, ours


def test_fresh_database_is_at_head_and_matches_the_models(db_url):
    engine = make_engine(db_url)
    assert is_current(engine)
    names = set(inspect(engine).get_table_names())
    assert {"documents", "perf_tables", "indicators", "findings", "users", "history", "units"} <= names
    with engine.connect() as conn:
        context = MigrationContext.configure(
            conn, opts={"include_object": include_object, "include_name": ours}
        )
        diff = compare_metadata(context, Base.metadata)
    assert diff == [], f"models and migrations differ: write a migration for {diff}"
    # running it again is a no-op
    assert upgrade(engine) == head_revision()
    engine.dispose()


def test_unmigrated_database_is_refused_with_the_command_to_run(tmp_path):
    with pytest.raises(StoreError, match="jixiao db upgrade"):
        Store(f"sqlite:///{tmp_path / 'empty.db'}")
    s = Store(f"sqlite:///{tmp_path / 'empty.db'}", upgrade=True)
    assert s.list_tables()[1] == 0
    s.close()


def test_downgrade_to_nothing_and_back(db_url):
    from alembic import command

    from jixiao.store.engine import alembic_config

    engine = make_engine(db_url)
    cfg = alembic_config(engine)
    with engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.downgrade(cfg, "base")
    assert "perf_tables" not in inspect(engine).get_table_names()
    assert upgrade(engine) == head_revision() and is_current(engine)
    engine.dispose()
