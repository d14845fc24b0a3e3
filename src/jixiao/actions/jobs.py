"""导入任务: an import as a job — queued by the request that received the file, run by a
worker process, watched by the user.

:func:`queue_import` is what ``POST /api/v1/documents`` and the web's ``/import`` call: the
user's permission is checked before anything else, then the file is recorded as a queued job
(:mod:`jixiao.store.jobs`) for a runner to start (:mod:`jixiao.jobs`).  :func:`run_import_job`
is the job's body, run by a worker: it is :func:`~jixiao.actions.import_file` (no second copy
of the import), told to report each stage to the job's row, and its result kept there.

A job tried again after its worker died is never imported twice: the import writes the job's
document in its own transaction, and a try that finds it there only reports what that import
stored.
"""

from __future__ import annotations

import hashlib
import logging
import time
from pathlib import Path
from typing import Any

from ..store import Store, User
from ..store.permissions import require_import
from ..text import bi
from . import importing
from .importing import FileImport, imported_before

log = logging.getLogger("jixiao.jobs")
PROGRESS_EVERY = 0.5  # seconds between two progress writes of one stage


def queue_import(
    store: Store,
    user: User | None,
    name: str,
    data: bytes,
    *,
    unit: str | None = None,
    year: int | None = None,
) -> dict[str, Any]:
    """Queue one file's import for ``user`` (PermissionDenied for a viewer, before anything
    is stored); the job as its user sees it.  The caller hands its id to a runner."""
    require_import(user)
    name = Path(name.replace("\x00", "")).name or "upload"  # (a NUL in a file's name says nothing)
    return store.queue_job(user, name, data, hashlib.sha256(data).hexdigest(), unit=unit, year=year)


def run_import_job(store: Store, job_id: int, *, stale_after: float = 0.0) -> dict[str, Any] | None:
    """Run import job ``job_id`` (a worker calls this): the finished job, or None when there
    was nothing to do (finished already, or running elsewhere for less than ``stale_after``
    seconds)."""
    claimed = store.claim_job(job_id, stale_after=stale_after)
    if claimed is None:
        return None
    job, data, user_id = claimed
    user = store.get_user(user_id) if user_id is not None else None
    last: dict[str, Any] = {"at": 0.0, "stage": ""}

    def progress(stage: str, percent: int) -> None:
        moment = time.monotonic()
        if stage == last["stage"] and moment - last["at"] < PROGRESS_EVERY:
            return
        last.update(at=moment, stage=stage)
        store.job_progress(job_id, stage, percent)

    done = store.job_document(job_id)
    if done is not None:  # an earlier try committed the import, then its worker died
        result = imported_before(store, user, job["name"], job.get("sha256"), done, status="imported")
    elif data is None:
        result = FileImport(
            job["name"], "error", error=bi("导入任务的文件已不存在", "the job's file is gone")
        )
    else:
        result = importing.import_file(  # looked up when called: the one import action
            store,
            user,
            job["name"],
            data,
            unit=job.get("unit"),
            year=job.get("year"),
            progress=progress,
            job_id=job_id,
        )
    return store.finish_job(job_id, result.to_dict(), failed=not result.ok)


def fail_import_job(store: Store, job_id: int, error: str) -> dict[str, Any]:
    """Record that job ``job_id`` could not run to its end (its process died)."""
    job = store.get_job(job_id)
    result = FileImport(job["name"], "error", error=error)
    return store.finish_job(job_id, result.to_dict(), failed=True)


__all__ = ["fail_import_job", "queue_import", "run_import_job"]
