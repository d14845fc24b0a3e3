"""The ``jixiao`` command.  Each subcommand lives in its own module and registers on ``app``."""

from __future__ import annotations

import typer

app = typer.Typer(
    name="jixiao",
    help="jixiao（绩效）: 读取、检查、存储、评分和导出预算绩效目标表。",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)


@app.callback()
def _root() -> None:
    """jixiao（绩效）: 读取、检查、存储、评分和导出预算绩效目标表。"""


def main() -> None:
    app()


# Subcommand modules register themselves on import (keep this list sorted by area).
from . import check as _check  # noqa: E402,F401
from . import db as _db  # noqa: E402,F401
from . import demo as _demo  # noqa: E402,F401
from . import export as _export  # noqa: E402,F401
from . import ingest as _ingest  # noqa: E402,F401
from . import library as _library  # noqa: E402,F401
from . import score as _score  # noqa: E402,F401
from . import serve as _serve  # noqa: E402,F401
from . import user as _user  # noqa: E402,F401
from . import worker as _worker  # noqa: E402,F401
