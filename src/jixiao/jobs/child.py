"""What runs inside an import process (:mod:`.pool`): the job's body, on a store opened once
per process.  Imported by the fork server, so every child starts with jixiao loaded."""

from __future__ import annotations

from typing import Any

from .. import actions
from ..store import Store
from ..text import bi

_STORES: dict[str, Store] = {}


def _store(url: str) -> Store:
    store = _STORES.get(url)
    if store is None:
        store = _STORES[url] = Store(url)
    return store


def run_job(url: str, job_id: int, stale_after: float = 0.0) -> dict[str, Any] | None:
    """Run import job ``job_id`` of the database ``url`` (:func:`jixiao.actions.run_import_job`)."""
    return actions.run_import_job(_store(url), job_id, stale_after=stale_after)


def job_died(url: str, job_id: int) -> dict[str, Any] | None:
    """Called in the parent when a process of its pool died: a job that was running is
    recorded as failed (the finished job); None when it had not started (run it again)."""
    store = _store(url)
    if store.get_job(job_id)["status"] != "running":
        return None
    return actions.fail_import_job(
        store,
        job_id,
        bi(
            "导入进程意外退出（内存不足或被终止），未导入任何内容",
            "the import process died (out of memory or killed); nothing was stored",
        ),
    )


def job_failed(url: str, job_id: int) -> dict[str, Any]:
    """The last try of a job raised: recorded as failed, so its user is told."""
    return actions.fail_import_job(
        _store(url), job_id, bi("导入失败，已多次重试", "the import failed after several tries")
    )
