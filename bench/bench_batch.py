"""Batch ingest into the database: ``jixiao ingest --db --jobs N`` over many small files.

    export JIXIAO_TEST_PG_URL=$(scripts/pg.sh)
    .venv/bin/python bench/bench_batch.py [--files 10000] [--jobs 1,2] [--bad-every 1000]

Writes ``--files`` small .docx files under ``bench/_data/batch-N/`` (bench/gen.py: two of the
seed's tables each, numbered apart so every file is new and every table a new project), one in
``--bad-every`` cut short so it cannot be read.  For each ``--jobs`` value it makes a fresh
PostgreSQL database (``jixiao_batch`` on the server of JIXIAO_TEST_PG_URL, or ``--db URL``),
runs the whole command as a user would — ``jixiao ingest --db --jobs N FILES…`` — and prints
its own summary line (files/s and tables/s, measured inside the command), the wall time and
the load average before and after.

Targets (issue "Start fast and stay fast at scale"): the rate grows with N up to the core
count; the broken files are named and the batch goes on (exit status 1, every good file stored).
"""

from __future__ import annotations

import argparse
import os
import re
import subprocess
import sys
import time
from pathlib import Path

from sqlalchemy import create_engine, text

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))

from bench_store import pg_bench_url  # noqa: E402
from gen import _seed_pairs, build_docx  # noqa: E402

JIXIAO = str(Path(sys.executable).with_name("jixiao"))
RATE = re.compile(r"用时 .*$", re.M)
SUMMARY = re.compile(r"^.*个文件.*：已入库.*$", re.M)


def make_files(n: int, bad_every: int) -> list[Path]:
    """``n`` small .docx files (two tables each), written once and reused."""
    out = HERE / "_data" / f"batch-{n}"
    out.mkdir(parents=True, exist_ok=True)
    paths = [out / f"file-{i:05d}.docx" for i in range(n)]
    if all(p.exists() for p in paths):
        return paths
    seed = _seed_pairs()
    t0 = time.perf_counter()
    for i, path in enumerate(paths):
        build_docx(2, out, first=2 * i + 1, filename=path.name, seed=seed)
        if bad_every and i % bad_every == bad_every - 1:
            path.write_bytes(path.read_bytes()[:1500])  # a zip cut short
    print(f"wrote {n:,} files in {time.perf_counter() - t0:.0f} s under {out}", flush=True)
    return paths


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--files", type=int, default=10_000)
    ap.add_argument("--jobs", default="1,2")
    ap.add_argument("--bad-every", type=int, default=1000)
    ap.add_argument("--db", help="a PostgreSQL URL (emptied first); default a fresh jixiao_batch database")
    args = ap.parse_args()
    paths = make_files(args.files, args.bad_every)
    bad = args.files // args.bad_every if args.bad_every else 0
    server = os.environ.get("JIXIAO_TEST_PG_URL")
    if not args.db and not server:
        sys.exit("set JIXIAO_TEST_PG_URL (scripts/pg.sh) or pass --db")
    ok = True
    rates: list[float] = []
    for jobs in (int(j) for j in args.jobs.split(",")):
        url = args.db or pg_bench_url(server or "", "jixiao_batch")
        if args.db:
            engine = create_engine(url)
            with engine.begin() as conn:
                conn.execute(text("DROP SCHEMA public CASCADE; CREATE SCHEMA public"))
            engine.dispose()
        subprocess.run([JIXIAO, "db", "upgrade", "--url", url], check=True, capture_output=True)
        load = os.getloadavg()[0]
        t0 = time.perf_counter()
        proc = subprocess.run(
            [JIXIAO, "ingest", "--db", "--jobs", str(jobs), *map(str, paths)],
            env={**os.environ, "JIXIAO_DATABASE_URL": url, "COLUMNS": "200"},
            capture_output=True,
            text=True,
        )
        wall = time.perf_counter() - t0
        out = proc.stdout + proc.stderr
        summary, rate = SUMMARY.search(out), RATE.search(out)
        print(
            f"--jobs {jobs}: exit {proc.returncode}, {wall:.1f} s wall; load {load:.1f} → {os.getloadavg()[0]:.1f}"
        )
        print(f"  {summary.group(0) if summary else '(no summary)'}")
        print(f"  {rate.group(0) if rate else '(no rate)'}", flush=True)
        failed = out.count("入库失败")
        if proc.returncode != (1 if bad else 0) or failed != bad or summary is None:
            print(f"  MISSED: expected {bad} failed files and the batch to go on; saw {failed}")
            ok = False
        rates.append(args.files / wall)
    if len(rates) > 1 and rates[-1] <= rates[0]:
        print("MISSED: the rate did not grow with --jobs")
        ok = False
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
