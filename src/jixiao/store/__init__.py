"""The store (存储): SQLAlchemy 2 schema, Alembic migrations, repositories, bulk load.

::

    from jixiao.store import Store
    store = Store("sqlite:///jixiao.db", upgrade=True)
    result = store.import_document(doc, user)          # one transaction, dedup by sha256
    items, total = store.list_tables(TableFilter(year=2025), page=1, user=user)
    store.update_table(table_id, table_dict, version, user)   # ConflictError when stale
    store.transition(table_id, "submit", user)

Every method takes the acting user and scopes by role and unit (``user=None``: the local
command line, unscoped).
"""

from __future__ import annotations

from .core import Store
from .engine import DEFAULT_URL, database_url, make_engine, upgrade
from .health import DatabaseUnavailable
from .importer import ImportResult, import_documents
from .schema import ROLES, STATUSES
from .tables import SUMMARY_FIELDS, TableFilter
from .users import TooManyAttempts, User
from .workflow import TRANSITIONS

__all__ = [
    "DEFAULT_URL",
    "ROLES",
    "STATUSES",
    "TRANSITIONS",
    "DatabaseUnavailable",
    "ImportResult",
    "Store",
    "TableFilter",
    "SUMMARY_FIELDS",
    "TooManyAttempts",
    "User",
    "database_url",
    "import_documents",
    "make_engine",
    "upgrade",
]
