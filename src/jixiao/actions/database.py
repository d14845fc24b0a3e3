"""数据库: open the store, migrated, with what a migration leaves to compute filled in.

:func:`open_store` is how the CLI, the server and the demo open a database: the migrations
run (when asked), then the colours of checkpoints the 0005 migration folded in are computed
(the store runs no rules, so a migration cannot) — once, at open.
"""

from __future__ import annotations

from sqlalchemy import Engine

from ..store import Store
from .stages import fill_lights


def open_store(url: str | Engine | None = None, *, upgrade: bool = True) -> Store:
    """A :class:`~jixiao.store.Store` on ``url`` (default ``JIXIAO_DATABASE_URL`` or
    ``./jixiao.db``), migrated to the newest schema when ``upgrade``."""
    store = Store(url, upgrade=upgrade)
    fill_lights(store)
    return store


def upgrade_database(url: str | Engine | None = None) -> str | None:
    """``jixiao db upgrade``: migrate, fill in what the migration left; the revision reached."""
    with open_store(url) as store:
        return store.upgrade()
