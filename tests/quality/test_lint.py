"""ruff lint and format over the sources and the tests (STYLE.md 13).

Fix with ``.venv/bin/ruff check --fix src tests`` and ``.venv/bin/ruff format src tests``.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def _ruff(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "ruff", *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
    )


def test_ruff_check_is_clean() -> None:
    proc = _ruff("check", "--no-cache", "--output-format", "concise", "src", "tests")
    assert proc.returncode == 0, "ruff check:\n" + proc.stdout + proc.stderr


def test_ruff_format_is_clean() -> None:
    proc = _ruff("format", "--no-cache", "--check", "src", "tests")
    assert proc.returncode == 0, (
        "ruff format --check (run `ruff format src tests`):\n" + proc.stdout + proc.stderr
    )
