"""Fixtures shared by every test folder.

``chromium``: one Playwright driver and one Debian Chromium for the whole run.  Playwright's
sync API refuses to start while another sync instance is alive in the same thread, so the
browser tests of every folder (web, scoring, pdf) share this one instead of starting their own.

The database fixtures of ``store/dbs.py`` (``store``, ``db_url``, ``users``, …: every storage
test on SQLite and on PostgreSQL) are loaded here once for tests/store, tests/api and
tests/scoring.  A test module's own fixture of the same name (several define ``seed``) wins.

Hypothesis: ``JIXIAO_HYPOTHESIS=ci`` (set by .ci/run) draws the same examples on every run, so
a red CI is a change's doing, never a new draw's; a developer's run (the default profile) draws
new examples each time and keeps what fails in ``.hypothesis/`` to replay it.
"""

from __future__ import annotations

import importlib.util
import os
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import settings

settings.register_profile("ci", derandomize=True, database=None)
settings.load_profile(os.environ.get("JIXIAO_HYPOTHESIS", "default"))


def _load_dbs() -> Any:
    name = "jixiao_tests_dbs"
    if name not in sys.modules:
        spec = importlib.util.spec_from_file_location(
            name, Path(__file__).resolve().parent / "store" / "dbs.py"
        )
        assert spec is not None and spec.loader is not None
        module = importlib.util.module_from_spec(spec)
        sys.modules[name] = module
        spec.loader.exec_module(module)
    return sys.modules[name]


_dbs = _load_dbs()
pg_database = _dbs.pg_database
sqlite_template = _dbs.sqlite_template
db_url = _dbs.db_url
store = _dbs.store
fast_hashes = _dbs.fast_hashes
seed = _dbs.seed
make_doc = _dbs.make_doc
users = _dbs.users

CHROMIUM = os.environ.get("JIXIAO_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


@pytest.fixture(scope="session")
def chromium() -> Iterator[Any]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def without_ocr(monkeypatch: pytest.MonkeyPatch) -> None:
    """As if the ``ocr`` extra were not installed: importing RapidOCR fails."""
    import builtins

    real = builtins.__import__

    def refuse(name: str, *args: Any, **kwargs: Any) -> Any:
        if name.startswith("rapidocr_onnxruntime"):
            raise ImportError(f"No module named {name!r}", name=name)
        return real(name, *args, **kwargs)

    monkeypatch.setattr(builtins, "__import__", refuse)
