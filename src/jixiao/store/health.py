"""The database's health (数据库状态): is it reachable, may it be written?

A database that is down, read-only or full is not a bug of the request that met it: the
request may be retried.  :func:`unavailable` tells such a failure (an SQLAlchemy error from
SQLite or PostgreSQL) from any other, as a :class:`DatabaseUnavailable` naming why; the API
and the web answer it with 503 and ``Retry-After``.  :func:`check` asks the database
directly (``/health``).  Nothing here knows of HTTP.
"""

from __future__ import annotations

import sqlite3
from typing import TYPE_CHECKING

from sqlalchemy import exc as sa_exc
from sqlalchemy import text

from ..errors import StoreError
from ..text import bi
from .engine import SQLITE_BUSY_MS

if TYPE_CHECKING:
    from sqlalchemy import Connection

    from .core import Store

RETRY_AFTER = 5  # seconds a client should wait before trying again

_REASONS = {
    "unreachable": ("数据库暂时无法连接", "the database cannot be reached"),
    "read-only": ("数据库当前为只读，无法保存", "the database is read-only"),
    "full": ("数据库存储空间已满，无法保存", "the database is full"),
    "busy": ("数据库繁忙", "the database is busy"),
}


class DatabaseUnavailable(StoreError):
    """The database cannot serve the request now (``reason``: unreachable, read-only, full,
    busy); the request may be retried after ``retry_after`` seconds."""

    def __init__(self, reason: str) -> None:
        self.reason = reason
        self.retry_after = RETRY_AFTER
        zh, en = _REASONS[reason]
        super().__init__(bi(f"{zh}，请稍后重试", f"{en}; please try again shortly"))


def unavailable(exc: BaseException) -> DatabaseUnavailable | None:
    """What ``exc`` says of the database: a :class:`DatabaseUnavailable`, or None when it is
    another kind of error (a bug, a constraint)."""
    if isinstance(exc, DatabaseUnavailable):
        return exc
    if isinstance(exc, sa_exc.TimeoutError):  # no pooled connection came free in time
        return DatabaseUnavailable("busy")
    if not isinstance(exc, sa_exc.DBAPIError):
        return None
    orig = exc.orig
    if isinstance(orig, sqlite3.Error):
        message = str(orig).lower()
        if "readonly" in message or "read-only" in message:
            return DatabaseUnavailable("read-only")
        if "disk is full" in message or "database or disk is full" in message:
            return DatabaseUnavailable("full")
        if "locked" in message or "busy" in message:
            return DatabaseUnavailable("busy")
        if "unable to open" in message or "disk i/o" in message:
            return DatabaseUnavailable("unreachable")
        return None
    state = getattr(orig, "sqlstate", None) or ""
    if state == "25006":  # read_only_sql_transaction (a standby, default_transaction_read_only)
        return DatabaseUnavailable("read-only")
    if state in ("53100", "53200"):  # disk full, out of memory
        return DatabaseUnavailable("full")
    if state in ("53300", "40001", "40P01", "55P03"):  # too many connections, serialization, lock
        return DatabaseUnavailable("busy")
    if (
        state.startswith("08") or state.startswith("57P") or state == "3D000"
    ):  # connection, shutdown, no database
        return DatabaseUnavailable("unreachable")
    if exc.connection_invalidated or isinstance(exc, sa_exc.OperationalError | sa_exc.InterfaceError):
        return DatabaseUnavailable("unreachable") if not state else None
    return None


def _sqlite_writable(conn: Connection) -> None:
    """Take SQLite's write lock and give it back (refused when the file is read-only).  Held
    by a writer, it is busy but writable: that is waited for 0.2 s at most."""
    conn.exec_driver_sql("PRAGMA busy_timeout = 200")
    try:
        conn.exec_driver_sql("BEGIN IMMEDIATE")
        try:  # a write that changes nothing: a read-only file refuses it all the same
            conn.exec_driver_sql("UPDATE alembic_version SET version_num = version_num WHERE 0")
        finally:
            conn.exec_driver_sql("ROLLBACK")
    except sa_exc.OperationalError as exc:
        if "locked" not in str(exc.orig).lower() and "busy" not in str(exc.orig).lower():
            raise
    finally:
        conn.exec_driver_sql(f"PRAGMA busy_timeout = {SQLITE_BUSY_MS}")


def check(store: Store) -> DatabaseUnavailable | None:
    """Ask the database whether it can be read and written now; None when it can."""
    try:
        with store.engine.connect() as conn:
            if store.dialect == "sqlite":
                _sqlite_writable(conn)
            else:
                conn.execute(text("SELECT 1"))
                if conn.execute(text("SELECT current_setting('transaction_read_only')")).scalar() == "on":
                    return DatabaseUnavailable("read-only")
    except Exception as exc:  # noqa: BLE001 - any failure to reach the database is the answer
        found = unavailable(exc)
        return found if found is not None else DatabaseUnavailable("unreachable")
    return None
