"""The interactive API docs (接口文档) at ``/api/v1/docs``, working with no network.

FastAPI's own docs page loads Swagger UI from a CDN, so it is blank offline or behind a
firewall.  This page is the same Swagger UI (``fastapi.openapi.docs.get_swagger_ui_html``)
with its script and stylesheet served from the package: a pinned copy of swagger-ui-dist
under ``api/static/swagger-ui`` (version, hashes and licence in ``api/static/VERSIONS.txt``),
mounted at ``/api/v1/docs/assets``.  Swagger's spec validator (an outside service) is off.
The bearer scheme the spec declares (``securitySchemes``) gives the page its Authorize button.
"""

from __future__ import annotations

from pathlib import Path

from fastapi import FastAPI
from fastapi.openapi.docs import get_swagger_ui_html
from fastapi.responses import HTMLResponse
from fastapi.staticfiles import StaticFiles

ASSETS = Path(__file__).parent / "static" / "swagger-ui"


def install(app: FastAPI, prefix: str) -> None:
    """Serve the docs page at ``{prefix}/docs`` and its files at ``{prefix}/docs/assets``
    (create the app with ``docs_url=None``, so FastAPI's CDN page is not there too)."""
    assets = f"{prefix}/docs/assets"
    openapi_url = app.openapi_url or f"{prefix}/openapi.json"
    title = f"{app.title} — API docs"

    async def swagger_ui() -> HTMLResponse:
        return get_swagger_ui_html(
            openapi_url=openapi_url,
            title=title,
            swagger_js_url=f"{assets}/swagger-ui-bundle.js",
            swagger_css_url=f"{assets}/swagger-ui.css",
            swagger_favicon_url="/favicon.ico",
            swagger_ui_parameters={"validatorUrl": None},
        )

    app.add_api_route(f"{prefix}/docs", swagger_ui, methods=["GET"], include_in_schema=False)
    app.mount(assets, StaticFiles(directory=str(ASSETS)), name="jixiao-api-docs")
