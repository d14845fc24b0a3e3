"""The review workflow (审核流程) of a table: draft → submitted → returned / approved.

Who may take which step is :mod:`.permissions`' (:data:`~.permissions.TRANSITIONS`); each
transition bumps the table's version and writes a history row with its comment.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, cast

from sqlalchemy import CursorResult, update

from ..errors import ConflictError
from . import permissions
from .base import StoreBase
from .schema import TableRow
from .tables import add_history
from .users import User, now

TRANSITIONS = permissions.TRANSITIONS


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
        comment = (comment or "").strip() or None
        with self.session() as s, s.begin():
            row = self._visible_row(s, table_id, user, lock=True)
            target = permissions.check_transition(user, action, row.unit_code, row.status, comment)
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
