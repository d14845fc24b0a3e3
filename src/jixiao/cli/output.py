"""What the commands print through: Rich consoles made on first use, and JSON text.

Importing Rich costs ~40 ms of CPU, more than reading the seed's six tables: ``jixiao ingest
FILE --json`` and every ``--help`` print nothing through it, so no command module imports it
at its top.
"""

from __future__ import annotations

import functools
import sys
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from rich.console import Console


@functools.cache
def err() -> Console:
    """The console on standard error (messages, progress)."""
    from rich.console import Console

    return Console(stderr=True)


def console(*, highlight: bool = True, soft_wrap: bool = False) -> Console:
    """A console on standard output (tables, reports)."""
    from rich.console import Console

    return Console(highlight=highlight, soft_wrap=soft_wrap)


def write_json(value: object) -> None:
    """``value`` as JSON text on standard output (:func:`jixiao.jsontext.dumps`): its UTF-8 bytes
    as they are, or decoded for a stream of another encoding (a GBK console)."""
    from .. import jsontext  # (orjson: not for a command that prints no JSON, nor for --help)

    data = jsontext.dumps(value)
    buffer = getattr(sys.stdout, "buffer", None)
    if buffer is None or (sys.stdout.encoding or "").lower().replace("-", "") != "utf8":
        sys.stdout.write(data.decode("utf-8"))
        return
    sys.stdout.flush()
    buffer.write(data)
    buffer.flush()
