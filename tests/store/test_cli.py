"""The store's commands: jixiao db upgrade, jixiao user add (password from stdin),
jixiao ingest --db, jixiao serve — all honouring JIXIAO_DATABASE_URL."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx
from typer.testing import CliRunner

from jixiao.cli.app import app
from jixiao.store import Store
from jixiao.store.engine import head_revision

CORPUS = Path(__file__).resolve().parents[1] / "corpus"
runner = CliRunner()


def test_db_upgrade_on_a_fresh_sqlite_file(tmp_path, monkeypatch):
    url = f"sqlite:///{tmp_path / 'new.db'}"
    monkeypatch.setenv("JIXIAO_DATABASE_URL", url)
    r = runner.invoke(app, ["db", "upgrade"])
    assert r.exit_code == 0, r.output
    assert str(head_revision()) in r.output
    Store(url).close()  # would raise if not migrated
    assert runner.invoke(app, ["db", "current"]).output.strip() == head_revision()


def test_user_add_reads_the_password_from_stdin_and_ingest_db_stores(db_url, monkeypatch, fast_hashes):
    monkeypatch.setenv("JIXIAO_DATABASE_URL", db_url)
    assert runner.invoke(app, ["db", "upgrade"]).exit_code == 0
    r = runner.invoke(
        app, ["user", "add", "wang", "--role", "filer", "--unit", "302101"], input="s3cret-password\n"
    )
    assert r.exit_code == 0, r.output
    r = runner.invoke(app, ["user", "add", "li", "--role", "filer"], input="s3cret-password\n")
    assert r.exit_code == 2 and "--unit" in r.output
    r = runner.invoke(app, ["user", "add", "zhao", "--role", "viewer"], input="short\n")
    assert r.exit_code == 2 and "8" in r.output
    seed = str(CORPUS / "seed" / "seed.docx")
    r = runner.invoke(app, ["ingest", "--db", seed])
    assert r.exit_code == 0, r.output
    r = runner.invoke(app, ["ingest", "--db", seed])
    assert "已存在" in r.output
    with Store(db_url) as store:
        assert store.authenticate("wang", "s3cret-password").unit_code == "302101"
        items, total = store.list_tables()
        assert total >= 1 and items[0]["unit"]["code"] == "302101"
        assert store.list_documents()[1] == 1


def _free_port() -> int:
    for port in range(18150, 18199):
        with socket.socket() as s:
            try:
                s.bind(("127.0.0.1", port))
            except OSError:
                continue
            return port
    raise RuntimeError("no free port in 18150-18198")


def test_serve_answers_on_loopback_with_two_workers(tmp_path):
    port = _free_port()
    env = {**os.environ, "JIXIAO_DATABASE_URL": f"sqlite:///{tmp_path / 'serve.db'}"}
    exe = Path(sys.executable).with_name("jixiao")
    proc = subprocess.Popen(
        [
            str(exe),
            "serve",
            "--host",
            "127.0.0.1",
            "--port",
            str(port),
            "--workers",
            "2",
            "--log-level",
            "warning",
        ],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                r = httpx.get(f"http://127.0.0.1:{port}/api/v1/health", timeout=2)
                break
            except httpx.TransportError:
                assert proc.poll() is None, proc.stdout.read().decode()
                assert time.monotonic() < deadline, "jixiao serve did not answer within 30 s"
                time.sleep(0.2)
        assert r.json() == {"ok": True, "status": "up"}
        r = httpx.get(f"http://127.0.0.1:{port}/api/v1/tables", timeout=5)
        assert r.status_code == 401 and r.json()["ok"] is False
    finally:
        proc.terminate()
        proc.wait(timeout=15)
        proc.stdout.close()


def test_the_shared_worker_socket_keeps_tcp_nodelay():
    """uvicorn's own multi-worker socket has proto 0, so asyncio leaves Nagle on (~40 ms per
    keep-alive response); ours must report IPPROTO_TCP."""
    import uvicorn

    from jixiao.cli.serve import listening_socket

    config = uvicorn.Config(
        "jixiao.api.app:factory", factory=True, host="127.0.0.1", port=_free_port(), workers=2
    )
    sock = listening_socket(config)
    try:
        assert sock.proto == socket.IPPROTO_TCP
    finally:
        sock.close()
