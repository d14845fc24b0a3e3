"""Tables: list (filters, paging), read, history; indicators across tables.

Every method takes the acting ``user`` and scopes by it (see :mod:`.scope`); a table a
user may not see is reported as not found.  Writes are :mod:`.writes`'.
"""

from __future__ import annotations

import time
from collections.abc import Hashable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any, cast

from sqlalchemy import (
    ColumnElement,
    Connection,
    Integer,
    Select,
    bindparam,
    exists,
    func,
    or_,
    select,
)
from sqlalchemy.orm import Session

from ..errors import ConfigError, NotFound
from ..text import bi
from . import scope
from .base import StoreBase
from .engine import make_engine
from .schema import FindingRow, HistoryRow, TableRow
from .terms import STATUSES
from .users import User

MAX_PER_PAGE = 500


@dataclass(frozen=True, slots=True)
class TableFilter:
    """Filters of the table list: 单位 (code or name), 年度, 表类型, 状态, 规则代码 (prefix), 关键词.
    Frozen, so a filter is a key of the list's statement and count caches."""

    unit: str | None = None
    year: int | None = None
    kind: str | None = None
    status: str | None = None
    rule: str | None = None
    q: str | None = None
    document_id: int | None = None


COUNT_CACHE_MIN = 10_000
COUNT_CACHE_SECONDS = 5.0
_COUNTS: dict[Hashable, tuple[int, float]] = {}


def _cached_count(key: Hashable) -> tuple[int | None, bool]:
    """A list's total when known, and whether the list is a large one.  An exact count below
    COUNT_CACHE_MIN is never kept; a larger one (a PostgreSQL count of 100 000 rows costs
    ~5 ms) is kept for COUNT_CACHE_SECONDS per ``key`` (database, user scope, filters), so a
    page's total may lag other workers' writes that long.  An expired entry still says the
    list is large: its total is then counted on its own, not with the page (``count(*) OVER
    ()`` over 100 000 rows costs ~20 ms)."""
    hit = _COUNTS.get(key)
    if hit is None:
        return None, False
    return (hit[0] if hit[1] > time.monotonic() else None), True


def _remember_count(key: Hashable, total: int) -> None:
    if total >= COUNT_CACHE_MIN:
        if len(_COUNTS) > 1024:
            _COUNTS.clear()
        _COUNTS[key] = (total, time.monotonic() + COUNT_CACHE_SECONDS)


def unit_clause(unit: str) -> ColumnElement[bool]:
    """单位 filter: a code (digits) matches unit_code, anything else the unit name."""
    unit = unit.strip()
    return TableRow.unit_code == unit if unit.isdigit() else TableRow.unit_name == unit


AnySelect = Select[*tuple[Any, ...]]  # a SELECT of any columns


def table_filters(stmt: AnySelect, f: TableFilter) -> AnySelect:
    """The filters a table and an indicator list share: 单位, 年度, 表类型, 审核状态."""
    if f.unit:
        stmt = stmt.where(unit_clause(f.unit))
    if f.year is not None:
        stmt = stmt.where(TableRow.year == f.year)
    if f.kind:
        stmt = stmt.where(TableRow.kind == f.kind)
    if f.status:
        stmt = stmt.where(TableRow.status == f.status)
    return stmt


def _iso(dt: datetime | None) -> str | None:
    if dt is None:
        return None
    return (dt if dt.tzinfo else dt.replace(tzinfo=UTC)).isoformat()


def summary(row: Any) -> dict[str, Any]:
    """The list view of a table (no indicators): a :class:`TableRow` or a row of its columns."""
    return _summary_of([getattr(row, name) for name in SUMMARY_FIELDS])


def _summary_of(row: Any) -> dict[str, Any]:
    """The list view of a row of :data:`SUMMARY_FIELDS`, by position (the list's hot path)."""
    (
        id_,
        document_id,
        kind,
        year,
        status,
        title,
        unit_code,
        unit_name,
        department,
        project_name,
        money_unit,
        budget_total,
        indicator_count,
        quantified_count,
        finding_count,
        error_count,
        total_score,
        grade,
        version,
        updated_at,
        project_id,
        stage,
        revision,
        standing,
    ) = row
    return {
        "id": id_,
        "document_id": document_id,
        "kind": kind,
        "year": year,
        "status": status,
        "title": title,
        "unit": {"code": unit_code, "name": unit_name},
        "department": department,
        "project_name": project_name,
        "money_unit": money_unit,
        "budget_total": budget_total,
        "indicator_count": indicator_count,
        "quantified_count": quantified_count,
        "finding_count": finding_count,
        "error_count": error_count,
        "total_score": total_score,
        "grade": grade,
        "version": version,
        "updated_at": None
        if updated_at is None
        else (updated_at if updated_at.tzinfo else updated_at.replace(tzinfo=UTC)).isoformat(),
        "project_id": project_id,
        "stage": stage,
        "revision": revision,
        "standing": standing,
    }


# The columns of a list row (:meth:`TablesMixin.list_summary_rows`), in order.
SUMMARY_FIELDS: tuple[str, ...] = (
    "id",
    "document_id",
    "kind",
    "year",
    "status",
    "title",
    "unit_code",
    "unit_name",
    "department_name",
    "project_name",
    "money_unit",
    "budget_total",
    "indicator_count",
    "quantified_count",
    "finding_count",
    "error_count",
    "total_score",
    "grade",
    "version",
    "updated_at",
    "project_id",
    "stage",
    "revision",
    "standing",
)
# Core columns, not the ORM attributes: a list query built from annotated ORM columns pays
# ~0.2 ms per execution adapting the cached compiled form to the new statement.
SUMMARY_COLUMNS = tuple(TableRow.__table__.c[name] for name in SUMMARY_FIELDS)


_SUMMARY_SELECT = select(*SUMMARY_COLUMNS)  # built once: a Select is immutable
_ID = TableRow.__table__.c.id


@dataclass(frozen=True, slots=True)
class _ListStatements:
    """The statements of one table list (user scope and filters); bind ``page_size`` and
    ``page_offset`` to run ``page`` and ``counted``."""

    ids: AnySelect  # the ids the list shows, filtered and scoped, in no order
    page: AnySelect  # the page's summary rows
    counted: AnySelect  # the same, each row ending with the number of rows of the whole list


# Built once per (user scope, filters): building and hashing the SELECTs anew was ~8% of a list.
_LIST_STATEMENTS: dict[Hashable, _ListStatements] = {}


def _list_statements(f: TableFilter, user: User | None) -> _ListStatements:
    """A list's statements.  The page is a deferred join that finds the page's ids on an index
    (a deep OFFSET walks index entries, not whole rows) and then fetches those rows, by plain
    columns (no ORM objects); ``counted`` adds ``count(*) OVER ()`` to the ids, so a list whose
    total is not cached needs one query, not two."""
    stmt = table_filters(scope.visible(select(TableRow.id), user), f)
    if f.document_id is not None:
        stmt = stmt.where(TableRow.document_id == f.document_id)
    if f.rule:
        stmt = stmt.where(
            exists().where(
                FindingRow.table_id == TableRow.id, FindingRow.code.startswith(f.rule, autoescape=True)
            )
        )
    if f.q:
        like = f"%{f.q}%"
        stmt = stmt.where(
            or_(TableRow.title.like(like), TableRow.project_name.like(like), TableRow.unit_name.like(like))
        )

    # The page's size and offset are written into the SQL at execution (literal_execute, plain
    # ints).  With them as parameters PostgreSQL re-planned every execution (its generic plan
    # for an unknown LIMIT is a bad one); an unfiltered list now has no parameters left, and
    # its prepared statement keeps its plan: 0.55 → 0.42 ms of server CPU per list.
    def paged(ids: AnySelect) -> AnySelect:
        return (
            ids.order_by(TableRow.id.desc())
            .limit(bindparam("page_size", type_=Integer, literal_execute=True))
            .offset(bindparam("page_offset", type_=Integer, literal_execute=True))
        )

    page = _SUMMARY_SELECT.where(_ID.in_(paged(stmt).scalar_subquery())).order_by(_ID.desc())
    counted_ids = paged(stmt.add_columns(func.count().over().label("list_total"))).subquery()
    counted = (
        select(*SUMMARY_COLUMNS, counted_ids.c.list_total)
        .join_from(TableRow.__table__, counted_ids, _ID == counted_ids.c.id)
        .order_by(_ID.desc())
    )
    return _ListStatements(stmt, page, counted)


def finding_dict(f: FindingRow) -> dict[str, Any]:
    return {
        "code": f.code,
        "severity": f.severity,
        "indicator": f.indicator,
        "args": f.args or {},
        "message": f.message,
    }


def history_dict(h: HistoryRow, with_data: bool = True) -> dict[str, Any]:
    out: dict[str, Any] = {
        "id": h.id,
        "table_id": h.table_id,
        "document_id": h.document_id,
        "user": h.username,
        "at": _iso(h.at),
        "action": h.action,
        "from_status": h.from_status,
        "to_status": h.to_status,
        "comment": h.comment,
        "note": h.note or [],
    }
    if with_data:
        out["before"] = h.before
        out["after"] = h.after
    return out


class TablesMixin(StoreBase):
    """Table repository methods of :class:`jixiao.store.Store`."""

    def list_tables(
        self, filters: TableFilter | None = None, page: int = 1, per_page: int = 50, user: User | None = None
    ) -> tuple[list[dict[str, Any]], int]:
        """One page of table summaries and the total count, newest first."""
        rows, total = self.list_summary_rows(filters, page, per_page, user)
        return [_summary_of(r) for r in rows], total

    def list_summary_rows(
        self, filters: TableFilter | None = None, page: int = 1, per_page: int = 50, user: User | None = None
    ) -> tuple[Sequence[Sequence[Any]], int]:
        """:meth:`list_tables` before its rows become summary dicts: the page's rows, tuples of
        :data:`SUMMARY_FIELDS`, and the total, for callers that format rows themselves (the
        web list skips ~50 dicts per page)."""
        f = filters or TableFilter()
        page = max(1, int(page))
        per_page = max(1, min(int(per_page), MAX_PER_PAGE))
        shape = (scope.scope_key(user), f)
        built = _LIST_STATEMENTS.get(shape)
        if built is None:
            built = _list_statements(f, user)
            if len(_LIST_STATEMENTS) >= 1024:
                _LIST_STATEMENTS.clear()
            _LIST_STATEMENTS[shape] = built
        offset = (page - 1) * per_page
        bounds = {"page_size": per_page, "page_offset": offset}
        key = (self.url, *shape)
        total, large = _cached_count(key)
        with self._read_connection() as s:
            if total is None and not large:  # a small list, or one not seen yet
                counted = s.execute(built.counted, bounds).all()
                if counted:
                    total = counted[0][-1]
                    _remember_count(key, total)
                    return [r[:-1] for r in counted], total
                rows: Sequence[Sequence[Any]] = []
            else:
                rows = s.execute(built.page, bounds).all()
            if 0 < len(rows) < per_page or (page == 1 and not rows):
                return rows, offset + len(rows)  # the last page: its own count
            if total is None:  # past the end of the list, or a large one's total expired
                total = s.scalar(select(func.count()).select_from(built.ids.subquery())) or 0
                _remember_count(key, total)
            return rows, total

    def _read_connection(self) -> Connection:
        """A Core connection for read-only list queries (no ORM session: ~0.3 ms less per
        list).  On PostgreSQL it runs in autocommit: no BEGIN and ROLLBACK round trips around
        a list query (each statement still sees a consistent snapshot of its own)."""
        if self.dialect != "postgresql":
            return self.engine.connect()
        engine = self.__dict__.get("_autocommit_engine")
        if engine is None:
            # Its own small pool, so no connection switches isolation level per checkout
            # (each switch costs round trips).  Store.close disposes it.
            engine = make_engine(
                self.engine.url.render_as_string(hide_password=False),
                isolation_level="AUTOCOMMIT",
                pool_size=5,
                max_overflow=10,  # at most 15 more connections per process
            )
            self.__dict__["_autocommit_engine"] = engine
        return cast(Connection, engine.connect())

    def _visible_row(self, s: Session, table_id: int, user: User | None, lock: bool = False) -> TableRow:
        stmt = scope.visible(select(TableRow).where(TableRow.id == table_id), user)
        if lock and s.get_bind().dialect.name == "postgresql":
            stmt = stmt.with_for_update()
        row = s.scalar(stmt)
        if row is None:
            raise NotFound(bi(f"表 {table_id} 不存在或无权查看", f"table {table_id} not found"))
        return row

    def get_table(self, table_id: int, user: User | None = None) -> dict[str, Any]:
        """A table: its summary, the full jixiao/1 dict under ``table``, and its findings."""
        with self.session() as s:
            return self._table_in(s, table_id, user)

    def _table_in(self, s: Session, table_id: int, user: User | None) -> dict[str, Any]:
        """:meth:`get_table` read in the session ``s``.  A write calls it inside its own
        transaction, before the commit, so what it answers is what it wrote: a re-read after
        the commit could fail (a committed write reported as a failed one) or see a later
        version someone else wrote (rows are read afresh, never from the session's cache)."""
        stmt = scope.visible(select(TableRow).where(TableRow.id == table_id), user)
        row = s.scalar(stmt.execution_options(populate_existing=True))
        if row is None:
            raise NotFound(bi(f"表 {table_id} 不存在或无权查看", f"table {table_id} not found"))
        out = summary(row)
        out["table"] = row.data
        out["created_at"] = _iso(row.created_at)
        out["findings"] = [
            finding_dict(f)
            for f in s.scalars(
                select(FindingRow).where(FindingRow.table_id == table_id).order_by(FindingRow.id)
            )
        ]
        return out

    def history(
        self, table_id: int, user: User | None = None, with_data: bool = True
    ) -> list[dict[str, Any]]:
        """Every change of a table, oldest first (who, when, action, before, after, comment)."""
        with self.session() as s:
            row = s.scalar(scope.visible(select(TableRow).where(TableRow.id == table_id), user))
            if row is None and not (user is None or user.role in ("admin", "reviewer", "viewer")):
                raise NotFound(bi(f"表 {table_id} 不存在或无权查看", f"table {table_id} not found"))
            items = s.scalars(
                select(HistoryRow).where(HistoryRow.table_id == table_id).order_by(HistoryRow.id)
            ).all()
            if row is None and not items:
                raise NotFound(bi(f"表 {table_id} 不存在", f"table {table_id} not found"))
            return [history_dict(h, with_data) for h in items]


def check_status(status: str | None) -> None:
    if status is not None and status not in STATUSES:
        raise ConfigError(
            bi(
                f"未知状态 {status!r}，可选：{', '.join(STATUSES)}",
                f"unknown status {status!r}; choose from: {', '.join(STATUSES)}",
            )
        )
