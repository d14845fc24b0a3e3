"""The reviewer's desk in the store: the review queue (待审核), each project's conversation
(审核意见与回复) and the notifications (通知) they cause.

- **Queue.** The projects whose working target (its pending revision, else its current
  target) is submitted, oldest submission first; for who may review (:mod:`.permissions`).
- **Conversation.** A project's thread is its history entries that carry a person's
  comment: the comments given with submit, return, approve and reopen, and free comments
  (action ``comment``) — a filer's reply is one too.
- **Notifications.** Written in the same transaction as the history entry they are about
  (:func:`notify`): a submission tells the reviewers; a return, an approval or a reopening
  tells the project's unit's filers; a comment tells the others who took part in the
  project's conversation and the unit's filers (a filer's comment with no reviewer in the
  thread yet tells every reviewer).  Nobody is told of what they did themselves.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import timedelta
from typing import TYPE_CHECKING, Any

from sqlalchemy import and_, func, select, update
from sqlalchemy.orm import Session

from ..errors import ConfigError
from ..text import bi
from . import permissions, scope
from .base import StoreBase
from .projects import unit_filter
from .records import add_history
from .schema import HistoryRow, NotificationRow, ProjectRow, TableRow, UserRow
from .tables import MAX_PER_PAGE, _iso
from .users import User, now

MAX_COMMENT = 10_000
THREAD_ACTIONS = ("submit", "return", "approve", "reopen", "comment")
MAIL_WINDOW = timedelta(days=1)  # notifications older than this are never mailed


def _active(role: str | None = None) -> Any:
    cond = UserRow.active.is_(True)
    return and_(cond, UserRow.role == role) if role else cond


def recipients(s: Session, actor: User | None, kind: str, project: ProjectRow) -> set[int]:
    """Who is told of ``kind`` (an action of the workflow, or ``comment``) on ``project``."""
    unit_filers = set(
        s.scalars(select(UserRow.id).where(_active("filer"), UserRow.unit_code == project.unit_code)).all()
        if project.unit_code
        else []
    )
    if kind == "submit":
        out = set(s.scalars(select(UserRow.id).where(_active("reviewer"))).all())
        if not out:  # an installation without reviewers: its admins review
            out = set(s.scalars(select(UserRow.id).where(_active("admin"))).all())
    elif kind in ("return", "approve", "reopen"):
        out = unit_filers
    else:
        taking_part: set[int] = set(
            s.scalars(
                select(UserRow.id)
                .join(HistoryRow, UserRow.id == HistoryRow.user_id)
                .where(
                    HistoryRow.project_id == project.id,
                    HistoryRow.user_id.is_not(None),
                    HistoryRow.action.in_(THREAD_ACTIONS),
                    UserRow.active.is_(True),
                )
                .distinct()
            ).all()
        )
        out = taking_part | unit_filers
        if actor is not None and actor.role == "filer" and not (taking_part - unit_filers):
            out |= set(s.scalars(select(UserRow.id).where(_active("reviewer"))).all())
    out.discard(actor.id if actor else -1)
    return out


def notify(s: Session, actor: User | None, kind: str, project: ProjectRow, history: HistoryRow) -> int:
    """Write the notifications of one history entry (see the module doc); returns how many."""
    s.flush()  # the history row's id
    users = recipients(s, actor, kind, project)
    stamp = now()
    for uid in sorted(users):
        s.add(
            NotificationRow(
                user_id=uid,
                project_id=project.id,
                history_id=history.id,
                kind=kind,
                actor=actor.username if actor else None,
                at=stamp,
            )
        )
    return len(users)


def _entry(h: HistoryRow, role: str | None) -> dict[str, Any]:
    return {
        "id": h.id,
        "at": _iso(h.at),
        "user": h.username,
        "role": role,
        "action": h.action,
        "to_status": h.to_status,
        "comment": h.comment,
    }


class ConversationMixin(StoreBase):
    """Queue, conversation and notification methods of :class:`jixiao.store.Store`."""

    if TYPE_CHECKING:  # from ProjectsMixin

        def _visible_project(
            self, s: Session, project_id: int, user: User | None, lock: bool = False
        ) -> ProjectRow: ...

    # -- the review queue -------------------------------------------------------------------
    def _queue_select(
        self, user: User | None, unit: str | None = None, year: int | None = None, count: bool = False
    ) -> Any:
        """The queue's SELECT (or, with ``count``, its length: no submission time to look up)."""
        if count:
            columns: tuple[Any, ...] = (func.count(),)
        else:
            submitted = (
                select(HistoryRow.at)
                .where(HistoryRow.table_id == TableRow.id, HistoryRow.action == "submit")
                .order_by(HistoryRow.id.desc())
                .limit(1)
                .scalar_subquery()
            )
            columns = (
                ProjectRow,
                TableRow.id,
                TableRow.revision,
                TableRow.standing,
                TableRow.version,
                func.coalesce(submitted, TableRow.updated_at).label("submitted_at"),
            )
        stmt = scope.visible_projects(
            select(*columns).select_from(TableRow).join(ProjectRow, TableRow.project_id == ProjectRow.id),
            user,
        ).where(
            TableRow.status == "submitted",
            TableRow.stage == "target",
            TableRow.standing.in_(("current", "pending")),
            ProjectRow.archived.is_(False),
        )
        if unit:
            stmt = stmt.where(unit_filter(unit))
        if year is not None:
            stmt = stmt.where(ProjectRow.year == year)
        return stmt

    def review_queue(
        self,
        user: User | None = None,
        *,
        unit: str | None = None,
        year: int | None = None,
        page: int = 1,
        per_page: int = 50,
    ) -> tuple[list[dict[str, Any]], int]:
        """待审核: the submitted targets waiting for a reviewer, oldest submission first."""
        permissions.require_review(user)
        page, per_page = max(1, int(page)), max(1, min(int(per_page), MAX_PER_PAGE))
        stmt = self._queue_select(user, unit, year)
        with self.session() as s:
            total = s.scalar(self._queue_select(user, unit, year, count=True)) or 0
            rows = s.execute(
                stmt.order_by("submitted_at", TableRow.id).limit(per_page).offset((page - 1) * per_page)
            ).all()
            items = [
                {
                    "project_id": p.id,
                    "name": p.name,
                    "code": p.code,
                    "unit": {"code": p.unit_code, "name": p.unit_name},
                    "year": p.year,
                    "budget_wan": p.budget_wan,
                    "finding_count": p.finding_count,
                    "error_count": p.error_count,
                    "table_id": tid,
                    "revision": revision,
                    "standing": standing,
                    "version": version,
                    "submitted_at": _iso(at),
                }
                for p, tid, revision, standing, version, at in rows
            ]
        return items, total

    def badge_counts(self, user: User) -> dict[str, int]:
        """What the navigation shows: the unread notifications and, for who reviews, the
        queue's length — one query."""
        unread = (
            select(func.count())
            .select_from(NotificationRow)
            .where(NotificationRow.user_id == user.id, NotificationRow.read_at.is_(None))
            .scalar_subquery()
        )
        cols = [unread]
        if permissions.may_review(user):
            cols.append(self._queue_select(user, count=True).scalar_subquery())
        with self._read_connection() as c:
            row = c.execute(select(*cols)).one()
        return {"unread": int(row[0] or 0), "queue": int(row[1] or 0) if len(row) > 1 else 0}

    # -- the conversation -------------------------------------------------------------------
    def add_comment(self, project_id: int, text: str, user: User | None = None) -> dict[str, Any]:
        """A comment on a project's conversation (a reply is one too); notifies (see the
        module doc).  Returns the entry."""
        text = (text or "").replace("\x00", "").strip()
        if not text:
            raise ConfigError(bi("意见不能为空", "the comment is empty"))
        if len(text) > MAX_COMMENT:
            raise ConfigError(
                bi(f"意见过长：超过 {MAX_COMMENT} 个字符", f"the comment is over {MAX_COMMENT} characters")
            )
        with self.session() as s, s.begin():
            p = self._visible_project(s, project_id, user)
            permissions.require_comment(user, p.unit_code)
            h = add_history(s, user, "comment", None, p.id, comment=text)
            notify(s, user, "comment", p, h)
            return _entry(h, user.role if user else None)

    def thread(self, project_id: int, user: User | None = None) -> list[dict[str, Any]]:
        """A project's conversation, oldest first: every history entry with a comment."""
        with self.session() as s:
            p = self._visible_project(s, project_id, user)
            rows = s.execute(
                select(HistoryRow, UserRow.role)
                .outerjoin(UserRow, UserRow.id == HistoryRow.user_id)
                .where(HistoryRow.project_id == p.id, HistoryRow.comment.is_not(None))
                .order_by(HistoryRow.id)
            ).all()
            return [_entry(h, role) for h, role in rows]

    # -- notifications ----------------------------------------------------------------------
    def notifications(
        self, user: User, *, unread: bool = False, page: int = 1, per_page: int = 50
    ) -> tuple[list[dict[str, Any]], int, int]:
        """A user's notifications, newest first: (items, total, unread count)."""
        page, per_page = max(1, int(page)), max(1, min(int(per_page), MAX_PER_PAGE))
        mine = NotificationRow.user_id == user.id
        stmt = (
            select(NotificationRow, ProjectRow.name, HistoryRow.comment, HistoryRow.to_status)
            .outerjoin(ProjectRow, ProjectRow.id == NotificationRow.project_id)
            .outerjoin(HistoryRow, HistoryRow.id == NotificationRow.history_id)
            .where(mine)
        )
        if unread:
            stmt = stmt.where(NotificationRow.read_at.is_(None))
        with self.session() as s:
            total = s.scalar(select(func.count()).select_from(stmt.subquery())) or 0
            unread_count = s.scalar(select(func.count()).where(mine, NotificationRow.read_at.is_(None))) or 0
            rows = s.execute(
                stmt.order_by(NotificationRow.id.desc()).limit(per_page).offset((page - 1) * per_page)
            ).all()
            items = [
                {
                    "id": n.id,
                    "kind": n.kind,
                    "project_id": n.project_id,
                    "project": name,
                    "actor": n.actor,
                    "comment": comment,
                    "to_status": to_status,
                    "at": _iso(n.at),
                    "read": n.read_at is not None,
                }
                for n, name, comment, to_status in rows
            ]
        return items, total, unread_count

    def mark_read(self, user: User, ids: Iterable[int] | None = None, project_id: int | None = None) -> int:
        """Mark a user's notifications read: those of ``ids``, of ``project_id``, else all."""
        cond = [NotificationRow.user_id == user.id, NotificationRow.read_at.is_(None)]
        if ids is not None:
            cond.append(NotificationRow.id.in_([int(i) for i in ids]))
        if project_id is not None:
            cond.append(NotificationRow.project_id == project_id)
        with self.session() as s, s.begin():
            res = s.execute(
                update(NotificationRow)
                .where(*cond)
                .values(read_at=now())
                .execution_options(synchronize_session=False)
            )
            return int(getattr(res, "rowcount", 0) or 0)

    def open_notification(self, user: User, note_id: int) -> int | None:
        """Mark one of a user's notifications read; the project it is about (None when it is
        not the user's or has none)."""
        with self.session() as s, s.begin():
            row = s.scalar(
                select(NotificationRow).where(
                    NotificationRow.id == note_id, NotificationRow.user_id == user.id
                )
            )
            if row is None:
                return None
            if row.read_at is None:
                row.read_at = now()
            return row.project_id

    def claim_mail(self, limit: int = 100) -> list[dict[str, Any]]:
        """Notifications to send by mail (recipient has an address; not yet mailed; of the
        last day), marked mailed in the same transaction so that no two workers send one."""
        with self.session() as s, s.begin():
            stmt = (
                select(
                    NotificationRow.id,
                    UserRow.email,
                    UserRow.username,
                    NotificationRow.kind,
                    NotificationRow.actor,
                    NotificationRow.project_id,
                    ProjectRow.name,
                    HistoryRow.comment,
                )
                .join(UserRow, UserRow.id == NotificationRow.user_id)
                .outerjoin(ProjectRow, ProjectRow.id == NotificationRow.project_id)
                .outerjoin(HistoryRow, HistoryRow.id == NotificationRow.history_id)
                .where(
                    NotificationRow.mailed_at.is_(None),
                    NotificationRow.at >= now() - MAIL_WINDOW,
                    UserRow.email.is_not(None),
                    UserRow.email != "",
                    UserRow.active.is_(True),
                )
                .order_by(NotificationRow.id)
                .limit(limit)
            )
            if s.get_bind().dialect.name == "postgresql":
                stmt = stmt.with_for_update(of=NotificationRow, skip_locked=True)
            rows = s.execute(stmt).all()
            if rows:
                s.execute(
                    update(NotificationRow)
                    .where(NotificationRow.id.in_([r[0] for r in rows]))
                    .values(mailed_at=now())
                    .execution_options(synchronize_session=False)
                )
            return [
                {
                    "id": r[0],
                    "email": r[1],
                    "username": r[2],
                    "kind": r[3],
                    "actor": r[4],
                    "project_id": r[5],
                    "project": r[6],
                    "comment": r[7],
                }
                for r in rows
            ]


__all__ = ["ConversationMixin", "notify", "recipients"]
