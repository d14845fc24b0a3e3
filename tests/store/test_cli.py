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
from click.testing import CliRunner

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


def _serve(port: int, db: Path, workers: int = 2) -> subprocess.Popen:
    env = {**os.environ, "JIXIAO_DATABASE_URL": f"sqlite:///{db}"}
    exe = Path(sys.executable).with_name("jixiao")
    return subprocess.Popen(
        [str(exe), "serve", "--host", "127.0.0.1", "--port", str(port), "--workers", str(workers)]
        + ["--log-level", "warning"],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )


def _wait_up(proc: subprocess.Popen, port: int) -> httpx.Response:
    deadline = time.monotonic() + 30
    while True:
        try:
            return httpx.get(f"http://127.0.0.1:{port}/api/v1/health", timeout=2)
        except httpx.TransportError:
            assert proc.poll() is None, proc.stdout.read().decode()
            assert time.monotonic() < deadline, "jixiao serve did not answer within 30 s"
            time.sleep(0.2)


def _listeners(port: int) -> int:
    """Listening TCP sockets on 127.0.0.1:port, from the kernel's table."""
    local = f"0100007F:{port:04X}"
    with open("/proc/net/tcp") as f:
        return sum(1 for line in f.readlines()[1:] if line.split()[1] == local and line.split()[3] == "0A")


def _workers(pid: int) -> set[int]:
    """The worker processes of a ``jixiao serve`` supervisor (not multiprocessing's helpers)."""
    with open(f"/proc/{pid}/task/{pid}/children") as f:
        children = {int(x) for x in f.read().split()}
    out = set()
    for child in children:
        try:
            with open(f"/proc/{child}/cmdline", "rb") as f:
                if b"spawn_main" in f.read():
                    out.add(child)
        except FileNotFoundError:
            continue
    return out


def test_serve_answers_on_loopback_with_two_workers_each_on_its_own_socket(tmp_path):
    port = _free_port()
    proc = _serve(port, tmp_path / "serve.db")
    try:
        assert _wait_up(proc, port).json() == {"ok": True, "status": "up", "database": "up"}
        r = httpx.get(f"http://127.0.0.1:{port}/api/v1/tables", timeout=5)
        assert r.status_code == 401 and r.json()["ok"] is False
        # one SO_REUSEPORT socket per worker: the kernel spreads connections over the workers
        deadline = time.monotonic() + 30
        while _listeners(port) < 2:
            assert time.monotonic() < deadline, "the second worker never listened"
            time.sleep(0.2)
        assert _listeners(port) == 2

        # a worker that dies is replaced, and the server answers throughout
        workers = _workers(proc.pid)
        assert len(workers) == 2
        os.kill(min(workers), 9)
        deadline = time.monotonic() + 30
        while len(_workers(proc.pid) - workers) < 1 or _listeners(port) < 2:
            assert time.monotonic() < deadline, "the dead worker was not replaced"
            assert httpx.get(f"http://127.0.0.1:{port}/api/v1/health", timeout=5).status_code == 200
            time.sleep(0.2)
    finally:
        proc.terminate()
        proc.wait(timeout=15)
        proc.stdout.close()
    assert _listeners(port) == 0  # stopping the supervisor stops every worker


def test_serve_refuses_a_port_already_in_use(tmp_path):
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        proc = _serve(port, tmp_path / "serve.db")
        out, _ = proc.communicate(timeout=60)
    assert proc.returncode == 2
    assert f"无法监听 127.0.0.1:{port}" in out.decode()


def test_the_shared_worker_socket_keeps_tcp_nodelay():
    """uvicorn's own multi-worker socket has proto 0, so asyncio leaves Nagle on (~40 ms per
    keep-alive response); ours must report IPPROTO_TCP."""
    import uvicorn

    from jixiao.cli.workers import listening_socket

    config = uvicorn.Config(
        "jixiao.app:factory", factory=True, host="127.0.0.1", port=_free_port(), workers=2
    )
    sock = listening_socket(config)
    try:
        assert sock.proto == socket.IPPROTO_TCP
    finally:
        sock.close()


def test_ingest_db_exits_1_when_a_file_cannot_be_stored(tmp_path, monkeypatch):
    """A database that refuses the import ("database or disk is full": SQLite may not grow the
    file) makes `jixiao ingest --db` say so for the file and exit 1, the other files stored."""
    from sqlalchemy import Engine, event

    url = f"sqlite:///{tmp_path / 'full.db'}"
    monkeypatch.setenv("JIXIAO_DATABASE_URL", url)
    assert runner.invoke(app, ["db", "upgrade"]).exit_code == 0
    seed = CORPUS / "seed" / "seed.docx"
    small = tmp_path / "dev03.docx"
    small.write_bytes((CORPUS / "dev" / "03" / "case.docx").read_bytes())

    def no_room(dbapi_conn, _record):  # the disk is full: not one page more than now
        cur = dbapi_conn.cursor()
        pages = cur.execute("PRAGMA page_count").fetchone()[0]
        cur.execute(f"PRAGMA max_page_count = {pages}")
        cur.close()

    event.listen(Engine, "connect", no_room)
    try:
        r = runner.invoke(app, ["ingest", "--db", str(seed)])
    finally:
        event.remove(Engine, "connect", no_room)
    assert r.exit_code == 1, r.output
    assert "入库失败" in r.output and "database or disk is full" in " ".join(r.output.split())
    r = runner.invoke(app, ["ingest", "--db", str(small), str(seed)])
    assert r.exit_code == 0, r.output
    with Store(url) as store:
        assert store.list_projects()[1] == 2 + 6


def test_ingest_db_fills_unit_and_year(db_url, monkeypatch, fast_hashes):
    monkeypatch.setenv("JIXIAO_DATABASE_URL", db_url)
    dev12 = CORPUS / "dev" / "12" / "case.docx"
    r = runner.invoke(app, ["ingest", "--db", "--unit", "302101", str(dev12)])
    assert r.exit_code == 0 and "302101" in r.output, r.output
    r = runner.invoke(app, ["ingest", "--db", "--year", "2025", str(CORPUS / "seed" / "seed.docx")])
    assert r.exit_code == 0 and "新项目 6" in r.output, r.output
    with Store(db_url) as store:
        items, total = store.list_projects()
        assert total == 7 and {i["unit"]["code"] for i in items} == {"302101"}
        assert sorted({i["year"] for i in items}) == [2020, 2025]
    assert runner.invoke(app, ["ingest", "--year", "2025", str(dev12)]).exit_code == 2  # only with --db


def test_ingest_db_jobs_stores_a_batch_and_reports_its_rate(db_url, monkeypatch, tmp_path, fast_hashes):
    """`jixiao ingest --db --jobs 2` over a batch: a broken file is named and stops nothing, a
    file stored before is said to be there already, and the batch says files/s and tables/s."""
    monkeypatch.setenv("JIXIAO_DATABASE_URL", db_url)
    files = []
    for case in ("03", "04", "09", "12"):
        files.append(tmp_path / f"dev{case}.docx")
        files[-1].write_bytes((CORPUS / "dev" / case / "case.docx").read_bytes())
    broken = tmp_path / "broken.xlsx"
    broken.write_bytes(b"PK\x03\x04 not a workbook")
    r = runner.invoke(app, ["ingest", "--db", "--jobs", "2", *map(str, files[:2])])
    assert r.exit_code == 0, r.output
    r = runner.invoke(app, ["ingest", "--db", "--jobs", "2", *map(str, [*files, broken])])
    assert r.exit_code == 1, r.output
    assert "入库失败 broken.xlsx" in r.output and r.output.count("已存在 dev") == 2
    assert "5 个文件：已入库 2，已存在 2，失败 1" in r.output
    assert "files/s" in r.output and "tables/s" in r.output
    with Store(db_url) as store:
        assert store.list_documents()[1] == 4
