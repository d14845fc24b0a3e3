"""Import jobs on PostgreSQL: ``jixiao worker`` processes (real ones, started as a user would)
share one database's queue; every queued import is done exactly once, and the job of a worker
killed with SIGKILL mid-import is taken back and finished by another worker, not imported
twice.  And on both engines: the job body is the import action, and its progress is recorded."""

from __future__ import annotations

import importlib.util
import os
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import create_engine, text

from jixiao import actions
from jixiao.jobs.queue import ImportQueue
from jixiao.store import Store

ROOT = Path(__file__).resolve().parents[2]
GEN = ROOT / "bench" / "gen.py"
PG = pytest.mark.parametrize("db_url", ["postgresql"], indirect=True)


def _gen() -> Any:
    spec = importlib.util.spec_from_file_location("bench_gen", GEN)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _worker(url: str, name: str, *extra: str) -> subprocess.Popen[bytes]:
    """A ``jixiao worker`` in its own process group (so a kill takes its import processes too)."""
    env = {**os.environ, "JIXIAO_DATABASE_URL": url}
    return subprocess.Popen(
        [sys.executable, "-m", "jixiao", "worker", "--name", name, *extra],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        start_new_session=True,
    )


def _stop(proc: subprocess.Popen[bytes]) -> None:
    if proc.poll() is None:
        os.killpg(proc.pid, signal.SIGTERM)
        try:
            proc.wait(20)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait(10)


def _wait(store: Store, ids: list[int], seconds: float) -> list[dict[str, Any]]:
    deadline = time.monotonic() + seconds
    while True:
        jobs = [store.get_job(i) for i in ids]
        if all(j["status"] in ("done", "error") for j in jobs) or time.monotonic() > deadline:
            return jobs
        time.sleep(0.2)


def _queue(store: Store, queue: ImportQueue, path: Path) -> int:
    job = actions.queue_import(store, None, path.name, path.read_bytes())
    queue.submit(int(job["id"]))
    return int(job["id"])


def _import_counts(url: str) -> dict[str, int]:
    """Per stored file (sha256): how many ``import`` history rows its tables got."""
    engine = create_engine(url)
    with engine.connect() as conn:
        docs = conn.execute(text("SELECT count(*), count(DISTINCT sha256) FROM documents")).one()
    engine.dispose()
    return {"documents": int(docs[0]), "distinct": int(docs[1])}


@PG
def test_two_workers_do_twenty_queued_imports_each_exactly_once(db_url, tmp_path):
    gen = _gen()
    files = [gen.build_docx(n, tmp_path) for n in range(1, 21)]
    store = Store(db_url)
    queue = ImportQueue(db_url, pool=None)  # type: ignore[arg-type]  # only defers here
    ids = [_queue(store, queue, f) for f in files]
    queue.close_deferrer()
    workers = [_worker(db_url, "w1"), _worker(db_url, "w2")]
    try:
        jobs = _wait(store, ids, 240)
    finally:
        for w in workers:
            _stop(w)
    assert [j["status"] for j in jobs] == ["done"] * 20, [(j["name"], j["error"]) for j in jobs]
    assert all(j["attempts"] == 1 for j in jobs)
    assert all(j["result"]["status"] == "imported" for j in jobs)
    assert _import_counts(db_url) == {"documents": 20, "distinct": 20}
    assert len({j["document_id"] for j in jobs}) == 20
    store.close()


@PG
def test_a_worker_killed_mid_import_leaves_its_job_to_another(db_url, tmp_path):
    big = _gen().build_docx(300, tmp_path)
    store = Store(db_url)
    queue = ImportQueue(db_url, pool=None)  # type: ignore[arg-type]
    (job_id,) = [_queue(store, queue, big)]
    queue.close_deferrer()
    first = _worker(db_url, "doomed", "--stalled-after", "3")
    second = None
    try:
        deadline = time.monotonic() + 120
        while store.get_job(job_id)["status"] != "running":
            assert time.monotonic() < deadline, "the first worker never started the job"
            time.sleep(0.05)
        os.killpg(first.pid, signal.SIGKILL)  # the worker, its fork server and its import
        first.wait(10)
        assert store.get_job(job_id)["status"] == "running"  # left behind, not finished
        second = _worker(db_url, "rescuer", "--stalled-after", "3")
        (job,) = _wait(store, [job_id], 240)
    finally:
        _stop(first)
        if second is not None:
            _stop(second)
    assert job["status"] == "done", job
    assert job["attempts"] == 2  # tried again by the second worker
    assert job["result"]["status"] == "imported" and job["result"]["table_count"] == 300
    assert _import_counts(db_url) == {"documents": 1, "distinct": 1}
    store.close()


def test_the_job_body_is_the_import_and_records_its_progress(store, monkeypatch):
    seed = (ROOT / "tests" / "corpus" / "seed" / "seed.docx").read_bytes()
    seen: list[tuple[str, int]] = []
    real = store.job_progress

    def progress(job_id: int, stage: str, percent: int) -> None:
        seen.append((stage, percent))
        real(job_id, stage, percent)

    monkeypatch.setattr(store, "job_progress", progress)
    job = actions.queue_import(store, None, "seed.docx", seed)
    assert store.get_job(job["id"])["status"] == "queued"
    done = actions.run_import_job(store, job["id"])
    assert done is not None and done["status"] == "done" and done["progress"] == 100
    assert done["result"]["status"] == "imported" and done["result"]["table_count"] == 6
    assert [s for s, _ in seen][:2] == ["reading", "checking"] and "storing" in [s for s, _ in seen]
    assert actions.run_import_job(store, job["id"]) is None  # finished: nothing to do again
    again = actions.queue_import(store, None, "seed.docx", seed)
    assert actions.run_import_job(store, again["id"])["result"]["status"] == "duplicate"


@pytest.mark.parametrize(("setting", "lower_by"), [(None, 10), ("0", 0)])
def test_import_processes_run_at_a_lower_cpu_priority(tmp_path, monkeypatch, setting, lower_by):
    """Four large imports on a two-core server must not slow every page: an import process
    yields the CPU to the web workers (bench/bench_upload_memory.py measures the pages), as
    much as ``JIXIAO_IMPORT_NICE`` says (0: not at all)."""
    from jixiao.jobs.pool import ImportPool

    if setting is None:
        monkeypatch.delenv("JIXIAO_IMPORT_NICE", raising=False)
    else:
        monkeypatch.setenv("JIXIAO_IMPORT_NICE", setting)
    pool = ImportPool(f"sqlite:///{tmp_path / 'nice.db'}")
    try:
        child = pool._pool().submit(os.nice, 0).result(timeout=120)  # a process of the pool
    finally:
        pool.close()
    assert child == min(19, os.nice(0) + lower_by)
