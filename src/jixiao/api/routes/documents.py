"""Documents: upload files (many at once) → per file its counts, and per table what became of
it (``new`` | ``same`` | ``version`` | ``stage``) and its project; list; read; page a
document's tables.  Import jobs: each uploaded file is imported by a job (:mod:`jixiao.jobs`),
whose progress and result ``GET /jobs/{id}`` gives."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Depends, File, Form, Query, Request, Response, UploadFile

from ... import jobs
from ...server import auth as deps
from ...server.validate import refuse_nul
from ...store import Store, User
from ...store.permissions import require_import
from ..envelope import FastJSON, ok, page_of
from ..responses import LOOKUP

router = APIRouter(tags=["documents"], responses=LOOKUP)
FINISHED = ("done", "error")


def file_result(job: dict[str, Any]) -> dict[str, Any]:
    """One file's entry of an upload's answer: its import's result once its job is finished,
    else the job's state (``status`` queued | running, ``stage``, ``progress``)."""
    if job["status"] in FINISHED and job["result"]:
        return {**job["result"], "job_id": job["id"]}
    return {
        "name": job["name"],
        "status": job["status"],
        "job_id": job["id"],
        "stage": job["stage"],
        "progress": job["progress"],
    }


@router.post(
    "/documents",
    summary="上传文件导入（upload files; per file its counts, per table status and project）",
    responses={202: {"description": "some imports still running: their jobs (GET /jobs/{id})"}},
)
async def upload(
    request: Request,
    files: list[UploadFile] = File(..., description="one or more files"),
    unit: str | None = Form(None, max_length=64, description="单位编码 for tables that print none"),
    year: int | None = Form(None, ge=1900, le=2200, description="年度 for tables that print none"),
    wait: float | None = Query(
        None, ge=0, le=600, description="seconds to wait for the imports (default JIXIAO_IMPORT_WAIT)"
    ),
    store: Store = Depends(deps.store_dep),
    user: User = Depends(deps.current_user),
) -> Response:
    """Each file is imported by a job.  200 with every file's result when all are finished
    within ``wait`` seconds; else 202, a file still importing listed with its job's
    ``status``, ``stage`` and ``progress`` (``GET /jobs/{job_id}`` gives its result later)."""
    require_import(user)  # before anything is read
    refuse_nul("body", "unit", unit)  # (PostgreSQL text cannot hold a NUL: a 500 found by the fuzz test)
    settings = request.app.state.settings
    uploaded = [(f.filename or "upload", await f.read()) for f in files]
    ids = await jobs.start_imports(store, request.app.state.jobs, user, uploaded, unit=unit, year=year)
    del uploaded
    found = await jobs.wait_for_jobs(store, user, ids, settings.import_wait if wait is None else wait)
    results = [file_result(j) for j in found]
    pending = sum(j["status"] not in FINISHED for j in found)
    body = ok(
        items=results,
        total=len(results),
        imported=sum(r["status"] == "imported" for r in results),
        duplicates=sum(r["status"] == "duplicate" for r in results),
        errors=sum(r["status"] == "error" for r in results),
        pending=pending,
        jobs=ids,
    )
    return FastJSON(body, status_code=202 if pending else 200)


@router.get("/jobs", summary="导入任务（import jobs: yours, or everyone's for admins）")
def list_jobs(
    active: bool = Query(False, description="only the jobs still queued or running"),
    page: int = Query(1, ge=1),
    per_page: int = Query(50, ge=1, le=500),
    store: Store = Depends(deps.store_dep),
    user: User = Depends(deps.current_user),
) -> Response:
    items, total = store.list_jobs(user, page, per_page, active=active)
    return page_of(items, total, page, per_page)


@router.get("/jobs/{job_id}", summary="导入任务的进度与结果（an import job: progress, then result）")
def get_job(
    job_id: int, store: Store = Depends(deps.store_dep), user: User = Depends(deps.current_user)
) -> dict[str, Any]:
    return ok(item=store.get_job(job_id, user))


@router.get("/documents", summary="已导入文件列表（documents）")
def list_documents(
    page: int = Query(1, ge=1),
    per_page: int = Query(50, ge=1, le=500),
    store: Store = Depends(deps.store_dep),
    user: User = Depends(deps.current_user),
) -> Response:
    items, total = store.list_documents(page, per_page, user)
    return page_of(items, total, page, per_page)


@router.get("/documents/{document_id}", summary="文件详情（a document and its table ids）")
def get_document(
    document_id: int, store: Store = Depends(deps.store_dep), user: User = Depends(deps.current_user)
) -> dict[str, Any]:
    return ok(item=store.get_document(document_id, user))


@router.get(
    "/documents/{document_id}/tables",
    summary="文件中各表的导入结果，分页（what became of each table, paged）",
)
def document_tables(
    document_id: int,
    page: int = Query(1, ge=1),
    per_page: int = Query(100, ge=1, le=500),
    store: Store = Depends(deps.store_dep),
    user: User = Depends(deps.current_user),
) -> Response:
    items, total = store.document_outcome(document_id, user, page, per_page)
    return page_of(items, total, page, per_page)
