"""The import queue on PostgreSQL: jobs queued in the database with procrastinate, run by
every ``jixiao worker`` (and, unless told not to, by the server) that reaches it.

A job's procrastinate task carries only the import job's id (:mod:`jixiao.store.jobs` holds
its file); the task hands it to this worker's import processes (:mod:`.pool`).  Workers on
many machines share the queue: procrastinate gives each job to one of them.  A worker sends a
heartbeat; the jobs of a worker silent for ``stalled_after`` seconds (killed, its machine
gone) are put back in the queue by any other worker (:meth:`ImportQueue.recover`), and the
import runs again — not twice, see :mod:`jixiao.actions.jobs`.  A job whose import raised
(the database away, say) is tried again, up to :data:`ATTEMPTS` times.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import threading
from typing import Any

import procrastinate
from sqlalchemy.engine import make_url

from .pool import ImportPool

log = logging.getLogger("jixiao.jobs")
QUEUE = "jixiao-imports"
TASK = "jixiao.import"
ATTEMPTS = 5  # tries of one job whose import raised
RETRY_WAIT = 5  # seconds between them
STALLED_AFTER = 30.0  # seconds without a heartbeat before a worker's jobs are taken back


def conninfo(url: str) -> str:
    """The libpq connection string of a SQLAlchemy PostgreSQL URL."""
    return make_url(url).set(drivername="postgresql").render_as_string(hide_password=False)


class ImportQueue:
    """The procrastinate app of one database, with the import task bound to ``pool``.

    Jobs are deferred through a second, synchronous app (:meth:`submit`): a request defers
    from whatever thread and event loop serves it, while the worker's connections belong to
    the loop that runs the worker."""

    def __init__(self, url: str, pool: ImportPool) -> None:
        self.url = url
        self.pool = pool
        connector = procrastinate.PsycopgConnector(conninfo=conninfo(url), min_size=1, max_size=4)
        self.app = procrastinate.App(connector=connector)
        sync = procrastinate.SyncPsycopgConnector(conninfo=conninfo(url), min_size=1, max_size=4)
        self.deferrer = procrastinate.App(connector=sync)
        self._deferrer_open = False
        self._lock = threading.Lock()
        self.task = self.app.task(
            name=TASK,
            queue=QUEUE,
            pass_context=True,
            retry=procrastinate.RetryStrategy(max_attempts=ATTEMPTS, wait=RETRY_WAIT),
        )(self._run)

    async def _run(self, context: procrastinate.JobContext, job_id: int) -> None:
        """The task: import job ``job_id`` in one of this worker's import processes."""
        try:
            await asyncio.wrap_future(self.pool.submit(job_id))
        except Exception:
            if context.job.attempts + 1 >= ATTEMPTS:  # the last try: the user is told
                log.exception("import job %s failed for good", job_id)
                with contextlib.suppress(Exception):
                    from .child import job_failed

                    await asyncio.to_thread(job_failed, self.url, job_id)
            raise

    async def open(self) -> None:
        """Open the worker's connections (in the event loop that will run :meth:`work`)."""
        await self.app.open_async()

    async def close(self) -> None:
        with contextlib.suppress(Exception):
            await self.app.close_async()
        await asyncio.to_thread(self.close_deferrer)

    def close_deferrer(self) -> None:
        with self._lock:
            if self._deferrer_open:
                self.deferrer.close()
                self._deferrer_open = False

    def submit(self, job_id: int) -> None:
        """Queue import job ``job_id`` (synchronous: call it from a thread)."""
        with self._lock:
            if not self._deferrer_open:
                self.deferrer.open()
                self._deferrer_open = True
        self.deferrer.configure_task(TASK, queue=QUEUE).defer(job_id=job_id)

    async def recover(self, stalled_after: float) -> int:
        """Put the jobs of workers silent for ``stalled_after`` seconds back in the queue."""
        manager = self.app.job_manager
        taken = 0
        for job in await manager.get_stalled_jobs(seconds_since_heartbeat=stalled_after, queue=QUEUE):
            try:
                await manager.retry_job(job)
                taken += 1
                log.warning("import job %s of a stalled worker queued again", job.task_kwargs)
            except Exception:  # noqa: BLE001 - another worker took it back first
                continue
        return taken

    async def work(
        self,
        concurrency: int = 1,
        *,
        stalled_after: float = STALLED_AFTER,
        install_signal_handlers: bool = False,
        name: str | None = None,
    ) -> None:
        """Run queued imports until cancelled (or, with signal handlers, until SIGINT/SIGTERM):
        the worker, and beside it the recovery of stalled workers' jobs.  A worker that loses
        the database starts again when it is back."""
        options: dict[str, Any] = {
            "queues": [QUEUE],
            "concurrency": max(1, concurrency),
            "install_signal_handlers": install_signal_handlers,
            "update_heartbeat_interval": max(0.5, stalled_after / 3),
            "stalled_worker_timeout": stalled_after,
            "delete_jobs": "successful",
        }
        if name:
            options["name"] = name
        recovery = asyncio.create_task(self._recover_forever(stalled_after))
        try:
            while True:
                try:
                    await self.app.run_worker_async(**options)
                    return  # stopped by a signal
                except asyncio.CancelledError:
                    raise
                except Exception:  # noqa: BLE001 - the database went away: wait and start again
                    log.warning("import worker stopped; starting again in %s s", RETRY_WAIT, exc_info=True)
                    await asyncio.sleep(RETRY_WAIT)
        finally:
            recovery.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await recovery

    async def _recover_forever(self, stalled_after: float) -> None:
        while True:
            await asyncio.sleep(max(0.5, stalled_after / 2))
            try:
                await self.recover(stalled_after)
            except Exception:  # noqa: BLE001 - the database away: next time
                log.debug("recovery of stalled jobs failed", exc_info=True)
