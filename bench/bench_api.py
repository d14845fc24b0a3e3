"""Load benchmark of the project list: 50 concurrent clients on loopback against `jixiao serve`.

    export JIXIAO_TEST_PG_URL=$(scripts/pg.sh)
    .venv/bin/python bench/bench_store.py                # loads 100 000 tables into jixiao_bench
    .venv/bin/python bench/bench_api.py [--db postgresql|sqlite|URL] [--clients 50] [--seconds 20] [--workers N]

Starts ``jixiao serve`` (several uvicorn workers) on 127.0.0.1:18180, signs in a bench user
(bearer token for the API, session cookie for the page), then drives
``GET /api/v1/projects`` (random pages, some filtered by unit or year), the HTML list page
``/projects`` and the deprecated ``GET /api/v1/tables``, each for a bounded time with N concurrent clients
(a minimal asyncio HTTP/1.1 keep-alive client on uvloop).  Prints p50/p95/p99 latency and throughput.  Target: p95 < 100 ms.
The client runs on the same machine, so its own CPU use is part of the measured latency.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import random
import statistics
import subprocess
import sys
import time
from collections.abc import Callable, Coroutine
from pathlib import Path
from typing import Any, TypeVar

import httpx
from sqlalchemy.engine import make_url

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from jixiao.errors import ConfigError  # noqa: E402
from jixiao.store import Store  # noqa: E402

PORT = 18180
T = TypeVar("T")
TARGET_P95_MS = 100.0


def resolve_db(db: str) -> str:
    if db == "sqlite":
        return "sqlite:////tmp/jixiao-bench.db"
    if db == "postgresql":
        server = os.environ.get("JIXIAO_TEST_PG_URL")
        if not server:
            raise SystemExit("JIXIAO_TEST_PG_URL is not set: export JIXIAO_TEST_PG_URL=$(scripts/pg.sh)")
        return make_url(server).set(database="jixiao_bench").render_as_string(hide_password=False)
    return db


def prepare(url: str, min_tables: int) -> tuple[int, list[str]]:
    store = Store(url, upgrade=True)
    try:
        store.add_user("bench", "bench-password", "admin")
    except ConfigError:
        store.set_password("bench", "bench-password")
    _, total = store.list_tables(per_page=1)
    if total < min_tables:
        sys.path.insert(0, str(ROOT / "bench"))
        from bench_store import generate

        print(f"loading {min_tables - total:,} tables first …", flush=True)
        store.bulk_load(generate(min_tables - total), validate=False)
        total = min_tables
    units = [u["code"] for u in store.units()][:200]
    store.close()
    return total, units


def start_server(url: str, workers: int) -> subprocess.Popen:
    env = {**os.environ, "JIXIAO_DATABASE_URL": url}
    exe = Path(sys.executable).with_name("jixiao")
    proc = subprocess.Popen(
        [
            str(exe),
            "serve",
            "--host",
            "127.0.0.1",
            "--port",
            str(PORT),
            "--workers",
            str(workers),
            "--log-level",
            "warning",
        ],
        env=env,
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            if httpx.get(f"http://127.0.0.1:{PORT}/api/v1/health", timeout=2).status_code == 200:
                return proc
        except httpx.TransportError:
            time.sleep(0.3)
        if proc.poll() is not None:
            raise SystemExit("jixiao serve exited")
    proc.terminate()
    raise SystemExit("jixiao serve did not answer within 60 s")


class Connection:
    """A minimal keep-alive HTTP/1.1 client on one socket (GET only, Content-Length bodies).

    httpx spends ~10 ms of CPU per request at this concurrency, which on a small machine
    would be measured as server latency; this costs a fraction of a millisecond."""

    def __init__(self, headers: dict[str, str]) -> None:
        self.extra = "".join(f"{k}: {v}\r\n" for k, v in headers.items())
        self.reader: asyncio.StreamReader | None = None
        self.writer: asyncio.StreamWriter | None = None

    async def get(self, path: str) -> int:
        if self.writer is None:
            self.reader, self.writer = await asyncio.open_connection("127.0.0.1", PORT)
        self.writer.write(f"GET {path} HTTP/1.1\r\nHost: 127.0.0.1:{PORT}\r\n{self.extra}\r\n".encode())
        await self.writer.drain()
        head = await self.reader.readuntil(b"\r\n\r\n")
        lines = head.decode("latin-1").split("\r\n")
        status = int(lines[0].split(" ", 2)[1])
        length = 0
        for line in lines[1:]:
            name, _, value = line.partition(":")
            if name.lower() == "content-length":
                length = int(value)
        await self.reader.readexactly(length)
        return status

    def close(self) -> None:
        if self.writer is not None:
            self.writer.close()


def run(coro: Coroutine[Any, Any, T]) -> T:
    """Run the load clients on uvloop when installed (jixiao's server dependencies bring it):
    the client shares the machine with the server, so the less CPU it takes the better."""
    try:
        import uvloop
    except ImportError:  # pragma: no cover - Windows
        return asyncio.run(coro)
    with asyncio.Runner(loop_factory=uvloop.new_event_loop) as runner:
        return runner.run(coro)


async def drive(make_url_fn, headers: dict, clients: int, seconds: float) -> tuple[list[float], int, float]:
    latencies: list[float] = []
    errors = 0
    stop = time.perf_counter() + seconds

    async def worker(seed: int) -> None:
        nonlocal errors
        rnd = random.Random(seed)
        conn = Connection(headers)
        try:
            while time.perf_counter() < stop:
                path = make_url_fn(rnd)
                t0 = time.perf_counter()
                try:
                    ok = await conn.get(path) == 200
                except (OSError, asyncio.IncompleteReadError, ValueError):
                    conn.close()
                    conn = Connection(headers)
                    ok = False
                latencies.append((time.perf_counter() - t0) * 1000)
                errors += not ok
        finally:
            conn.close()

    t0 = time.perf_counter()
    await asyncio.gather(*(worker(i) for i in range(clients)))
    return latencies, errors, time.perf_counter() - t0


def report(name: str, lat: list[float], errors: int, elapsed: float) -> bool:
    q = statistics.quantiles(lat, n=100, method="inclusive")
    p50, p95, p99 = q[49], q[94], q[98]
    ok = p95 < TARGET_P95_MS and errors == 0
    print(
        f"{name}: {len(lat):,} requests in {elapsed:.1f} s = {len(lat) / elapsed:,.0f} req/s; "
        f"p50 {p50:.1f} ms  p95 {p95:.1f} ms  p99 {p99:.1f} ms  errors {errors}"
    )
    print(f"  {'PASS' if ok else 'FAIL'}  p95 < {TARGET_P95_MS:.0f} ms, no errors")
    return ok


def sign_in() -> tuple[dict[str, str], dict[str, str]]:
    """The bench user's headers: a bearer token for the API, a session cookie for the pages."""
    creds = {"username": "bench", "password": "bench-password"}
    token = httpx.post(f"http://127.0.0.1:{PORT}/api/v1/auth/token", json=creds).json()["token"]
    login = httpx.post(f"http://127.0.0.1:{PORT}/api/v1/auth/login", json=creds)
    cookie = "; ".join(f"{k}={v}" for k, v in dict(login.cookies).items())
    return {"Authorization": f"Bearer {token}"}, {"Cookie": cookie}


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument(
        "--db", default="postgresql", help="postgresql (jixiao_bench), sqlite (/tmp/jixiao-bench.db) or a URL"
    )
    ap.add_argument("--clients", type=int, default=50)
    ap.add_argument("--seconds", type=float, default=20)
    ap.add_argument("--workers", type=int, default=max(2, (os.cpu_count() or 2)))
    ap.add_argument("--min-tables", type=int, default=100_000, help="load generated tables first when fewer")
    args = ap.parse_args()
    url = resolve_db(args.db)
    total, units = prepare(url, args.min_tables)
    pages = max(1, min(total // 50, 200))
    print(
        f"database {make_url(url).render_as_string(hide_password=True)}: {total:,} tables; "
        f"{args.clients} clients, {args.workers} workers, {args.seconds:.0f} s per run"
    )
    proc = start_server(url, args.workers)
    try:
        bearer, cookie_header = sign_in()

        def list_url(path: str) -> Callable[[random.Random], str]:
            def url(rnd: random.Random) -> str:
                roll = rnd.random()
                if roll < 0.2 and units:
                    return f"{path}?unit={rnd.choice(units)}&per_page=50"
                if roll < 0.4:
                    return f"{path}?year={rnd.randrange(2021, 2026)}&page={rnd.randrange(1, 20)}&per_page=50"
                return f"{path}?page={rnd.randrange(1, pages + 1)}&per_page=50"

            return url

        ok = report(
            "GET /api/v1/projects",
            *run(drive(list_url("/api/v1/projects"), bearer, args.clients, args.seconds)),
        )

        def page_url(rnd: random.Random) -> str:
            return f"/projects?p={rnd.randrange(1, min(pages, 50) + 1)}"

        ok &= report(
            "GET /projects (HTML list page)", *run(drive(page_url, cookie_header, args.clients, args.seconds))
        )
        ok &= report(
            "GET /api/v1/tables (deprecated)",
            *run(drive(list_url("/api/v1/tables"), bearer, args.clients, args.seconds)),
        )
    finally:
        proc.terminate()
        proc.wait(timeout=30)
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
