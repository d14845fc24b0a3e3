"""Users (admin only): list, add, deactivate."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Depends
from pydantic import BaseModel, Field

from ...server import auth as deps
from ...store import Store, User
from ..envelope import ok

router = APIRouter(prefix="/users", tags=["users"])
admin_only = deps.require_role("admin")


class NewUser(BaseModel):
    username: str = Field(min_length=1, max_length=150)
    password: str = Field(min_length=1, max_length=1024)
    role: str
    unit_code: str | None = Field(default=None, max_length=64)


@router.get("", summary="用户列表（users）")
def list_users(store: Store = Depends(deps.store_dep), _: User = Depends(admin_only)) -> dict[str, Any]:
    items = [u.to_dict() for u in store.list_users()]
    return ok(items=items, total=len(items))


@router.post("", status_code=201, summary="新建用户（add a user）")
def add_user(
    body: NewUser, store: Store = Depends(deps.store_dep), _: User = Depends(admin_only)
) -> dict[str, Any]:
    user = store.add_user(body.username, body.password, body.role, body.unit_code)
    return ok(item=user.to_dict())


@router.delete("/{username}", summary="停用用户（deactivate a user）")
def deactivate(
    username: str, store: Store = Depends(deps.store_dep), _: User = Depends(admin_only)
) -> dict[str, Any]:
    store.deactivate_user(username)
    return ok()
