"""Bulk-load benchmark: N generated tables (10 indicators each) into SQLite and PostgreSQL.

    export JIXIAO_TEST_PG_URL=$(scripts/pg.sh)
    .venv/bin/python bench/bench_store.py [--tables 100000] [--backends sqlite,postgresql] [--check]

Each backend gets a fresh database (SQLite: a file under /tmp; PostgreSQL: a new database
on the server of JIXIAO_TEST_PG_URL, kept as ``jixiao_bench`` for bench_api.py).  The tables
are built from the seed's six Tianjin tables with varied units (1 000), years (2021–2025),
projects and amounts; the time printed is end to end (generation + load + commit) of one
``Store.bulk_load`` transaction: COPY on PostgreSQL, executemany on SQLite.
Target: 100 000 tables / 1 000 000 indicators in under 60 s each.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import sys
import time
from collections.abc import Iterator
from pathlib import Path

from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from jixiao import actions  # noqa: E402
from jixiao.store import Store  # noqa: E402
from jixiao.store.rows import normalize_table  # noqa: E402

TARGET_S = 60.0
PER_TABLE = 10


def generate(n: int, seed: int = 7) -> Iterator[dict]:
    """n canonical jixiao/1 table dicts with PER_TABLE indicators each."""
    rnd = random.Random(seed)
    doc = json.loads((ROOT / "tests" / "corpus" / "seed" / "expected.json").read_text(encoding="utf-8"))
    bases = [normalize_table(t) for t in doc["tables"]]
    for b in bases:
        inds = b["indicators"]
        b["indicators"] = (inds * (PER_TABLE // len(inds) + 1))[:PER_TABLE]
    for i in range(n):
        b = bases[i % len(bases)]
        unit = rnd.randrange(1000)
        total = round(rnd.uniform(1, 5000), 2)
        yield {
            **b,
            "title": f"{b['title']}（{i}）",
            "year": 2021 + i % 5,
            "unit": {"code": f"{300000 + unit}", "name": f"第{unit}号预算单位"},
            "project": {"name": f"{(b.get('project') or {}).get('name')}（{i}）", "code": None},
            "funds": {**b["funds"], "total": total, "fiscal": total, "other": None},
        }


def pg_bench_url(server: str, name: str = "jixiao_bench") -> str:
    admin = create_engine(server, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    admin.dispose()
    return make_url(server).set(database=name).render_as_string(hide_password=False)


def run(url: str, n: int, check: bool) -> float:
    store = Store(url, upgrade=True)
    t0 = time.perf_counter()
    counts = store.bulk_load(
        generate(n), name=f"bench-{n}", check=actions.finding_rows if check else None, validate=check
    )
    elapsed = time.perf_counter() - t0
    t1 = time.perf_counter()
    _, total = store.list_tables(per_page=1)
    count_ms = (time.perf_counter() - t1) * 1000
    store.close()
    assert total == n == counts["tables"], (total, counts)
    rate = counts["indicators"] / elapsed
    print(
        f"  {counts['tables']:>8,} tables  {counts['indicators']:>10,} indicators  {counts['findings']:>8,} findings"
        f"  {elapsed:7.1f} s  ({rate:,.0f} indicators/s; list count afterwards {count_ms:.0f} ms)"
    )
    return elapsed


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--tables", type=int, default=100_000)
    ap.add_argument("--backends", default="sqlite,postgresql")
    ap.add_argument("--check", action="store_true", help="run the review rules on every table (slower)")
    ap.add_argument("--sqlite-path", default="/tmp/jixiao-bench.db")
    args = ap.parse_args()
    ok = True
    for backend in args.backends.split(","):
        if backend == "sqlite":
            for suffix in ("", "-wal", "-shm"):
                Path(args.sqlite_path + suffix).unlink(missing_ok=True)
            url = f"sqlite:///{args.sqlite_path}"
        else:
            server = os.environ.get("JIXIAO_TEST_PG_URL")
            if not server:
                print(
                    "JIXIAO_TEST_PG_URL is not set: export JIXIAO_TEST_PG_URL=$(scripts/pg.sh)",
                    file=sys.stderr,
                )
                return 2
            url = pg_bench_url(server)
        print(f"{backend}: {make_url(url).render_as_string(hide_password=True)}")
        elapsed = run(url, args.tables, args.check)
        passed = elapsed < TARGET_S * args.tables / 100_000
        ok &= passed
        print(f"  {'PASS' if passed else 'FAIL'}  target < {TARGET_S * args.tables / 100_000:.0f} s")
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
