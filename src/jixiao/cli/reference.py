"""Generate the CLI reference (docs/cli.md) from the click commands themselves.

``python -m jixiao.cli.reference docs/cli.md`` rewrites it; a test fails when it is stale.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import click

from .app import app


def _help(cmd: Any, path: str) -> str:
    ctx = cmd.context_class(cmd, info_name=path, terminal_width=100, max_content_width=100, show_default=True)
    formatter = ctx.make_formatter()
    cmd.format_usage(ctx, formatter)
    cmd.format_help_text(ctx, formatter)
    cmd.format_options(ctx, formatter)
    text: str = formatter.getvalue()
    return text.rstrip()


def render() -> str:
    root = app
    parts = [
        "# jixiao command-line reference",
        "",
        "Generated from the commands themselves by `python -m jixiao.cli.reference docs/cli.md`;",
        "do not edit by hand.",
        "",
    ]
    ctx = root.context_class(root, info_name="jixiao")
    for name in root.list_commands(ctx):
        cmd = root.get_command(ctx, name)
        if cmd is None or cmd.hidden:
            continue
        subs = [(name, cmd)]
        if isinstance(cmd, click.Group):
            sub_ctx = cmd.context_class(cmd, info_name=name, parent=ctx)
            for s in cmd.list_commands(sub_ctx):
                sub = cmd.get_command(sub_ctx, s)
                if sub is not None:
                    subs.append((f"{name} {s}", sub))
        for full, c in subs:
            parts += [f"## `jixiao {full}`", "", "```text", _help(c, f"jixiao {full}"), "```", ""]
    return "\n".join(parts)


def main(argv: list[str]) -> int:
    target = Path(argv[0]) if argv else Path("docs/cli.md")
    target.write_text(render(), encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
