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


def _rows(engine: Engine, name: str) -> list[dict[str, Any]]:
    """Every row of a table, its JSON read back (the schema reflected as it is now)."""
    meta = MetaData()
    meta.reflect(engine, only=[name])
    table = meta.tables[name]
    with engine.connect() as conn:
        return [dict(r._mapping) for r in conn.execute(select(table).order_by(*table.primary_key.columns))]


SEED_PROJECTS = [
    "市外办履职保障经费",
    "市外办一般债券利息-2025年债券利息",
    "天津市因公出入境服务工作经费",
    "天津市因公通行证电子化建设项目-2024一般债",
    "外事工作经费",
    "因公电子护照系统日常维护费",
]


def test_upgrade_groups_tables_into_projects_and_keeps_everything(old_engine: Engine) -> None:
    from jixiao import actions
    from jixiao.store.engine import head_revision

    dump = fixtures.read_dump()
    store = actions.open_store(old_engine)  # upgrade, then the colours the store cannot compute
    assert current_revision(old_engine) == head_revision()  # 0005, and what came after it

    # nothing lost: the same users, units, documents, tables, indicators, findings, history rows
    for name in ("users", "units", "documents", "perf_tables", "indicators", "findings", "history"):
        assert len(_rows(old_engine, name)) == len(dump[name]), name
    tables = {r["id"]: r for r in _rows(old_engine, "perf_tables")}
    before = {r["id"]: r for r in dump["perf_tables"]}
    for tid, old in before.items():
        new = tables[tid]
        assert (new["kind"], new["status"], new["version"], new["unit_code"]) == (
            old["kind"],
            old["status"],
            old["version"],
            old["unit_code"],
        )
        if old["kind"] != "monitoring":
            assert new["data"] == old["data"], tid

    # projects by identity: 6 for 302101 (two imports each fold into versions), 2 for 820001,
    # one each for the department table, the unit without a code and the published self-evaluation
    projects = _rows(old_engine, "projects")
    assert len(projects) == 11
    seed = {p["name"]: p for p in projects if p["unit_code"] == "302101"}
    assert sorted(seed) == sorted(SEED_PROJECTS) and all(p["year"] is None for p in seed.values())
    assert {(p["unit_code"], p["kind"]) for p in projects if p["unit_code"] == "901001033"} == {
        ("901001033", "department")
    }
    units = {u["code"] or u["name"]: u for u in store.units()}
    assert (units["302101"]["projects"], units["302101"]["budget_wan"]) == (6, 1805.46)
    assert (units["820001"]["projects"], units["820001"]["budget_wan"]) == (2, pytest.approx(396.984))
    dash = store.dashboard()
    assert dash["projects"] == 11 and dash["budget_total"] == pytest.approx(
        sum(p["budget_wan"] for p in projects)
    )

    def chain(project: dict[str, Any], stage: str) -> list[dict[str, Any]]:
        return sorted(
            (t for t in tables.values() if t["project_id"] == project["id"] and t["stage"] == stage),
            key=lambda t: t["revision"],
        )

    for p in seed.values():  # .docx then .pdf: revisions 1 and 2, one current, counted once
        targets = chain(p, "target")
        assert [t["revision"] for t in targets] == [1, 2]
        assert [t["standing"] for t in targets].count("current") == 1
        assert sum(t["counted"] for t in tables.values() if t["project_id"] == p["id"]) == 1
        assert p["target_id"] == next(t["id"] for t in targets if t["standing"] == "current")

    # the edited copy is current (edited after the other copy was stored) and keeps its edit
    edited = seed[SEED_PROJECTS[1]]
    current = tables[edited["target_id"]]
    assert current["data"]["indicators"][0]["target"]["text"] == "2个"
    # the approved copy stays current; the identical later copy is an old version, not a revision
    approved = seed[SEED_PROJECTS[2]]
    assert approved["status"] == "approved" and approved["pending"] in (False, 0)
    assert [t["standing"] for t in chain(approved, "target")] == ["current", "old"]

    # table 4's checkpoint and self-evaluation are stages of its project, not projects of their own
    p4 = seed[SEED_PROJECTS[3]]
    (cp,) = chain(p4, "checkpoint")
    (se,) = chain(p4, "selfeval")
    assert (cp["standing"], se["standing"], cp["counted"], se["counted"]) == (
        "current",
        "current",
        False,
        False,
    )
    assert str(cp["as_of"])[:10] == "2025-07-31" and cp["light"] == "yellow" == p4["light"]
    data = cp["data"]
    assert data["as_of"] == "2025-07-31" and "截至" not in (data["title"] or "")
    first, second = data["indicators"][:2]
    assert (first["progress"]["text"], first["expected"]["text"], first["likelihood"]) == (
        "1项",
        "1项",
        "确定能",
    )
    assert (second["likelihood"], second["reason_category"], second["reason"]) == (
        "有可能",
        "经费保障",
        "资金未到位",
    )
    assert all(
        i["remark"] is None and i["deviation"] is None and i["actual"] is None for i in data["indicators"]
    )
    record = store.get_project(p4["id"])
    assert record["checkpoints"][0]["id"] == cp["id"] and record["selfeval"]["id"] == se["id"]
    assert record["target"]["table"]["funds"]["total"] == 78.0

    # history: every row has its project, the deleted table's rows too (a copy of project 1)
    history = _rows(old_engine, "history")
    assert all(h["project_id"] is not None for h in history)
    deleted = [h for h in history if h["table_id"] not in tables]
    assert {h["action"] for h in deleted} == {"create", "delete"}
    assert {h["project_id"] for h in deleted} == {seed[SEED_PROJECTS[0]]["id"]}
    assert [h["action"] for h in store.project_history(approved["id"])][-2:] == ["submit", "approve"]

    # and the record works on: the tika text of the seed is the same six projects — the same as
    # five current targets; the edited one's printed original comes back as a new version
    text_file = HERE.parents[1] / "tests" / "corpus" / "seed" / "000_ef15d747a5f69479.txt"
    again = actions.import_file(store, None, text_file.name, text_file.read_bytes())
    assert again.statuses == {"new": 0, "same": 5, "version": 1, "stage": 0}
    (version,) = [t for t in again.tables if t["status"] == "version"]
    assert (version["project_id"], version["revision"], version["standing"]) == (edited["id"], 3, "current")
    assert len(_rows(old_engine, "perf_tables")) == len(dump["perf_tables"]) + 1
    store.close()


def test_the_totals_are_computed_when_the_upgrade_reaches_the_newest_schema(old_engine: Engine) -> None:
    # 0009 only creates the totals' tables (a migration must not run a later release's ORM
    # code): a database of the release before them (0008) gets its totals computed by today's
    # code once the upgrade reaches the newest schema, and only once
    from sqlalchemy import inspect

    from jixiao.store import Store
    from jixiao.store.engine import upgrade

    upgrade(old_engine, "0008")
    assert not inspect(old_engine).has_table("project_sums")
    upgrade(old_engine)
    with old_engine.connect() as conn:
        live = conn.execute(text("SELECT count(*) FROM projects WHERE NOT archived")).scalar()
        assert conn.execute(select(func.count()).select_from(text("project_sums"))).scalar() == live == 11
    store = Store(old_engine)
    try:
        assert store.dashboard()["projects"] == 11
    finally:
        store.close()
    upgrade(old_engine)  # at the newest schema already: nothing is counted twice
    store = Store(old_engine)
    try:
        assert store.dashboard()["projects"] == 11
    finally:
        store.close()
