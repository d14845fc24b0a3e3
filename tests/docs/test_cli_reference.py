"""docs/cli.md is generated from the commands; a stale page fails here (rewrite it with
``python -m jixiao.cli.reference docs/cli.md`` and read the diff)."""

from __future__ import annotations

from pathlib import Path

from jixiao.cli.reference import render

DOCS = Path(__file__).resolve().parents[2] / "docs"


def test_cli_reference_is_current() -> None:
    assert (DOCS / "cli.md").read_text(encoding="utf-8") == render()


def test_every_command_is_documented() -> None:
    page = (DOCS / "cli.md").read_text(encoding="utf-8")
    for name in ("ingest", "check", "rules", "export", "score", "policies", "serve", "demo", "db", "user"):
        assert f"## `jixiao {name}" in page, name
