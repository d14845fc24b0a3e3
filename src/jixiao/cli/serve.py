"""``jixiao serve [--host H] [--port P] [--workers N]``: the web UI and the REST API.

``X-Forwarded-For`` is believed only from the proxies in ``JIXIAO_TRUSTED_PROXIES``
(:meth:`jixiao.server.settings.Settings.proxy_options`); without it the client is the
connection's address.
"""

from __future__ import annotations

import os

import click
from click.exceptions import Exit

from ..errors import JixiaoError
from .group import app, url_option
from .output import err


@app.command()
@click.option("--host", default="127.0.0.1", help="监听地址")
@click.option("--port", default=8000, help="端口")
@click.option("--workers", default=1, type=click.IntRange(min=1), help="工作进程数（共享同一个数据库）")
@url_option
@click.option("--log-level", default="info", help="uvicorn 日志级别")
def serve(host: str, port: int, workers: int, url: str | None, log_level: str) -> None:
    """启动网页界面和 REST API（/api/v1）。Serve the web UI and the REST API."""
    import uvicorn

    from ..server.settings import Settings
    from ..store.engine import database_url, make_engine, upgrade

    try:
        url = database_url(url)
        engine = make_engine(url)
        upgrade(engine)  # once, before the workers start
        engine.dispose()
    except JixiaoError as exc:
        err().print(f"[red]错误[/red] {exc}", highlight=False)
        raise Exit(2) from exc
    os.environ["JIXIAO_DATABASE_URL"] = url
    err().print(
        f"jixiao 在 http://{host}:{port}/ 提供服务（API: /api/v1/docs），数据库 {engine.url.render_as_string(hide_password=True)}",
        highlight=False,
    )
    if workers == 1:
        uvicorn.run(
            "jixiao.app:factory",
            factory=True,
            host=host,
            port=port,
            log_level=log_level,
            **Settings.from_env().proxy_options(),
        )
    else:
        from .workers import run_workers

        run_workers(host, port, workers, log_level)
