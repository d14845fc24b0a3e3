"""The ``jixiao`` command group and the options several commands share.

Every command module registers on :data:`app` from here, and :data:`COMMANDS` names the module
of each command: a command's module is imported when that command is asked for (click's
pattern for lazily loaded subcommands, :class:`LazyGroup`), so ``jixiao ingest FILE`` loads
the ingest command's module and not the other ten; ``jixiao --help`` lists them all and so
imports them all.  The command modules never import :mod:`jixiao.cli.app`: no circle.
"""

from __future__ import annotations

import importlib
from collections.abc import Mapping
from typing import Any

import click

CONTEXT = {"show_default": True, "max_content_width": 100}

# True in the console script (app.main): the command is all its process does, and the process ends
# with it.  A command run in another process (click's test runner, a script) leaves it False.
OWN_PROCESS = False

# command name → the module (in jixiao.cli) that registers it (keep sorted by module)
COMMANDS: dict[str, str] = {
    "check": "check",
    "rules": "check",
    "db": "db",
    "demo": "demo",
    "export": "export",
    "ingest": "ingest",
    "library": "library",
    "project": "project",
    "score": "score",
    "policies": "score",
    "serve": "serve",
    "user": "user",
    "worker": "worker",
}


class LazyGroup(click.Group):
    """A group whose commands are imported when asked for: ``lazy`` maps a command's name to the
    module (relative to this package) whose import registers it on the group."""

    def __init__(self, *args: Any, lazy: Mapping[str, str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.lazy = dict(lazy)

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted({*super().list_commands(ctx), *self.lazy})

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        if cmd_name not in self.commands and cmd_name in self.lazy:
            importlib.import_module(f".{self.lazy[cmd_name]}", __package__)
        return super().get_command(ctx, cmd_name)


@click.group(name="jixiao", cls=LazyGroup, lazy=COMMANDS, context_settings=CONTEXT)
def app() -> None:
    """jixiao（绩效）: 读取、检查、存储、评分和导出预算绩效目标表。"""


# the database of ``jixiao db``, ``jixiao user`` and ``jixiao serve``
url_option = click.option(
    "--url", envvar="JIXIAO_DATABASE_URL", show_envvar=True, help="数据库地址（默认 sqlite:///jixiao.db）"
)
