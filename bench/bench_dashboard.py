"""Load benchmark of the dashboard and the units list at 100,000 projects: 10 concurrent clients.

    export JIXIAO_TEST_PG_URL=$(scripts/pg.sh)
    .venv/bin/python bench/bench_store.py                # loads 100 000 projects into both databases
    .venv/bin/python bench/bench_dashboard.py --db sqlite
    .venv/bin/python bench/bench_dashboard.py --db postgresql [--clients 10] [--seconds 15]

Starts ``jixiao serve`` like bench_api.py (same database, same client) and drives, each for a
bounded time with N closed-loop keep-alive clients: ``GET /api/v1/dashboard`` (half of the
requests for everything, a quarter for one year, a quarter for one unit), ``GET
/api/v1/units`` (its first page: 100 of the 1,000 units), the HTML dashboard ``/`` and the
HTML units page ``/units`` (50 rows).  ``--cpu N`` instead requests each N times in this
process and prints the CPU time per request.  Prints p50/p95/p99 and throughput; target p95 < 100 ms.  The dashboard reads the
totals kept at write time (jixiao.store.totals): before them it took 0.6 s (PostgreSQL) and
1.4 s (SQLite) of one request's time at 100,000 tables.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import time
from pathlib import Path

from sqlalchemy.engine import make_url

sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_api import drive, prepare, report, resolve_db, run, sign_in, start_server  # noqa: E402

PATHS = ("/api/v1/dashboard", "/api/v1/units", "/", "/units")


def cpu_per_request(url: str, n: int) -> int:
    """Each path requested ``n`` times in this process (a test client, one worker thread): the
    median CPU time and wall time per request, the first (uncached) request apart — what a busy
    machine's neighbours disturb least."""
    os.environ["JIXIAO_DATABASE_URL"] = url
    from fastapi.testclient import TestClient

    from jixiao.app import factory

    with TestClient(factory(), base_url="https://testserver") as client:
        creds = {"username": "bench", "password": "bench-password"}
        token = client.post("/api/v1/auth/token", json=creds).json()["token"]
        client.post("/api/v1/auth/login", json=creds)
        headers = {"Authorization": f"Bearer {token}"}
        print(f"load average {os.getloadavg()[0]:.1f}")
        for path in PATHS:
            cpu, wall = [], []
            for _ in range(n + 1):
                c0, w0 = time.process_time(), time.perf_counter()
                r = client.get(path, headers=headers if path.startswith("/api") else None)
                cpu.append((time.process_time() - c0) * 1000)
                wall.append((time.perf_counter() - w0) * 1000)
                assert r.status_code == 200, (path, r.status_code)
            print(
                f"{path:20} first {cpu[0]:6.1f} ms CPU ({wall[0]:6.1f} wall); then median"
                f" {statistics.median(cpu[1:]):5.2f} ms CPU ({statistics.median(wall[1:]):5.2f} wall), {len(r.content):,} bytes"
            )
        print(f"load average afterwards {os.getloadavg()[0]:.1f}")
    return 0


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--db", default="postgresql", help="postgresql (jixiao_bench), sqlite or a URL")
    ap.add_argument("--clients", type=int, default=10)
    ap.add_argument("--seconds", type=float, default=15)
    ap.add_argument("--workers", type=int, default=max(2, (os.cpu_count() or 2)))
    ap.add_argument("--min-tables", type=int, default=100_000, help="load generated tables first when fewer")
    ap.add_argument(
        "--cpu",
        type=int,
        default=0,
        metavar="N",
        help="instead: N requests of each in this process, CPU ms each",
    )
    args = ap.parse_args()
    url = resolve_db(args.db)
    total, units = prepare(url, args.min_tables)
    if args.cpu:
        return cpu_per_request(url, args.cpu)
    print(
        f"database {make_url(url).render_as_string(hide_password=True)}: {total:,} projects; "
        f"{args.clients} clients, {args.workers} workers, {args.seconds:.0f} s per run; "
        f"load average {os.getloadavg()[0]:.1f}",
        flush=True,
    )
    proc = start_server(url, args.workers)
    try:
        bearer, cookie = sign_in()

        def dashboard(rnd: random.Random) -> str:
            roll = rnd.random()
            if roll < 0.25:
                return f"/api/v1/dashboard?year={rnd.randrange(2021, 2026)}"
            if roll < 0.5 and units:
                return f"/api/v1/dashboard?unit={rnd.choice(units)}"
            return "/api/v1/dashboard"

        ok = True
        for name, paths, headers in (
            ("GET /api/v1/dashboard", dashboard, bearer),
            ("GET /api/v1/units", lambda rnd: "/api/v1/units", bearer),
            ("GET / (HTML dashboard)", lambda rnd: "/", cookie),
            ("GET /units (HTML units page)", lambda rnd: "/units", cookie),
        ):
            time.sleep(1)
            ok &= report(name, *run(drive(paths, headers, args.clients, args.seconds)))
        print(f"load average afterwards {os.getloadavg()[0]:.1f}")
    finally:
        proc.terminate()
        proc.wait(timeout=30)
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
