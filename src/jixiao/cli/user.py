"""``jixiao user add NAME --role ROLE [--unit CODE]`` and ``jixiao user list``.

The password comes from a prompt (typed twice) or, when standard input is not a terminal,
from its first line — so scripts can ``echo "$PW" | jixiao user add …``.
"""

from __future__ import annotations

import sys
from typing import Any

import typer
from rich.console import Console

from .. import actions
from ..errors import JixiaoError
from ..store import ROLES, Store
from .app import app

user_app = typer.Typer(help="用户：新建、列出、停用、重设密码。", no_args_is_help=True)
app.add_typer(user_app, name="user")
err = Console(stderr=True)


def _password() -> str:
    if not sys.stdin.isatty():
        return sys.stdin.readline().rstrip("\r\n")
    password: str = typer.prompt("密码", hide_input=True, confirmation_prompt=True)
    return password


def _store(url: str | None) -> Store:
    return actions.open_store(url)


def _url_option() -> Any:  # a typer OptionInfo, used as a parameter default
    return typer.Option(
        None, "--url", envvar="JIXIAO_DATABASE_URL", help="数据库地址（默认 sqlite:///jixiao.db）"
    )


@user_app.command("add")
def user_add(
    name: str = typer.Argument(..., help="用户名"),
    role: str = typer.Option(..., "--role", help=f"角色：{' | '.join(ROLES)}"),
    unit: str | None = typer.Option(None, "--unit", help="单位编码（filer 必填）"),
    url: str | None = _url_option(),
) -> None:
    """新建用户（密码从提示输入，或从标准输入读取）。Add a user."""
    try:
        password = _password()
        with _store(url) as store:
            user = actions.add_user(store, None, name, password, role, unit)
    except JixiaoError as exc:
        err.print(f"[red]错误[/red] {exc}", highlight=False)
        raise typer.Exit(2) from exc
    err.print(
        f"已新建用户 {user.username}（{user.role}{'，单位 ' + user.unit_code if user.unit_code else ''}）",
        highlight=False,
    )


@user_app.command("password")
def user_password(name: str = typer.Argument(..., help="用户名"), url: str | None = _url_option()) -> None:
    """重设密码（并注销其令牌和会话）。Set a new password."""
    try:
        password = _password()
        with _store(url) as store:
            actions.reset_password(store, None, name, password)
    except JixiaoError as exc:
        err.print(f"[red]错误[/red] {exc}", highlight=False)
        raise typer.Exit(2) from exc
    err.print(f"已重设 {name} 的密码", highlight=False)


@user_app.command("list")
def user_list(url: str | None = _url_option()) -> None:
    """列出用户。List users."""
    with _store(url) as store:
        for u in store.list_users():
            typer.echo(f"{u.username}\t{u.role}\t{u.unit_code or ''}")


@user_app.command("disable")
def user_disable(name: str = typer.Argument(...), url: str | None = _url_option()) -> None:
    """停用用户。Deactivate a user."""
    try:
        with _store(url) as store:
            actions.update_user(store, None, name, active=False)
    except JixiaoError as exc:
        err.print(f"[red]错误[/red] {exc}", highlight=False)
        raise typer.Exit(2) from exc
    err.print(f"已停用 {name}", highlight=False)
