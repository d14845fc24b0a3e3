"""The ``jixiao`` command (click).  Each subcommand lives in its own module and registers on ``app`` (cli/group.py); this module
imports them all.

A command module imports only click and the standard library at its top; the library layers,
Rich and everything else are imported inside the command that uses them.  So ``jixiao --help``
loads the command tree and no more, and ``jixiao ingest FILE`` never loads the store, the web
or the API (``tests/cli/test_imports.py`` holds every command to that).

Why click and not Typer: Typer 0.2x coerces every parameter through a pydantic ``TypeAdapter``
(~100 ms of CPU to import pydantic and build them, on every command), and lays its help out
with Rich (~80 ms): together more than the whole start-up budget of ``jixiao --help``.
"""

from __future__ import annotations

import gc

from . import group
from .group import app, url_option

__all__ = ["app", "main", "url_option"]


def main() -> None:
    """The console script: one command in a process of its own.  When the command is done, what
    it made lives until the process exits; ``gc.freeze()`` spares the cyclic collector's pass at
    exit from walking it all again (~1.5% of ``jixiao ingest big.xlsx --json``, bench/README.md)."""
    group.OWN_PROCESS = True
    try:
        app()
    finally:
        gc.freeze()


# Subcommand modules register themselves on import (keep this list sorted by area).
from . import check as _check  # noqa: E402,F401
from . import db as _db  # noqa: E402,F401
from . import demo as _demo  # noqa: E402,F401
from . import export as _export  # noqa: E402,F401
from . import ingest as _ingest  # noqa: E402,F401
from . import library as _library  # noqa: E402,F401
from . import project as _project  # noqa: E402,F401
from . import score as _score  # noqa: E402,F401
from . import serve as _serve  # noqa: E402,F401
from . import user as _user  # noqa: E402,F401
from . import worker as _worker  # noqa: E402,F401
