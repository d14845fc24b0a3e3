"""Writing tables: declare a new project's target, edit a version (versioned), delete a draft.

An edit names the ``version`` it was based on; a stale version raises
:class:`~jixiao.errors.ConflictError` (no silent overwrite).  An old version is kept for
the record and cannot be edited.  Deleting a draft keeps its history; the version before it
becomes current again, and a project left with no table is removed (its history stays).
Every write stores the findings the caller found and refreshes the project's aggregates.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any, cast

from sqlalchemy import CursorResult, delete, select, update
from sqlalchemy.orm import Session

from ..errors import ConflictError
from ..text import bi
from . import permissions
from .aggregates import refresh
from .base import StoreBase
from .identity import content_key, unit_key
from .records import add_history, ensure_units, finding_counts, place, write_children
from .rows import finding_rows, normalize_table, table_columns
from .schema import FindingRow, IndicatorRow, ProjectRow, TableRow
from .users import User, now


class WritesMixin(StoreBase):
    """Table writes of :class:`jixiao.store.Store`."""

    if TYPE_CHECKING:  # from TablesMixin

        def _visible_row(
            self, s: Session, table_id: int, user: User | None, lock: bool = False
        ) -> TableRow: ...

        def _table_in(self, s: Session, table_id: int, user: User | None) -> dict[str, Any]: ...

    def create_table(
        self, data: dict[str, Any], user: User | None = None, findings: Sequence[Mapping[str, Any]] = ()
    ) -> dict[str, Any]:
        """申报: a new project with this target (草稿, version 1) and the review ``findings``
        the caller found on it.  ConflictError when the project exists already."""
        data = normalize_table(data)
        permissions.require_write(user, table_columns(data)["unit_code"], action="创建")
        stamp = now()
        with self.session() as s, s.begin():
            units = ensure_units(s, [data])
            placed = place(s, user, data, findings, stamp=stamp, units=units, must_be_new=True)
            add_history(s, user, "create", placed.table_id, placed.project_id, to_status="draft", after=data)
            refresh(s, [placed.project_id], stamp)
            written = self._table_in(s, placed.table_id, user)
        return written

    def update_table(
        self,
        table_id: int,
        data: dict[str, Any],
        version: int,
        user: User | None = None,
        findings: Sequence[Mapping[str, Any]] = (),
    ) -> dict[str, Any]:
        """Replace a version's content and its ``findings``.  ``version`` must be the one
        read; else ConflictError.  The table stays in its project."""
        data = normalize_table(data)
        cols = table_columns(data)
        found = finding_rows(findings)
        stamp = now()
        with self.session() as s, s.begin():
            row = self._visible_row(s, table_id, user, lock=True)
            permissions.require_write(user, row.unit_code, row.status)
            permissions.require_write(user, cols["unit_code"], row.status)
            if row.standing == "old":
                raise ConflictError(
                    bi(
                        f"表 {table_id} 是旧版本，不能修改",
                        f"table {table_id} is an old version: it is kept as it was",
                    )
                )
            if int(version) != row.version:
                raise ConflictError(
                    bi(
                        f"表 {table_id} 已被他人修改（当前版本 {row.version}，你的版本 {version}），请刷新后重试",
                        f"table {table_id} was changed by someone else (now version {row.version}, yours {version}); reload and try again",
                    )
                )
            before = row.data
            units = ensure_units(s, [data])
            res = s.execute(
                update(TableRow)
                .where(TableRow.id == table_id, TableRow.version == row.version)
                .values(
                    **cols,
                    **finding_counts(found),
                    unit_id=units.get(unit_key(data) or ""),
                    data=data,
                    version=row.version + 1,
                    content_hash=content_key(data),
                    updated_at=stamp,
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
            s.execute(delete(IndicatorRow).where(IndicatorRow.table_id == table_id))
            s.execute(delete(FindingRow).where(FindingRow.table_id == table_id))
            write_children(s, table_id, data, found)
            add_history(s, user, "update", table_id, row.project_id, before=before, after=data)
            refresh(s, [row.project_id], stamp)
            written = self._table_in(s, table_id, user)  # this write, read before its commit
        return written

    def delete_table(self, table_id: int, user: User | None = None, version: int | None = None) -> None:
        """删除 a draft (草稿/已退回, or a checkpoint or self-evaluation version); see the
        module doc for what becomes current instead."""
        with self.session() as s, s.begin():
            row = self._visible_row(s, table_id, user, lock=True)
            permissions.require_delete(user, row.unit_code, row.status)
            if version is not None and int(version) != row.version:
                raise ConflictError(
                    bi(
                        f"表 {table_id} 已被他人修改，请刷新后重试",
                        f"table {table_id} was changed by someone else (your version {version}); reload and try again",
                    )
                )
            add_history(
                s,
                user,
                "delete",
                table_id,
                row.project_id,
                document_id=row.document_id,
                from_status=row.status,
                note=[bi(f"第{row.revision}版", f"v{row.revision}")],
                before=row.data,
            )
            project_id, standing = row.project_id, row.standing
            s.execute(delete(TableRow).where(TableRow.id == table_id))
            if standing == "current":
                _restore_previous(s, row)
            left = s.scalar(select(TableRow.id).where(TableRow.project_id == project_id).limit(1))
            if left is None:
                s.execute(delete(ProjectRow).where(ProjectRow.id == project_id))
                add_history(s, user, "delete_project", None, project_id)
            refresh(s, [project_id], now())  # a project gone leaves the totals


def _restore_previous(s: Session, row: TableRow) -> None:
    """The newest old version of a deleted current one's stage becomes current again."""
    stmt = select(TableRow.id).where(
        TableRow.project_id == row.project_id, TableRow.stage == row.stage, TableRow.standing == "old"
    )
    if row.stage == "checkpoint":
        stmt = stmt.where(TableRow.as_of.is_(None) if row.as_of is None else TableRow.as_of == row.as_of)
    previous = s.scalar(stmt.order_by(TableRow.revision.desc(), TableRow.id.desc()).limit(1))
    if previous is not None:
        s.execute(update(TableRow).where(TableRow.id == previous).values(standing="current"))
