"""An error response keeps a kept-alive connection (a real uvicorn, one HTTP connection).

The catch-all handler sat in Starlette's ServerErrorMiddleware, which re-raises after sending
the 500; uvicorn then dropped the connection, and the client's next request on it failed
with a reset (84 of 84 resets seen during a restart followed a 500)."""

from __future__ import annotations

import http.client
import json
import socket
import threading
import time

import pytest

from jixiao.app import create_app
from jixiao.server.settings import Settings


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture
def served(tmp_path, fast_hashes):
    """The real app with one route that fails the way a bug does, under a real uvicorn."""
    import uvicorn

    url = f"sqlite:///{tmp_path / 'conn.db'}"
    app = create_app(url, settings=Settings(database_url=url))

    def boom() -> None:
        raise RuntimeError("a bug")

    app.add_api_route("/api/v1/boom", boom, methods=["GET"])
    app.add_api_route("/boom", boom, methods=["GET"])  # a page outside the API: an HTML error
    port = _free_port()
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="critical"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started:
        assert time.monotonic() < deadline and thread.is_alive(), "uvicorn did not start"
        time.sleep(0.05)
    yield port
    server.should_exit = True
    thread.join(10)


def test_a_500_keeps_the_kept_alive_connection(served):
    conn = http.client.HTTPConnection("127.0.0.1", served, timeout=10)
    for _ in range(3):
        conn.request("GET", "/api/v1/boom")
        r = conn.getresponse()
        body = json.loads(r.read())
        assert r.status == 500 and body["ok"] is False and body["status"] == 500
        assert (r.getheader("connection") or "").lower() != "close"
        conn.request("GET", "/api/v1/health")  # the same connection, after the 500
        r = conn.getresponse()
        assert r.status in (200, 503) and json.loads(r.read())["ok"] in (True, False)
    conn.request("GET", "/boom")
    r = conn.getresponse()
    assert r.status == 500 and r.getheader("content-type", "").startswith("text/html")
    r.read()
    conn.request("GET", "/api/v1/health")
    r = conn.getresponse()
    r.read()
    assert r.status in (200, 503)
    assert conn.sock is not None
    conn.close()
