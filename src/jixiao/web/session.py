"""Who is asking: the signed-in user of a page, its CSRF token, and what it may do.

Browser sessions live in the database (:meth:`Store.create_session`); the cookie holds
the session id signed with the installation's secret, so every worker accepts it.
Every POST of the web UI carries the session's CSRF token (form field ``csrf_token``
or header ``X-CSRF-Token``); :func:`check_csrf` refuses anything else.

:class:`WebRoute` turns the errors a page can meet into pages: not signed in → the
login page; :class:`~jixiao.errors.NotFound` → 404; PermissionDenied → 403.
"""

from __future__ import annotations

import hmac
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any
from urllib.parse import quote

from fastapi import Request
from fastapi.responses import RedirectResponse, Response
from fastapi.routing import APIRoute
from itsdangerous import BadSignature, URLSafeSerializer

from ..errors import ConfigError, ConflictError, NotFound, PermissionDenied
from ..store import TRANSITIONS, Store, User
from ..store import scope as store_scope
from . import i18n
from .render import lang_of, page

COOKIE = "jx_session"
COOKIE_SALT = "jixiao-web-session"


class LoginRequired(Exception):
    """The page needs a signed-in user."""


class CsrfError(Exception):
    """A POST without the session's CSRF token."""


def get_store(request: Request) -> Store:
    """The app's :class:`Store` (set by the app factory on ``app.state.store``)."""
    store = getattr(request.app.state, "store", None)
    if store is None:
        from ..api.deps import get_store as api_store  # the API's dependency, when it has one

        store = api_store(request)
    return store


def _serializer(store: Store) -> URLSafeSerializer:
    return URLSafeSerializer(store.secret_key(), salt=COOKIE_SALT)


def session_cookie(store: Store, raw_session: str) -> str:
    return _serializer(store).dumps(raw_session)


def read_session(request: Request, store: Store) -> tuple[User, str] | None:
    """The (user, csrf token) of the request's session cookie, or None."""
    cookie = request.cookies.get(COOKIE)
    if not cookie:
        return None
    try:
        raw = _serializer(store).loads(cookie)
    except BadSignature:
        return None
    return store.session_user(raw) if isinstance(raw, str) else None


def raw_session(request: Request, store: Store) -> str | None:
    cookie = request.cookies.get(COOKIE)
    try:
        raw = _serializer(store).loads(cookie) if cookie else None
    except BadSignature:
        return None
    return raw if isinstance(raw, str) else None


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
        """Whether the editor is open to this user for this table (the store decides)."""
        try:
            store_scope.require_write(self.user, (detail.get("unit") or {}).get("code"), detail.get("status"))
        except PermissionDenied:
            return False
        return detail.get("status") in store_scope.EDITABLE_BY_FILER or self.user.role == "admin"

    def actions(self, detail: dict[str, Any]) -> list[str]:
        """The workflow actions this user may take on this table now (per :data:`TRANSITIONS`)."""
        out = []
        for action, (sources, _target, roles) in TRANSITIONS.items():
            if action == "reopen" or detail.get("status") not in sources or self.user.role not in roles:
                continue
            if self.user.role == "filer" and (detail.get("unit") or {}).get("code") != self.user.unit_code:
                continue
            out.append(action)
        return out


def signed_in(request: Request) -> Ctx:
    """Dependency: the signed-in user, or :class:`LoginRequired` (→ the login page)."""
    store = get_store(request)
    found = read_session(request, store)
    if found is None:
        raise LoginRequired()
    user, csrf = found
    return Ctx(store=store, user=user, csrf=csrf, lang=lang_of(request))


async def check_csrf(request: Request, ctx: Ctx) -> None:
    """Refuse a POST whose token (form field or header) is not the session's."""
    sent = request.headers.get("x-csrf-token")
    if not sent:
        form = await request.form()
        value = form.get("csrf_token")
        sent = value if isinstance(value, str) else None
    if not sent or not hmac.compare_digest(sent, ctx.csrf):
        raise CsrfError()


def _error_page(request: Request, status: int, message: str, user: Any = None, csrf: str = "") -> Response:
    return page(request, "error.html", {"status": status, "message": message}, user=user, csrf=csrf,
                status_code=status)


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
            except CsrfError:
                return _error_page(request, 403, t("err.csrf"))
            except NotFound:
                return _error_page(request, 404, t("err.404"), *_who(request))
            except PermissionDenied as exc:
                return _error_page(request, 403, f"{t('err.403')} {exc}", *_who(request))
            except (ConflictError, ConfigError) as exc:
                return _error_page(request, 409 if isinstance(exc, ConflictError) else 400, str(exc),
                                   *_who(request))

        return handler


def _who(request: Request) -> tuple[Any, str]:
    try:
        found = read_session(request, get_store(request))
    except Exception:  # the error page must render even when the store is unhappy
        return None, ""
    return found if found else (None, "")
