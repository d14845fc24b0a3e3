"""导入: a file's bytes → its tables stored, one result per file.

:func:`import_file` is the one function behind ``jixiao ingest --db``, ``POST
/api/v1/documents`` and the web's ``/import``; it is also what a job worker calls (it takes
bytes and returns a plain result, never a response).  In order:

1. the user may import at all (a viewer may not: PermissionDenied before anything is read);
2. the file is hashed: a file already imported is reported as a duplicate — only to a user
   who may see the original — and is not parsed again;
3. the file is read (readers → assembler) and every table checked (the review rules);
4. the tables are stored in one transaction (the store checks the user's unit).

A failure of one file is its result's ``error`` (:func:`import_files` goes on with the next).
"""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..errors import IngestError, JixiaoError
from ..ingest import ingest_bytes
from ..model import Document
from ..readers import safety
from ..review import CheckConfig
from ..store import Store, TableFilter, User
from ..store.permissions import require_import
from .checking import finding_rows

log = logging.getLogger("jixiao.import")
FIRST_PAGE = 100  # tables listed in an import result; the rest page through GET /documents/{id}/tables


@dataclass(slots=True)
class FileImport:
    """What became of one file: ``status`` imported | duplicate | error, with counts."""

    name: str
    status: str
    sha256: str | None = None
    document_id: int | None = None
    table_count: int = 0
    indicator_count: int = 0
    finding_count: int = 0
    table_ids: list[int] = field(default_factory=list)
    tables: list[dict[str, Any]] = field(default_factory=list)  # the first page of summaries
    warnings: list[dict[str, Any]] = field(default_factory=list)
    error: str | None = None
    where: str | None = None
    document: Document | None = None  # what was read (not in to_dict)

    @property
    def ok(self) -> bool:
        return self.status != "error"

    def to_dict(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "status": self.status,
            "sha256": self.sha256,
            "document_id": self.document_id,
            "table_count": self.table_count,
            "indicator_count": self.indicator_count,
            "finding_count": self.finding_count,
            "tables": self.tables,
            "tables_more": self.table_count > len(self.tables),
            "warnings": self.warnings,
            "error": self.error,
            "where": self.where,
        }


def _first_page(store: Store, user: User | None, result: FileImport) -> None:
    if result.document_id is None:
        return
    items, total = store.list_tables(
        TableFilter(document_id=result.document_id), per_page=FIRST_PAGE, user=user
    )
    result.tables = sorted(items, key=lambda t: t["id"])
    result.table_count = result.table_count or total
    if not result.indicator_count:
        result.indicator_count = sum(int(t.get("indicator_count") or 0) for t in items)


def import_document(
    store: Store,
    user: User | None,
    doc: Document,
    *,
    config: CheckConfig | None = None,
    name: str | None = None,
) -> FileImport:
    """Store a Document already read (checked here, stored in one transaction)."""
    name = name or doc.source.name or "upload"
    result = FileImport(name=name, status="imported", sha256=doc.source.sha256, document=doc)
    findings = [finding_rows(t, config) for t in doc.tables]
    stored = store.import_document(doc, user, findings=findings)
    result.status = stored.status
    result.document_id = stored.document_id
    result.table_ids = list(stored.table_ids)
    result.warnings = list(stored.warnings)
    result.table_count = len(doc.tables)
    result.indicator_count = sum(len(t.indicators) for t in doc.tables)
    result.finding_count = sum(len(f) for f in findings)
    _first_page(store, user, result)
    return result


def import_file(
    store: Store, user: User | None, name: str, data: bytes, *, config: CheckConfig | None = None
) -> FileImport:
    """导入 one file's bytes (see the module doc).  Raises only PermissionDenied for a user
    who may not import at all; every other failure is the result's ``error``."""
    require_import(user)
    name = Path(name).name or "upload"
    sha = hashlib.sha256(data).hexdigest()
    known = store.find_document(sha, user)
    if known is not None:
        result = FileImport(name=name, status="duplicate", sha256=sha, document_id=known)
        _first_page(store, user, result)
        return result
    try:
        doc = ingest_bytes(data, name)
    except IngestError as exc:
        return FileImport(name=name, status="error", sha256=sha, error=str(exc), where=exc.where)
    try:
        return import_document(store, user, doc, config=config, name=name)
    except JixiaoError as exc:
        return FileImport(name=name, status="error", sha256=sha, error=str(exc))
    except Exception:  # a database failure on one file must not stop the others
        log.exception("import of %s failed", name)
        return FileImport(
            name=name, status="error", sha256=sha, error="导入失败：服务器内部错误（internal error）"
        )


def import_paths(
    store: Store, user: User | None, paths: Iterable[str | Path], *, config: CheckConfig | None = None
) -> list[FileImport]:
    """导入 files from disk, each on its own (an unreadable one is its result's error)."""
    out = []
    for path in paths:
        p = Path(path)
        try:
            data = safety.read_limited(p, str(path))
        except IngestError as exc:
            out.append(FileImport(name=p.name, status="error", error=str(exc), where=exc.where))
            continue
        out.append(import_file(store, user, p.name, data, config=config))
    return out
