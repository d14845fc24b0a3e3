"""ASGI middleware: the request size limit (413), the pre-login CSRF cookie, and errors
answered without dropping the connection (:class:`CatchErrors`)."""

from __future__ import annotations

import json
from collections.abc import Awaitable, Callable
from typing import Any

from fastapi import HTTPException, Request
from starlette.responses import Response
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from ..text import bi


def too_large_message(limit: int) -> str:
    mb = limit / 2**20
    return bi(f"上传内容过大：超过 {mb:g} MB 上限", f"the upload is over the {mb:g} MB limit")


class BodyLimit:
    """Refuse request bodies over ``limit`` bytes: by Content-Length up front, else while reading.
    ``refusal(status, message)`` is the JSON body of an up-front refusal (the API's error
    envelope, given by the app factory: the server's parts import no adapter)."""

    def __init__(self, app: ASGIApp, limit: int, refusal: Callable[[int, str], dict[str, Any]]) -> None:
        self.app = app
        self.limit = limit
        self.refusal = refusal

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] in ("GET", "HEAD", "OPTIONS"):
            return await self.app(scope, receive, send)
        length = dict(scope.get("headers") or []).get(b"content-length")
        if length is not None and length.isdigit() and int(length) > self.limit:
            body = json.dumps(self.refusal(413, too_large_message(self.limit)), ensure_ascii=False).encode()
            await send(
                {
                    "type": "http.response.start",
                    "status": 413,
                    "headers": [
                        (b"content-type", b"application/json"),
                        (b"content-length", str(len(body)).encode()),
                        (b"connection", b"close"),
                    ],
                }
            )
            await send({"type": "http.response.body", "body": body})
            return None
        seen = 0

        async def limited() -> Message:
            nonlocal seen
            message = await receive()
            if message["type"] == "http.request":
                seen += len(message.get("body", b""))
                if seen > self.limit:
                    raise HTTPException(413, too_large_message(self.limit))
            return message

        return await self.app(scope, limited, send)


class CsrfCookie:
    """Set the pre-login CSRF cookie when :func:`jixiao.server.auth.csrf_token` minted one."""

    def __init__(self, app: ASGIApp, name: str, secure: bool) -> None:
        self.app = app
        self.name = name
        self.secure = secure

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            return await self.app(scope, receive, send)

        async def sending(message: Message) -> None:
            if message["type"] == "http.response.start":
                state = scope.get("state") or {}
                value = state.get("new_csrf_cookie")
                if value:
                    cookie = f"{self.name}={value}; Path=/; Max-Age=604800; HttpOnly; SameSite=Lax"
                    if self.secure:
                        cookie += "; Secure"
                    message.setdefault("headers", [])
                    message["headers"] = list(message["headers"]) + [(b"set-cookie", cookie.encode())]
            await send(message)

        return await self.app(scope, receive, sending)


class CatchErrors:
    """Answer an unhandled exception with ``handler``'s response, here, instead of letting it
    reach Starlette's ServerErrorMiddleware: that one sends its 500 and then re-raises, and
    uvicorn closes the connection after an exception — a keep-alive client's next request on
    it failed with a reset.  Added last, so it wraps every other middleware but sits inside
    ServerErrorMiddleware.  An exception after the response has started cannot be answered
    and is raised on (the connection must close then)."""

    def __init__(self, app: ASGIApp, handler: Callable[[Request, Exception], Awaitable[Response]]) -> None:
        self.app = app
        self.handler = handler

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        started = False

        async def sending(message: Message) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
            await send(message)

        try:
            await self.app(scope, receive, sending)
        except Exception as exc:
            if started:
                raise
            response = await self.handler(Request(scope, receive), exc)
            await response(scope, receive, send)
        return None
