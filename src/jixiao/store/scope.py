"""Who may see which projects and tables (scoping by role and 预算单位).

Every query of :class:`jixiao.store.Store` goes through :func:`visible` so a filer never
sees another unit's table, whatever interface asks.  ``user=None`` means the local
command line (trusted, unscoped).  Who may *change* what is
:mod:`.permissions`' to say.
"""

from __future__ import annotations

from typing import TypeVarTuple

from sqlalchemy import Select, false

from .permissions import SEE_ALL
from .schema import ProjectRow, TableRow
from .users import User

_Ts = TypeVarTuple("_Ts")


def visible(stmt: Select[*_Ts], user: User | None) -> Select[*_Ts]:
    """Restrict a SELECT over ``perf_tables`` to what ``user`` may see."""
    if user is None or user.role in SEE_ALL:
        return stmt
    if user.role == "filer" and user.unit_code:
        return stmt.where(TableRow.unit_code == user.unit_code)
    return stmt.where(false())


def visible_projects(stmt: Select[*_Ts], user: User | None) -> Select[*_Ts]:
    """Restrict a SELECT over ``projects`` to what ``user`` may see."""
    if user is None or user.role in SEE_ALL:
        return stmt
    if user.role == "filer" and user.unit_code:
        return stmt.where(ProjectRow.unit_code == user.unit_code)
    return stmt.where(false())


def scope_key(user: User | None) -> tuple[str, ...]:
    """What :func:`visible` depends on: equal keys mean the same restriction (for caches)."""
    if user is None or user.role in SEE_ALL:
        return ("all",)
    if user.role == "filer" and user.unit_code:
        return ("unit", user.unit_code)
    return ("none",)


def can_see(user: User | None, unit_code: str | None) -> bool:
    if user is None or user.role in SEE_ALL:
        return True
    return user.role == "filer" and bool(user.unit_code) and unit_code == user.unit_code
