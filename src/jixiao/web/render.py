"""Rendering: the Jinja2 environment, the navigation, and :func:`page` which every route uses.

To add a page (e.g. the scoring pages): put templates under ``web/templates/<area>/``
extending ``base.html``, add its :class:`NavEntry` to :data:`NAV` (here: the one list of the navigation, in order), register its
strings with :func:`jixiao.web.i18n.add_messages`, and render with :func:`page`.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

from fastapi import Request
from fastapi.responses import HTMLResponse
from fastapi.templating import Jinja2Templates
from sqlalchemy.exc import SQLAlchemyError

from ..text import in_lang
from . import i18n

HERE = Path(__file__).parent
TEMPLATES = HERE / "templates"
STATIC = HERE / "static"
STATIC_PREFIX = "/static"
# Pages load scripts only from our own static files (no inline script, no CDN); styles may be
# inline (ECharts and a few style attributes).  A name like "<script>…" can never run.
CONTENT_SECURITY_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; "
    "object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'"
)


@dataclass(frozen=True, slots=True)
class NavEntry:
    """One link of the top navigation; ``roles`` empty means every signed-in user."""

    key: str
    href: str
    label: str  # i18n key
    roles: tuple[str, ...] = ()


NAV: list[NavEntry] = [
    NavEntry("dashboard", "/", "nav.dashboard"),
    NavEntry("units", "/units", "nav.units"),
    NavEntry("projects", "/projects", "nav.projects"),
    NavEntry("monitoring", "/monitoring", "nav.monitoring"),
    NavEntry("review", "/review", "nav.review", ("admin", "reviewer")),
    NavEntry("import", "/import", "nav.import", ("admin", "reviewer", "filer")),
    NavEntry("library", "/library", "nav.library"),
    NavEntry("rules", "/rules", "nav.rules"),
    NavEntry("admin", "/admin/users", "nav.admin", ("admin",)),
]

templates = Jinja2Templates(directory=str(TEMPLATES))
templates.env.auto_reload = False  # packaged templates do not change while serving: no stat() per page
templates.env.globals["static"] = lambda path: f"{STATIC_PREFIX}/{path}"


def lang_of(request: Request) -> str:
    return i18n.pick_lang(request.query_params.get("lang"), request.cookies.get(i18n.COOKIE))


def _switch_url(request: Request, lang: str) -> str:
    params = dict(request.query_params)
    params["lang"] = "zh" if lang == "en" else "en"
    return f"{request.url.path}?{urlencode(params)}"


def nav_counts(request: Request, user: Any) -> dict[str, int]:
    """The navigation's counts: unread notifications, and the review queue for who reviews.
    A page still renders when the database cannot give them (its error page, for one)."""
    if user is None:
        return {}
    try:
        counts: dict[str, int] = request.app.state.store.badge_counts(user)
    except SQLAlchemyError:
        return {}
    return counts


def page(
    request: Request,
    template: str,
    context: dict[str, Any] | None = None,
    *,
    user: Any = None,
    csrf: str = "",
    active: str = "",
    status_code: int = 200,
    flashes: list[tuple[str, str]] | None = None,
    fragment: bool = False,
) -> HTMLResponse:
    """Render ``template`` with the shared context (language, user, CSRF token, navigation);
    ``fragment``: a piece of a page (HTMX) that shows no navigation, so its counts are not read."""
    lang = lang_of(request)
    role = getattr(user, "role", None)
    badges = nav_counts(request, user) if status_code < 500 and not fragment else {}
    ctx: dict[str, Any] = {
        "lang": lang,
        "t": i18n.translator(lang),
        "tr": lambda text: in_lang(text, lang),  # a library message (jixiao.text.Text) in the page's language
        "user": user,
        "csrf": csrf,
        "nav": [n for n in NAV if user is not None and (not n.roles or role in n.roles)],
        "active": active,
        "lang_switch_url": _switch_url(request, lang),
        "flashes": flashes or [],
        "badges": badges,
    }
    ctx.update(context or {})
    response = templates.TemplateResponse(request, template, ctx, status_code=status_code)
    response.headers["Content-Security-Policy"] = CONTENT_SECURITY_POLICY
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["Referrer-Policy"] = "same-origin"
    if request.query_params.get("lang") in i18n.LANGS:
        response.set_cookie(i18n.COOKIE, lang, max_age=365 * 24 * 3600, samesite="lax", httponly=True)
    return response
