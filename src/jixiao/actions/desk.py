"""The reviewer's desk and the administrator's actions (审核台与管理).

=====================================  =====================================================
action                                 called by
=====================================  =====================================================
:func:`comment` 发表意见 / 回复          ``POST /api/v1/projects/{id}/comments`` · the project page
:func:`mark_read` 标为已读               ``POST /api/v1/notifications/read`` · the notifications page
:func:`add_user` 新建用户                ``jixiao user add`` · ``POST /api/v1/users`` · ``/admin/users``
:func:`update_user` 角色、单位、停用       ``PATCH /api/v1/users/{name}`` · ``/admin/users``
:func:`reset_password` 重设密码          ``jixiao user password`` · ``POST /api/v1/users/{name}/password`` · ``/admin/users``
:func:`save_unit` 单位                   ``POST /api/v1/units`` · ``/admin/units``
:func:`set_framework` 指标体系            ``PUT /api/v1/projects/{id}/framework`` · the editor
=====================================  =====================================================

The review queue, the thread, the notifications and the audit log are store reads
(:meth:`jixiao.store.Store.review_queue`, ``thread``, ``notifications``, ``audit_log``).
Transitions and comments notify; with SMTP set up (:mod:`.mail`) the notifications are
also mailed.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from ..errors import PermissionDenied
from ..store import Store, User, permissions
from ..text import bi
from . import mail


def comment(store: Store, user: User | None, project_id: int, text: str) -> dict[str, Any]:
    """A comment in a project's conversation (a filer's reply is one too); notifies."""
    entry = store.add_comment(project_id, text, user)
    mail.deliver(store)
    return entry


def mark_read(
    store: Store, user: User, ids: Iterable[int] | None = None, project_id: int | None = None
) -> int:
    """Mark notifications read (``ids``, a project's, else all); returns how many."""
    return store.mark_read(user, ids, project_id)


def open_notification(store: Store, user: User, note_id: int) -> int | None:
    """Open a notification: it is read; the project it is about (None when there is none)."""
    return store.open_notification(user, note_id)


def add_user(
    store: Store,
    actor: User | None,
    username: str,
    password: str,
    role: str,
    unit_code: str | None = None,
    email: str | None = None,
) -> User:
    """新建用户 (admins; ``actor`` None: the local command line)."""
    permissions.require_manage_users(actor)
    user = store.add_user(username, password, role, unit_code)
    store.audit_new_user(actor, user, email)
    return user


def update_user(store: Store, actor: User | None, username: str, **changes: Any) -> dict[str, Any]:
    """Set a user's ``role``, ``unit_code``, ``email`` or ``active`` (停用/启用)."""
    return store.update_user(username, actor, **changes)


def reset_password(store: Store, actor: User | None, username: str, password: str) -> None:
    """重设密码: an admin sets another user's password (its sessions and tokens end)."""
    permissions.require_manage_users(actor)
    store.set_password(username, password)
    store.audit_password(username, actor)


def change_own_password(store: Store, user: User, old: str, new: str) -> None:
    """A user changes its own password (the old one first)."""
    try:
        store.authenticate(user.username, old)
    except PermissionDenied as exc:
        raise PermissionDenied(bi("原密码错误", "the current password is wrong")) from exc
    store.set_password(user.username, new)


def save_unit(store: Store, actor: User | None, code: str, name: str | None) -> dict[str, Any]:
    """Add or rename a 预算单位 (admins)."""
    return store.save_unit(code, name, actor)


def set_framework(store: Store, user: User | None, project_id: int, framework: str | None) -> None:
    """The indicator framework (2015 | 2021) a project's editor offers."""
    store.set_framework(project_id, framework, user)
