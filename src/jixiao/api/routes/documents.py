"""Documents: upload files (many at once) → per-file tables, findings, errors; list; read."""

from __future__ import annotations

import logging
from typing import Any

from fastapi import APIRouter, Depends, File, Query, Response, UploadFile

from ...errors import IngestError, JixiaoError
from ...ingest import ingest_bytes
from ...store import Store, TableFilter, User
from .. import deps
from ..envelope import ok, page_of

router = APIRouter(prefix="/documents", tags=["documents"])
log = logging.getLogger("jixiao.api")
importers = deps.require_role("admin", "reviewer", "filer")


def import_upload(store: Store, user: User, name: str, data: bytes) -> dict[str, Any]:
    """Read and store one uploaded file; every failure becomes the file's ``error``."""
    try:
        doc = ingest_bytes(data, name)
    except IngestError as exc:
        return {
            "name": name,
            "status": "error",
            "error": str(exc),
            "where": exc.where,
            "tables": [],
            "findings": [],
        }
    try:
        result = store.import_document(doc, user).to_dict()
    except JixiaoError as exc:
        return {"name": name, "status": "error", "error": str(exc), "tables": [], "findings": []}
    except Exception:  # a database failure on one file must not stop the others
        log.exception("import of %s failed", name)
        return {
            "name": name,
            "status": "error",
            "error": "导入失败：服务器内部错误（internal error）",
            "tables": [],
            "findings": [],
        }
    result["name"] = name
    if result["document_id"] is not None:
        items, _ = store.list_tables(TableFilter(document_id=result["document_id"]), per_page=500, user=user)
        result["tables"] = sorted(items, key=lambda t: t["id"])
    return result


@router.post("", summary="上传文件导入（upload files; per-file results）")
def upload(
    files: list[UploadFile] = File(..., description="one or more files"),
    store: Store = Depends(deps.store_dep),
    user: User = Depends(importers),
) -> dict[str, Any]:
    results = [import_upload(store, user, f.filename or "upload", f.file.read()) for f in files]
    return ok(
        items=results,
        total=len(results),
        imported=sum(r["status"] == "imported" for r in results),
        duplicates=sum(r["status"] == "duplicate" for r in results),
        errors=sum(r["status"] == "error" for r in results),
    )


@router.get("", summary="已导入文件列表（documents）")
def list_documents(
    page: int = Query(1, ge=1),
    per_page: int = Query(50, ge=1, le=500),
    store: Store = Depends(deps.store_dep),
    user: User = Depends(deps.current_user),
) -> Response:
    items, total = store.list_documents(page, per_page, user)
    return page_of(items, total, page, per_page)


@router.get("/{document_id}", summary="文件详情（a document and its table ids）")
def get_document(
    document_id: int, store: Store = Depends(deps.store_dep), user: User = Depends(deps.current_user)
) -> dict[str, Any]:
    return ok(item=store.get_document(document_id, user))
