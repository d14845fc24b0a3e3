"""Who may see and change which tables (scoping by role and 预算单位).

Every query of :class:`jixiao.store.Store` goes through :func:`visible` so a filer never
sees another unit's table, whatever interface asks.  ``user=None`` means the local
command line (trusted, unscoped).
"""

from __future__ import annotations

from typing import Any, TypeVarTuple

from sqlalchemy import Select, false

from ..errors import PermissionDenied
from .schema import TableRow
from .users import User

_Ts = TypeVarTuple("_Ts")

EDITABLE_BY_FILER = ("draft", "returned")


def visible(stmt: Select[*_Ts], user: User | None) -> Select[*_Ts]:
    """Restrict a SELECT over ``perf_tables`` to what ``user`` may see."""
    if user is None or user.role in ("admin", "reviewer", "viewer"):
        return stmt
    if user.role == "filer" and user.unit_code:
        return stmt.where(TableRow.unit_code == user.unit_code)
    return stmt.where(false())


def scope_key(user: User | None) -> tuple[str, ...]:
    """What :func:`visible` depends on: equal keys mean the same restriction (for caches)."""
    if user is None or user.role in ("admin", "reviewer", "viewer"):
        return ("all",)
    if user.role == "filer" and user.unit_code:
        return ("unit", user.unit_code)
    return ("none",)


def can_see(user: User | None, unit_code: str | None) -> bool:
    if user is None or user.role in ("admin", "reviewer", "viewer"):
        return True
    return user.role == "filer" and bool(user.unit_code) and unit_code == user.unit_code


def require_write(
    user: User | None, unit_code: str | None, status: str | None = None, action: str = "修改"
) -> None:
    """Raise PermissionDenied unless ``user`` may create/change/delete a table of ``unit_code``."""
    if user is None or user.role == "admin":
        return
    if user.role == "filer":
        if not user.unit_code or unit_code != user.unit_code:
            raise PermissionDenied(
                f"无权{action}其他单位的表（a filer may only {action_en(action)} its own unit's tables）"
            )
        if status is not None and status not in EDITABLE_BY_FILER:
            raise PermissionDenied(f"表{status_zh(status)}，不能{action}（the table is {status}）")
        return
    raise PermissionDenied(
        f"角色 {user.role} 无权{action}表（role {user.role} may not {action_en(action)} tables）"
    )


def require_import(user: User | None, tables: list[dict[str, Any]]) -> None:
    if user is None or user.role in ("admin", "reviewer"):
        return
    if user.role == "filer":
        for t in tables:
            code = (t.get("unit") or {}).get("code")
            if code != user.unit_code:
                raise PermissionDenied(
                    f"文件中有其他单位（{code or '无编码'}）的表，填报用户只能导入本单位的表"
                    "（the file holds another unit's table）"
                )
        return
    raise PermissionDenied(f"角色 {user.role} 无权导入（role {user.role} may not import）")


def action_en(action: str) -> str:
    return {"修改": "change", "删除": "delete", "创建": "create", "提交": "submit"}.get(action, "change")


STATUS_ZH = {"draft": "草稿", "submitted": "已提交", "returned": "已退回", "approved": "已批准"}


def status_zh(status: str) -> str:
    return STATUS_ZH.get(status, status)
