"""Who may do what (权限): the one owner of jixiao's permissions.

The store enforces these on every write; the CLI, the API and the web ask the same functions
what to offer (which buttons, which forms) and never decide it themselves.

=========  ===============================================================================
role       may
=========  ===============================================================================
admin      everything, in every unit; archive projects; reopen approved targets; users,
           units and the audit log; rebuild the indicator library
reviewer   see every unit; import; the review queue; return and approve submitted targets;
           comment
filer      see, import, create, edit (草稿 / 已退回), submit and delete drafts of its own unit;
           comment on (reply in) its own unit's projects
viewer     see every unit, change nothing (read the conversations)
=========  ===============================================================================

The review workflow (审核流程) of a target:

=========  ==========================  ===================  ===============================
action     from                        to                   who
=========  ==========================  ===================  ===============================
submit     draft, returned             submitted            filer (own unit), admin
return     submitted                   returned             reviewer, admin (comment needed)
approve    submitted                   approved             reviewer, admin
reopen     approved, submitted         draft                admin
=========  ==========================  ===================  ===============================

``user=None`` is the local command line: trusted, allowed everything.
"""

from __future__ import annotations

from collections.abc import Iterable

from ..errors import ConfigError, ConflictError, PermissionDenied
from ..text import bi
from .users import User

# action: (from statuses, to status, roles)
TRANSITIONS: dict[str, tuple[tuple[str, ...], str, tuple[str, ...]]] = {
    "submit": (("draft", "returned"), "submitted", ("filer", "admin")),
    "return": (("submitted",), "returned", ("reviewer", "admin")),
    "approve": (("submitted",), "approved", ("reviewer", "admin")),
    "reopen": (("approved", "submitted"), "draft", ("admin",)),
}
ACTION_ZH = {"submit": "提交", "return": "退回", "approve": "批准", "reopen": "重新打开"}
STATUS_ZH = {"draft": "草稿", "submitted": "已提交", "returned": "已退回", "approved": "已批准"}
EDITABLE_BY_FILER = ("draft", "returned")
DELETABLE = ("draft", "returned")
SEE_ALL = ("admin", "reviewer", "viewer")
IMPORTERS = ("admin", "reviewer", "filer")
CREATORS = ("admin", "filer")
_ACTION_EN = {"修改": "change", "删除": "delete", "创建": "create", "提交": "submit", "导入": "import"}


def status_zh(status: str) -> str:
    return STATUS_ZH.get(status, status)


def _own_unit(user: User, unit_code: str | None) -> bool:
    return bool(user.unit_code) and unit_code == user.unit_code


def may_import(user: User | None) -> bool:
    """Whether ``user`` may upload files at all (a viewer may not)."""
    return user is None or user.role in IMPORTERS


def require_import(user: User | None) -> None:
    if not may_import(user):
        assert user is not None
        raise PermissionDenied(bi(f"角色 {user.role} 无权导入", f"role {user.role} may not import"))


def require_import_tables(user: User | None, unit_codes: Iterable[str | None]) -> None:
    """A filer imports only its own unit's tables (after missing codes were filled in)."""
    require_import(user)
    if user is None or user.role != "filer":
        return
    for code in unit_codes:
        if not _own_unit(user, code):
            raise PermissionDenied(
                bi(
                    f"文件中有其他单位（{code or '无编码'}）的表，填报用户只能导入本单位的表",
                    f"the file holds a table of another unit ({code or 'no code'}); a filer imports only its own unit's tables",
                )
            )


def may_create(user: User | None) -> bool:
    """Whether ``user`` may declare a new project (申报)."""
    return user is None or user.role in CREATORS


def may_write(user: User | None, unit_code: str | None, status: str | None = None) -> bool:
    """Whether ``user`` may create, change or delete a table of ``unit_code`` in ``status``."""
    if user is None or user.role == "admin":
        return True
    if user.role != "filer" or not _own_unit(user, unit_code):
        return False
    return status is None or status in EDITABLE_BY_FILER


def require_write(
    user: User | None, unit_code: str | None, status: str | None = None, action: str = "修改"
) -> None:
    """Raise PermissionDenied unless ``user`` may create/change/delete a table of ``unit_code``."""
    if may_write(user, unit_code, status):
        return
    assert user is not None
    en = _ACTION_EN.get(action, "change")
    if user.role == "filer" and not _own_unit(user, unit_code):
        raise PermissionDenied(
            bi(f"无权{action}其他单位的表", f"a filer may only {en} its own unit's tables")
        )
    if user.role == "filer":
        raise PermissionDenied(
            bi(f"表{status_zh(status or '')}，不能{action}", f"the table is {status}: it cannot be changed")
        )
    raise PermissionDenied(bi(f"角色 {user.role} 无权{action}表", f"role {user.role} may not {en} tables"))


def may_edit(user: User | None, unit_code: str | None, status: str | None) -> bool:
    """Whether the target editor is open to ``user``: its own unit's 草稿/已退回, or an admin."""
    return may_write(user, unit_code, status)


def may_delete(user: User | None, unit_code: str | None, status: str | None) -> bool:
    """Drafts (草稿, 已退回) may be deleted by whoever may write them; nothing else may."""
    return status in DELETABLE and may_write(user, unit_code, status)


def require_delete(user: User | None, unit_code: str | None, status: str | None) -> None:
    if status not in DELETABLE:
        raise PermissionDenied(
            bi(
                f"只能删除草稿；{status_zh(status or '')}的表请由管理员归档",
                f"only drafts can be deleted; a table that is {status} is archived by an admin",
            )
        )
    require_write(user, unit_code, status, action="删除")


REVIEWERS = ("admin", "reviewer")
COMMENTERS = ("admin", "reviewer", "filer")


def may_review(user: User | None) -> bool:
    """Whether ``user`` reviews (审核): sees the queue of submitted targets."""
    return user is None or user.role in REVIEWERS


def require_review(user: User | None) -> None:
    if not may_review(user):
        assert user is not None
        raise PermissionDenied(bi(f"角色 {user.role} 不审核", f"role {user.role} does not review"))


def may_comment(user: User | None, unit_code: str | None) -> bool:
    """Whether ``user`` may write in a project's conversation: reviewers and admins, and the
    filers of its unit (a viewer reads it)."""
    if user is None or user.role in REVIEWERS:
        return True
    return user.role == "filer" and _own_unit(user, unit_code)


def require_comment(user: User | None, unit_code: str | None) -> None:
    if not may_comment(user, unit_code):
        assert user is not None
        raise PermissionDenied(
            bi(f"角色 {user.role} 不能发表意见", f"role {user.role} may not comment on this project")
        )


def may_manage_users(user: User | None) -> bool:
    """Users, units and the audit log (用户管理、操作记录) are an admin's."""
    return user is None or user.role == "admin"


def require_manage_users(user: User | None) -> None:
    if not may_manage_users(user):
        raise PermissionDenied(
            bi("只有管理员可以管理用户和查看操作记录", "only an admin manages users and reads the audit log")
        )


def may_archive(user: User | None) -> bool:
    """Archiving a project (归档) is an admin's."""
    return user is None or user.role == "admin"


def require_archive(user: User | None) -> None:
    if not may_archive(user):
        raise PermissionDenied(bi("只有管理员可以归档项目", "only an admin may archive a project"))


def may_rebuild_library(user: User | None) -> bool:
    """Rebuilding the indicator library (重建指标库) is an admin's."""
    return user is None or user.role == "admin"


def allowed_transitions(
    user: User | None, unit_code: str | None, status: str | None, *, include_reopen: bool = False
) -> list[str]:
    """The workflow actions ``user`` may take on a table of ``unit_code`` in ``status`` now."""
    out = []
    for action, (sources, _target, roles) in TRANSITIONS.items():
        if action == "reopen" and not include_reopen:
            continue
        if status not in sources:
            continue
        if user is not None:
            if user.role not in roles:
                continue
            if user.role == "filer" and not _own_unit(user, unit_code):
                continue
        out.append(action)
    return out


def check_transition(
    user: User | None, action: str, unit_code: str | None, status: str, comment: str | None
) -> str:
    """The status ``action`` leads to; raises when the action is unknown, not the user's, or
    not possible from ``status``."""
    if action not in TRANSITIONS:
        raise ConfigError(
            bi(
                f"未知操作 {action!r}，可选：{', '.join(TRANSITIONS)}",
                f"unknown action {action!r}; choose from: {', '.join(TRANSITIONS)}",
            )
        )
    sources, target, roles = TRANSITIONS[action]
    if action == "return" and not comment:
        raise ConfigError(bi("退回时必须填写意见", "a return needs a comment"))
    if user is not None:
        if user.role not in roles:
            raise PermissionDenied(
                bi(f"角色 {user.role} 不能{ACTION_ZH[action]}", f"role {user.role} may not {action}")
            )
        if user.role == "filer" and not _own_unit(user, unit_code):
            raise PermissionDenied(bi("只能提交本单位的表", "a filer may only submit its own unit's tables"))
    if status not in sources:
        raise ConflictError(
            bi(
                f"表状态为「{status_zh(status)}」，不能{ACTION_ZH[action]}",
                f"cannot {action} a table that is {status}",
            )
        )
    return target
