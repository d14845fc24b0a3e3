"""One JSON envelope for every API response (STYLE.md 6).

Success: ``{"ok": true, ...}`` (lists: ``{"ok": true, "items": [...], "total": N}``).
Failure: ``{"ok": false, "error": "...", "errors": [...], "status": N}`` — for 401, 403,
404, 409, 413, 422, 429, 503 (a database down, read-only or full, with ``Retry-After``)
and unhandled 500s alike.  Pages outside ``/api/`` may get an
HTML error instead when the web UI sets ``app.state.html_error``.
"""

from __future__ import annotations

import logging
from typing import Any

import orjson
from fastapi import FastAPI, Request
from fastapi.encoders import jsonable_encoder
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from sqlalchemy.exc import SQLAlchemyError
from starlette.exceptions import HTTPException as StarletteHTTPException

from ..errors import (
    ConfigError,
    ConflictError,
    IngestError,
    JixiaoError,
    NotFound,
    PermissionDenied,
    PolicyError,
    StoreError,
    UnsafeFile,
)
from ..store import DatabaseUnavailable, TooManyAttempts
from ..store.health import unavailable
from ..text import LANGS, bi, in_lang

log = logging.getLogger("jixiao.api")

STATUS_TEXT = {
    400: bi("请求无效", "bad request"),
    401: bi("请先登录", "authentication required"),
    403: bi("无权访问", "forbidden"),
    404: bi("未找到", "not found"),
    405: bi("不支持该方法", "method not allowed"),
    409: bi("冲突", "conflict"),
    413: bi("上传内容过大", "request too large"),
    422: bi("请求参数无效", "invalid request"),
    429: bi("请求过多", "too many requests"),
    500: bi("服务器内部错误", "internal server error"),
    503: bi("服务暂时不可用", "service unavailable"),
}


# FastAPI's 400 for a body it cannot parse (not JSON, broken form data), in our words
FASTAPI_BODY_ERROR = "There was an error parsing the body"
BODY_ERROR = bi(
    "请求体无法解析（不是有效的 JSON 或表单）",
    "the request body could not be parsed (not valid JSON or form data)",
)


def ok(**payload: Any) -> dict[str, Any]:
    return {"ok": True, **payload}


def listing(items: list[Any], **extra: Any) -> dict[str, Any]:
    """A whole (unpaged) list: ``{"ok": true, "items": [...], "total": len(items), **extra}``."""
    return {"ok": True, "items": items, "total": len(items), **extra}


class FastJSON(JSONResponse):
    """JSON of plain data (str, numbers, None, lists, dicts) without FastAPI's encoder pass,
    written by orjson: a 50-row list page is 13% of a worker's CPU with the json module."""

    def render(self, content: Any) -> bytes:
        return orjson.dumps(content, option=orjson.OPT_NON_STR_KEYS)


def page_of(items: list[Any], total: int, page: int, per_page: int, **extra: Any) -> Response:
    """A list page ``{"ok": true, "items": [...], "total": N, "page", "per_page"}``.

    ``items`` must be plain JSON data (what :class:`jixiao.store.Store` returns)."""
    return FastJSON({"ok": True, "items": items, "total": total, "page": page, "per_page": per_page, **extra})


def request_lang(request: Request) -> str:
    """The language of a caller's messages: ``?lang=``, else the web UI's ``jx_lang`` cookie,
    else ``Accept-Language`` (English when it prefers English), else Chinese."""
    for candidate in (request.query_params.get("lang"), request.cookies.get("jx_lang")):
        if candidate in LANGS:
            return candidate
    accept = request.headers.get("accept-language", "").strip().lower()
    return "en" if accept.startswith("en") else "zh"


def error_body(
    status: int, error: str | None = None, errors: list[Any] | None = None, lang: str = "zh"
) -> dict[str, Any]:
    return {
        "ok": False,
        "error": in_lang(error or STATUS_TEXT.get(status, bi("错误", "error")), lang),
        "errors": errors or [],
        "status": status,
    }


def error_response(
    request: Request,
    status: int,
    error: str | None = None,
    errors: list[Any] | None = None,
    headers: dict[str, str] | None = None,
) -> Response:
    html = getattr(request.app.state, "html_error", None)
    if html is not None and not request.url.path.startswith("/api/"):
        page: Response = html(request, status, error or STATUS_TEXT.get(status, ""))
        page.headers.update(headers or {})
        return page
    body = error_body(status, error, errors, request_lang(request))
    return JSONResponse(jsonable_encoder(body), status_code=status, headers=headers)


def status_for(exc: JixiaoError) -> int:
    if isinstance(exc, TooManyAttempts):
        return 429
    if isinstance(exc, NotFound):
        return 404
    if isinstance(exc, PermissionDenied):
        return 403
    if isinstance(exc, ConflictError):
        return 409
    if isinstance(exc, UnsafeFile):
        return 413
    if isinstance(exc, IngestError | ConfigError | PolicyError):
        return 422
    if isinstance(exc, StoreError):
        return 503
    return 400


def install(app: FastAPI) -> None:
    """Register the exception handlers that turn every failure into the envelope."""

    async def http_error(request: Request, exc: StarletteHTTPException) -> Response:
        detail = exc.detail if isinstance(exc.detail, str) and exc.detail else None
        if detail in ("Not Found", "Method Not Allowed", "Unauthorized", "Forbidden"):
            detail = None
        elif detail == FASTAPI_BODY_ERROR:
            detail = BODY_ERROR
        return error_response(request, exc.status_code, detail, headers=getattr(exc, "headers", None))

    async def validation_error(request: Request, exc: RequestValidationError) -> Response:
        errors = [
            {"loc": list(e.get("loc", ())), "msg": e.get("msg"), "type": e.get("type")} for e in exc.errors()
        ]
        return error_response(request, 422, STATUS_TEXT[422], errors)

    async def jixiao_error(request: Request, exc: JixiaoError) -> Response:
        status = status_for(exc)
        retry = exc.retry_after if isinstance(exc, TooManyAttempts | DatabaseUnavailable) else None
        headers = {"Retry-After": str(retry)} if retry is not None else None
        return error_response(request, status, exc.text, headers=headers)

    async def database_error(request: Request, exc: SQLAlchemyError) -> Response:
        """A database that is down, read-only or full: 503 with Retry-After; anything else a 500."""
        down = unavailable(exc)
        if down is None:
            return await unhandled(request, exc)
        log.warning(
            "database unavailable (%s) on %s %s: %s", down.reason, request.method, request.url.path, exc
        )
        return await jixiao_error(request, down)

    # Starlette types every handler as taking Exception; it calls each with its own class.
    app.add_exception_handler(StarletteHTTPException, http_error)  # type: ignore[arg-type]
    app.add_exception_handler(RequestValidationError, validation_error)  # type: ignore[arg-type]
    app.add_exception_handler(JixiaoError, jixiao_error)  # type: ignore[arg-type]
    app.add_exception_handler(SQLAlchemyError, database_error)  # type: ignore[arg-type]
    app.add_exception_handler(Exception, unhandled)  # (only what CatchErrors could not answer)


async def unhandled(request: Request, exc: Exception) -> Response:
    """The 500 envelope (or error page) for an exception nothing else handled; logged."""
    log.error("unhandled error on %s %s", request.method, request.url.path, exc_info=exc)
    return error_response(request, 500, STATUS_TEXT[500])
