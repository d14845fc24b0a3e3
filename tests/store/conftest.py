"""Store fixtures: see dbs.py (every storage test runs on SQLite and on PostgreSQL)."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path


def _load_dbs():
    name = "jixiao_tests_dbs"
    if name not in sys.modules:
        spec = importlib.util.spec_from_file_location(name, Path(__file__).resolve().parent / "dbs.py")
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
