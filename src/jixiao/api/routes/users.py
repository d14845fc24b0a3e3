"""Users, units and the audit log (admins): list, add, change, disable, reset a password."""

from __future__ import annotations

from datetime import date
from typing import Any

from fastapi import APIRouter, Depends, Query, Response
from pydantic import BaseModel, Field

from ... import actions
from ...server import auth as deps
from ...store import AuditFilter, Store, User
from ..envelope import listing, ok, page_of
from ..responses import WRITE

router = APIRouter(tags=["users"], responses=WRITE)
admin_only = deps.require_role("admin")


class NewUser(BaseModel):
    username: str = Field(min_length=1, max_length=150)
    password: str = Field(min_length=1, max_length=1024)
    role: str
    unit_code: str | None = Field(default=None, max_length=64)
    email: str | None = Field(default=None, max_length=320)


class UserChange(BaseModel):
    role: str | None = Field(default=None, max_length=16)
    unit_code: str | None = Field(default=None, max_length=64)
    email: str | None = Field(default=None, max_length=320)
    active: bool | None = None


class NewPassword(BaseModel):
    password: str = Field(min_length=1, max_length=1024)


class UnitBody(BaseModel):
    code: str = Field(min_length=1, max_length=64)
    name: str | None = Field(default=None, max_length=400)


@router.get("/users", summary="用户列表（users, disabled ones too）")
def list_users(store: Store = Depends(deps.store_dep), user: User = Depends(admin_only)) -> dict[str, Any]:
    return listing(store.accounts(user))


@router.post("/users", status_code=201, summary="新建用户（add a user）")
def add_user(
    body: NewUser, store: Store = Depends(deps.store_dep), user: User = Depends(admin_only)
) -> dict[str, Any]:
    new = actions.add_user(store, user, body.username, body.password, body.role, body.unit_code, body.email)
    return ok(item=new.to_dict())


@router.patch("/users/{username}", summary="修改用户：角色、单位、邮箱、停用（change a user）")
def change_user(
    username: str, body: UserChange, store: Store = Depends(deps.store_dep), user: User = Depends(admin_only)
) -> dict[str, Any]:
    changes = body.model_dump(exclude_unset=True)
    return ok(item=actions.update_user(store, user, username, **changes))


@router.post("/users/{username}/password", summary="重设密码（reset a password）")
def reset_password(
    username: str, body: NewPassword, store: Store = Depends(deps.store_dep), user: User = Depends(admin_only)
) -> dict[str, Any]:
    actions.reset_password(store, user, username, body.password)
    return ok()


@router.delete("/users/{username}", summary="停用用户（disable a user）")
def deactivate(
    username: str, store: Store = Depends(deps.store_dep), user: User = Depends(admin_only)
) -> dict[str, Any]:
    actions.update_user(store, user, username, active=False)
    return ok()


@router.post("/units", status_code=201, summary="新建或重命名单位（add or rename a unit）")
def save_unit(
    body: UnitBody, store: Store = Depends(deps.store_dep), user: User = Depends(admin_only)
) -> dict[str, Any]:
    return ok(item=actions.save_unit(store, user, body.code, body.name))


@router.get("/audit", summary="操作记录（the audit log: user, action, dates）")
def audit(
    username: str | None = Query(None, alias="user", max_length=150),
    action: str | None = Query(None, max_length=32),
    since: date | None = Query(None),
    until: date | None = Query(None),
    page: int = Query(1, ge=1, le=1_000_000),
    per_page: int = Query(50, ge=1, le=500),
    store: Store = Depends(deps.store_dep),
    user: User = Depends(admin_only),
) -> Response:
    filters = AuditFilter(user=username or None, action=action or None, since=since, until=until)
    items, total = store.audit_log(user, filters, page, per_page)
    return page_of(items, total, page, per_page)
