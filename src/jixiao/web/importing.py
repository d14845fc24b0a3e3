"""导入: the import page (drag and drop many files) and the upload route, one result per file.

The browser posts each dropped file on its own (so one bad file never hides the
others' results) and shows the fragment this route returns.  A file over the upload
limit is refused before it is read into memory, with a message naming it.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field

from fastapi import Depends, Request
from fastapi.responses import HTMLResponse, Response
from starlette.datastructures import UploadFile

from ..errors import IngestError, PermissionDenied
from ..ingest import ingest_bytes
from ..readers import safety
from ..store import TableFilter
from . import views
from .render import page
from .session import Ctx, signed_in, web_router

router = web_router()
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
    tables: list[views.ListRow] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    error: str = ""
    duplicate: bool = False
    too_large: bool = False

    @property
    def status(self) -> str:
        """ "ok"; "empty" when the file was read but held no table (a warning, not a success);
        "error"."""
        if not self.ok:
            return "error"
        return "empty" if not self.tables and not self.duplicate else "ok"


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


def import_one(ctx: Ctx, name: str, data: bytes) -> FileResult:
    """Ingest one uploaded file and store it for the signed-in user."""
    try:
        doc = ingest_bytes(data, name)
    except IngestError as exc:
        return FileResult(name, False, error=str(exc))
    try:
        result = ctx.store.import_document(doc, ctx.user)
    except PermissionDenied as exc:
        return FileResult(name, False, error=str(exc))
    items, _total = ctx.store.list_summary_rows(
        TableFilter(document_id=result.document_id), per_page=500, user=ctx.user
    )
    rows = sorted(views.list_rows(items, ctx.t), key=lambda r: r.id)
    return FileResult(
        name,
        True,
        tables=rows,
        duplicate=result.status == "duplicate",
        warnings=[w.get("message") or "" for w in result.warnings],
    )


@router.get("/import", response_class=HTMLResponse)
def import_page(request: Request, ctx: Ctx = Depends(signed_in)) -> Response:
    if ctx.user.role == "viewer":
        raise PermissionDenied(ctx.t("err.403"))
    limit = upload_limit(request)
    messages = {
        "uploading": ctx.t("imp.uploading"),
        "too_large": ctx.t("imp.too_large", name="{name}", limit=_size_text(limit)),
    }
    return page(
        request,
        "import.html",
        {"limit": limit, "messages": messages, "results": []},
        user=ctx.user,
        csrf=ctx.csrf,
        active="import",
    )


@router.post("/import", response_class=HTMLResponse)
async def upload(request: Request, ctx: Ctx = Depends(signed_in)) -> Response:
    limit = upload_limit(request)
    form = await request.form()
    results: list[FileResult] = []
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
        results.append(import_one(ctx, name, data))
    status = (
        200 if results and all(r.ok for r in results) else (413 if any(r.too_large for r in results) else 400)
    )
    if request.headers.get("hx-request"):
        return page(
            request,
            "import_result.html",
            {"results": results},
            user=ctx.user,
            csrf=ctx.csrf,
            status_code=status,
        )
    messages = {"uploading": ctx.t("imp.uploading"), "too_large": ""}
    return page(
        request,
        "import.html",
        {"limit": limit, "messages": messages, "results": results},
        user=ctx.user,
        csrf=ctx.csrf,
        active="import",
        status_code=status,
    )
