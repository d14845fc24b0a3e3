"""What an administrator does (管理): users — add, disable and enable, reset a password, set
role, unit and mail address —, units, and the audit log (操作记录) of every change.

Every change of a user or a unit is a history entry (action ``user_add``, ``user_update``,
``user_password``, ``unit_save``; the user or unit it concerns in ``after``), so the audit
log holds them beside the projects' changes.  Who may do this is
:func:`.permissions.require_manage_users`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import TYPE_CHECKING, Any

from sqlalchemy import delete, func, select
from sqlalchemy.dialects import postgresql, sqlite

from ..errors import ConfigError, NotFound
from ..text import bi
from . import permissions
from .base import StoreBase
from .records import add_history
from .schema import HistoryRow, ProjectRow, SessionRow, TokenRow, Unit, UserRow
from .tables import MAX_PER_PAGE, _iso
from .terms import ROLES
from .users import User

EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
_UNSET: Any = object()


@dataclass(frozen=True, slots=True)
class AuditFilter:
    """Filters of the audit log: 用户 (user name), 操作 (action), 起止日期 (dates, inclusive)."""

    user: str | None = None
    action: str | None = None
    since: date | None = None
    until: date | None = None


def account_dict(row: UserRow) -> dict[str, Any]:
    return {
        "id": row.id,
        "username": row.username,
        "role": row.role,
        "unit_code": row.unit_code,
        "email": row.email,
        "active": bool(row.active),
        "created_at": _iso(row.created_at),
    }


def _check_email(email: str | None) -> str | None:
    email = (email or "").strip() or None
    if email is not None and (len(email) > 320 or not EMAIL.match(email)):
        raise ConfigError(bi(f"邮箱地址无效：{email!r}", f"not a mail address: {email!r}"))
    return email


class AccountsMixin(StoreBase):
    """Admin methods of :class:`jixiao.store.Store`: accounts, units, the audit log."""

    if TYPE_CHECKING:

        def _forget_tokens(self, user_id: int) -> None: ...  # UsersMixin's (credential cache)

    def accounts(self, actor: User | None = None) -> list[dict[str, Any]]:
        """Every user, disabled ones too (admins)."""
        permissions.require_manage_users(actor)
        with self.session() as s:
            return [account_dict(r) for r in s.scalars(select(UserRow).order_by(UserRow.username))]

    def audit_new_user(self, actor: User | None, user: User, email: str | None = None) -> None:
        """Record a new user in the audit log (and give it its mail address)."""
        with self.session() as s, s.begin():
            row = s.get(UserRow, user.id)
            if row is not None and email:
                row.email = _check_email(email)
            add_history(
                s,
                actor,
                "user_add",
                after={"user": user.username, "role": user.role, "unit_code": user.unit_code},
            )

    def update_user(
        self,
        username: str,
        actor: User | None = None,
        *,
        role: str | None = None,
        unit_code: Any = _UNSET,
        email: Any = _UNSET,
        active: bool | None = None,
    ) -> dict[str, Any]:
        """Set a user's role, unit, mail address or whether it may sign in (停用/启用).
        Disabling ends its sessions and tokens at once."""
        permissions.require_manage_users(actor)
        with self.session() as s, s.begin():
            row = s.scalar(select(UserRow).where(UserRow.username == username))
            if row is None:
                raise NotFound(bi(f"用户 {username!r} 不存在", f"no such user {username!r}"))
            changed: dict[str, Any] = {}
            if role is not None and role != row.role:
                if role not in ROLES:
                    raise ConfigError(
                        bi(
                            f"未知角色 {role!r}，可选：{', '.join(ROLES)}",
                            f"unknown role {role!r}; choose from: {', '.join(ROLES)}",
                        )
                    )
                row.role = changed["role"] = role
            if unit_code is not _UNSET:
                code = (unit_code or "").strip()[:64] or None
                if code != row.unit_code:
                    row.unit_code = changed["unit_code"] = code
            if row.role == "filer" and not row.unit_code:
                raise ConfigError(bi("填报用户必须指定单位编码", "a filer needs a unit code"))
            if email is not _UNSET:
                address = _check_email(email)
                if address != row.email:
                    row.email = changed["email"] = address
            if active is not None and bool(active) != bool(row.active):
                if not active and actor is not None and actor.id == row.id:
                    raise ConfigError(bi("不能停用自己的账号", "you cannot disable your own account"))
                row.active = changed["active"] = bool(active)
            if changed:
                if "role" in changed or "unit_code" in changed or changed.get("active") is False:
                    s.execute(delete(TokenRow).where(TokenRow.user_id == row.id))
                    s.execute(delete(SessionRow).where(SessionRow.user_id == row.id))
                add_history(s, actor, "user_update", after={"user": row.username, **changed})
            out = account_dict(row)
        self._forget_tokens(out["id"])
        return out

    def audit_password(self, username: str, actor: User | None = None) -> None:
        """Record that an admin set a user's password (the password itself is never kept)."""
        with self.session() as s, s.begin():
            add_history(s, actor, "user_password", after={"user": username})

    # -- units --------------------------------------------------------------------------------
    def save_unit(self, code: str, name: str | None, actor: User | None = None) -> dict[str, Any]:
        """Add a 预算单位 or rename it (admins); keyed by its code."""
        permissions.require_manage_users(actor)
        code = (code or "").strip()
        name = (name or "").strip() or None
        if not code or len(code) > 64 or not code.isalnum():
            raise ConfigError(bi(f"单位编码无效：{code!r}", f"not a unit code: {code!r}"))
        with self.session() as s, s.begin():
            row = s.scalar(select(Unit).where(Unit.key == code))
            if row is None:
                ins = (
                    postgresql.insert(Unit)
                    if s.get_bind().dialect.name == "postgresql"
                    else sqlite.insert(Unit)
                )
                s.execute(
                    ins.values(key=code, code=code, name=name).on_conflict_do_nothing(index_elements=["key"])
                )
            elif row.name != name:
                row.name = name
            add_history(s, actor, "unit_save", after={"unit": code, "name": name})
        return {"code": code, "name": name}

    def unit_rows(self, actor: User | None = None) -> list[dict[str, Any]]:
        """Every unit with its projects and users (admins)."""
        permissions.require_manage_users(actor)
        with self.session() as s:
            projects = dict(
                s.execute(
                    select(ProjectRow.unit_code, func.count())
                    .where(ProjectRow.archived.is_(False))
                    .group_by(ProjectRow.unit_code)
                )
                .tuples()
                .all()
            )
            users = dict(
                s.execute(select(UserRow.unit_code, func.count()).group_by(UserRow.unit_code)).tuples().all()
            )
            units = s.execute(select(Unit.code, Unit.name, Unit.key).order_by(Unit.code, Unit.key)).all()
            return [
                {
                    "code": code,
                    "name": name,
                    "key": key,
                    "projects": projects.get(code, 0),
                    "users": users.get(code, 0),
                }
                for code, name, key in units
            ]

    # -- the audit log ------------------------------------------------------------------------
    def audit_log(
        self, actor: User | None = None, filters: AuditFilter | None = None, page: int = 1, per_page: int = 50
    ) -> tuple[list[dict[str, Any]], int]:
        """操作记录: every change, newest first, filtered by user, action and date."""
        permissions.require_manage_users(actor)
        f = filters or AuditFilter()
        page, per_page = max(1, int(page)), max(1, min(int(per_page), MAX_PER_PAGE))
        stmt = select(HistoryRow, ProjectRow.name).outerjoin(
            ProjectRow, ProjectRow.id == HistoryRow.project_id
        )
        if f.user:
            stmt = stmt.where(HistoryRow.username == f.user)
        if f.action:
            stmt = stmt.where(HistoryRow.action == f.action)
        if f.since:
            stmt = stmt.where(HistoryRow.at >= datetime.combine(f.since, time.min, UTC))
        if f.until:
            stmt = stmt.where(HistoryRow.at < datetime.combine(f.until + timedelta(days=1), time.min, UTC))
        with self.session() as s:
            total = s.scalar(select(func.count()).select_from(stmt.subquery())) or 0
            rows = s.execute(
                stmt.order_by(HistoryRow.id.desc()).limit(per_page).offset((page - 1) * per_page)
            ).all()
            items = [
                {
                    "id": h.id,
                    "at": _iso(h.at),
                    "user": h.username,
                    "action": h.action,
                    "project_id": h.project_id,
                    "project": name,
                    "table_id": h.table_id,
                    "from_status": h.from_status,
                    "to_status": h.to_status,
                    "comment": h.comment,
                    "note": h.note or [],
                    "subject": _subject(h.after),
                }
                for h, name in rows
            ]
        return items, total

    def audit_actions(self) -> list[str]:
        """The actions the audit log holds (for its filter)."""
        with self.session() as s:
            return sorted(a for a in s.scalars(select(HistoryRow.action).distinct()) if a)


def _subject(after: Any) -> dict[str, Any] | None:
    """What a user or unit entry is about (its ``after`` without a table's content)."""
    if isinstance(after, dict) and ("user" in after or "unit" in after) and "kind" not in after:
        return after
    return None


__all__ = ["AccountsMixin", "AuditFilter", "account_dict"]
