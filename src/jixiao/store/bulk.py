"""Bulk load (批量导入): many tables in one transaction by the database's fast path.

PostgreSQL: ``COPY … FROM STDIN`` through psycopg's ``cursor.copy``; SQLite: the DB-API
``executemany`` on the raw connection.  Table and project ids are assigned up front under a
table lock so indicators and tables can reference them without a round trip per table.  All
or nothing.

Each table joins its project by identity (:mod:`.identity`); a new project is written with
its first table, aggregates and all.  A table whose project exists (in the database, or
earlier in the load) is stored as that stage's new version without comparing contents (a
bulk load does not report ``same``); those projects are refreshed at the end.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable, Iterable, Mapping, Sequence
from datetime import datetime
from typing import Any, cast

import psycopg
import sqlalchemy as sa
from sqlalchemy import text
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session

from ..errors import StoreError
from ..model import Table
from ..text import bi
from . import totals
from .aggregates import project_fields, refresh
from .base import StoreBase
from .identity import content_key, identify, stage_of
from .records import LOCKED, as_of_date
from .rows import finding_rows, indicator_rows, normalize_table, table_columns
from .schema import DocumentRow, FindingRow, HistoryRow, IndicatorRow, ProjectRow, TableRow
from .users import User, now


def _table(mapped: type[Any]) -> sa.Table:
    """The Core table of a mapped class (typed as a FromClause by SQLAlchemy)."""
    return cast(sa.Table, mapped.__table__)


_TABLE_COLS = [c.name for c in TableRow.__table__.columns]
_PROJECT_COLS = [c.name for c in ProjectRow.__table__.columns]
_IND_COLS = [
    c.name for c in IndicatorRow.__table__.columns if c.name not in ("id", "group_id")
]  # the library places them
_FIND_COLS = [c.name for c in FindingRow.__table__.columns if c.name != "id"]


def _dumps(v: Any) -> str:
    return json.dumps(v, ensure_ascii=False, separators=(",", ":"))


Checker = Callable[[dict[str, Any]], Sequence[Mapping[str, Any]]]


class BulkMixin(StoreBase):
    def bulk_load(
        self,
        tables: Iterable[dict[str, Any] | Table],
        *,
        user: User | None = None,
        name: str = "bulk",
        status: str = "draft",
        check: Checker | None = None,
        validate: bool = True,
    ) -> dict[str, int]:
        """Load ``tables`` as one document in one transaction; returns counts.

        ``check`` gives each table's findings (:func:`jixiao.actions.finding_rows`); without it
        none are stored (they can be added later by editing).  ``validate=False`` trusts that
        the dicts are already canonical jixiao/1.
        """
        try:
            return self._bulk_load(tables, user, name, status, check, validate)
        except (DBAPIError, sqlite3.Error, psycopg.Error) as exc:
            orig = getattr(exc, "orig", None) or exc
            reason = (str(orig).strip().splitlines() or [type(orig).__name__])[0]
            raise StoreError(
                bi(
                    f"{name}: 数据库拒绝批量导入，未写入任何内容: {reason}",
                    f"{name}: the database refused the bulk load; nothing was stored: {reason}",
                )
            ) from exc

    def _bulk_load(
        self,
        tables: Iterable[dict[str, Any] | Table],
        user: User | None,
        name: str,
        status: str,
        check: Checker | None,
        validate: bool,
    ) -> dict[str, int]:
        stamp = now()
        uid = user.id if user else None
        counts = {"tables": 0, "indicators": 0, "findings": 0}
        with self.engine.begin() as conn:
            doc_id = conn.execute(
                _table(DocumentRow)
                .insert()
                .values(
                    name=name, format="bulk", warnings=[], table_count=0, imported_at=stamp, imported_by=uid
                )
                .returning(DocumentRow.id)
            ).scalar_one()
            if self.dialect == "postgresql":
                conn.execute(text("LOCK TABLE projects, perf_tables IN EXCLUSIVE MODE"))
                # Commit durably even where synchronous_commit is off: until its commit record is
                # flushed, no tuple of this transaction can be marked committed, and the VACUUM
                # below would leave every page out of the visibility map (no index-only scans).
                conn.execute(text("SET LOCAL synchronous_commit = on"))
            next_id = (
                conn.execute(text("SELECT coalesce(max(id), 0) FROM perf_tables")).scalar_one() or 0
            ) + 1
            raw = conn.connection.driver_connection
            writer = _PgWriter(raw) if self.dialect == "postgresql" else _SqliteWriter(raw)
            stored_stamp = stamp if self.dialect == "postgresql" else _sqlite_datetime(stamp)
            known = _Known(conn, stored_stamp, self.dialect != "postgresql")
            p_rows: list[tuple[Any, ...]] = []
            t_rows: list[tuple[Any, ...]] = []
            i_rows: list[tuple[Any, ...]] = []
            f_rows: list[tuple[Any, ...]] = []
            for pos, t in enumerate(tables):
                data = normalize_table(t) if validate or isinstance(t, Table) else t
                tid = next_id
                next_id += 1
                found = finding_rows(check(data)) if check is not None else []
                cols = table_columns(data)
                cols["finding_count"] = len(found)
                cols["error_count"] = sum(1 for f in found if f["severity"] == "error")
                values = {
                    **cols,
                    "id": tid,
                    "document_id": doc_id,
                    "position": pos,
                    "unit_id": None,
                    "status": status,
                    "data": _dumps(data),
                    "version": 1,
                    "created_at": stored_stamp,
                    "updated_at": stored_stamp,
                    "created_by": uid,
                    "updated_by": uid,
                    **known.place(data, tid, cols, p_rows),
                }
                t_rows.append(tuple(values[c] for c in _TABLE_COLS))
                for r in indicator_rows(data):
                    r["table_id"] = tid
                    i_rows.append(tuple(r[c] for c in _IND_COLS))
                for f in found:
                    f = {**f, "table_id": tid, "args": _dumps(f["args"])}
                    f_rows.append(tuple(f[c] for c in _FIND_COLS))
                counts["tables"] += 1
                if len(i_rows) >= 50_000:
                    writer.write("projects", _PROJECT_COLS, p_rows)
                    writer.write("perf_tables", _TABLE_COLS, t_rows)
                    writer.write("indicators", _IND_COLS, i_rows)
                    writer.write("findings", _FIND_COLS, f_rows)
                    counts["indicators"] += len(i_rows)
                    counts["findings"] += len(f_rows)
                    p_rows, t_rows, i_rows, f_rows = [], [], [], []
            writer.write("projects", _PROJECT_COLS, p_rows)
            writer.write("perf_tables", _TABLE_COLS, t_rows)
            writer.write("indicators", _IND_COLS, i_rows)
            writer.write("findings", _FIND_COLS, f_rows)
            counts["indicators"] += len(i_rows)
            counts["findings"] += len(f_rows)
            if self.dialect == "postgresql":
                conn.execute(
                    text("SELECT setval(pg_get_serial_sequence('perf_tables', 'id'), :v)"),
                    {"v": max(next_id - 1, 1)},
                )
                conn.execute(
                    text("SELECT setval(pg_get_serial_sequence('projects', 'id'), :v)"),
                    {"v": max(known.next_id - 1, 1)},
                )
            known.finish(conn)
            counts["projects"] = known.created
            conn.execute(
                _table(DocumentRow)
                .update()
                .where(DocumentRow.id == doc_id)
                .values(table_count=counts["tables"])
            )
            conn.execute(
                _table(HistoryRow)
                .insert()
                .values(
                    document_id=doc_id,
                    user_id=uid,
                    username=user.username if user else None,
                    at=stamp,
                    action="bulk_import",
                    to_status=status,
                    comment=f"{counts['tables']} tables, {counts['indicators']} indicators",
                )
            )
        if self.dialect == "postgresql":
            # statistics for the planner, and the visibility map so counts use index-only scans.
            # Each table's VACUUM/ANALYZE commits on its own: durably, or an unflushed commit in
            # the same clog page group keeps the next table's tuples from being marked visible.
            with self.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
                conn.execute(text("SET synchronous_commit = on"))
                conn.execute(
                    text("VACUUM (ANALYZE) perf_tables, indicators, findings, projects, project_sums")
                )
                conn.execute(text("RESET synchronous_commit"))
        counts["document_id"] = doc_id
        return counts


class _Known:
    """The projects of a load: the database's (looked up as their identities come) and the
    ones the load creates (ids assigned up front, rows written before their tables)."""

    def __init__(self, conn: sa.Connection, stamp: Any, sqlite: bool) -> None:
        self.conn = conn
        self.stamp = stamp
        self.sqlite = sqlite
        self.next_id = (conn.execute(text("SELECT coalesce(max(id), 0) FROM projects")).scalar_one() or 0) + 1
        self.stored_before = self.next_id > 1  # no project in the database: none to look up
        self.ids: dict[str, int] = {}
        self.current: dict[tuple[int, str, Any], int] = {}  # (project, stage, as_of) → its current table
        self.locked: set[int] = set()  # projects whose current target is submitted or approved
        self.revisions: dict[tuple[int, str], int] = {}
        self.touched: set[int] = set()  # projects that already had tables: refreshed at the end
        self.new: list[int] = []  # projects the load creates: added to the totals at the end
        self.retired: list[int] = []
        self.created = 0

    def _lookup(self, identity: str) -> int | None:
        pid = self.conn.execute(
            sa.select(ProjectRow.id).where(ProjectRow.identity == identity)
        ).scalar_one_or_none()
        if pid is None:
            return None
        rows = self.conn.execute(
            sa.select(TableRow.id, TableRow.stage, TableRow.as_of, TableRow.status).where(
                TableRow.project_id == pid, TableRow.standing == "current"
            )
        ).all()
        for tid, stage, as_of, status in rows:
            self.current[(pid, stage, as_of)] = tid
            if stage == "target" and status in LOCKED:
                self.locked.add(pid)
        for stage, top in self.conn.execute(
            sa.select(TableRow.stage, sa.func.max(TableRow.revision))
            .where(TableRow.project_id == pid)
            .group_by(TableRow.stage)
        ).all():
            self.revisions[(pid, stage)] = int(top)
        self.touched.add(pid)
        return int(pid)

    def place(
        self, data: dict[str, Any], tid: int, cols: dict[str, Any], p_rows: list[tuple[Any, ...]]
    ) -> dict[str, Any]:
        """The project columns of table ``tid``; a new project's row goes to ``p_rows``."""
        ident = identify(data)
        stage = stage_of(data.get("kind"))
        as_of = as_of_date(data) if stage == "checkpoint" else None
        pid = self.ids.get(ident.text)
        if pid is None and self.stored_before:
            pid = self._lookup(ident.text)
        standing, counted = "current", False
        if pid is None:
            pid = self.next_id
            self.next_id += 1
            self.created += 1
            self.new.append(pid)
            fields = project_fields(
                [
                    {
                        **cols,
                        "id": tid,
                        "stage": stage,
                        "standing": "current",
                        "as_of": as_of,
                        "light": None,
                        "revision": 1,
                        "status": "draft",
                    }
                ]
            )
            fields.pop("counted_id")
            row = {
                "id": pid,
                **ident.columns(),
                "unit_id": None,
                "archived": False,
                "framework": None,
                "created_at": self.stamp,
                "updated_at": self.stamp,
                **fields,
            }
            p_rows.append(tuple(row[c] for c in _PROJECT_COLS))
            counted = True
        else:
            self.touched.add(pid)
            if stage == "target" and pid in self.locked:
                standing = "pending"
            previous = self.current.get((pid, stage, as_of))
            if previous is not None and standing == "current":
                self.retired.append(previous)
        self.ids[ident.text] = pid
        if standing == "current":
            self.current[(pid, stage, as_of)] = tid
        revision = self.revisions.get((pid, stage), 0) + 1
        self.revisions[(pid, stage)] = revision
        return {
            "project_id": pid,
            "stage": stage,
            "revision": revision,
            "standing": standing,
            "counted": counted,
            "as_of": as_of.isoformat() if as_of is not None and self.sqlite else as_of,
            "light": None,
            "content_hash": content_key(data),
        }

    def finish(self, conn: sa.Connection) -> None:
        """Retire the versions the load replaced, refresh the projects that had tables and add
        the new ones to the totals."""
        for start in range(0, len(self.retired), 1000):
            conn.execute(
                sa.update(TableRow)
                .where(TableRow.id.in_(self.retired[start : start + 1000]))
                .values(standing="old")
            )
        with Session(bind=conn) as s:
            if self.touched:
                refresh(s, self.touched)
            totals.update(s, self.new)
            s.flush()


class _PgWriter:
    def __init__(self, raw: Any) -> None:
        self.raw = raw

    def write(self, table: str, cols: list[str], rows: list[tuple[Any, ...]]) -> None:
        if not rows:
            return
        with self.raw.cursor() as cur, cur.copy(f"COPY {table} ({', '.join(cols)}) FROM STDIN") as cp:
            for row in rows:
                cp.write_row(row)


class _SqliteWriter:
    def __init__(self, raw: Any) -> None:
        self.raw = raw

    def write(self, table: str, cols: list[str], rows: list[tuple[Any, ...]]) -> None:
        if not rows:
            return
        sql = f"INSERT INTO {table} ({', '.join(cols)}) VALUES ({', '.join('?' * len(cols))})"
        cur = self.raw.cursor()
        try:
            cur.executemany(sql, rows)
        finally:
            cur.close()


def _sqlite_datetime(v: datetime) -> str:
    # SQLAlchemy's SQLite DateTime storage format (naive, microseconds).
    return v.strftime("%Y-%m-%d %H:%M:%S.%f")
