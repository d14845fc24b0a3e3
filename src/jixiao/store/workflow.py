"""The review workflow (审核流程) of a target: draft → submitted → returned / approved.

Who may take which step is :mod:`.permissions`' (:data:`~.permissions.TRANSITIONS`); each
transition bumps the table's version and writes a history row with its comment, and the
notifications it causes (:func:`.conversation.notify`).  A pending
revision (调整) goes through the same steps; approving it makes it the project's current
target and the one it replaces an old version.  Only targets have a workflow.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, cast

from sqlalchemy import CursorResult, update

from ..errors import ConfigError, ConflictError
from ..text import bi
from . import permissions
from .aggregates import refresh
from .base import StoreBase
from .conversation import notify
from .records import add_history
from .schema import ProjectRow, TableRow
from .users import User, now

TRANSITIONS = permissions.TRANSITIONS


class WorkflowMixin(StoreBase):
    if TYPE_CHECKING:  # from TablesMixin
        from sqlalchemy.orm import Session

        def _visible_row(
            self, s: Session, table_id: int, user: User | None, lock: bool = False
        ) -> TableRow: ...

        def _table_in(self, s: Session, table_id: int, user: User | None) -> dict[str, Any]: ...

        def working_target(self, project_id: int, user: User | None = None) -> dict[str, Any]: ...

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
            if row.stage != "target":
                raise ConfigError(bi("只有绩效目标表有审核流程", "only a target table has a review workflow"))
            if row.standing == "old":
                raise ConflictError(
                    bi(f"表 {table_id} 是旧版本", f"table {table_id} is an old version: it has no workflow")
                )
            target = permissions.check_transition(user, action, row.unit_code, row.status, comment)
            if version is not None and int(version) != row.version:
                raise ConflictError(
                    bi(
                        f"表 {table_id} 已被他人修改，请刷新后重试",
                        f"table {table_id} was changed by someone else (your version {version}); reload and try again",
                    )
                )
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
                raise ConflictError(
                    bi(
                        f"表 {table_id} 已被他人修改，请刷新后重试",
                        f"table {table_id} was changed by someone else; reload and try again",
                    )
                )
            if action == "approve" and row.standing == "pending":
                _promote(s, row)
            h = add_history(
                s,
                user,
                action,
                table_id,
                row.project_id,
                from_status=row.status,
                to_status=target,
                comment=comment,
            )
            project = s.get(ProjectRow, row.project_id)
            if project is not None:
                notify(s, user, action, project, h)
            refresh(s, [row.project_id], now())
            written = self._table_in(s, table_id, user)  # this step, read before its commit
        return written

    def transition_project(
        self,
        project_id: int,
        action: str,
        user: User | None = None,
        comment: str | None = None,
        version: int | None = None,
    ) -> dict[str, Any]:
        """A workflow step on a project's working target (its pending revision, else its
        current target)."""
        return self.transition(self.working_target(project_id, user)["id"], action, user, comment, version)


def _promote(s: Any, row: TableRow) -> None:
    """An approved revision replaces the project's current target."""
    s.execute(
        update(TableRow)
        .where(
            TableRow.project_id == row.project_id, TableRow.stage == "target", TableRow.standing == "current"
        )
        .values(standing="old", counted=False)
        .execution_options(synchronize_session=False)
    )
    s.execute(
        update(TableRow)
        .where(TableRow.id == row.id)
        .values(standing="current")
        .execution_options(synchronize_session=False)
    )
