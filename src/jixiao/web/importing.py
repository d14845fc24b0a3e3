"""导入: the import page (drag and drop many files) and the upload route, one result per file.

The browser posts each dropped file on its own (so one bad file never hides the
others' results) and shows the fragment this route returns.  A file over the upload
limit is refused before it is read into memory, with a message naming it.  Each file is
imported by a job (:mod:`jixiao.jobs`): the route waits for it a while without holding a
thread; a file still importing then shows its job's progress, which polls
``/import/jobs/{id}`` until the result replaces it.  The page lists the user's recent jobs.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from typing import Any

from fastapi import Depends, Request
from fastapi.responses import HTMLResponse, Response
from starlette.datastructures import UploadFile

from .. import jobs
from ..errors import ConfigError, PermissionDenied
from ..readers import safety
from ..store.permissions import may_import
from ..text import bi, in_lang
from . import i18n
from .render import page
from .session import Ctx, signed_in, web_router

router = web_router()
i18n.add_messages(
    {
        "imp.status.new": ("新项目", "New project"),
        "imp.status.same": ("内容相同，未重复保存", "Same content, not stored again"),
        "imp.status.version": ("新版本", "New version"),
        "imp.status.stage": ("已归入项目", "Added to its project"),
        "imp.unit": ("单位编码（表中未印时采用）", "Unit code (when the table prints none)"),
        "imp.year": ("年度（表中未印时采用）", "Year (when the table prints none)"),
        "imp.jobs": ("最近的导入任务", "Recent imports"),
        "imp.job.queued": ("排队中", "Queued"),
        "imp.job.reading": ("读取中", "Reading"),
        "imp.job.checking": ("检查中", "Checking"),
        "imp.job.storing": ("保存中", "Storing"),
        "imp.job.done": ("已完成", "Done"),
        "imp.job.error": ("失败", "Failed"),
        "imp.job.when": ("时间", "When"),
    }
)
CHUNK = 1 << 20


def upload_limit(request: Request) -> int:
    """Bytes one uploaded file may have: the API's request limit (``JIXIAO_MAX_UPLOAD_MB``),
    never more than the readers' own limit."""
    settings = getattr(request.app.state, "settings", None)
    limit = getattr(settings, "max_upload_bytes", None) or safety.MAX_FILE_BYTES
    return min(int(limit), safety.MAX_FILE_BYTES)


def _size_text(n: int) -> str:
    return f"{n / 2**20:.0f} MB" if n >= 2**20 else f"{n // 1024} KB"


@dataclass(slots=True)
class FileResult:
    name: str
    ok: bool
    tables: list[dict[str, Any]] = field(default_factory=list)  # status, project_id, label …
    table_count: int = 0
    indicator_count: int = 0
    statuses: dict[str, int] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    error: str = ""
    duplicate: bool = False
    too_large: bool = False

    @property
    def status(self) -> str:
        """ "ok"; "empty" when the file was read but held no table (a warning, not a success);
        "error"."""
        if not self.ok:
            return "error"
        return "empty" if not self.table_count and not self.duplicate else "ok"


async def _read(upload: UploadFile, limit: int) -> bytes | None:
    """The upload's bytes, or None when it is over ``limit`` (read no further than that)."""
    parts: list[bytes] = []
    size = 0
    while chunk := await upload.read(CHUNK):
        size += len(chunk)
        if size > limit:
            return None
        parts.append(chunk)
    return b"".join(parts)


def file_result(ctx: Ctx, r: dict[str, Any]) -> FileResult:
    """A finished import's result (:meth:`jixiao.actions.FileImport.to_dict`) as the page shows it."""
    if r.get("status") == "error":
        return FileResult(r.get("name") or "", False, error=in_lang(r.get("error") or "", ctx.lang))
    return FileResult(
        r.get("name") or "",
        True,
        tables=[{**t, "status_label": ctx.t("imp.status." + t["status"])} for t in r.get("tables") or []],
        table_count=int(r.get("table_count") or 0),
        indicator_count=int(r.get("indicator_count") or 0),
        statuses=r.get("statuses") or {},
        duplicate=r.get("status") == "duplicate",
        warnings=[w.get("message") or "" for w in r.get("warnings") or []],
        notes=r.get("notes") or [],
    )


def job_view(ctx: Ctx, job: dict[str, Any]) -> dict[str, Any]:
    """A job as the page shows it: its state in words, and its result once finished."""
    finished = job["status"] in ("done", "error")
    label = ctx.t("imp.job." + (job["status"] if finished else job["stage"]))
    result = file_result(ctx, job["result"]) if finished and job["result"] else None
    return {**job, "finished": finished, "label": label, "file": result}


def _header_fields(form: Any) -> tuple[str | None, int | None]:
    """The import form's 单位编码 and 年度 (blank: not given)."""
    unit = form.get("unit")
    year = form.get("year")
    unit = unit.strip() if isinstance(unit, str) and unit.strip() else None
    if unit and "\x00" in unit:
        raise ConfigError(bi("单位编码不能含 NUL 字符", "the unit code must not contain a NUL character"))
    year_text = year.strip() if isinstance(year, str) else ""
    if year_text and not (year_text.isdigit() and 1900 <= int(year_text) <= 2200):
        raise ConfigError(
            bi(f"年度应为四位数字，实际为「{year_text}」", f"the year must be four digits, not “{year_text}”")
        )
    return unit, int(year_text) if year_text else None


@router.get("/import", response_class=HTMLResponse)
def import_page(request: Request, ctx: Ctx = Depends(signed_in)) -> Response:
    if not may_import(ctx.user):
        raise PermissionDenied(ctx.t("err.403"))
    limit = upload_limit(request)
    messages = {
        "uploading": ctx.t("imp.uploading"),
        "too_large": ctx.t("imp.too_large", name="{name}", limit=_size_text(limit)),
    }
    recent, _ = ctx.store.list_jobs(ctx.user, per_page=20)
    return page(
        request,
        "import.html",
        {
            "limit": limit,
            "messages": messages,
            "results": [],
            "running": [],
            "jobs": [job_view(ctx, j) for j in recent],
        },
        user=ctx.user,
        csrf=ctx.csrf,
        active="import",
    )


@router.post("/import", response_class=HTMLResponse)
async def upload(request: Request, ctx: Ctx = Depends(signed_in)) -> Response:
    if not may_import(ctx.user):  # before anything is read
        raise PermissionDenied(ctx.t("err.403"))
    limit = upload_limit(request)
    form = await request.form()
    unit, year = _header_fields(form)
    results: list[FileResult] = []
    files: list[tuple[str, bytes]] = []
    for upload_file in form.getlist("file"):
        if not isinstance(upload_file, UploadFile):
            continue
        name = os.path.basename(upload_file.filename or "upload")
        data = await _read(upload_file, limit)
        if data is None:
            results.append(
                FileResult(
                    name,
                    False,
                    too_large=True,
                    error=ctx.t("imp.too_large", name=name, limit=_size_text(limit)),
                )
            )
            continue
        files.append((name, data))
    ids = await jobs.start_imports(ctx.store, request.app.state.jobs, ctx.user, files, unit=unit, year=year)
    del files
    wait = request.app.state.settings.import_wait
    running: list[dict[str, Any]] = []
    for job in await jobs.wait_for_jobs(ctx.store, ctx.user, ids, wait):
        view = job_view(ctx, job)
        if view["file"] is not None:
            results.append(view["file"])
        else:
            running.append(view)
    done_ok = all(r.ok for r in results)
    if running:
        status = 202
    else:
        status = 200 if results and done_ok else (413 if any(r.too_large for r in results) else 400)
    if request.headers.get("hx-request"):
        return page(
            request,
            "import_result.html",
            {"results": results, "running": running},
            user=ctx.user,
            csrf=ctx.csrf,
            status_code=status,
        )
    messages = {"uploading": ctx.t("imp.uploading"), "too_large": ""}
    return page(
        request,
        "import.html",
        {"limit": limit, "messages": messages, "results": results, "running": running, "jobs": []},
        user=ctx.user,
        csrf=ctx.csrf,
        active="import",
        status_code=status,
    )


@router.get("/import/jobs/{job_id}", response_class=HTMLResponse)
def job_fragment(request: Request, job_id: int, ctx: Ctx = Depends(signed_in)) -> Response:
    """One import job: its progress (polling on) or, once finished, its result."""
    view = job_view(ctx, ctx.store.get_job(job_id, ctx.user))
    results = [view["file"]] if view["file"] is not None else []
    running = [] if view["file"] is not None else [view]
    return page(request, "import_result.html", {"results": results, "running": running}, user=ctx.user)
