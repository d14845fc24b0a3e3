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
review rules and no scoring: findings, scores and colours come in as data from
:mod:`jixiao.actions`.
"""

from __future__ import annotations

from .accounts import AuditFilter
from .core import Store
from .engine import DEFAULT_URL, database_url, make_engine, upgrade
from .health import DatabaseUnavailable
from .importer import ImportResult, Incoming
from .permissions import TRANSITIONS
from .projects import PROJECT_STATUSES, ProjectFilter
from .schema import LIGHTS, ROLES, STAGES, STATUSES
from .tables import SUMMARY_FIELDS, TableFilter
from .users import TooManyAttempts, User

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
