"""Memory of large uploads: the 1,000,000-row .xlsx and the 20,000-table .docx, four at a time,
through the API of a real `jixiao serve`, with a concurrent `GET /api/v1/projects` loop.

    .venv/bin/python bench/bench_upload_memory.py [--db sqlite|postgresql|URL] [--rows 1000000]
                                                   [--tables 20000] [--processes 2]

Generates the two files once into bench/_data (the .docx with bench/gen.py from the seed; the
.xlsx written row by row with openpyxl's write-only mode: the seed's header, then one indicator
row per line).  Starts the server on 127.0.0.1:18181 (imports run as jobs in import processes,
``JIXIAO_IMPORT_PROCESSES``), uploads xlsx, docx, xlsx, docx at once, samples every 50 ms the
RSS of the server and of each of its child processes, and prints each upload's outcome, the
peak RSS of the server and of the largest import process, the CPU seconds of the server and
of its import processes (and their niceness, ``JIXIAO_IMPORT_NICE``), and the p50/p95 of the
list — first for 10 s with no upload (what the machine's load alone costs), then during them.
Targets: every upload refused or finished with peak worker RSS < 512 MB; list p95 < 200 ms.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import psutil

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "bench"))

from bench_api import resolve_db  # noqa: E402
from gen import build_docx  # noqa: E402

from jixiao.store import Store  # noqa: E402

PORT = 18181
DATA = ROOT / "bench" / "_data"
TARGET_RSS_MB = 512.0
TARGET_P95_MS = 200.0
IDLE_S = 10.0  # the list alone first, for this long


def build_xlsx_rows(rows: int, out: Path) -> Path:
    """One sheet: the seed's header lines, then ``rows`` indicator rows."""
    from openpyxl import Workbook

    target = out / f"rows-{rows}.xlsx"
    if target.exists():
        return target
    wb = Workbook(write_only=True)
    ws = wb.create_sheet("绩效目标表")
    ws.append(["项目支出绩效目标表"])
    ws.append(["项目名称", "大量行测试项目", "主管部门", "某局"])
    ws.append(["一级指标", "二级指标", "三级指标", "指标值"])
    for i in range(rows):
        ws.append(["产出指标", "数量指标", f"指标{i}", f"≥{i % 100}个"])
    wb.save(target)
    return target


def start_server(url: str, processes: int) -> subprocess.Popen[bytes]:
    env = {**os.environ, "JIXIAO_DATABASE_URL": url, "JIXIAO_IMPORT_PROCESSES": str(processes)}
    cmd = [
        sys.executable,
        "-m",
        "jixiao",
        "serve",
        "--port",
        str(PORT),
        "--url",
        url,
        "--log-level",
        "warning",
    ]
    proc = subprocess.Popen(cmd, env=env)
    for _ in range(600):
        try:
            if httpx.get(f"http://127.0.0.1:{PORT}/api/v1/health", timeout=1).status_code in (200, 503):
                return proc
        except httpx.HTTPError:
            pass
        if proc.poll() is not None:
            raise SystemExit("jixiao serve exited")
        time.sleep(0.1)
    proc.terminate()
    raise SystemExit("jixiao serve did not answer within 60 s")


class Sampler(threading.Thread):
    """Peak RSS (MB) of the server process and of the largest of its descendants; the CPU
    seconds each process used (the last sample of each), and the descendants' niceness."""

    def __init__(self, pid: int) -> None:
        super().__init__(daemon=True)
        self.root = psutil.Process(pid)
        self.server = 0.0
        self.worker = 0.0
        self.cpu: dict[int, float] = {}
        self.nice: set[int] = set()
        self.stop = threading.Event()

    def run(self) -> None:
        while not self.stop.is_set():
            try:
                self.server = max(self.server, self.root.memory_info().rss / 2**20)
                self.cpu[self.root.pid] = sum(self.root.cpu_times()[:2])
                for child in self.root.children(recursive=True):
                    try:
                        self.worker = max(self.worker, child.memory_info().rss / 2**20)
                        self.cpu[child.pid] = sum(child.cpu_times()[:2])
                        self.nice.add(child.nice())
                    except psutil.Error:
                        continue
            except psutil.Error:
                pass
            time.sleep(0.05)

    def cpu_split(self) -> tuple[float, float]:
        """CPU seconds of the server process, and of all its descendants together."""
        own = self.cpu.get(self.root.pid, 0.0)
        return own, sum(self.cpu.values()) - own


def p95(latencies: list[float]) -> float:
    return statistics.quantiles(latencies, n=20)[18] if len(latencies) >= 20 else max(latencies, default=0.0)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", default="sqlite")
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--tables", type=int, default=20_000)
    parser.add_argument("--processes", type=int, default=2)
    args = parser.parse_args()
    DATA.mkdir(parents=True, exist_ok=True)
    t0 = time.perf_counter()
    xlsx = build_xlsx_rows(args.rows, DATA)
    docx = DATA / f"tables-{args.tables}.docx"
    if not docx.exists():
        build_docx(args.tables, DATA)
    print(
        f"files: {xlsx.name} {xlsx.stat().st_size / 2**20:.1f} MB, {docx.name} "
        f"{docx.stat().st_size / 2**20:.1f} MB ({time.perf_counter() - t0:.0f} s)"
    )
    with fresh_database(args.db) as url:
        return run(url, args.processes, xlsx, docx)


@contextlib.contextmanager
def fresh_database(db: str) -> Iterator[str]:
    """An empty database of this run alone (as on SQLite, so the list pages are alike): a
    temporary SQLite file, or a PostgreSQL database made on JIXIAO_TEST_PG_URL's server and
    dropped afterwards (the shared ``jixiao_bench`` holds other benches' 100,000 tables)."""
    if db == "sqlite":
        yield f"sqlite:///{tempfile.mkdtemp(prefix='jx-mem-')}/bench.db"
        return
    if db != "postgresql":
        yield resolve_db(db)
        return
    from sqlalchemy import create_engine, text
    from sqlalchemy.engine import make_url

    server = make_url(resolve_db("postgresql"))
    name = f"jixiao_upmem_{os.getpid()}"
    admin = create_engine(server.set(database="postgres"), isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        yield server.set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


def run(url: str, processes: int, xlsx: Path, docx: Path) -> int:
    with Store(url, upgrade=True) as store:
        if all(u.username != "bench" for u in store.list_users()):
            store.add_user("bench", "bench-password-1", "admin")
    proc = start_server(url, processes)
    sampler = Sampler(proc.pid)
    sampler.start()
    base = f"http://127.0.0.1:{PORT}/api/v1"
    try:
        token = httpx.post(f"{base}/auth/token", json={"username": "bench", "password": "bench-password-1"})
        headers = {"Authorization": f"Bearer {token.json()['token']}"}
        outcomes: list[str] = []
        latencies: list[float] = []
        done = threading.Event()

        def upload(path: Path) -> None:
            started = time.perf_counter()
            with httpx.Client(timeout=900) as c:
                r = c.post(
                    f"{base}/documents",
                    params={"wait": 600},
                    headers=headers,
                    files={"files": (path.name, path.read_bytes(), "application/octet-stream")},
                )
            body: dict[str, Any] = r.json()
            item = (body.get("items") or [{}])[0]
            what = item.get("status") or body.get("error")
            took = time.perf_counter() - started
            outcomes.append(
                f"{path.name}: HTTP {r.status_code} in {took:.1f} s {what} {str(item.get('error') or '')[:90]}"
            )

        def lister(into: list[float], until: threading.Event) -> None:
            with httpx.Client(timeout=60) as c:
                while not until.is_set():
                    start = time.perf_counter()
                    c.get(f"{base}/projects", headers=headers)
                    into.append((time.perf_counter() - start) * 1000)
                    time.sleep(0.02)

        idle: list[float] = []  # the same loop with no upload: what the machine's load alone costs
        quiet = threading.Event()
        threading.Timer(IDLE_S, quiet.set).start()
        lister(idle, quiet)
        listing = threading.Thread(target=lister, args=(latencies, done))
        listing.start()
        uploads = [threading.Thread(target=upload, args=(p,)) for p in (xlsx, docx, xlsx, docx)]
        t1 = time.perf_counter()
        for u in uploads:
            u.start()
        for u in uploads:
            u.join()
        elapsed = time.perf_counter() - t1
        done.set()
        listing.join()
    finally:
        sampler.stop.set()
        proc.terminate()
        proc.wait(30)
    for line in outcomes:
        print(line)
    server_cpu, import_cpu = sampler.cpu_split()
    print(
        f"uploads: {elapsed:.1f} s for 4; peak RSS: server {sampler.server:.0f} MB, "
        f"largest import process {sampler.worker:.0f} MB (target < {TARGET_RSS_MB:.0f})"
    )
    print(
        f"CPU: server {server_cpu:.1f} s, import processes {import_cpu:.1f} s "
        f"(niceness {sorted(sampler.nice)}); load average {os.getloadavg()[0]:.1f}"
    )
    print(
        f"GET /projects before the uploads: n={len(idle)} p50={statistics.median(idle):.1f} ms "
        f"p95={p95(idle):.1f} ms (the machine's load alone)"
    )
    during = p95(latencies)
    print(
        f"GET /projects during the uploads: n={len(latencies)} p50={statistics.median(latencies):.1f} ms "
        f"p95={during:.1f} ms (target < {TARGET_P95_MS:.0f})"
    )
    ok = max(sampler.server, sampler.worker) < TARGET_RSS_MB and during < TARGET_P95_MS
    print("PASS" if ok else "FAIL")
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
