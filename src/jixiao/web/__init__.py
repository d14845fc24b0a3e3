"""The web UI (网页界面): server-rendered pages (Jinja2 + HTMX), charts with ECharts.

``mount(app)`` adds the pages and the static files to a FastAPI app; the API's app
factory calls it.  Every page calls the same :class:`~jixiao.store.Store` methods and
library functions as the REST API.

Modules: :mod:`.render` (templates, navigation), :mod:`.i18n` (zh/en messages),
:mod:`.session` (sign-in, CSRF, error pages), :mod:`.pages` (dashboard, lists, table
page, exports), :mod:`.editor` (target editor, live check, workflow),
:mod:`.importing` (uploads), :mod:`.auth` (login/logout); pure view helpers in
:mod:`.form` (the official form), :mod:`.editing`, :mod:`.charts`, :mod:`.views`.
"""

from __future__ import annotations

import importlib
from typing import Any

from fastapi.staticfiles import StaticFiles

from .render import NAV, STATIC, STATIC_PREFIX, NavEntry
from .session import html_error

__all__ = ["NAV", "NavEntry", "mount", "ROUTER_MODULES"]

# Modules with a ``router`` to include; later pages (e.g. "jixiao.web.scoring") add themselves.
ROUTER_MODULES: list[str] = [
    "jixiao.web.auth",
    "jixiao.web.pages",
    "jixiao.web.editor",
    "jixiao.web.importing",
    "jixiao.web.scoring",
    "jixiao.web.rules",
    "jixiao.web.site",
]


def mount(app: Any) -> None:
    """Add the web UI's routes and ``/static`` to ``app`` (a FastAPI application)."""
    for name in ROUTER_MODULES:
        try:
            module = importlib.import_module(name)
        except ModuleNotFoundError as exc:
            if exc.name == name:  # an optional page that is not written yet
                continue
            raise
        app.include_router(module.router)
    app.mount(STATIC_PREFIX, StaticFiles(directory=str(STATIC)), name="jixiao-static")
    app.state.html_error = html_error
