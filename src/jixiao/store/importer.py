"""Importing a document: one transaction (all of it or none), each table placed by identity.

``Store.import_document`` stores one :class:`~jixiao.model.Document` — its row (unique by
sha256) and each table placed into its project (:func:`.records.place`: new, same, version
or stage), with the findings the caller found on it — and records what became of each table
in ``documents.outcome``.  Any error rolls the whole document back.  A file whose sha256 is
already stored is a duplicate: reported as such only to a user who may see the original.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import func, select, update
from sqlalchemy.exc import DBAPIError, IntegrityError

from ..errors import NotFound, StoreError
from ..model import Document
from ..text import bi
from . import permissions, scope
from .aggregates import refresh
from .base import StoreBase
from .records import Placed, add_history, ensure_units, place
from .rows import normalize_table
from .schema import DocumentRow, ImportJobRow, ProjectRow, TableRow
from .tables import _iso
from .users import User, now


@dataclass(slots=True)
class Incoming:
    """One table to import: its jixiao/1 dict, its findings, its colour (a checkpoint) and
    notes to record with it (e.g. a unit code filled in)."""

    data: dict[str, Any]
    findings: Sequence[Mapping[str, Any]] = ()
    light: str | None = None
    notes: list[str] = field(default_factory=list)


@dataclass(slots=True)
class ImportResult:
    """What happened to one document: ``imported`` or ``duplicate``, and per table what
    became of it (``tables``: :meth:`.records.Placed.to_dict` with its ``index``)."""

    name: str | None
    sha256: str | None
    status: str
    document_id: int | None = None
    tables: list[dict[str, Any]] = field(default_factory=list)
    warnings: list[dict[str, Any]] = field(default_factory=list)

    @property
    def table_ids(self) -> list[int]:
        return [t["table_id"] for t in self.tables]

    @property
    def project_ids(self) -> list[int]:
        return list(dict.fromkeys(t["project_id"] for t in self.tables))


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
        tables: Sequence[Incoming] | None = None,
        *,
        job_id: int | None = None,
    ) -> ImportResult:
        """Store one document in one transaction.  ``tables``: the document's tables as the
        caller prepared them (header fields filled, findings, colours); by default its tables
        as they are, with no findings.  ``job_id``: the import job this is, whose
        ``document_id`` is written in the same transaction (:mod:`.jobs`).  Raises on a bad
        table, a refused permission or a database error (nothing is stored then)."""
        permissions.require_import(user)
        if isinstance(doc, dict):
            doc = Document.from_dict(doc)
        src = doc.source
        sha = src.sha256 or None
        result = ImportResult(
            name=src.name,
            sha256=sha,
            status="imported",
            warnings=[{"code": w.code, "message": w.message, "where": w.where} for w in doc.warnings],
        )
        if sha and (known := self.find_document(sha, user)) is not None:
            result.status, result.document_id = "duplicate", known
            result.tables = self.import_outcome(known)
            return result
        incoming = list(tables) if tables is not None else [Incoming(t) for t in doc.tables]  # type: ignore[arg-type]
        incoming = [Incoming(normalize_table(t.data), t.findings, t.light, list(t.notes)) for t in incoming]
        permissions.require_import_tables(user, [(t.data.get("unit") or {}).get("code") for t in incoming])
        for attempt in (1, 2):
            try:
                return self._import(result, src, incoming, user, job_id)
            except IntegrityError as exc:
                if sha and (known := self.find_document(sha, user)) is not None:  # imported concurrently
                    result.status, result.document_id = "duplicate", known
                    result.tables = self.import_outcome(known)
                    return result
                if attempt == 2:  # a project created concurrently: placed again once
                    raise StoreError(_refused(src.name, exc)) from exc
            except DBAPIError as exc:
                raise StoreError(_refused(src.name, exc)) from exc
        raise AssertionError("unreachable")

    def _import(
        self,
        result: ImportResult,
        src: Any,
        incoming: list[Incoming],
        user: User | None,
        job_id: int | None = None,
    ) -> ImportResult:
        stamp = now()
        placed: list[Placed] = []
        with self.session() as s, s.begin():
            existing = (
                s.scalar(select(DocumentRow).where(DocumentRow.sha256 == src.sha256)) if src.sha256 else None
            )
            drow = existing or DocumentRow(
                sha256=src.sha256 or None,
                name=src.name,
                format=src.format,
                warnings=result.warnings,
                table_count=len(incoming),
                imported_at=stamp,
                imported_by=user.id if user else None,
            )
            if existing is None:
                s.add(drow)
                s.flush()
            units = ensure_units(s, [t.data for t in incoming])
            for pos, t in enumerate(incoming):
                p = place(
                    s,
                    user,
                    t.data,
                    t.findings,
                    stamp=stamp,
                    units=units,
                    light=t.light,
                    document_id=drow.id,
                    position=pos,
                )
                p.notes = list(t.notes)
                placed.append(p)
                if p.status != "same":
                    add_history(
                        s,
                        user,
                        "import",
                        p.table_id,
                        p.project_id,
                        document_id=drow.id,
                        to_status="draft" if p.stage == "target" else None,
                        note=[_what(p), *t.notes],
                        after=t.data,
                    )
            refresh(s, [p.project_id for p in placed], stamp)
            outcome = [{"index": i, **p.to_dict()} for i, p in enumerate(placed)]
            drow.outcome = (drow.outcome or []) + outcome if existing is not None else outcome
            result.document_id = drow.id
            if job_id is not None:  # committed with the import: a retried job is not run again
                s.execute(update(ImportJobRow).where(ImportJobRow.id == job_id).values(document_id=drow.id))
        result.tables = outcome
        return result

    def import_outcome(self, document_id: int) -> list[dict[str, Any]]:
        """What became of each table of a stored document (its import's outcome)."""
        with self.session() as s:
            return list(s.scalar(select(DocumentRow.outcome).where(DocumentRow.id == document_id)) or [])

    def list_documents(
        self, page: int = 1, per_page: int = 50, user: User | None = None
    ) -> tuple[list[dict[str, Any]], int]:
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
                raise NotFound(
                    bi(f"文件 {document_id} 不存在或无权查看", f"document {document_id} not found")
                )
            out = document_dict(row)
            out["tables"] = ids
            return out

    def document_outcome(
        self, document_id: int, user: User | None = None, page: int = 1, per_page: int = 100
    ) -> tuple[list[dict[str, Any]], int]:
        """One page of what became of a document's tables, each with its project's summary
        (only the tables of projects ``user`` may see)."""
        self.get_document(document_id, user)  # NotFound when not visible
        items = self.import_outcome(document_id)
        with self.session() as s:
            pids = {t["project_id"] for t in items}
            names = {
                r.id: r
                for r in s.scalars(
                    scope.visible_projects(select(ProjectRow).where(ProjectRow.id.in_(pids)), user)
                )
            }
        shown = [t for t in items if t["project_id"] in names]
        start = (max(page, 1) - 1) * per_page
        out = []
        for t in shown[start : start + per_page]:
            p = names[t["project_id"]]
            out.append(
                {
                    **t,
                    "project": {
                        "name": p.name,
                        "unit": {"code": p.unit_code, "name": p.unit_name},
                        "year": p.year,
                    },
                }
            )
        return out, len(shown)


_WHAT = {
    "new": ("新项目", "new project"),
    "version": ("新版本", "new version"),
    "stage": ("新阶段", "new stage"),
}


def _what(p: Placed) -> str:
    zh, en = _WHAT.get(p.status, (p.status, p.status))
    if p.standing == "pending":
        return bi(
            f"{zh} 第{p.revision}版（调整，待审核）", f"{en} v{p.revision} (a revision awaiting review)"
        )
    return bi(f"{zh} 第{p.revision}版", f"{en} v{p.revision}")


def _refused(name: str | None, exc: DBAPIError) -> str:
    reason = str(exc.orig).strip().splitlines()[0] if exc.orig is not None else type(exc).__name__
    return bi(
        f"{name or '<document>'}: 数据库拒绝导入，未写入任何内容: {reason}",
        f"{name or '<document>'}: the database refused the import; nothing was stored: {reason}",
    )


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


__all__ = ["ImportMixin", "ImportResult", "Incoming"]
