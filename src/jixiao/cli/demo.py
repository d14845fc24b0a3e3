"""``jixiao demo``: a fresh demo database with the seed loaded, demo users, and the web UI."""

from __future__ import annotations

from pathlib import Path

import click

from .group import app
from .output import console as make_console


@app.command()
@click.option("--port", "-p", default=8000, help="端口（port）")
@click.option("--host", default="127.0.0.1", help="监听地址（address to listen on）")
@click.option(
    "--db",
    default=Path("jixiao-demo.db"),
    type=click.Path(path_type=Path),
    help="演示数据库文件，每次运行都会重建（rebuilt on every run）",
)
@click.option("--serve/--no-serve", default=True, help="准备好后启动网页服务（start the web server）")
def demo(port: int, host: str, db: Path, serve: bool) -> None:
    """演示：新建 SQLite 数据库，载入示例表并检查，创建演示用户，启动网页界面。"""
    from rich.table import Table as RichTable

    from .. import actions

    console = make_console()
    setup = actions.prepare_demo(db)
    console.print(
        f"[bold]数据库[/bold] {setup.path}  ·  已载入 {len(setup.project_ids)} 个项目（{setup.seed_file}，2025 年度）"
    )
    users = RichTable(title="演示用户")
    for col in ("用户名 user", "角色 role", "单位 unit", "密码 password"):
        users.add_column(col)
    for u in setup.users:
        users.add_row(u.username, u.role, u.unit_code or "—", u.password)
    console.print(users)
    url = f"http://{host}:{port}/"
    if not serve:
        console.print(
            f"未启动服务（--no-serve）。启动：jixiao demo 或 JIXIAO_DATABASE_URL={setup.database_url} jixiao serve"
        )
        return
    import uvicorn

    from ..app import create_app

    console.print(f"[bold green]打开 {url} 并以 demo-admin 登录[/bold green]（Ctrl+C 结束）")
    uvicorn.run(create_app(setup.database_url), host=host, port=port, log_level="warning")
