"""The ``jixiao`` command group and the options several commands share.

Every command module registers on :data:`app` from here, and :data:`COMMANDS` names the module
of each command: a command's module is imported when that command is asked for (click's
pattern for lazily loaded subcommands, :class:`LazyGroup`), so ``jixiao ingest FILE`` loads
the ingest command's module and not the other ten; ``jixiao --help`` lists them all and so
imports them all.  The command modules never import :mod:`jixiao.cli.app`: no circle.
"""

from __future__ import annotations

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


def load(module: str) -> None:
    """Import the command module ``module`` (a value of :data:`COMMANDS`), which registers its
    commands on :data:`app`.  Each import is written out: the layer tests see every import, and
    nothing is plugged in by name."""
    if module == "check":
        from . import check  # noqa: F401
    elif module == "db":
        from . import db  # noqa: F401
    elif module == "demo":
        from . import demo  # noqa: F401
    elif module == "export":
        from . import export  # noqa: F401
    elif module == "ingest":
        from . import ingest  # noqa: F401
    elif module == "library":
        from . import library  # noqa: F401
    elif module == "project":
        from . import project  # noqa: F401
    elif module == "score":
        from . import score  # noqa: F401
    elif module == "serve":
        from . import serve  # noqa: F401
    elif module == "user":
        from . import user  # noqa: F401
    elif module == "worker":
        from . import worker  # noqa: F401
    else:
        raise ValueError(f"no command module {module!r}")


class LazyGroup(click.Group):
    """A group whose commands are imported when asked for: ``lazy`` maps a command's name to the
    module whose import registers it on the group (:func:`load`)."""

    def __init__(self, *args: Any, lazy: Mapping[str, str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.lazy = dict(lazy)

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted({*super().list_commands(ctx), *self.lazy})

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        if cmd_name not in self.commands and cmd_name in self.lazy:
            load(self.lazy[cmd_name])
        return super().get_command(ctx, cmd_name)


@click.group(name="jixiao", cls=LazyGroup, lazy=COMMANDS, context_settings=CONTEXT)
def app() -> None:
    """jixiao（绩效）: 读取、检查、存储、评分和导出预算绩效目标表。"""


# the database of ``jixiao db``, ``jixiao user`` and ``jixiao serve``
url_option = click.option(
    "--url", envvar="JIXIAO_DATABASE_URL", show_envvar=True, help="数据库地址（默认 sqlite:///jixiao.db）"
)
