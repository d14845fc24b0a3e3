"""The application factory: ``create_app(database_url=None) -> FastAPI``.

The REST API lives under ``/api/v1`` (OpenAPI at ``/api/v1/openapi.json``, docs at
``/api/v1/docs``).  The web UI plugs in by code: when ``jixiao.web`` exposes ``router`` it
is included, and when it exposes ``mount(app)`` that is called (static files, HTML error
pages via ``app.state.html_error``).  The app is stateless: the store, the sessions and
the rate limits are in the database, so many workers can share one PostgreSQL.
"""

from __future__ import annotations

import gc
import importlib
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

import anyio.to_thread
from fastapi import APIRouter, Depends, FastAPI
from starlette.routing import Match
from starlette.types import Scope

from .. import __version__ as _version
from ..store import Store
from . import docs as api_docs
from . import envelope
from . import scoring as scoring_api
from .deps import csrf_protect
from .middleware import BodyLimit, CatchErrors, CsrfCookie
from .routes import auth, documents, indicators, misc, tables, users
from .settings import Settings
from .validate import request_params

API_PREFIX = "/api/v1"


class PrefixRouter(APIRouter):
    """An APIRouter that declines a path outside its prefix in one string test.  FastAPI
    (0.16x) asks each included router whether it matches by trying every route in it, so
    each web page was first tried against all ~45 API routes (~0.13 ms of a ~2 ms page)."""

    def matches(self, scope: Scope) -> tuple[Match, Scope]:
        path: str = scope["path"]
        root: str = scope.get("root_path", "")
        if root and path.startswith(root):
            path = path[len(root) :]
        if not path.startswith(self.prefix):
            return Match.NONE, {}
        return super().matches(scope)


def create_app(
    database_url: str | None = None,
    *,
    settings: Settings | None = None,
    store: Store | None = None,
    upgrade: bool = True,
    web: bool = True,
) -> FastAPI:
    """Build the app.  ``database_url`` overrides ``JIXIAO_DATABASE_URL``; the database is
    migrated to the newest schema unless ``upgrade=False``."""
    settings = settings or Settings.from_env(database_url=database_url)
    store = store or Store(settings.database_url, upgrade=upgrade)

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        # Blocking handlers (database, rendering) run in anyio's thread pool, 40 threads by
        # default.  Under load, 40 runnable threads fight over the GIL and requests finish in
        # random order (p95 several times p50); a few threads serve waiting requests in
        # arrival order (bench/bench_api.py), and still leave room beside a slow export.
        anyio.to_thread.current_default_thread_limiter().total_tokens = settings.threads
        # ~150 000 long-lived objects (FastAPI, SQLAlchemy, Jinja2, pydantic) are in the heap
        # by now; every full collection walked them all, stalling a worker ~70 ms and every
        # request in flight with it.  Frozen, they are left out of collections.
        gc.collect()
        gc.freeze()
        yield
        gc.unfreeze()
        store.close()

    app = FastAPI(
        title="jixiao API",
        version=_version,
        description="预算绩效目标表：读取、检查、存储、审核（jixiao REST API）",
        openapi_url=f"{API_PREFIX}/openapi.json",
        docs_url=None,  # our own page, with Swagger UI served from the package (api/docs.py)
        redoc_url=None,
        lifespan=lifespan,
    )
    app.state.store = store
    app.state.settings = settings
    app.state.secret_key = settings.secret_key or store.secret_key()
    envelope.install(app)

    api = PrefixRouter(prefix=API_PREFIX, dependencies=[Depends(request_params), Depends(csrf_protect)])
    for module in (auth, documents, tables, indicators, users, misc):
        api.include_router(module.router)
    api.include_router(scoring_api.router)  # 评分与运行监控 (jixiao.api.scoring)
    app.include_router(api)
    api_docs.install(app, API_PREFIX)

    if web:
        _plug_web(app)
    app.add_middleware(CsrfCookie, name=settings.csrf_cookie, secure=settings.cookie_secure)
    app.add_middleware(BodyLimit, limit=settings.max_upload_bytes)
    app.add_middleware(CatchErrors, handler=envelope.unhandled)  # last: just inside ServerErrorMiddleware
    return app


def _plug_web(app: FastAPI) -> None:
    try:
        web = importlib.import_module("jixiao.web")
    except ModuleNotFoundError as exc:
        if exc.name in ("jixiao.web",):
            return
        raise
    router = getattr(web, "router", None)
    if router is not None:
        app.include_router(router)
    mount = getattr(web, "mount", None)
    if callable(mount):
        mount(app)


def factory() -> FastAPI:
    """Entry point for ``uvicorn --factory jixiao.api.app:factory`` (reads the environment)."""
    return create_app()
