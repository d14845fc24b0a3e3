"""Database URL, engine and migrations (``jixiao db upgrade``).

The URL is ``JIXIAO_DATABASE_URL`` when set, else the SQLite file ``./jixiao.db``.
SQLite connections get WAL mode, foreign keys and a busy timeout so several uvicorn
workers can share one file; PostgreSQL uses psycopg 3 (``postgresql+psycopg://…``).
A new SQLite file is created readable by its owner only (0600): it holds the password
hashes and the cookie-signing secret, and SQLite gives its ``-wal`` and ``-shm`` files the
mode of the database file.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from alembic import command
from alembic.config import Config
from sqlalchemy import Connection, Engine, create_engine, event, inspect
from sqlalchemy.engine import make_url

from ..errors import ConfigError, StoreError
from ..text import bi

DEFAULT_URL = "sqlite:///jixiao.db"
SQLITE_BUSY_MS = 30_000  # how long a SQLite write waits for another's lock
MIGRATIONS = Path(__file__).with_name("migrations")


def database_url(url: str | None = None) -> str:
    """The URL to use: ``url`` if given, else ``JIXIAO_DATABASE_URL``, else ``./jixiao.db``."""
    url = url or os.environ.get("JIXIAO_DATABASE_URL") or DEFAULT_URL
    if url.startswith("postgresql://") or url.startswith("postgres://"):
        url = "postgresql+psycopg://" + url.split("://", 1)[1]
    try:
        make_url(url)
    except Exception as exc:  # sqlalchemy.exc.ArgumentError
        raise ConfigError(bi(f"数据库地址无效: {url!r}", f"invalid database URL: {url!r}")) from exc
    return url


def make_engine(url: str | None = None, **kwargs: Any) -> Engine:
    """An Engine for ``url`` (see :func:`database_url`), tuned per dialect."""
    url = database_url(url)
    if url.startswith("sqlite"):
        private_sqlite_file(url)
        # Connections are cheap: enough for every request thread, so none queues unfairly for one.
        if ":memory:" not in url:
            kwargs.setdefault("pool_size", 20)
            kwargs.setdefault("max_overflow", 20)
        engine = create_engine(url, connect_args={"timeout": SQLITE_BUSY_MS / 1000}, **kwargs)
        event.listen(engine, "connect", _sqlite_pragmas)
    else:
        kwargs.setdefault("pool_size", 10)
        kwargs.setdefault("max_overflow", 20)
        kwargs.setdefault("pool_recycle", 1800)
        kwargs.setdefault("pool_pre_ping", True)  # a connection the server dropped is replaced, not used
        kwargs.setdefault(
            "connect_args", {"connect_timeout": 10}
        )  # an unreachable server: an error, not a hang
        engine = create_engine(url, **kwargs)
    return engine


def private_sqlite_file(url: str) -> None:
    """Create the SQLite file of ``url`` with mode 0600 if it does not exist yet (SQLite itself
    would create it 0644 under the usual umask).  An existing file is left as it is."""
    database = make_url(url).database
    if not database or database == ":memory:" or database.startswith("file:"):
        return
    try:
        os.close(os.open(database, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600))
    except OSError:
        pass  # it exists; or a missing folder or no permission, which SQLite reports on connecting


def _sqlite_pragmas(dbapi_conn: Any, _record: object) -> None:
    cur = dbapi_conn.cursor()
    cur.execute("PRAGMA foreign_keys=ON")
    cur.execute("PRAGMA journal_mode=WAL")
    cur.execute("PRAGMA synchronous=NORMAL")
    cur.close()


def alembic_config(engine: Engine | None = None) -> Config:
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    if engine is not None:
        cfg.set_main_option(
            "sqlalchemy.url", engine.url.render_as_string(hide_password=False).replace("%", "%%")
        )
    return cfg


def upgrade(engine: Engine | str | None = None, revision: str = "head") -> str | None:
    """Run the migrations up to ``revision`` (default: the newest); returns the revision reached."""
    own = not isinstance(engine, Engine)
    eng = engine if isinstance(engine, Engine) else make_engine(engine)
    try:
        cfg = alembic_config(eng)
        sqlite = eng.dialect.name == "sqlite"
        with eng.connect() as conn:
            if sqlite:  # a batch migration copies a table: no cascade may fire when the old one goes
                conn.exec_driver_sql("PRAGMA foreign_keys=OFF")
                conn.commit()
            try:
                with conn.begin():
                    if eng.dialect.name == "postgresql":  # several workers may start at once
                        conn.exec_driver_sql("SELECT pg_advisory_xact_lock(5319001)")
                    cfg.attributes["connection"] = conn
                    command.upgrade(cfg, revision)
                    if revision in ("head", head_revision()):
                        _backfill(conn)
                    if sqlite and conn.exec_driver_sql("PRAGMA foreign_key_check").first() is not None:
                        raise StoreError(
                            bi(
                                "迁移后外键不一致，已回滚",
                                "a migration broke a foreign key; it was rolled back",
                            )
                        )
            finally:
                if sqlite:
                    conn.exec_driver_sql("PRAGMA foreign_keys=ON")
                    conn.commit()
        return current_revision(eng)
    finally:
        if own:
            eng.dispose()


def _backfill(conn: Connection) -> None:
    """Data the newest schema derives from older rows, computed by today's code once the
    migrations are done (the totals of :mod:`.totals`), in the upgrade's transaction."""
    from sqlalchemy.orm import Session

    from . import totals

    with Session(bind=conn) as s:
        totals.backfill(s)
        s.flush()


def current_revision(engine: Engine) -> str | None:
    from alembic.runtime.migration import MigrationContext

    with engine.connect() as conn:
        return MigrationContext.configure(conn).get_current_revision()


def head_revision() -> str | None:
    """The newest migration shipped with the package."""
    from alembic.script import ScriptDirectory

    return ScriptDirectory.from_config(alembic_config()).get_current_head()


def is_current(engine: Engine) -> bool:
    head = head_revision()
    if not inspect(engine).has_table("alembic_version"):
        return False
    return current_revision(engine) == head
