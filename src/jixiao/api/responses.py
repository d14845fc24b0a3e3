"""The error answers the API declares in its OpenAPI document, from one place.

Every error is the envelope of :mod:`jixiao.api.envelope` (:class:`ErrorEnvelope`); each
status it can have is declared here once (:data:`ERRORS`).  A router or a route asks for
the ones it can answer with :func:`errors`:

- :data:`EVERY_ROUTE` — what the shared machinery can answer on any route: 400 (a body that
  is not JSON), 401 (not signed in), 403 (a role or unit that may not, a missing CSRF token), 413 (a body over the upload
  limit, :class:`jixiao.server.middleware.BodyLimit`), 422 (a parameter or body that does
  not validate, :mod:`jixiao.server.validate`) and 503 (the database down, read-only or
  full, with ``Retry-After``).  Every API router is included with it (:mod:`jixiao.api`).
- 404 where a route looks something up by id or name, 409 where a write can meet a stale
  version or a workflow state that forbids it, 429 where a password is checked (the login
  throttle).
- :func:`download` — a 200 that is a file, in each of its media types (:data:`EXPORTED`:
  every export format of :data:`jixiao.export.FORMATS`).

``status_code_conformance`` of the fuzz test (``tests/api/test_fuzz.py``) holds the routes
to this: a status a route answers that its document does not declare fails it.
"""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, Field

from ..export import FORMATS
from ..text import Text, bi

Responses = dict[int | str, dict[str, Any]]


class ErrorEnvelope(BaseModel):
    """A failure: ``{"ok": false, "error": "…", "errors": […], "status": N}``."""

    ok: Literal[False]
    error: str = Field(description="the message, in the caller's language (?lang=, cookie, Accept-Language)")
    errors: list[Any] = Field(description="details, e.g. each invalid field: loc, msg, type")
    status: int = Field(description="the HTTP status again")


def both(text: Text) -> str:
    """``中文（English）``: a description in the document, for readers of either language."""
    return f"{text}（{text.en}）"


DESCRIPTIONS: dict[int, Text] = {
    400: bi("请求体无法解析：不是 JSON 或表单", "a body that is not JSON or form data"),
    401: bi("请先登录：没有令牌或会话，或已过期", "not signed in: no token or session, or an expired one"),
    403: bi("无权访问：角色或单位不允许，或缺少 CSRF 令牌", "forbidden: role, unit or CSRF token"),
    404: bi("未找到，或对调用者不可见", "not found, or not visible to the caller"),
    409: bi("冲突：版本已过期或流程状态不允许", "conflict: a stale version or a workflow state"),
    413: bi("上传内容过大", "request body over the upload limit"),
    422: bi("请求参数无效，errors 逐项说明", "invalid parameters or body; errors name each field"),
    429: bi("尝试过多，见 Retry-After", "too many attempts; see Retry-After"),
    503: bi("数据库暂时不可用，见 Retry-After", "database down, read-only or full; see Retry-After"),
}

ERRORS: Responses = {
    status: {"model": ErrorEnvelope, "description": both(text)} for status, text in DESCRIPTIONS.items()
}


def errors(*statuses: int) -> Responses:
    """The declarations of these error statuses (each must be one of :data:`ERRORS`)."""
    return {status: ERRORS[status] for status in statuses}


def download(*media_types: str) -> Responses:
    """A 200 that is a file (an attachment) in one of these media types (JSON: a jixiao/1
    Document; any other: the file's bytes)."""
    content: dict[str, Any] = {}
    for media_type in media_types:
        name = media_type.split(";")[0].strip()
        content[name] = (
            {} if name == "application/json" else {"schema": {"type": "string", "format": "binary"}}
        )
    return {200: {"description": both(bi("文件（附件）", "the file, as an attachment")), "content": content}}


EVERY_ROUTE: Responses = errors(400, 401, 403, 413, 422, 503)
LOOKUP: Responses = errors(404)
WRITE: Responses = errors(404, 409)
PASSWORD: Responses = errors(429)
EXPORTED: Responses = download(*(f.media_type for f in FORMATS.values()))
XLSX: Responses = download(FORMATS["xlsx"].media_type)

__all__ = [
    "ERRORS",
    "EVERY_ROUTE",
    "EXPORTED",
    "LOOKUP",
    "PASSWORD",
    "WRITE",
    "XLSX",
    "ErrorEnvelope",
    "download",
    "errors",
]
