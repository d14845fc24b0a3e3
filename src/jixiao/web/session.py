"""Who is asking: the signed-in user of a page, its CSRF token, and what it may do.

Sign-in, sessions and CSRF are the API's (:mod:`jixiao.server.auth`): one session cookie
for the pages and the REST API, kept in the database so every worker accepts it.  Every
POST of the web UI carries the session's CSRF token (form field ``csrf_token`` or header
``X-CSRF-Token``), checked by ``csrf_protect_pages`` on every web router — the login form
too, with its pre-session token.

:class:`WebRoute` turns the errors a page can meet into pages: not signed in → the
login page; :class:`~jixiao.errors.NotFound` → 404; PermissionDenied → 403.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any
from urllib.parse import quote

from fastapi import APIRouter, Depends, Request
from fastapi.responses import RedirectResponse, Response
from fastapi.routing import APIRoute

from ..errors import ConfigError, ConflictError, NotFound, PermissionDenied
from ..server.auth import csrf_protect_pages, get_auth, get_store, resolve_auth
from ..server.validate import request_params
from ..store import Store, User, permissions
from ..text import in_lang
from . import i18n
from .render import lang_of, page


class LoginRequired(Exception):
    """The page needs a signed-in user."""


@dataclass(slots=True)
class Ctx:
    """A signed-in request: the store, the user, the CSRF token and the language."""

    store: Store
    user: User
    csrf: str
    lang: str

    @property
    def t(self) -> Callable[..., str]:
        return i18n.translator(self.lang)

    def may_edit(self, detail: dict[str, Any]) -> bool:
        """Whether the editor is open to this user for this table (:mod:`jixiao.store.permissions`)."""
        return permissions.may_edit(self.user, (detail.get("unit") or {}).get("code"), detail.get("status"))

    def actions(self, detail: dict[str, Any]) -> list[str]:
        """The workflow actions this user may take on this table now (:mod:`jixiao.store.permissions`)."""
        return permissions.allowed_transitions(
            self.user, (detail.get("unit") or {}).get("code"), detail.get("status")
        )


def web_router() -> APIRouter:
    """A router for web pages: HTML error pages, the API's parameter checks
    (:mod:`jixiao.server.validate`) and the CSRF check on every unsafe request."""
    return APIRouter(
        include_in_schema=False,
        route_class=WebRoute,
        dependencies=[Depends(request_params), Depends(csrf_protect_pages)],
    )


async def signed_in(request: Request) -> Ctx:
    """Dependency: the signed-in user (the API's session or token), or :class:`LoginRequired`.

    Async: a cached session is answered on the event loop (no thread hop per page)."""
    auth = await get_auth(request)
    if auth.user is None:
        raise LoginRequired()
    return Ctx(store=get_store(request), user=auth.user, csrf=auth.csrf or "", lang=lang_of(request))


def _error_page(request: Request, status: int, message: str, user: Any = None, csrf: str = "") -> Response:
    return page(
        request,
        "error.html",
        {"status": status, "message": message},
        user=user,
        csrf=csrf,
        status_code=status,
    )


class WebRoute(APIRoute):
    """An APIRoute whose expected errors become HTML pages instead of JSON."""

    def get_route_handler(self) -> Callable[[Request], Any]:
        original = super().get_route_handler()

        async def handler(request: Request) -> Response:
            t = i18n.translator(lang_of(request))
            try:
                return await original(request)
            except LoginRequired:
                target = request.url.path + (f"?{request.url.query}" if request.url.query else "")
                if request.headers.get("hx-request"):
                    return Response(status_code=401, headers={"HX-Redirect": "/login"})
                return RedirectResponse(f"/login?next={quote(target, safe='')}", status_code=303)
            except NotFound:
                return _error_page(request, 404, t("err.404"), *_who(request))
            except PermissionDenied as exc:
                return _error_page(
                    request, 403, f"{t('err.403')} {exc.message(lang_of(request))}", *_who(request)
                )
            except (ConflictError, ConfigError) as exc:
                return _error_page(
                    request,
                    409 if isinstance(exc, ConflictError) else 400,
                    exc.message(lang_of(request)),
                    *_who(request),
                )

        return handler


def _who(request: Request) -> tuple[Any, str]:
    try:
        auth = resolve_auth(request)
    except Exception:  # the error page must render even when the caller cannot be resolved
        return None, ""
    return auth.user, auth.csrf or ""


def html_error(request: Request, status: int, message: str) -> Response:
    """``app.state.html_error``: the API's errors outside ``/api/`` as a page."""
    t = i18n.translator(lang_of(request))
    if status == 401:
        return RedirectResponse(f"/login?next={quote(request.url.path, safe='')}", status_code=303)
    if status == 403 and "CSRF" in message:
        message = t("err.csrf")
    elif status == 404:
        message = t("err.404")
    return _error_page(request, status, in_lang(message, lang_of(request)), *_who(request))
