"""FastAPI dependencies shared by the REST API and the web UI.

- :func:`get_store`, :func:`get_settings` — the app's :class:`~jixiao.store.Store` and settings;
- :func:`get_auth` — who is asking and how (bearer token, browser session, or anonymous);
- :func:`optional_user`, :func:`current_user` (401 when anonymous), :func:`require_role`;
  :data:`bearer_scheme` declares the bearer token in the OpenAPI document (``securitySchemes``,
  and ``security`` on every route that needs a signed-in caller);
- :func:`csrf_protect` — on every unsafe method of a cookie-authenticated request the token
  must come back as the form field ``csrf_token`` or the header ``X-CSRF-Token`` (HTMX:
  ``hx-headers='{"X-CSRF-Token": "…"}'``); bearer-token requests are exempt;
  :func:`csrf_protect_pages` — the same for the web pages, where a request without a
  session (the login form) must carry its pre-session token too;
- :func:`csrf_token` — the token to put in a form (templates: ``csrf_token(request)``);
- :func:`login` / :func:`logout` — start or end a browser session on a response.

Sessions and rate-limit state live in the database, so any worker can serve any request.
"""

from __future__ import annotations

import hmac
import secrets
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import timedelta

from fastapi import Depends, HTTPException, Request, Response, Security
from fastapi.security import HTTPBearer
from itsdangerous import BadSignature, URLSafeTimedSerializer
from starlette.concurrency import run_in_threadpool

from ..errors import PermissionDenied
from ..store import Store, User
from ..text import bi
from .settings import Settings

SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS", "TRACE"})
# Only describes the token to OpenAPI (the header is read by _lookup, which also takes the
# browser's session cookie): auto_error=False never refuses a request by itself.
bearer_scheme = HTTPBearer(
    scheme_name="bearerAuth",
    description="令牌：POST /api/v1/auth/token 换取（a token from POST /api/v1/auth/token）",
    auto_error=False,
)
CSRF_HEADER = "X-CSRF-Token"
CSRF_FIELD = "csrf_token"


@dataclass(slots=True)
class Auth:
    """The caller: ``via`` is "bearer", "session" or None (anonymous)."""

    user: User | None = None
    via: str | None = None
    csrf: str | None = None
    session_id: str | None = None
    token: str | None = None


def get_store(request: Request) -> Store:
    store: Store = request.app.state.store
    return store


async def store_dep(request: Request) -> Store:
    """``Depends(store_dep)``: like :func:`get_store`, without a thread hop."""
    store: Store = request.app.state.store
    return store


def get_settings(request: Request) -> Settings:
    settings: Settings = request.app.state.settings
    return settings


def _serializer(request: Request, salt: str) -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(request.app.state.secret_key, salt=salt)


# Session cookies whose signature was verified: (secret, cookie) → (session id, valid until).
# Checking the HMAC and timestamp was ~4% of a list page; a cookie's signature never changes,
# and its age limit is kept as the entry's deadline.  Whether the session itself is still
# open is looked up separately (Store.cached_session_user) on every request.
_VERIFIED_COOKIES: dict[tuple[str, str], tuple[str, float]] = {}
_VERIFIED_COOKIES_MAX = 4096


def _session_id_from_cookie(request: Request) -> str | None:
    settings: Settings = request.app.state.settings
    raw = request.cookies.get(settings.session_cookie)
    if not raw:
        return None
    key = (request.app.state.secret_key, raw)
    now = time.time()
    hit = _VERIFIED_COOKIES.get(key)
    if hit is not None and hit[1] > now:
        return hit[0]
    max_age = settings.session_hours * 3600
    try:
        sid, signed = _serializer(request, "jixiao-session").loads(
            raw, max_age=max_age, return_timestamp=True
        )
    except BadSignature:
        return None
    if len(_VERIFIED_COOKIES) >= _VERIFIED_COOKIES_MAX:
        _VERIFIED_COOKIES.clear()
    _VERIFIED_COOKIES[key] = (sid, signed.timestamp() + max_age)
    return str(sid)


def _lookup(request: Request, cached_only: bool) -> Auth | None:
    """The caller from the bearer token or the session cookie.  ``cached_only``: use only the
    store's in-process credential cache (no database, safe on the event loop), None on a miss."""
    store: Store = request.app.state.store
    header = request.headers.get("authorization", "")
    if header[:7].lower() == "bearer ":
        token = header[7:].strip()
        lookup = store.token_user_if_cached if cached_only else store.cached_user_for_token
        user = lookup(token) if token else None
        if user is not None:
            return Auth(user=user, via="bearer", token=token)
        if cached_only:
            return None
        raise HTTPException(
            401, bi("令牌无效或已过期", "invalid or expired token"), headers={"WWW-Authenticate": "Bearer"}
        )
    sid = _session_id_from_cookie(request)
    if not sid:
        return Auth()  # anonymous: nothing to look up
    find = store.session_user_if_cached if cached_only else store.cached_session_user
    found = find(sid)
    if found is not None:
        return Auth(user=found[0], via="session", csrf=found[1], session_id=sid)
    return None if cached_only else Auth()


def resolve_auth(request: Request) -> Auth:
    """Work out the caller once per request (cached on ``request.state.auth``)."""
    cached: Auth | None = getattr(request.state, "auth", None)
    if cached is not None:
        return cached
    auth = _lookup(request, cached_only=False)
    assert auth is not None  # only a cached-only look-up misses
    request.state.auth = auth
    return auth


async def get_auth(request: Request) -> Auth:
    """The caller.  A bearer token or session whose user is in the store's short credential
    cache is answered on the event loop; everything else (database look-ups) runs in the
    thread pool."""
    cached: Auth | None = getattr(request.state, "auth", None)
    if cached is not None:
        return cached
    auth = _lookup(request, cached_only=True)
    if auth is None:
        return await run_in_threadpool(resolve_auth, request)
    request.state.auth = auth
    return auth


async def optional_user(auth: Auth = Depends(get_auth)) -> User | None:
    return auth.user


async def current_user(auth: Auth = Depends(get_auth), _: object = Security(bearer_scheme)) -> User:
    if auth.user is None:
        raise HTTPException(
            401, bi("请先登录", "authentication required"), headers={"WWW-Authenticate": "Bearer"}
        )
    return auth.user


def require_role(*roles: str) -> Callable[..., Awaitable[User]]:
    """A dependency that returns the user when their role is one of ``roles``, else 403."""

    async def dependency(user: User = Depends(current_user)) -> User:
        if user.role not in roles:
            raise PermissionDenied(
                bi(f"角色 {user.role} 无权执行此操作", f"role {user.role} is not allowed here")
            )
        return user

    dependency.__name__ = "require_" + "_or_".join(roles)
    return dependency


def _anon_csrf(request: Request) -> str | None:
    raw = request.cookies.get(request.app.state.settings.csrf_cookie)
    if not raw:
        return None
    try:
        token: str = _serializer(request, "jixiao-csrf").loads(raw, max_age=7 * 24 * 3600)
        return token
    except BadSignature:
        return None


def csrf_token(request: Request) -> str:
    """The CSRF token for forms on this page (session's, or a pre-login cookie token)."""
    auth = resolve_auth(request)
    if auth.csrf:
        return auth.csrf
    token = getattr(request.state, "new_csrf", None) or _anon_csrf(request)
    if token is None:
        token = secrets.token_urlsafe(32)
        request.state.new_csrf = token
        request.state.new_csrf_cookie = _serializer(request, "jixiao-csrf").dumps(token)
    return token


async def csrf_protect(request: Request) -> None:
    """Refuse an unsafe request that rides on a browser cookie without the matching CSRF token.

    An API request with no cookie at all carries no ambient credentials and passes (scripts
    sign in with ``POST /auth/token``; ``POST /auth/login`` takes JSON only, which a cross-site
    form cannot send)."""
    await _csrf_check(request, strict=False)


async def csrf_protect_pages(request: Request) -> None:
    """:func:`csrf_protect` for the web pages, where even a request without any cookie must
    carry the token of its form: the login form's pre-session token, checked against its
    signed cookie (double submit).  Without it a cross-site page could sign a visitor in
    as the attacker (login CSRF)."""
    await _csrf_check(request, strict=True)


async def _csrf_check(request: Request, strict: bool) -> None:
    # A safe method is never checked, so its caller is not looked up here: a GET that needs no
    # user (/health while the database is down) must not fail on the credentials it carries.
    if request.method in SAFE_METHODS:
        return
    auth = await get_auth(request)
    if auth.via == "bearer":
        return
    if auth.via == "session":
        expected = auth.csrf
    else:
        expected = _anon_csrf(request)
        if expected is None and not strict:
            return  # no ambient credentials: nothing a forged cross-site request could ride on
    supplied = request.headers.get(CSRF_HEADER)
    if not supplied:
        ctype = request.headers.get("content-type", "")
        if ctype.startswith("application/x-www-form-urlencoded") or ctype.startswith("multipart/form-data"):
            form = await request.form()
            value = form.get(CSRF_FIELD)
            supplied = value if isinstance(value, str) else None
    if not supplied or not expected or not hmac.compare_digest(supplied, expected):
        raise HTTPException(
            403,
            bi(
                "CSRF 校验失败，请刷新页面后重试",
                "the CSRF token is missing or wrong; reload the page and try again",
            ),
        )


def login(request: Request, response: Response, user: User) -> str:
    """Start a browser session for ``user`` (sets the signed cookie); returns its CSRF token."""
    store: Store = request.app.state.store
    settings: Settings = request.app.state.settings
    old = _session_id_from_cookie(request)
    if old:
        store.end_session(old)
    sid, csrf = store.create_session(user, ttl=timedelta(hours=settings.session_hours))
    response.set_cookie(
        settings.session_cookie,
        _serializer(request, "jixiao-session").dumps(sid),
        max_age=settings.session_hours * 3600,
        httponly=True,
        samesite="lax",
        secure=settings.cookie_secure,
        path="/",
    )
    request.state.auth = Auth(user=user, via="session", csrf=csrf, session_id=sid)
    return csrf


def logout(request: Request, response: Response) -> None:
    """End the browser session (database row and cookie)."""
    store: Store = request.app.state.store
    settings: Settings = request.app.state.settings
    sid = _session_id_from_cookie(request)
    if sid:
        store.end_session(sid)
    response.delete_cookie(settings.session_cookie, path="/")
    request.state.auth = Auth()
