"""Importing documents: one transaction per document (all of it or none), no duplicates.

``Store.import_document`` stores one :class:`~jixiao.model.Document` — its row (unique by
sha256), its tables, indicators, findings and one history row per table — in a single
transaction using executemany; any error rolls the whole document back.  A file whose
sha256 is already stored is reported as a duplicate and not imported again.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import insert, select
from sqlalchemy.exc import DBAPIError, IntegrityError

from ..errors import StoreError
from ..model import Document
from . import permissions, scope
from .base import StoreBase
from .rows import finding_rows, indicator_rows, normalize_table, table_columns, unit_key
from .schema import DocumentRow, FindingRow, HistoryRow, IndicatorRow, TableRow
from .tables import _iso, ensure_units, finding_counts
from .users import User, now


@dataclass(slots=True)
class ImportResult:
    """What happened to one document: ``imported``, ``duplicate`` or ``error``."""

    name: str | None
    sha256: str | None
    status: str
    document_id: int | None = None
    table_ids: list[int] = field(default_factory=list)
    findings: list[dict[str, Any]] = field(default_factory=list)
    warnings: list[dict[str, Any]] = field(default_factory=list)
    error: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "sha256": self.sha256,
            "status": self.status,
            "document_id": self.document_id,
            "tables": self.table_ids,
            "findings": self.findings,
            "warnings": self.warnings,
            "error": self.error,
        }


class ImportMixin(StoreBase):
    """Document import methods of :class:`jixiao.store.Store`."""

    def find_document(self, sha256: str, user: User | None = None) -> int | None:
        """The id of the document with this sha256, when ``user`` may see it (a filer: when one
        of its tables is the filer's unit's): a duplicate is reported only to who may see the
        original."""
        with self.session() as s:
            found = s.scalar(select(DocumentRow.id).where(DocumentRow.sha256 == sha256))
            if found is None or user is None or user.role != "filer":
                return found
            mine = s.scalar(
                scope.visible(select(TableRow.id).where(TableRow.document_id == found), user).limit(1)
            )
            return found if mine is not None else None

    def import_document(
        self,
        doc: Document | dict[str, Any],
        user: User | None = None,
        status: str = "draft",
        findings: Sequence[Sequence[Mapping[str, Any]]] | None = None,
    ) -> ImportResult:
        """Store one document in one transaction, each table with the review ``findings`` the
        caller found on it (one list per table).  Raises on a bad table, a refused permission
        or a database error (nothing is stored then); returns ``status="duplicate"`` when its
        sha256 is known and the user may see the original."""
        permissions.require_import(user)
        if isinstance(doc, dict):
            doc = Document.from_dict(doc)
        src = doc.source
        sha = src.sha256 or None
        base = ImportResult(
            name=src.name,
            sha256=sha,
            status="imported",
            warnings=[{"code": w.code, "message": w.message, "where": w.where} for w in doc.warnings],
        )
        if sha and (known := self.find_document(sha, user)) is not None:
            base.status, base.document_id = "duplicate", known
            return base
        tables = [normalize_table(t) for t in doc.tables]
        permissions.require_import_tables(user, [(t.get("unit") or {}).get("code") for t in tables])
        if findings is not None and len(findings) != len(tables):
            raise ValueError(f"findings for {len(findings)} tables, the document has {len(tables)}")
        checked = [finding_rows(f) for f in findings] if findings is not None else [[] for _ in tables]
        stamp = now()
        uid = user.id if user else None
        try:
            with self.session() as s, s.begin():
                drow = DocumentRow(
                    sha256=sha,
                    name=src.name,
                    format=src.format,
                    warnings=base.warnings,
                    table_count=len(tables),
                    imported_at=stamp,
                    imported_by=uid,
                )
                s.add(drow)
                s.flush()
                units = ensure_units(s, tables)
                rows = [
                    {
                        **table_columns(t),
                        **finding_counts(f),
                        "unit_id": units.get(unit_key(t) or ""),
                        "document_id": drow.id,
                        "position": pos,
                        "data": t,
                        "status": status,
                        "version": 1,
                        "created_at": stamp,
                        "updated_at": stamp,
                        "created_by": uid,
                        "updated_by": uid,
                    }
                    for pos, (t, f) in enumerate(zip(tables, checked, strict=True))
                ]
                ids: list[int] = []
                if rows:
                    ids = list(
                        s.scalars(insert(TableRow).returning(TableRow.id, sort_by_parameter_order=True), rows)
                    )
                inds = [
                    {"table_id": tid, **r}
                    for tid, t in zip(ids, tables, strict=True)
                    for r in indicator_rows(t)
                ]
                if inds:
                    s.execute(insert(IndicatorRow), inds)
                fnds = [{"table_id": tid, **f} for tid, fs in zip(ids, checked, strict=True) for f in fs]
                if fnds:
                    s.execute(insert(FindingRow), fnds)
                hist = [
                    {
                        "table_id": tid,
                        "document_id": drow.id,
                        "user_id": uid,
                        "username": user.username if user else None,
                        "at": stamp,
                        "action": "import",
                        "to_status": status,
                        "after": t,
                    }
                    for tid, t in zip(ids, tables, strict=True)
                ]
                if hist:
                    s.execute(insert(HistoryRow), hist)
                base.document_id = drow.id
        except IntegrityError as exc:
            if sha and (known := self.find_document(sha, user)) is not None:  # imported concurrently
                base.status, base.document_id = "duplicate", known
                return base
            raise StoreError(_refused(src.name, exc)) from exc
        except DBAPIError as exc:
            raise StoreError(_refused(src.name, exc)) from exc
        base.table_ids = ids
        base.findings = [{"table_id": tid, **f} for tid, fs in zip(ids, checked, strict=True) for f in fs]
        return base

    def list_documents(
        self, page: int = 1, per_page: int = 50, user: User | None = None
    ) -> tuple[list[dict[str, Any]], int]:
        from sqlalchemy import func

        stmt = select(DocumentRow)
        if user is not None and user.role == "filer":
            visible = scope.visible(select(TableRow.document_id), user)
            stmt = stmt.where(DocumentRow.id.in_(visible))
        with self.session() as s:
            total = s.scalar(select(func.count()).select_from(stmt.subquery())) or 0
            rows = s.scalars(
                stmt.order_by(DocumentRow.id.desc())
                .limit(max(1, min(per_page, 500)))
                .offset((max(page, 1) - 1) * per_page)
            )
            return [document_dict(r) for r in rows], total

    def get_document(self, document_id: int, user: User | None = None) -> dict[str, Any]:
        from ..errors import NotFound

        with self.session() as s:
            row = s.get(DocumentRow, document_id)
            ids = list(
                s.scalars(
                    scope.visible(
                        select(TableRow.id).where(TableRow.document_id == document_id), user
                    ).order_by(TableRow.position)
                )
            )
            if row is None or (user is not None and user.role == "filer" and not ids):
                raise NotFound(f"文件 {document_id} 不存在或无权查看（document {document_id} not found）")
            out = document_dict(row)
            out["tables"] = ids
            return out


def _refused(name: str | None, exc: DBAPIError) -> str:
    reason = str(exc.orig).strip().splitlines()[0] if exc.orig is not None else type(exc).__name__
    return f"{name or '<document>'}: 数据库拒绝导入，未写入任何内容（the database refused the import; nothing was stored）: {reason}"


def document_dict(r: DocumentRow) -> dict[str, Any]:
    return {
        "id": r.id,
        "name": r.name,
        "format": r.format,
        "sha256": r.sha256,
        "table_count": r.table_count,
        "warnings": r.warnings or [],
        "imported_at": _iso(r.imported_at),
    }
