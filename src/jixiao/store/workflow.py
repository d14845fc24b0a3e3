"""The review workflow (审核流程): 草稿 draft → 已提交 submitted → 已退回 returned / 已批准 approved.

=========  ==========================  ===================  ===============================
action     from                        to                   who
=========  ==========================  ===================  ===============================
submit     draft, returned             submitted            filer (own unit), admin
return     submitted                   returned             reviewer, admin (comment needed)
approve    submitted                   approved             reviewer, admin
reopen     approved, submitted         draft                admin
=========  ==========================  ===================  ===============================

Each transition bumps the table's version and writes a history row with its comment.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, cast

from sqlalchemy import CursorResult, update

from ..errors import ConfigError, ConflictError, PermissionDenied
from . import scope
from .base import StoreBase
from .schema import TableRow
from .tables import add_history
from .users import User, now

TRANSITIONS: dict[str, tuple[tuple[str, ...], str, tuple[str, ...]]] = {
    "submit": (("draft", "returned"), "submitted", ("filer", "admin")),
    "return": (("submitted",), "returned", ("reviewer", "admin")),
    "approve": (("submitted",), "approved", ("reviewer", "admin")),
    "reopen": (("approved", "submitted"), "draft", ("admin",)),
}
ACTION_ZH = {"submit": "提交", "return": "退回", "approve": "批准", "reopen": "重新打开"}


class WorkflowMixin(StoreBase):
    if TYPE_CHECKING:  # from TablesMixin
        from sqlalchemy.orm import Session

        def _visible_row(
            self, s: Session, table_id: int, user: User | None, lock: bool = False
        ) -> TableRow: ...

        def get_table(self, table_id: int, user: User | None = None) -> dict[str, Any]: ...

    def transition(
        self,
        table_id: int,
        action: str,
        user: User | None = None,
        comment: str | None = None,
        version: int | None = None,
    ) -> dict[str, Any]:
        """Move a table through the review workflow; returns the updated table."""
        if action not in TRANSITIONS:
            raise ConfigError(f"未知操作 {action!r}，可选：{', '.join(TRANSITIONS)}（unknown action）")
        sources, target, roles = TRANSITIONS[action]
        comment = (comment or "").strip() or None
        if action == "return" and not comment:
            raise ConfigError("退回时必须填写意见（a return needs a comment）")
        with self.session() as s, s.begin():
            row = self._visible_row(s, table_id, user, lock=True)
            if user is not None:
                if user.role not in roles:
                    raise PermissionDenied(
                        f"角色 {user.role} 不能{ACTION_ZH[action]}（role {user.role} may not {action}）"
                    )
                if user.role == "filer" and row.unit_code != user.unit_code:
                    raise PermissionDenied(
                        "只能提交本单位的表（a filer may only submit its own unit's tables）"
                    )
            if row.status not in sources:
                raise ConflictError(
                    f"表状态为「{scope.status_zh(row.status)}」，不能{ACTION_ZH[action]}"
                    f"（cannot {action} a table that is {row.status}）"
                )
            if version is not None and int(version) != row.version:
                raise ConflictError(f"表 {table_id} 已被他人修改，请刷新后重试（stale version {version}）")
            res = s.execute(
                update(TableRow)
                .where(TableRow.id == table_id, TableRow.version == row.version)
                .values(
                    status=target,
                    version=row.version + 1,
                    updated_at=now(),
                    updated_by=user.id if user else None,
                )
                .execution_options(synchronize_session=False)
            )
            if cast("CursorResult[Any]", res).rowcount != 1:
                raise ConflictError(f"表 {table_id} 已被他人修改，请刷新后重试（concurrent change）")
            add_history(s, user, action, table_id, from_status=row.status, to_status=target, comment=comment)
        return self.get_table(table_id, user)
