"""Library test fixtures: the API's HTTP clients (tests/api/conftest.py) and the fixture
builder (make_fixtures.py), loaded by path (the tests folder is not a package)."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent


def load(name: str, path: Path) -> Any:
    if name not in sys.modules:
        spec = importlib.util.spec_from_file_location(name, path)
        assert spec is not None and spec.loader is not None
        module = importlib.util.module_from_spec(spec)
        sys.modules[name] = module
        spec.loader.exec_module(module)
    return sys.modules[name]


_api = load("jixiao_tests_api_conftest", HERE.parent / "api" / "conftest.py")
make_fixtures = load("jixiao_tests_library_fixtures", HERE / "make_fixtures.py")
app = _api.app
client = _api.client
bearer = _api.bearer
