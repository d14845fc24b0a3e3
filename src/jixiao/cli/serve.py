"""``jixiao serve [--host H] [--port P] [--workers N]``: the web UI and the REST API."""

from __future__ import annotations

import os
import socket
from typing import TYPE_CHECKING

import typer
from rich.console import Console

from ..errors import JixiaoError
from ..store.engine import database_url, make_engine, upgrade
from .app import app

if TYPE_CHECKING:
    import uvicorn

err = Console(stderr=True)


@app.command()
def serve(
    host: str = typer.Option("127.0.0.1", "--host", help="监听地址"),
    port: int = typer.Option(8000, "--port", help="端口"),
    workers: int = typer.Option(1, "--workers", min=1, help="工作进程数（共享同一个数据库）"),
    url: str | None = typer.Option(
        None, "--url", envvar="JIXIAO_DATABASE_URL", help="数据库地址（默认 sqlite:///jixiao.db）"
    ),
    log_level: str = typer.Option("info", "--log-level", help="uvicorn 日志级别"),
) -> None:
    """启动网页界面和 REST API（/api/v1）。Serve the web UI and the REST API."""
    import uvicorn

    try:
        url = database_url(url)
        engine = make_engine(url)
        upgrade(engine)  # once, before the workers start
        engine.dispose()
    except JixiaoError as exc:
        err.print(f"[red]错误[/red] {exc}", highlight=False)
        raise typer.Exit(2) from exc
    os.environ["JIXIAO_DATABASE_URL"] = url
    err.print(
        f"jixiao 在 http://{host}:{port}/ 提供服务（API: /api/v1/docs），数据库 {engine.url.render_as_string(hide_password=True)}",
        highlight=False,
    )
    if workers == 1:
        uvicorn.run("jixiao.api.app:factory", factory=True, host=host, port=port, log_level=log_level)
    else:
        run_workers(host, port, workers, log_level)


def run_workers(host: str, port: int, workers: int, log_level: str) -> None:
    """uvicorn's multi-worker supervisor, with a listening socket that keeps TCP_NODELAY.

    uvicorn binds the shared socket with ``proto`` 0, so asyncio leaves Nagle's algorithm on
    for accepted connections and every keep-alive response waits ~40 ms for a delayed ACK
    (Kludex/uvicorn#3149).  Re-wrapping the descriptor lets the kernel report IPPROTO_TCP.
    """
    import uvicorn
    from uvicorn.supervisors import Multiprocess

    config = uvicorn.Config(
        "jixiao.api.app:factory", factory=True, host=host, port=port, workers=workers, log_level=log_level
    )
    sock = listening_socket(config)
    try:
        Multiprocess(config, sockets=[sock]).run()
    except KeyboardInterrupt:
        pass


def listening_socket(config: uvicorn.Config) -> socket.socket:
    """``config.bind_socket()``, re-wrapped so the socket reports IPPROTO_TCP (see run_workers)."""
    bound = config.bind_socket()
    sock = socket.socket(fileno=bound.detach())
    sock.set_inheritable(True)
    return sock
