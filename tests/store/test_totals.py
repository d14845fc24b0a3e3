"""The totals kept at write time (jixiao.store.totals) stay equal to a full recount after any
mix of writes: imports (new projects, new versions, new stages), edits, deletions, workflow
transitions, checkpoints, self-evaluations, archiving — in sequence on both engines, and from
several threads at once on PostgreSQL.

Two recounts, independent of each other: the buckets and per-project sums must equal what
:func:`jixiao.store.totals.rebuild` computes from the tables, and ``Store.dashboard`` and
``Store.units`` must equal the dashboard computed straight from projects, tables, indicators
and findings by the SQL jixiao used before it kept totals (below), for every user and filter.
"""

from __future__ import annotations

import copy
import random
import threading
from typing import Any

import pytest
from sqlalchemy import Select, false, func, select

from jixiao.errors import JixiaoError
from jixiao.store import Incoming, TableFilter, totals
from jixiao.store.schema import (
    DashboardCategory,
    DashboardRule,
    DashboardSum,
    FindingRow,
    IndicatorRow,
    ProjectRow,
    ProjectSum,
    TableRow,
)

UNITS = [
    ("302101", "天津市人民政府外事办公室"),
    ("820001", "某区教育局"),
    ("999001", "单位999001"),
    ("", "无编码单位"),
]
CATEGORIES = ["产出指标", "效益指标", "满意度指标", "成本指标", None, "其他"]
RULES = [("JX204", "warning"), ("JX201", "error"), ("JX305", "info"), ("JX101", "error")]
FILTERS = [
    TableFilter(),
    TableFilter(year=2025),
    TableFilter(year=2024, status="draft"),
    TableFilter(status="approved"),
    TableFilter(unit="302101"),
    TableFilter(unit="某区教育局"),
    TableFilter(kind="project_selfeval"),
    TableFilter(kind="monitoring", year=2025),
]


# --- the dashboard as jixiao computed it before it kept totals: the oracle --------------------
def _recount(store: Any, user: Any, f: TableFilter) -> dict[str, Any]:
    def scoped(stmt: Select[Any]) -> Select[Any]:
        if user is not None and user.role == "filer":
            stmt = stmt.where(ProjectRow.unit_code == user.unit_code)
        elif user is not None and user.role not in ("admin", "reviewer", "viewer"):
            stmt = stmt.where(false())
        if f.year is not None:
            stmt = stmt.where(ProjectRow.year == f.year)
        if f.unit:
            stmt = stmt.where(
                ProjectRow.unit_code == f.unit if f.unit.isdigit() else ProjectRow.unit_name == f.unit
            )
        if f.status:
            stmt = stmt.where(ProjectRow.status == f.status)
        if f.kind:
            stmt = stmt.where(
                ProjectRow.id.in_(
                    select(TableRow.project_id).where(TableRow.counted.is_(True), TableRow.kind == f.kind)
                )
            )
        return stmt.where(ProjectRow.archived.is_(False))

    counted = (ProjectRow.id == TableRow.project_id) & TableRow.counted.is_(True)
    with store.session() as s:
        by_status = dict(
            s.execute(scoped(select(ProjectRow.status, func.count()).group_by(ProjectRow.status))).all()
        )
        units = s.execute(
            scoped(
                select(
                    ProjectRow.unit_code, ProjectRow.unit_name, func.count(), func.sum(ProjectRow.budget_wan)
                )
            ).group_by(ProjectRow.unit_code, ProjectRow.unit_name)
        ).all()
        projects, budget = s.execute(scoped(select(func.count(), func.sum(ProjectRow.budget_wan)))).one()
        ind, quant = s.execute(
            scoped(
                select(func.sum(TableRow.indicator_count), func.sum(TableRow.quantified_count))
                .select_from(ProjectRow)
                .join(TableRow, counted)
            )
        ).one()
        cats = s.execute(
            scoped(
                select(
                    IndicatorRow.category1,
                    func.count(),
                    func.count(IndicatorRow.target_number),
                    func.count(func.distinct(TableRow.id)),
                )
                .select_from(ProjectRow)
                .join(TableRow, counted)
                .join(IndicatorRow, IndicatorRow.table_id == TableRow.id)
            ).group_by(IndicatorRow.category1)
        ).all()
        rules = s.execute(
            scoped(
                select(FindingRow.code, FindingRow.severity, func.count())
                .select_from(ProjectRow)
                .join(TableRow, counted)
                .join(FindingRow, FindingRow.table_id == TableRow.id)
            ).group_by(FindingRow.code, FindingRow.severity)
        ).all()
    return {
        "projects": int(projects),
        "budget_total": None if budget is None else pytest.approx(float(budget), abs=1e-5),
        "indicators": int(ind or 0),
        "quantified": int(quant or 0),
        "by_status": {k: int(n) for k, n in by_status.items() if k is not None},
        "by_unit": sorted(
            (c or "", n or "", int(p), None if b is None else pytest.approx(float(b), abs=1e-5))
            for c, n, p, b in units
        ),
        "by_category": sorted((c or "", int(n), int(q), int(t)) for c, n, q, t in cats),
        "by_rule": sorted((c, sev, int(n)) for c, sev, n in rules),
    }


def _shown(d: dict[str, Any]) -> dict[str, Any]:
    """Store.dashboard's answer in the recount's shape."""
    return {
        "projects": d["projects"],
        "budget_total": d["budget_total"],
        "indicators": d["indicators"],
        "quantified": d["quantified"],
        "by_status": d["by_status"],
        "by_unit": _units(d["by_unit"]),
        "by_category": sorted(
            (c["category1"] or "", c["indicators"], c["quantified"], d["tables_by_category"][c["category1"]])
            for c in d["by_category"]
        ),
        "by_rule": sorted((r["code"], r["severity"], r["count"]) for r in d["findings_by_rule"]),
    }


def _units(items: list[dict[str, Any]]) -> list[tuple[Any, ...]]:
    return sorted((u["code"] or "", u["name"] or "", u["projects"], u["budget_wan"]) for u in items)


def _kept(store: Any) -> dict[str, list[tuple[Any, ...]]]:
    """Every row of the totals, zero rows left out (they show nothing)."""
    out: dict[str, list[tuple[Any, ...]]] = {}
    with store.session() as s:
        for model in (ProjectSum, DashboardSum, DashboardCategory, DashboardRule):
            t = model.__table__
            rows = s.execute(select(t)).all()
            counts = [
                c.name for c in t.columns if c.name not in t.primary_key.columns and c.type.python_type is int
            ]
            out[t.name] = sorted(
                tuple(r) for r in rows if model is ProjectSum or any(getattr(r, c) for c in counts)
            )
    return out


def assert_totals_are_a_recount(store: Any, users: dict[str, Any]) -> None:
    kept = _kept(store)
    with store.session() as s, s.begin():
        totals.rebuild(s)
        s.flush()
        rebuilt_rows = {}
        for model in (ProjectSum, DashboardSum, DashboardCategory, DashboardRule):
            t = model.__table__
            rebuilt_rows[t.name] = sorted(tuple(r) for r in s.execute(select(t)).all())
        s.rollback()
    assert kept == rebuilt_rows
    for who in (None, users["admin"], users["filer"], users["other"], users["viewer"]):
        for f in FILTERS:
            assert _shown(store.dashboard(who, f, top=1000)) == _recount(store, who, f), (who, f)
        assert _units(store.units(who)) == _recount(store, who, TableFilter())["by_unit"]


# --- random writes -------------------------------------------------------------------------
def _table(base: dict[str, Any], rnd: random.Random, kind: str = "project_target") -> dict[str, Any]:
    code, name = rnd.choice(UNITS)
    t = copy.deepcopy(base)
    t["kind"] = kind
    t["unit"] = {"code": code or None, "name": name}
    t["year"] = rnd.choice([2024, 2025, 2025, None])
    t["project"] = {"name": f"项目{rnd.randrange(12)}", "code": None}
    t["title"] = t["project"]["name"]
    t["money_unit"] = rnd.choice(["万元", "万元", "元"])
    t["funds"]["total"] = rnd.choice([None, round(rnd.uniform(0.01, 5000), 2), 1.56, 0.1])
    inds = t["indicators"][: rnd.randrange(0, len(t["indicators"]) + 1)]
    for ind in inds:
        ind["category1"] = rnd.choice(CATEGORIES)
        ind["target"]["number"] = rnd.choice([None, 1, 95.5])
    t["indicators"] = inds
    if kind == "project_selfeval":
        t["total_score"], t["grade"] = round(rnd.uniform(60, 100), 1), "良"
    if kind == "monitoring":
        t["as_of"] = rnd.choice(["2025-06-30", "2025-09-30"])
    return t


def _findings(rnd: random.Random) -> list[dict[str, Any]]:
    return [
        {"code": c, "severity": s, "indicator": None, "args": {}, "message": c}
        for c, s in rnd.sample(RULES, rnd.randrange(0, 3))
        for _ in range(rnd.randrange(1, 3))
    ]


def random_write(store: Any, users: dict[str, Any], seed: dict[str, Any], rnd: random.Random) -> None:
    base = seed["tables"][0]
    admin = users["admin"]
    op = rnd.choice(["import", "import", "edit", "delete", "transition", "archive", "stage"])
    if op == "import":
        tables = [_table(base, rnd) for _ in range(rnd.randrange(1, 4))]
        doc = {
            "schema": "jixiao/1",
            "source": {"name": "r.json", "sha256": f"{rnd.getrandbits(128):032x}" * 2},
            "tables": tables,
            "warnings": [],
        }
        store.import_document(doc, admin, [Incoming(t, _findings(rnd)) for t in tables])
        return
    with store.session() as s:
        rows = s.execute(
            select(
                TableRow.id,
                TableRow.version,
                TableRow.project_id,
                TableRow.status,
                TableRow.standing,
                TableRow.stage,
                TableRow.data,
            )
        ).all()
        project_ids = [int(p) for p in s.scalars(select(ProjectRow.id))]
    if not rows:
        return
    tid, version, pid, status, standing, stage, data = rnd.choice(rows)
    if op == "edit" and standing != "old":
        new = _table(base, rnd, data["kind"])
        new["unit"], new["year"], new["project"] = data["unit"], data["year"], data["project"]
        store.update_table(tid, new, version, admin, findings=_findings(rnd))
    elif op == "delete" and status in ("draft", "returned"):
        store.delete_table(tid, admin)
    elif op == "transition" and stage == "target":
        action = {
            "draft": "submit",
            "returned": "submit",
            "submitted": rnd.choice(["approve", "return"]),
            "approved": "reopen",
        }[status]
        store.transition(tid, action, admin, comment="改")
    elif op == "archive":
        store.archive_project(rnd.choice(project_ids), admin, archived=rnd.random() < 0.4)
    elif op == "stage":
        kind = rnd.choice(["monitoring", "project_selfeval"])
        t = _table(base, rnd, kind)
        t["unit"], t["year"], t["project"] = data["unit"], data["year"], data["project"]
        store.save_stage(
            pid,
            t,
            admin,
            findings=_findings(rnd),
            light=rnd.choice(["green", "red"]) if kind == "monitoring" else None,
        )


def test_totals_equal_a_recount_after_random_writes(store, users, seed) -> None:
    rnd = random.Random(17)
    assert_totals_are_a_recount(store, users)  # empty
    for step in range(90):
        try:
            random_write(store, users, seed, rnd)
        except JixiaoError:
            pass  # a write the store refuses (a conflict, a locked target) changes nothing
        if step % 15 == 14:
            assert_totals_are_a_recount(store, users)
    dash = store.dashboard(users["admin"])
    assert (
        dash["projects"] > 5
        and dash["by_category"]
        and dash["findings_by_rule"]
        and len(dash["by_status"]) >= 2
    )


def test_a_bulk_load_and_a_deleted_project_keep_the_totals(store, users, seed) -> None:
    rnd = random.Random(3)
    base = seed["tables"][0]
    store.bulk_load([_table(base, rnd) for _ in range(40)], check=lambda t: _findings(rnd))
    assert_totals_are_a_recount(store, users)
    store.bulk_load([_table(base, rnd) for _ in range(20)])  # some join the projects of the first
    assert_totals_are_a_recount(store, users)
    with store.session() as s:
        drafts = [int(t) for t in s.scalars(select(TableRow.id).where(TableRow.status == "draft"))]
    for tid in drafts[:25]:
        try:
            store.delete_table(tid, users["admin"])
        except JixiaoError:
            pass
    assert_totals_are_a_recount(store, users)


def test_concurrent_writers_keep_the_totals(request, store, users, seed) -> None:
    """Four threads write at once (PostgreSQL: row locks on the buckets; on SQLite one writer at
    a time).  A write that loses a race is refused as a whole; the totals stay a recount."""
    failures: list[BaseException] = []
    done = [0]

    def writer(n: int) -> None:
        rnd = random.Random(100 + n)
        for _ in range(25):
            try:
                random_write(store, users, seed, rnd)
                done[0] += 1
            except JixiaoError:
                pass
            except Exception as exc:  # noqa: BLE001 - a deadlock or serialisation failure: refused whole
                failures.append(exc)

    threads = [threading.Thread(target=writer, args=(n,)) for n in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert done[0] >= 60, failures[:3]
    assert len(failures) <= 5, failures[:3]
    assert_totals_are_a_recount(store, users)
