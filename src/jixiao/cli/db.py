"""``jixiao db upgrade`` / ``jixiao db current``: the database schema (Alembic migrations)."""

from __future__ import annotations

import click
from click.exceptions import Exit

from .group import app, url_option
from .output import err


@app.group("db")
def db_app() -> None:
    """数据库：迁移到最新结构（JIXIAO_DATABASE_URL，默认 ./jixiao.db）。"""


@db_app.command("upgrade")
@url_option
def db_upgrade(url: str | None) -> None:
    """把数据库迁移到最新结构。Run the migrations up to the newest."""
    from .. import actions
    from ..errors import JixiaoError
    from ..store.engine import database_url, make_engine

    try:
        engine = make_engine(database_url(url))
        rev = actions.upgrade_database(engine)
    except JixiaoError as exc:
        err().print(f"[red]错误[/red] {exc}", highlight=False)
        raise Exit(2) from exc
    err().print(
        f"数据库 {engine.url.render_as_string(hide_password=True)} 已是最新结构（迁移 {rev}）",
        highlight=False,
    )
    engine.dispose()


@db_app.command("current")
@url_option
def db_current(url: str | None) -> None:
    """显示数据库当前的迁移版本。Show the current revision."""
    from ..store.engine import current_revision, database_url, make_engine

    engine = make_engine(database_url(url))
    click.echo(current_revision(engine) or "（未初始化）")
    engine.dispose()
