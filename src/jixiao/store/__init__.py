"""The store (存储): SQLAlchemy 2 schema, Alembic migrations, repositories, bulk load.

::

    from jixiao.store import Store
    store = Store("sqlite:///jixiao.db", upgrade=True)
    result = store.import_document(doc, user, tables=[Incoming(…)])  # by identity: new/same/version/stage
    items, total = store.list_projects(ProjectFilter(year=2025), page=1, user=user)
    record = store.get_project(project_id, user)         # target, checkpoints, self-evaluation
    store.update_table(table_id, table_dict, version, user)   # ConflictError when stale
    store.transition_project(project_id, "submit", user)

Every method takes the acting user and scopes by role and unit (``user=None``: the local
command line, unscoped); who may change what is :mod:`.permissions`'.  The store runs no
review rules and no scoring: findings, scores and colours come indata from
:mod:`jixiao.actions`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from .. import lazy

if TYPE_CHECKING:  # the type checker sees the real names; at run time each is imported on first use
    from .accounts import AuditFilter
    from .core import Store
    from .engine import (
        DEFAULT_URL,
        database_url,
        make_engine,
        upgrade,
    )
    from .health import DatabaseUnavailable
    from .importer import ImportResult, Incoming
    from .permissions import TRANSITIONS
    from .projects import PROJECT_STATUSES, ProjectFilter
    from .tables import SUMMARY_FIELDS, TableFilter
    from .terms import LIGHTS, ROLES, STAGES, STATUSES
    from .users import TooManyAttempts, User

EXPORTS: dict[str, str] = {
    "AuditFilter": "accounts",
    "Store": "core",
    "database_url": "engine",
    "DEFAULT_URL": "engine",
    "make_engine": "engine",
    "upgrade": "engine",
    "DatabaseUnavailable": "health",
    "ImportResult": "importer",
    "Incoming": "importer",
    "TRANSITIONS": "permissions",
    "PROJECT_STATUSES": "projects",
    "ProjectFilter": "projects",
    "LIGHTS": "terms",
    "ROLES": "terms",
    "STAGES": "terms",
    "STATUSES": "terms",
    "SUMMARY_FIELDS": "tables",
    "TableFilter": "tables",
    "TooManyAttempts": "users",
    "User": "users",
}
__getattr__, __dir__ = lazy.exports(__name__, EXPORTS)
__all__ = [
    "AuditFilter",
    "DEFAULT_URL",
    "ROLES",
    "STATUSES",
    "TRANSITIONS",
    "DatabaseUnavailable",
    "ImportResult",
    "Incoming",
    "LIGHTS",
    "PROJECT_STATUSES",
    "ProjectFilter",
    "STAGES",
    "Store",
    "TableFilter",
    "SUMMARY_FIELDS",
    "TooManyAttempts",
    "User",
    "database_url",
    "make_engine",
    "upgrade",
]
