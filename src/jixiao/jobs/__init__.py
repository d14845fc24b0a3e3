"""Import jobs (导入任务): heavy imports run outside the request that received the file.

========================  =====================================================================
database                  who runs the imports
========================  =====================================================================
SQLite                    a pool of import processes owned by each server process
                          (:class:`LocalRunner`)
PostgreSQL                the procrastinate queue in the database (:class:`QueueRunner`):
                          every ``jixiao worker``, on any machine, and the server itself
                          (unless ``JIXIAO_IMPORT_WORKER=0``)
========================  =====================================================================

Either way an import runs in a process that is recycled after ``JIXIAO_JOBS_PER_PROCESS``
jobs (:mod:`.pool`), so its memory goes back to the system; a request only records the file
(:func:`jixiao.actions.queue_import`), hands the job over and waits for it without holding a
thread (:func:`wait_for_jobs`) — a slow import delays no one else's page.  The job's body is
:func:`jixiao.actions.run_import_job`.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import AsyncIterator
from typing import Any, Protocol

import anyio.to_thread

from ..store import Store, User
from .pool import ImportPool

log = logging.getLogger("jixiao.jobs")
LOCAL_STALE_AFTER = 600.0  # a local job "running" this long when a server starts was orphaned


class Runner(Protocol):
    """Starts import jobs: :meth:`submit` a queued job's id."""

    async def start(self) -> None: ...

    async def submit(self, job_id: int) -> None: ...

    async def stop(self) -> None: ...


class LocalRunner:
    """SQLite: this server process's own pool of import processes.  At start, jobs another
    process of this server queued and never ran (it stopped) are run."""

    def __init__(self, store: Store, processes: int = 1, jobs_per_process: int = 1) -> None:
        self.store = store
        self.pool = ImportPool(store.url, processes, jobs_per_process)

    async def start(self) -> None:
        left = await anyio.to_thread.run_sync(self.store.unfinished_jobs, LOCAL_STALE_AFTER)
        for job_id in left:
            self.pool.submit(job_id, stale_after=LOCAL_STALE_AFTER)

    async def submit(self, job_id: int) -> None:
        self.pool.submit(job_id)

    async def stop(self) -> None:
        await anyio.to_thread.run_sync(self.pool.close)


class QueueRunner:
    """PostgreSQL: jobs go into procrastinate's queue; with ``work``, this process also runs
    ``processes`` of them at a time (as a ``jixiao worker`` does)."""

    def __init__(
        self, store: Store, processes: int = 1, jobs_per_process: int = 1, work: bool = True
    ) -> None:
        from .queue import ImportQueue

        self.processes = max(1, processes)
        self.pool = ImportPool(store.url, self.processes, jobs_per_process)
        self.queue = ImportQueue(store.url, self.pool)
        self.work = work
        self._worker: asyncio.Task[None] | None = None

    async def start(self) -> None:
        if self.work:
            await self.queue.open()
            self._worker = asyncio.create_task(self.queue.work(self.processes), name="jixiao import worker")

    async def submit(self, job_id: int) -> None:
        await anyio.to_thread.run_sync(self.queue.submit, job_id)

    async def stop(self) -> None:
        if self._worker is not None:
            self._worker.cancel()
            with contextlib.suppress(asyncio.CancelledError, Exception):
                await self._worker
            self._worker = None
        await self.queue.close()
        await anyio.to_thread.run_sync(self.pool.close)


_STARTED: dict[int, int] = {}  # id(runner) → lifespans inside which it runs


@contextlib.asynccontextmanager
async def running(runner: Runner) -> AsyncIterator[Runner]:
    """``runner`` started for the length of an app's lifespan.  Lifespans of one app may
    nest (two test clients, say): the first starts it, the last to end stops it."""
    key = id(runner)
    _STARTED[key] = _STARTED.get(key, 0) + 1
    try:
        if _STARTED[key] == 1:
            await runner.start()
        yield runner
    finally:
        _STARTED[key] -= 1
        if _STARTED[key] == 0:
            del _STARTED[key]
            await runner.stop()


def runner_for(store: Store, processes: int = 1, jobs_per_process: int = 1, work: bool = True) -> Runner:
    """The runner for ``store``'s database (see the module doc)."""
    if store.dialect == "postgresql":
        return QueueRunner(store, processes, jobs_per_process, work)
    return LocalRunner(store, processes, jobs_per_process)


async def wait_for_jobs(
    store: Store, user: User | None, ids: list[int], timeout: float
) -> list[dict[str, Any]]:
    """The jobs ``ids`` as ``user`` sees them, once all are finished or ``timeout`` seconds
    have passed (whichever is first).  Waits without holding a thread."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + max(0.0, timeout)
    pause = 0.05
    while True:
        jobs = await anyio.to_thread.run_sync(lambda: [store.get_job(i, user) for i in ids])
        if all(j["status"] in ("done", "error") for j in jobs) or loop.time() >= deadline:
            return jobs
        await asyncio.sleep(min(pause, max(0.0, deadline - loop.time())))
        pause = min(pause * 1.5, 0.5)


async def start_imports(
    store: Store,
    runner: Runner,
    user: User | None,
    files: list[tuple[str, bytes]],
    *,
    unit: str | None = None,
    year: int | None = None,
) -> list[int]:
    """Queue one import job per file (:func:`jixiao.actions.queue_import`: the user's
    permission first) and hand each to ``runner``; their ids."""
    from .. import actions

    def queue(name: str, data: bytes) -> dict[str, Any]:
        return actions.queue_import(store, user, name, data, unit=unit, year=year)

    ids = []
    for name, data in files:
        job = await anyio.to_thread.run_sync(queue, name, data)
        await runner.submit(job["id"])
        ids.append(int(job["id"]))
    return ids


__all__ = ["LocalRunner", "QueueRunner", "Runner", "runner_for", "running", "start_imports", "wait_for_jobs"]
