"""``jixiao db upgrade`` / ``jixiao db current``: the database schema (Alembic migrations)."""

from __future__ import annotations

from typing import Any

import typer
from rich.console import Console

from .. import actions
from ..errors import JixiaoError
from ..store.engine import current_revision, database_url, make_engine
from .app import app

db_app = typer.Typer(
    help="数据库：迁移到最新结构（JIXIAO_DATABASE_URL，默认 ./jixiao.db）。", no_args_is_help=True
)
app.add_typer(db_app, name="db")
err = Console(stderr=True)


def _url_option() -> Any:  # a typer OptionInfo, used as a parameter default
    return typer.Option(
        None, "--url", envvar="JIXIAO_DATABASE_URL", help="数据库地址（默认 sqlite:///jixiao.db）"
    )


@db_app.command("upgrade")
def db_upgrade(url: str | None = _url_option()) -> None:
    """把数据库迁移到最新结构。Run the migrations up to the newest."""
    try:
        engine = make_engine(database_url(url))
        rev = actions.upgrade_database(engine)
    except JixiaoError as exc:
        err.print(f"[red]错误[/red] {exc}", highlight=False)
        raise typer.Exit(2) from exc
    err.print(
        f"数据库 {engine.url.render_as_string(hide_password=True)} 已是最新结构（迁移 {rev}）",
        highlight=False,
    )
    engine.dispose()


@db_app.command("current")
def db_current(url: str | None = _url_option()) -> None:
    """显示数据库当前的迁移版本。Show the current revision."""
    engine = make_engine(database_url(url))
    typer.echo(current_revision(engine) or "（未初始化）")
    engine.dispose()
