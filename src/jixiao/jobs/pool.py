"""The import processes: a pool of worker processes, each recycled after a few jobs.

Reading a large file takes memory that CPython keeps once it has it: an idle worker kept the
3 GB a 20,000-table .docx had taken.  Here each import runs in a child process that exits
after ``jobs_per_process`` jobs (default 1), so whatever an import took is given back to the
system when it ends; the server or ``jixiao worker`` that owns the pool stays small.

Children start from a fork server that has imported jixiao once (a child is a fork of it:
milliseconds, not the second it takes to import), never from the parent itself (the server's
threads, sockets and database connections are not forked).  A child dies with its parent:
a worker killed mid-job does not leave an import running that could commit after its job
was handed to another worker.  Children run at a lower CPU priority than the server
(``JIXIAO_IMPORT_NICE``, default 10): on a machine with few cores four large imports at once must not
slow every page (bench/bench_upload_memory.py).
"""

from __future__ import annotations

import ctypes
import logging
import multiprocessing
import os
import signal
import sys
import threading
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from typing import Any

from ..env import env_int

log = logging.getLogger("jixiao.jobs")
PRELOAD = ["jixiao.jobs.child"]
IMPORT_NICENESS = 10  # default of JIXIAO_IMPORT_NICE (see import_niceness)
_PR_SET_PDEATHSIG = 1


def _die_with_parent() -> None:
    """Linux: SIGKILL this process when its parent (the fork server) goes."""
    if sys.platform.startswith("linux"):
        try:
            ctypes.CDLL("libc.so.6", use_errno=True).prctl(_PR_SET_PDEATHSIG, signal.SIGKILL)
        except OSError:  # pragma: no cover - no libc by that name
            pass


def import_niceness() -> int:
    """How much lower an import process's CPU priority is than its server's:
    ``JIXIAO_IMPORT_NICE`` (0 … 19), default ``IMPORT_NICENESS``."""
    return min(19, max(0, env_int("JIXIAO_IMPORT_NICE", IMPORT_NICENESS)))


def _init_child(niceness: int) -> None:
    """Each import process: it dies with its parent, and it runs at a lower CPU priority
    (``os.nice``), so a busy import gives the CPU up to the web workers when they have
    requests to answer: an import takes seconds, a page should take milliseconds."""
    _die_with_parent()
    if niceness and hasattr(os, "nice"):
        try:
            os.nice(niceness)
        except OSError:  # pragma: no cover - a platform that refuses
            pass


def _context() -> Any:
    ctx = multiprocessing.get_context("forkserver")
    ctx.set_forkserver_preload(PRELOAD)
    return ctx


class ImportPool:
    """``processes`` import processes for the database ``url``; :meth:`submit` runs a job."""

    def __init__(self, url: str, processes: int = 1, jobs_per_process: int = 1) -> None:
        self.url = url
        self.processes = max(1, processes)
        self.jobs_per_process = max(1, jobs_per_process)
        self.niceness = import_niceness()
        self._lock = threading.Lock()
        self._executor: ProcessPoolExecutor | None = None

    def _pool(self) -> ProcessPoolExecutor:
        with self._lock:
            if self._executor is None:
                self._executor = ProcessPoolExecutor(
                    max_workers=self.processes,
                    mp_context=_context(),
                    max_tasks_per_child=self.jobs_per_process,
                    initializer=_init_child,
                    initargs=(self.niceness,),
                )
            return self._executor

    def submit(self, job_id: int, stale_after: float = 0.0) -> Future[dict[str, Any] | None]:
        """Run job ``job_id`` in an import process: the finished job (None: nothing to do).
        When a process of the pool dies (killed, out of memory), the job it ran is recorded
        as failed, and the jobs the pool still held go to a fresh pool."""
        outer: Future[dict[str, Any] | None] = Future()
        self._start(outer, job_id, stale_after)
        return outer

    def _start(self, outer: Future[dict[str, Any] | None], job_id: int, stale_after: float) -> None:
        from . import child

        executor = self._pool()
        try:
            inner = executor.submit(child.run_job, self.url, job_id, stale_after)
        except BrokenProcessPool:
            self._reset(executor)
            executor = self._pool()
            inner = executor.submit(child.run_job, self.url, job_id, stale_after)

        def done(f: Future[dict[str, Any] | None]) -> None:
            exc = f.exception()
            if not isinstance(exc, BrokenProcessPool):
                if exc is not None:
                    outer.set_exception(exc)
                else:
                    outer.set_result(f.result())
                return
            self._reset(executor)
            try:
                died = child.job_died(self.url, job_id)
            except Exception as again:  # noqa: BLE001 - the database may be down as well
                outer.set_exception(again)
                return
            if died is not None:
                log.error("the import process of job %s died", job_id)
                outer.set_result(died)
            else:
                self._start(outer, job_id, stale_after)

        inner.add_done_callback(done)

    def _reset(self, broken: ProcessPoolExecutor) -> None:
        """Drop the pool ``broken`` (when it is still the current one)."""
        with self._lock:
            if self._executor is not broken:
                return
            self._executor = None
        broken.shutdown(wait=False, cancel_futures=False)

    def close(self) -> None:
        with self._lock:
            old, self._executor = self._executor, None
        if old is not None:
            old.shutdown(wait=True, cancel_futures=True)
