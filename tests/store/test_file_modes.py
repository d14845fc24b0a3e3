"""The SQLite file holds the password hashes and the cookie-signing secret: it is created
readable by its owner only (0600), and so are the WAL files SQLite makes beside it."""

from __future__ import annotations

import os
import stat

from jixiao.store import Store


def _mode(path) -> int:
    return stat.S_IMODE(os.stat(path).st_mode)


def test_a_new_sqlite_database_and_its_secret_are_private(tmp_path, fast_hashes):
    old = os.umask(0o022)  # the usual umask, under which SQLite alone creates files 0644
    try:
        db = tmp_path / "jixiao.db"
        store = Store(f"sqlite:///{db}", upgrade=True)
        try:
            store.add_user("admin", "password-1", "admin")
            assert store.secret_key()  # the signing secret is written into this file
            assert _mode(db) == 0o600
            wal = tmp_path / "jixiao.db-wal"
            assert wal.exists() and _mode(wal) == 0o600
        finally:
            store.close()
    finally:
        os.umask(old)


def test_an_existing_file_keeps_its_mode(tmp_path):
    db = tmp_path / "shared.db"
    db.touch(mode=0o640)
    os.chmod(db, 0o640)  # an administrator's choice is left alone
    Store(f"sqlite:///{db}", upgrade=True).close()
    assert _mode(db) == 0o640
