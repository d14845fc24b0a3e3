"""``jixiao user add NAME --role ROLE [--unit CODE]`` and ``jixiao user list``.

The password comes from a prompt (typed twice) or, when standard input is not a terminal,
from its first line — so scripts can ``echo "$PW" | jixiao user add …``.
"""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING

import click
from click.exceptions import Exit

from .. import actions  # lazy: its functions load on first use
from ..errors import JixiaoError
from ..store.terms import ROLES
from .group import app, url_option
from .output import err

if TYPE_CHECKING:
    from ..store import Store


@app.group("user")
def user_app() -> None:
    """用户：新建、列出、停用、重设密码。"""


def _password() -> str:
    if not sys.stdin.isatty():
        return sys.stdin.readline().rstrip("\r\n")
    password: str = click.prompt("密码", hide_input=True, confirmation_prompt=True)
    return password


def _store(url: str | None) -> Store:
    return actions.open_store(url)


@user_app.command("add")
@click.argument("name")
@click.option("--role", required=True, help=f"角色：{' | '.join(ROLES)}")
@click.option("--unit", help="单位编码（filer 必填）")
@url_option
def user_add(name: str, role: str, unit: str | None, url: str | None) -> None:
    """新建用户（密码从提示输入，或从标准输入读取）。Add a user.

    NAME：用户名。
    """
    try:
        password = _password()
        with _store(url) as store:
            user = actions.add_user(store, None, name, password, role, unit)
    except JixiaoError as exc:
        err().print(f"[red]错误[/red] {exc}", highlight=False)
        raise Exit(2) from exc
    err().print(
        f"已新建用户 {user.username}（{user.role}{'，单位 ' + user.unit_code if user.unit_code else ''}）",
        highlight=False,
    )


@user_app.command("password")
@click.argument("name")
@url_option
def user_password(name: str, url: str | None) -> None:
    """重设密码（并注销其令牌和会话）。Set a new password.

    NAME：用户名。
    """
    try:
        password = _password()
        with _store(url) as store:
            actions.reset_password(store, None, name, password)
    except JixiaoError as exc:
        err().print(f"[red]错误[/red] {exc}", highlight=False)
        raise Exit(2) from exc
    err().print(f"已重设 {name} 的密码", highlight=False)


@user_app.command("list")
@url_option
def user_list(url: str | None) -> None:
    """列出用户。List users."""
    with _store(url) as store:
        for u in store.list_users():
            click.echo(f"{u.username}\t{u.role}\t{u.unit_code or ''}")


@user_app.command("disable")
@click.argument("name")
@url_option
def user_disable(name: str, url: str | None) -> None:
    """停用用户。Deactivate a user.

    NAME：用户名。
    """
    try:
        with _store(url) as store:
            actions.update_user(store, None, name, active=False)
    except JixiaoError as exc:
        err().print(f"[red]错误[/red] {exc}", highlight=False)
        raise Exit(2) from exc
    err().print(f"已停用 {name}", highlight=False)
