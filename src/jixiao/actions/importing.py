"""导入: a file's bytes → each table placed into its project, one result per file.

:func:`import_file` is the one function behind ``jixiao ingest --db``, ``POST
/api/v1/documents`` and the web's ``/import``; it is also what a job worker calls (it takes
bytes and plain values and returns a plain result, never a response).  In order:

1. the user may import at all (a viewer may not: PermissionDenied before anything is read);
2. the file is hashed: a file already imported is reported as a duplicate — only to a user
   who may see the original — and is not parsed again;
3. the file is read (readers → assembler);
4. missing header fields are filled (:func:`fill_header`): ``unit`` and ``year`` given with
   the import fill a table that prints none — a printed value that differs stops the file
   with both values named; a filer's table that prints no unit code is the filer's unit's,
   with a note;
5. every table is checked (the review rules; the JX6xx ones against its project's earlier
   years and its peers in the store) and a 监控表 given its colour;
6. the tables are placed by identity in one transaction — each ``new``, ``same``,
   ``version`` or ``stage`` (:mod:`jixiao.store.records`; the store checks the user's unit);
7. the indicator library places their indicators and updates its figures
   (:func:`~jixiao.actions.library.keep_library`).

A failure of one file is its result's ``error`` (:func:`import_paths` goes on with the next).
:func:`import_paths` with ``jobs`` > 1 reads the files (step 3, the costly part) in worker
processes and checks and stores them in the caller's, file by file as they come back (SQLite:
one writer); on PostgreSQL each worker imports whole files on its own connection
(``jixiao ingest --db --jobs N``).
"""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import Any

from ..errors import ConfigError, IngestError, JixiaoError
from ..ingest import in_processes, ingest_bytes
from ..model import Document, Table
from ..monitoring import check_checkpoint, from_table
from ..readers import safety
from ..review import CheckConfig
from ..scoring.policy import Policy
from ..store import Incoming, Store, User
from ..store.permissions import require_import
from ..text import bi
from .checking import finding_rows
from .library import keep_library, reference_for
from .scoring import policy_of

log = logging.getLogger("jixiao.import")
_INTERNAL = bi("导入失败：服务器内部错误", "import failed: internal server error")
FIRST_PAGE = 100  # tables listed in an import result; GET /api/v1/documents/{id}/tables pages them all


STATUSES: tuple[str, ...] = ("new", "same", "version", "stage")
Progress = Callable[[str, int], None]  # (stage: reading | checking | storing, percent 0–100)


def _no_progress(_stage: str, _percent: int) -> None:
    return None


@dataclass(slots=True)
class FileImport:
    """What became of one file: ``status`` imported | duplicate | error; per table (the first
    :data:`FIRST_PAGE`) its status (new | same | version | stage), stage and project."""

    name: str
    status: str
    sha256: str | None = None
    document_id: int | None = None
    table_count: int = 0
    indicator_count: int = 0
    finding_count: int = 0
    statuses: dict[str, int] = field(default_factory=dict)
    tables: list[dict[str, Any]] = field(default_factory=list)
    warnings: list[dict[str, Any]] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    error: str | None = None
    where: str | None = None
    document: Document | None = None  # what was read (not in to_dict)

    @property
    def ok(self) -> bool:
        return self.status != "error"

    @property
    def table_ids(self) -> list[int]:
        return [t["table_id"] for t in self.tables]

    @property
    def project_ids(self) -> list[int]:
        return list(dict.fromkeys(t["project_id"] for t in self.tables))

    def to_dict(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "status": self.status,
            "sha256": self.sha256,
            "document_id": self.document_id,
            "table_count": self.table_count,
            "indicator_count": self.indicator_count,
            "finding_count": self.finding_count,
            "statuses": self.statuses,
            "tables": self.tables,
            "tables_more": self.table_count > len(self.tables),
            "warnings": self.warnings,
            "notes": self.notes,
            "error": self.error,
            "where": self.where,
        }


def fill_header(
    doc: Document, user: User | None, *, unit: str | None = None, year: int | None = None
) -> list[list[str]]:
    """Fill the tables' missing 单位编码 and 年度 (see the module doc); the notes per table.
    ConfigError naming both values when a printed one differs from ``unit`` or ``year``."""
    unit = (unit or "").strip() or None
    own = user.unit_code if user is not None and user.role == "filer" else None
    notes: list[list[str]] = []
    for i, table in enumerate(doc.tables, start=1):
        mine: list[str] = []
        code = table.unit.code
        where = f"{doc.source.name or '<file>'} 表{i}"
        where_en = f"{doc.source.name or '<file>'} table {i}"
        if unit is not None:
            if code and code != unit:
                raise ConfigError(
                    bi(
                        f"{where}印有单位编码 {code}，与导入时指定的 {unit} 不一致，未导入",
                        f"{where_en} prints unit code {code}, but the import says {unit}; not imported",
                    )
                )
            if not code:
                table.unit.code = unit
                mine.append(
                    bi(
                        f"表中未印单位编码，按导入时指定的单位 {unit} 归档",
                        f"no unit code printed: filed under unit {unit}, as given with the import",
                    )
                )
        elif not code and own:
            table.unit.code = own
            mine.append(
                bi(
                    f"表中未印单位编码，已归入本单位 {own}",
                    f"no unit code printed: filed under your unit {own}",
                )
            )
        if year is not None:
            if table.year is not None and table.year != year:
                raise ConfigError(
                    bi(
                        f"{where}印有年度 {table.year}，与导入时指定的 {year} 不一致，未导入",
                        f"{where_en} prints the year {table.year}, but the import says {year}; not imported",
                    )
                )
            if table.year is None:
                table.year = year
                mine.append(
                    bi(
                        f"表中未印年度，按导入时指定的 {year} 年度归档",
                        f"no year printed: filed under {year}, as given with the import",
                    )
                )
        notes.append(mine)
    return notes


def light_of(table: Table, policy: Policy | str = "national") -> str | None:
    """A 监控表's colour (红黄绿灯) under ``policy``; None for any other table."""
    if table.kind != "monitoring":
        return None
    return check_checkpoint(from_table(table), policy_of(policy)).status


def _label(table: Table) -> str:
    return (table.project.name if table.project else None) or table.title or table.unit.name or ""


def _count(result: FileImport) -> None:
    result.statuses = {k: sum(1 for t in result.tables if t["status"] == k) for k in STATUSES}


def import_document(
    store: Store,
    user: User | None,
    doc: Document,
    *,
    unit: str | None = None,
    year: int | None = None,
    policy: Policy | str = "national",
    config: CheckConfig | None = None,
    name: str | None = None,
    progress: Progress = _no_progress,
    job_id: int | None = None,
) -> FileImport:
    """Store a Document already read: header fields filled, checked, placed by identity in
    one transaction (which also marks the import job ``job_id`` as imported)."""
    name = name or doc.source.name or "upload"
    result = FileImport(name=name, status="imported", sha256=doc.source.sha256, document=doc)
    notes = fill_header(doc, user, unit=unit, year=year)
    incoming = []
    for i, (t, n) in enumerate(zip(doc.tables, notes, strict=True)):
        progress("checking", 50 + 40 * i // max(1, len(doc.tables)))
        findings = finding_rows(t, config, reference_for(store, user, t))
        incoming.append(Incoming(t, findings, light_of(t, policy), n))  # type: ignore[arg-type]
    progress("storing", 90)
    stored = store.import_document(doc, user, incoming, job_id=job_id)
    if stored.status == "imported":
        keep_library(store, [t["project_id"] for t in stored.tables if t["status"] != "same"])
    result.status = stored.status
    result.document_id = stored.document_id
    result.warnings = list(stored.warnings)
    result.table_count = len(doc.tables)
    result.indicator_count = sum(len(t.indicators) for t in doc.tables)
    result.finding_count = sum(len(i.findings) for i in incoming)
    result.notes = sorted({n for ns in notes for n in ns})
    result.tables = [
        {
            **placed,
            "kind": t.kind,
            "label": _label(t),
            "unit": {"code": t.unit.code, "name": t.unit.name},
            "year": t.year,
            "indicator_count": len(t.indicators),
            "finding_count": len(i.findings),
        }
        for placed, t, i in zip(stored.tables[:FIRST_PAGE], doc.tables, incoming, strict=False)
    ]
    result.statuses = {k: sum(1 for t in stored.tables if t["status"] == k) for k in STATUSES}
    return result


def imported_before(
    store: Store, user: User | None, name: str, sha: str | None, document_id: int, status: str = "duplicate"
) -> FileImport:
    """A file imported before: what became of its tables then (those the user may see).
    ``status`` "imported": this very import, committed by an earlier try of its job."""
    items, total = store.document_outcome(document_id, user, per_page=FIRST_PAGE)
    result = FileImport(name=name, status=status, sha256=sha, document_id=document_id, table_count=total)
    result.tables = [
        {
            **{k: v for k, v in t.items() if k != "project"},
            "label": t["project"]["name"],
            "unit": t["project"]["unit"],
            "year": t["project"]["year"],
        }
        for t in items
    ]
    _count(result)
    return result


def import_file(
    store: Store,
    user: User | None,
    name: str,
    data: bytes,
    *,
    unit: str | None = None,
    year: int | None = None,
    policy: Policy | str = "national",
    config: CheckConfig | None = None,
    progress: Progress = _no_progress,
    job_id: int | None = None,
) -> FileImport:
    """导入 one file's bytes (see the module doc).  ``unit`` and ``year`` fill the header
    fields its tables do not print; ``progress`` is told each stage reached; ``job_id``:
    the import job this runs (:func:`jixiao.actions.run_import_job`).  Raises only
    PermissionDenied for a user who may not import at all; every other failure is the
    result's ``error``."""
    require_import(user)
    name = Path(name).name or "upload"
    sha = hashlib.sha256(data).hexdigest()
    known = store.find_document(sha, user)
    if known is not None:
        return imported_before(store, user, name, sha, known)
    progress("reading", 10)
    try:
        doc = ingest_bytes(data, name)
    except IngestError as exc:
        return FileImport(name=name, status="error", sha256=sha, error=exc.text, where=exc.where)
    progress("checking", 50)
    try:
        return import_document(
            store,
            user,
            doc,
            unit=unit,
            year=year,
            policy=policy,
            config=config,
            name=name,
            progress=progress,
            job_id=job_id,
        )
    except JixiaoError as exc:
        return FileImport(name=name, status="error", sha256=sha, error=exc.text)
    except Exception:  # a database failure on one file must not stop the others
        log.exception("import of %s failed", name)
        return FileImport(
            name=name,
            status="error",
            sha256=sha,
            error=_INTERNAL,
        )


@dataclass(frozen=True, slots=True)
class _Options:
    """How the files of one import are read and checked (the same for every file)."""

    user: User | None
    unit: str | None = None
    year: int | None = None
    policy: Policy | str = "national"
    config: CheckConfig | None = None


def _read(path: str) -> bytes | FileImport:
    try:
        return safety.read_limited(Path(path), path)
    except IngestError as exc:
        return FileImport(name=Path(path).name, status="error", error=exc.text, where=exc.where)


@dataclass(slots=True)
class _Read:
    """A file read by a worker process (step 3): what it hands back to be checked and stored."""

    name: str
    sha256: str
    document: Document


def _read_path(path: str) -> _Read | FileImport:
    """Read one file from disk into a Document (a worker process's part of :func:`import_paths`
    on SQLite); a file that cannot be read is its result."""
    data = _read(path)
    if isinstance(data, FileImport):
        return data
    name = Path(path).name or "upload"
    sha = hashlib.sha256(data).hexdigest()
    try:
        return _Read(name, sha, ingest_bytes(data, name))
    except IngestError as exc:
        return FileImport(name=name, status="error", sha256=sha, error=exc.text, where=exc.where)


def _store_read(store: Store, user: User | None, r: _Read | FileImport, o: _Options) -> FileImport:
    """Steps 2 and 4–7 for a file a worker read: a duplicate of a stored file is reported as
    such; else it is checked and stored by :func:`import_document`, as one file is."""
    if isinstance(r, FileImport):
        return r
    known = store.find_document(r.sha256, user)
    if known is not None:
        return imported_before(store, user, r.name, r.sha256, known)
    try:
        return import_document(
            store, user, r.document, unit=o.unit, year=o.year, policy=o.policy, config=o.config, name=r.name
        )
    except JixiaoError as exc:
        return FileImport(name=r.name, status="error", sha256=r.sha256, error=exc.text)
    except Exception:  # a database failure on one file must not stop the others
        log.exception("import of %s failed", r.name)
        return FileImport(name=r.name, status="error", sha256=r.sha256, error=_INTERNAL)


def import_paths(
    store: Store,
    user: User | None,
    paths: Iterable[str | Path],
    *,
    unit: str | None = None,
    year: int | None = None,
    config: CheckConfig | None = None,
    jobs: int = 1,
    on_done: Callable[[FileImport], None] | None = None,
) -> list[FileImport]:
    """导入 files from disk, each on its own (an unreadable one is its result's error), in
    input order; ``on_done`` is called with each result as it comes.

    ``jobs`` > 1 runs that many worker processes.  On PostgreSQL each worker imports whole
    files, each in its own transaction on its own connection (a batch is mostly waiting on
    the database's round trips, which then overlap).  On SQLite, which has one writer at a
    time, the workers read the files while this process checks and stores them as they come
    back."""
    require_import(user)
    items = [str(p) for p in paths]
    options = _Options(user, unit, year, "national", config)
    out = []
    results: Iterable[FileImport]
    if jobs > 1 and len(items) > 1 and store.engine.dialect.name == "postgresql":
        results = _in_workers(store, user, items, options, jobs)
    elif jobs > 1 and len(items) > 1:
        read: Iterable[_Read | FileImport] = in_processes(_read_path, items, jobs)
        results = (_store_read(store, user, r, options) for r in read)
    else:
        results = (_import_path(store, user, path, options) for path in items)
    for r in results:
        out.append(r)
        if on_done is not None:
            on_done(r)
    return out


def _import_path(store: Store, user: User | None, path: str, o: _Options) -> FileImport:
    data = _read(path)
    if isinstance(data, FileImport):
        return data
    return import_file(
        store, user, Path(path).name, data, unit=o.unit, year=o.year, policy=o.policy, config=o.config
    )


def _in_workers(
    store: Store, user: User | None, items: list[str], o: _Options, jobs: int
) -> Iterator[FileImport]:
    """:func:`import_paths` on PostgreSQL with workers that store: a file whose content came
    earlier in the batch is not sent to them but answered here, after the first, as the
    first's duplicate (in input order, as one process would)."""
    first: dict[str, int] = {}  # sha256 → the index of its first file
    repeat: dict[int, str] = {}
    for i, path in enumerate(items):
        try:
            sha = hashlib.sha256(Path(path).read_bytes()).hexdigest()
        except OSError:
            continue  # the worker names the error
        if sha in first:
            repeat[i] = sha
        else:
            first[sha] = i
    url = store.engine.url.render_as_string(hide_password=False)
    unique = [p for i, p in enumerate(items) if i not in repeat]
    done = iter(in_processes(partial(_import_in_worker, url=url, o=o), unique, jobs))
    for i, path in enumerate(items):
        if i not in repeat:
            yield next(done)
            continue
        known = store.find_document(repeat[i], user)
        if known is None:  # the first could not be stored: this one is tried on its own
            yield _import_path(store, user, path, o)
        else:
            yield imported_before(store, user, Path(path).name, repeat[i], known)


_WORKER_STORES: dict[str, Store] = {}  # a worker process's own store (its own connections)


def _import_in_worker(path: str, url: str, o: _Options) -> FileImport:
    """A worker process's part of :func:`import_paths` on PostgreSQL: the whole import of one
    file, on the worker's own store."""
    store = _WORKER_STORES.get(url)
    if store is None:
        store = _WORKER_STORES[url] = Store(url, upgrade=False)
    result = _import_path(store, o.user, path, o)
    if result.status == "error" and result.sha256:  # the same file stored by another worker meanwhile?
        known = store.find_document(result.sha256, o.user)
        if known is not None:
            return imported_before(store, o.user, result.name, result.sha256, known)
    return result
