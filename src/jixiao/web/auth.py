"""登录 / 退出: the login form (rate limited by the store) and logout.

Sessions are the API's (:func:`jixiao.server.auth.login` / ``logout``), so one sign-in
serves the pages and the REST API.  The login form's CSRF token is the API's
pre-login token (a signed cookie), checked by ``csrf_protect_pages`` like every other POST:
a login without it is refused (login CSRF).
"""

from __future__ import annotations

from fastapi import Depends, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from ..errors import PermissionDenied
from ..server import auth as deps
from ..store import TooManyAttempts
from . import i18n
from .render import lang_of, page
from .session import Ctx, signed_in, web_router

router = web_router()


def _safe_next(target: str | None) -> str:
    """Only a local path may follow a login (no open redirect)."""
    if not target or not target.startswith("/") or target.startswith("//") or "\\" in target:
        return "/"
    return target


def _login_page(
    request: Request, status: int = 200, error: str = "", username: str = "", next_url: str = "/"
) -> Response:
    return page(
        request,
        "login.html",
        {"error": error, "username": username, "next": next_url},
        csrf=deps.csrf_token(request),
        status_code=status,
    )


@router.get("/login", response_class=HTMLResponse)
def login_form(request: Request, next: str = "/") -> Response:
    return _login_page(request, next_url=_safe_next(next))


@router.post("/login")
def login(
    request: Request, username: str = Form(""), password: str = Form(""), next: str = Form("/")
) -> Response:
    t = i18n.translator(lang_of(request))
    store = deps.get_store(request)
    client = request.client.host if request.client else None
    try:
        user = store.authenticate(username.strip(), password, client=client)
    except TooManyAttempts as exc:
        page = _login_page(request, 429, t("login.throttled", s=exc.retry_after), username, _safe_next(next))
        page.headers["Retry-After"] = str(exc.retry_after)
        return page
    except PermissionDenied:
        return _login_page(request, 401, t("login.failed"), username, _safe_next(next))
    response = RedirectResponse(_safe_next(next), status_code=303)
    deps.login(request, response, user)
    return response


@router.post("/logout")
def logout(request: Request, ctx: Ctx = Depends(signed_in)) -> Response:
    response = RedirectResponse("/login", status_code=303)
    deps.logout(request, response)
    return response
