"""Import jobs (导入任务): the rows that carry an uploaded file from the request that received
it to the process that imports it, and its progress and result back to the user.

A job is ``queued`` (its file in ``data``), ``running`` (claimed by a worker; ``stage`` and
``progress`` say how far), then ``done`` or ``error`` (``result``; the file is dropped).  A
worker claims a job with :meth:`JobsMixin.claim_job`; a job whose worker died is claimed again
(``attempts`` counts the tries).  The import itself writes the job's ``document_id`` in its own
transaction (:meth:`jixiao.store.Store.import_document`'s ``job_id``), so a retried job whose
import had committed is finished from that, never imported twice.  Who runs the jobs (a
process pool, a queue) is not the store's business.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any, cast

from sqlalchemy import CursorResult, delete, func, or_, select, update

from ..errors import NotFound
from ..text import bi, from_stored, stored
from .base import StoreBase
from .schema import ImportJobRow
from .tables import _iso
from .users import User, now

ACTIVE = ("queued", "running")
KEEP_DAYS = 30  # finished jobs older than this are removed when new ones are queued


def job_dict(row: ImportJobRow) -> dict[str, Any]:
    """What a user sees of a job (never its file)."""
    return {
        "id": row.id,
        "name": row.name,
        "size": row.size,
        "status": row.status,
        "stage": row.stage,
        "progress": row.progress,
        "attempts": row.attempts,
        "document_id": row.document_id,
        "result": _result(row.result),
        "error": row.error,
        "created_at": _iso(row.created_at),
        "started_at": _iso(row.started_at),
        "finished_at": _iso(row.finished_at),
    }


class JobsMixin(StoreBase):
    """Import-job methods of :class:`jixiao.store.Store`."""

    def queue_job(
        self,
        user: User | None,
        name: str,
        data: bytes,
        sha256: str,
        *,
        unit: str | None = None,
        year: int | None = None,
    ) -> dict[str, Any]:
        """Record an uploaded file as a queued job (the caller checked the user may import)."""
        with self.session() as s, s.begin():
            row = ImportJobRow(
                user_id=user.id if user else None,
                name=name,
                size=len(data),
                sha256=sha256,
                unit=unit,
                year=year,
                status="queued",
                stage="queued",
                progress=0,
                attempts=0,
                data=data,
                created_at=now(),
            )
            s.add(row)
            s.flush()
            return job_dict(row)

    def claim_job(
        self, job_id: int, stale_after: float = 0.0
    ) -> tuple[dict[str, Any], bytes | None, int | None] | None:
        """Take a queued job to run — or a running one whose worker died (the queue says so; a
        local runner: when it started over ``stale_after`` seconds ago): its view, its file and
        its user's id.  None when it is finished, or running elsewhere."""
        started = datetime.fromtimestamp(now().timestamp() - stale_after, UTC)
        with self.session() as s, s.begin():
            res = s.execute(
                update(ImportJobRow)
                .where(
                    ImportJobRow.id == job_id,
                    or_(
                        ImportJobRow.status == "queued",
                        (ImportJobRow.status == "running") & (ImportJobRow.started_at <= started),
                    ),
                )
                .values(
                    status="running",
                    stage="reading",
                    progress=5,
                    attempts=ImportJobRow.attempts + 1,
                    started_at=now(),
                )
                .execution_options(synchronize_session=False)
            )
            if cast("CursorResult[Any]", res).rowcount != 1:
                return None
            row = s.scalar(
                select(ImportJobRow)
                .where(ImportJobRow.id == job_id)
                .execution_options(populate_existing=True)
            )
            assert row is not None
            return (
                job_dict(row) | {"unit": row.unit, "year": row.year, "sha256": row.sha256},
                row.data,
                row.user_id,
            )

    def job_progress(self, job_id: int, stage: str, progress: int) -> None:
        """Record how far a running job got (0–100)."""
        with self.session() as s, s.begin():
            s.execute(
                update(ImportJobRow)
                .where(ImportJobRow.id == job_id, ImportJobRow.status == "running")
                .values(stage=stage, progress=max(0, min(100, int(progress))))
            )

    def finish_job(self, job_id: int, result: dict[str, Any], *, failed: bool = False) -> dict[str, Any]:
        """A job is over: its result kept, its file dropped."""
        with self.session() as s, s.begin():
            s.execute(
                update(ImportJobRow)
                .where(ImportJobRow.id == job_id)
                .values(
                    status="error" if failed else "done",
                    stage="done",
                    progress=100,
                    result={**result, "error": stored(result.get("error"))},
                    error=str(result.get("error") or "") or None if failed else None,
                    document_id=result.get("document_id"),
                    data=None,
                    finished_at=now(),
                )
            )
            row = s.scalar(
                select(ImportJobRow)
                .where(ImportJobRow.id == job_id)
                .execution_options(populate_existing=True)
            )
            if row is None:
                raise NotFound(bi(f"导入任务 {job_id} 不存在", f"import job {job_id} not found"))
            return job_dict(row)

    def get_job(self, job_id: int, user: User | None = None) -> dict[str, Any]:
        """A job, to its own user (admins and the command line: any)."""
        with self.session() as s:
            row = s.get(ImportJobRow, job_id)
            if row is None or not _may_see(user, row):
                raise NotFound(bi(f"导入任务 {job_id} 不存在或无权查看", f"import job {job_id} not found"))
            return job_dict(row)

    def list_jobs(
        self, user: User | None = None, page: int = 1, per_page: int = 50, active: bool = False
    ) -> tuple[list[dict[str, Any]], int]:
        """A user's jobs (admins: everyone's), newest first; ``active``: only unfinished ones."""
        stmt = select(ImportJobRow)
        if user is not None and user.role != "admin":
            stmt = stmt.where(ImportJobRow.user_id == user.id)
        if active:
            stmt = stmt.where(ImportJobRow.status.in_(ACTIVE))
        per_page = max(1, min(int(per_page), 500))
        with self.session() as s:
            total = s.scalar(select(func.count()).select_from(stmt.subquery())) or 0
            rows = s.scalars(
                stmt.order_by(ImportJobRow.id.desc()).limit(per_page).offset((max(1, page) - 1) * per_page)
            )
            return [job_dict(r) for r in rows], total

    def job_document(self, job_id: int) -> int | None:
        """The document a job's import stored (written with the import), or None."""
        with self.session() as s:
            return s.scalar(select(ImportJobRow.document_id).where(ImportJobRow.id == job_id))

    def unfinished_jobs(self, older_than: float = 0.0) -> list[int]:
        """Ids of jobs not finished, queued or started over ``older_than`` seconds ago."""
        cutoff = now().timestamp() - older_than
        with self.session() as s:
            rows = s.execute(
                select(ImportJobRow.id, ImportJobRow.created_at, ImportJobRow.started_at).where(
                    ImportJobRow.status.in_(ACTIVE)
                )
            ).all()
        out = []
        for jid, created, started in rows:
            at = started or created
            if (at if at.tzinfo else at.replace(tzinfo=UTC)).timestamp() <= cutoff:
                out.append(int(jid))
        return sorted(out)

    def purge_jobs(self, days: int = KEEP_DAYS) -> int:
        """Remove finished jobs older than ``days``."""
        cutoff = datetime.fromtimestamp(now().timestamp() - days * 86400, UTC)
        with self.session() as s, s.begin():
            res = s.execute(
                delete(ImportJobRow).where(
                    ImportJobRow.status.in_(("done", "error")),
                    or_(ImportJobRow.finished_at < cutoff, ImportJobRow.finished_at.is_(None)),
                )
            )
            return int(cast("CursorResult[Any]", res).rowcount or 0)


def _result(result: dict[str, Any] | None) -> dict[str, Any] | None:
    """A stored result, its ``error`` in both languages again (:func:`jixiao.text.stored`)."""
    if not result or result.get("error") is None:
        return result
    return {**result, "error": from_stored(result["error"])}


def _may_see(user: User | None, row: ImportJobRow) -> bool:
    return user is None or user.role == "admin" or row.user_id == user.id
