"""``jixiao demo``: the README's main command — a fresh database with the seed, users, a server."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest

from jixiao.actions import prepare_demo
from jixiao.store import Store, TableFilter

from .conftest import free_port


def test_prepare_demo_replaces_the_database_loads_the_checked_seed_and_users(tmp_path: Path) -> None:
    path = tmp_path / "demo.db"
    path.write_bytes(b"not a database")  # an old file is replaced, not reused
    setup = prepare_demo(path)
    assert len(setup.table_ids) == 6 and len(setup.project_ids) == 6
    with Store(setup.database_url) as store:
        items, total = store.list_tables()
        assert total == 6 and {i["unit"]["code"] for i in items} == {"302101"}
        projects, n = store.list_projects()
        assert n == 6 and {p["year"] for p in projects} == {2025}  # the seed prints no 年度: 2025 given
        assert sum(i["finding_count"] for i in items) > 0  # the review ran
        roles = {}
        for u in setup.users:
            roles[u.role] = store.authenticate(u.username, u.password)
        assert set(roles) == {"admin", "reviewer", "filer"}
        assert store.list_tables(TableFilter(), user=roles["filer"])[1] == 6
    again = prepare_demo(path)
    assert again.users[0].password != setup.users[0].password
    with Store(again.database_url) as store:
        assert store.list_tables()[1] == 6


@pytest.mark.timeout(60)
def test_jixiao_demo_serves_the_ui_and_the_printed_password_works(tmp_path: Path) -> None:
    port = free_port(18250)
    env = {**os.environ, "COLUMNS": "200", "NO_COLOR": "1"}
    proc = subprocess.Popen(
        [
            str(Path(sys.executable).with_name("jixiao")),
            "demo",
            "--port",
            str(port),
            "--db",
            str(tmp_path / "d.db"),
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        env=env,
        cwd=tmp_path,
    )
    try:
        out = ""
        assert proc.stdout is not None
        while "demo-filer" not in out:
            line = proc.stdout.readline()
            assert line, out
            out += line
        password = re.search(r"demo-admin\s*│\s*admin\s*│\s*—\s*│\s*(\S+)", out).group(1)
        base = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + 30
        while True:
            try:
                httpx.get(base + "/login", timeout=1)
                break
            except httpx.TransportError:
                assert time.monotonic() < deadline and proc.poll() is None, out
                time.sleep(0.1)
        with httpx.Client(base_url=base, follow_redirects=True) as client:
            page = client.get("/login").text
            token = re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)
            home = client.post(
                "/login", data={"username": "demo-admin", "password": password, "csrf_token": token}
            )
            assert home.status_code == 200 and 'data-kpi="tables">6<' in home.text
    finally:
        proc.terminate()
        proc.wait(10)
