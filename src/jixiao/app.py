"""The application factory: ``create_app(database_url=None) -> FastAPI``.

It stands above what it mounts: the server's shared parts (:mod:`jixiao.server`: who is
asking, settings, middleware), the REST API and the web UI, which never import this module
or each other.

The REST API (:data:`jixiao.api.router`, under ``/api/v1``; OpenAPI at
``/api/v1/openapi.json``, docs at ``/api/v1/docs``) and the web UI (:func:`jixiao.web.mount`:
its pages, static files and HTML error pages) are sibling routers mounted here.  The app is
stateless: the store, the sessions, the rate limits and the import jobs are in the database,
so many workers can share one PostgreSQL.  Its lifespan starts and stops the import runner
(:mod:`jixiao.jobs`: a pool of import processes; on PostgreSQL the queue's worker too).
"""

from __future__ import annotations

import gc
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

import anyio.to_thread
from fastapi import FastAPI

from . import __version__ as _version
from . import actions, api, jobs
from . import web as jixiao_web
from .api import API_PREFIX
from .api.envelope import error_body, unhandled
from .server.middleware import BodyLimit, CatchErrors, CsrfCookie
from .server.settings import Settings
from .store import Store


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
    store = store or actions.open_store(settings.database_url, upgrade=upgrade)

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
        try:
            async with jobs.running(runner):
                yield
        finally:
            gc.unfreeze()
            store.close()

    app = FastAPI(
        title="jixiao API",
        version=_version,
        description="预算绩效目标表：读取、检查、存储、审核（jixiao REST API）",
        openapi_url=f"{API_PREFIX}/openapi.json",
        docs_url=None,  # the API serves its own page, with Swagger UI from the package (api/docs.py)
        redoc_url=None,
        lifespan=lifespan,
    )
    runner = jobs.runner_for(
        store, settings.import_processes, settings.jobs_per_process, work=settings.import_worker
    )
    app.state.store = store
    app.state.settings = settings
    app.state.jobs = runner
    app.state.secret_key = settings.secret_key or store.secret_key()
    api.install(app)
    app.include_router(api.router)
    if web:
        jixiao_web.mount(app)
    app.add_middleware(CsrfCookie, name=settings.csrf_cookie, secure=settings.cookie_secure)
    app.add_middleware(BodyLimit, limit=settings.max_upload_bytes, refusal=error_body)
    app.add_middleware(CatchErrors, handler=unhandled)  # last: just inside ServerErrorMiddleware
    return app


def factory() -> FastAPI:
    """Entry point for ``uvicorn --factory jixiao.app:factory`` (reads the environment)."""
    return create_app()
