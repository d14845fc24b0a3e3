"""The interactive API docs (接口文档) at ``/api/v1/docs``, working with no network.

FastAPI's own docs page loads Swagger UI from a CDN, so it is blank offline or behind a
firewall.  This page is the same Swagger UI (``fastapi.openapi.docs.get_swagger_ui_html``)
with its script and stylesheet served from the package: a pinned copy of swagger-ui-dist
under ``api/static/swagger-ui`` (version, hashes and licence in ``api/static/VERSIONS.txt``),
mounted at ``/api/v1/docs/assets``.  Swagger's spec validator (an outside service) is off.
The bearer scheme the spec declares (``securitySchemes``) gives the page its Authorize button.

The document states the bounds the validation layer holds every integer parameter to
(:func:`jixiao.server.validate.bounds_of`: ids, ``page``, ``year`` …) as each parameter's
``minimum`` and ``maximum``, so a client (and the fuzz test) knows them without a 422.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from fastapi import FastAPI
from fastapi.openapi.docs import get_swagger_ui_html
from fastapi.responses import HTMLResponse
from fastapi.staticfiles import StaticFiles

from ..server.validate import bounds_of

ASSETS = Path(__file__).parent / "static" / "swagger-ui"


def bound_parameters(spec: dict[str, Any]) -> dict[str, Any]:
    """Give every integer path and query parameter of ``spec`` the range the validation layer
    enforces (a route's own tighter ``ge``/``le`` stay); ``spec`` is changed and returned."""
    for operations in spec.get("paths", {}).values():
        for operation in operations.values():
            for param in operation.get("parameters", []):
                schema = param.get("schema", {})
                choices = schema.get("anyOf", [schema])
                bounds = bounds_of(param.get("name", ""))
                for choice in choices:
                    if bounds is None or choice.get("type") != "integer":
                        continue
                    low, high = bounds
                    choice["minimum"] = max(choice.get("minimum", low), low)
                    choice["maximum"] = min(choice.get("maximum", high), high)
    return spec


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

    plain_openapi = app.openapi

    def openapi() -> dict[str, Any]:
        if app.openapi_schema is None:
            app.openapi_schema = bound_parameters(plain_openapi())
        return app.openapi_schema

    app.openapi = openapi  # type: ignore[method-assign]  # FastAPI's documented way to extend it
    app.add_api_route(f"{prefix}/docs", swagger_ui, methods=["GET"], include_in_schema=False)
    app.mount(assets, StaticFiles(directory=str(ASSETS)), name="jixiao-api-docs")
