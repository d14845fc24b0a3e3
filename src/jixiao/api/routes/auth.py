"""Authentication: bearer tokens for scripts, sessions for the browser."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Depends, HTTPException, Request, Response, Security
from fastapi.concurrency import run_in_threadpool
from pydantic import BaseModel, Field

from ...errors import PermissionDenied
from ...server import auth as deps
from ...store import Store, TooManyAttempts, User
from ..envelope import ok
from ..responses import PASSWORD

router = APIRouter(prefix="/auth", tags=["auth"])


class Credentials(BaseModel):
    username: str = Field(min_length=1, max_length=150)
    password: str = Field(min_length=1, max_length=1024)


def _client(request: Request) -> str | None:
    return request.client.host if request.client else None


def authenticate(store: Store, body: Credentials, request: Request) -> User:
    """Check the credentials: 401 when wrong, 429 when rate limited."""
    try:
        return store.authenticate(body.username, body.password, _client(request))
    except TooManyAttempts:
        raise
    except PermissionDenied as exc:
        raise HTTPException(401, str(exc)) from exc


@router.post("/token", summary="用户名和密码换取令牌（bearer token for scripts）", responses=PASSWORD)
def create_token(
    body: Credentials, request: Request, store: Store = Depends(deps.store_dep)
) -> dict[str, Any]:
    user = authenticate(store, body, request)
    token, expires = store.create_token(user)
    return ok(token=token, token_type="bearer", expires_at=expires.isoformat(), user=user.to_dict())


@router.delete(
    "/token",
    summary="吊销当前令牌（revoke the bearer token in use）",
    dependencies=[Security(deps.bearer_scheme)],
)
def revoke_token(
    auth: deps.Auth = Depends(deps.get_auth), store: Store = Depends(deps.store_dep)
) -> dict[str, Any]:
    if auth.via == "bearer" and auth.token:
        store.revoke_token(auth.token)
    return ok()


@router.post("/login", summary="浏览器登录（browser session cookie）", responses=PASSWORD)
async def login(
    body: Credentials, request: Request, response: Response, store: Store = Depends(deps.store_dep)
) -> dict[str, Any]:
    user = await run_in_threadpool(authenticate, store, body, request)
    csrf = await run_in_threadpool(deps.login, request, response, user)
    return ok(user=user.to_dict(), csrf_token=csrf)


@router.post("/logout", summary="退出登录（end the browser session）")
def logout(request: Request, response: Response) -> dict[str, Any]:
    deps.logout(request, response)
    return ok()


@router.get("/me", summary="当前用户（who am I）")
def me(request: Request, user: User = Depends(deps.current_user)) -> dict[str, Any]:
    return ok(user=user.to_dict(), csrf_token=deps.csrf_token(request))
