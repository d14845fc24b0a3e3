"""登录 / 退出: the login form (rate limited by the store), the session cookie, logout.

The login form has no session yet, so its CSRF token is a random value kept in a
short-lived cookie and echoed in the form (double submit).
"""

from __future__ import annotations

import hmac
import secrets

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from ..errors import PermissionDenied
from ..store import TooManyAttempts
from . import i18n
from .render import lang_of, page
from .session import COOKIE, Ctx, CsrfError, WebRoute, check_csrf, get_store, raw_session, session_cookie, signed_in

router = APIRouter(include_in_schema=False, route_class=WebRoute)
LOGIN_CSRF = "jx_login_csrf"


def _safe_next(target: str | None) -> str:
    """Only a local path may follow a login (no open redirect)."""
    if not target or not target.startswith("/") or target.startswith("//") or "\\" in target:
        return "/"
    return target


def _login_page(request: Request, status: int = 200, error: str = "", username: str = "",
                next_url: str = "/") -> Response:
    token = secrets.token_urlsafe(24)
    response = page(request, "login.html", {"error": error, "username": username, "next": next_url},
                    csrf=token, status_code=status)
    response.set_cookie(LOGIN_CSRF, token, max_age=3600, httponly=True, samesite="strict")
    return response


@router.get("/login", response_class=HTMLResponse)
def login_form(request: Request, next: str = "/") -> Response:
    return _login_page(request, next_url=_safe_next(next))


@router.post("/login")
def login(
    request: Request, username: str = Form(""), password: str = Form(""), csrf_token: str = Form(""),
    next: str = Form("/"),
) -> Response:
    t = i18n.translator(lang_of(request))
    expected = request.cookies.get(LOGIN_CSRF) or ""
    if not expected or not hmac.compare_digest(expected, csrf_token):
        raise CsrfError()
    store = get_store(request)
    client = request.client.host if request.client else None
    try:
        user = store.authenticate(username.strip(), password, client=client)
    except TooManyAttempts:
        return _login_page(request, 429, t("login.throttled"), username, _safe_next(next))
    except PermissionDenied:
        return _login_page(request, 401, t("login.failed"), username, _safe_next(next))
    raw, _csrf = store.create_session(user)
    response = RedirectResponse(_safe_next(next), status_code=303)
    response.set_cookie(COOKIE, session_cookie(store, raw), httponly=True, samesite="lax",
                        secure=request.url.scheme == "https", max_age=12 * 3600)
    response.delete_cookie(LOGIN_CSRF)
    return response


@router.post("/logout")
async def logout(request: Request, ctx: Ctx = Depends(signed_in)) -> Response:
    await check_csrf(request, ctx)
    raw = raw_session(request, ctx.store)
    if raw:
        ctx.store.end_session(raw)
    response = RedirectResponse("/login", status_code=303)
    response.delete_cookie(COOKIE)
    return response
