"""The web UI (网页界面): server-rendered pages (Jinja2 + HTMX), charts with ECharts.

:data:`router` holds every page; :func:`mount` adds it, the static files and the HTML error
pages to an app — the app factory (:mod:`jixiao.app`) calls it beside the REST API.
Every page calls the same :mod:`jixiao.actions` functions and store reads as the REST API.

Modules: :mod:`.render` (templates, navigation), :mod:`.i18n` (zh/en messages),
:mod:`.session` (sign-in, CSRF, error pages), :mod:`.pages` (dashboard, units, a table
version's page), :mod:`.projects` (the project list, a project's page with its tabs 目标 ·
监控 · 自评 · 历史, deleting drafts, archiving, exports), :mod:`.editor` (target editor, live
check, workflow),
:mod:`.importing` (uploads), :mod:`.auth` (login/logout), :mod:`.scoring` (self-evaluation
and monitoring), :mod:`.desk` (review queue, notifications, a project's conversation),
:mod:`.admin` (users, units, the audit log), :mod:`.library` (the indicator library and the
editor's suggestions); pure view helpers in :mod:`.form` (the official form), :mod:`.editing`,
:mod:`.charts`, :mod:`.views`.
"""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter
from fastapi.staticfiles import StaticFiles

from . import admin, auth, desk, editor, importing, library, pages, projects, rules, scoring, site
from .render import NAV, STATIC, STATIC_PREFIX, NavEntry
from .session import html_error

__all__ = ["NAV", "NavEntry", "mount", "router"]

router = APIRouter()
for _module in (auth, pages, projects, desk, admin, editor, importing, scoring, rules, library, site):
    router.include_router(_module.router)


def mount(app: Any) -> None:
    """Add the web UI's pages, ``/static`` and the HTML error pages to ``app`` (FastAPI)."""
    app.include_router(router)
    app.mount(STATIC_PREFIX, StaticFiles(directory=str(STATIC)), name="jixiao-static")
    app.state.html_error = html_error
