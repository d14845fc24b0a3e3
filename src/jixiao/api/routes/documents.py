"""Documents: upload files (many at once) → per file its counts, and per table what became of
it (``new`` | ``same`` | ``version`` | ``stage``) and its project; list; read; page a
document's tables."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Depends, File, Form, Query, Response, UploadFile

from ... import actions
from ...server import auth as deps
from ...store import Store, User
from ..envelope import ok, page_of

router = APIRouter(prefix="/documents", tags=["documents"])


@router.post("", summary="上传文件导入（upload files; per file its counts, per table status and project）")
def upload(
    files: list[UploadFile] = File(..., description="one or more files"),
    unit: str | None = Form(None, max_length=64, description="单位编码 for tables that print none"),
    year: int | None = Form(None, ge=1900, le=2200, description="年度 for tables that print none"),
    store: Store = Depends(deps.store_dep),
    user: User = Depends(deps.current_user),
) -> dict[str, Any]:
    results = [
        actions.import_file(
            store, user, f.filename or "upload", f.file.read(), unit=unit, year=year
        ).to_dict()
        for f in files
    ]
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


@router.get("/{document_id}/tables", summary="文件中各表的导入结果，分页（what became of each table, paged）")
def document_tables(
    document_id: int,
    page: int = Query(1, ge=1),
    per_page: int = Query(100, ge=1, le=500),
    store: Store = Depends(deps.store_dep),
    user: User = Depends(deps.current_user),
) -> Response:
    items, total = store.document_outcome(document_id, user, page, per_page)
    return page_of(items, total, page, per_page)
