"""The ``jixiao`` command (click).  Each subcommand lives in its own module and registers on ``app`` (cli/group.py),
which imports a command's module when that command is asked for (``group.COMMANDS``).

A command module imports only click and the standard library at its top; the library layers,
Rich and everything else are imported inside the command that uses them.  So ``jixiao --help``
loads the command tree and no more, ``jixiao ingest FILE`` loads no other command's module, and
never the store, the web or the API (``tests/cli/test_imports.py`` holds every command to that).

Why click and not Typer: Typer 0.2x coerces every parameter through a pydantic ``TypeAdapter``
(~100 ms of CPU to import pydantic and build them, on every command), and lays its help out
with Rich (~80 ms): together more than the whole start-up budget of ``jixiao --help``.
"""

from __future__ import annotations

import gc

from . import group
from .group import COMMANDS, app, url_option

__all__ = ["COMMANDS", "app", "main", "url_option"]


def main() -> None:
    """The console script: one command in a process of its own.  When the command is done, what
    it made lives until the process exits; ``gc.freeze()`` spares the cyclic collector's pass at
    exit from walking it all again (~1.5% of ``jixiao ingest big.xlsx --json``, bench/README.md)."""
    group.OWN_PROCESS = True
    try:
        app()
    finally:
        gc.freeze()
