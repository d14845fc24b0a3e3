"""Browser-test fixtures: a real uvicorn server on a temp SQLite database, Debian's Chromium.

The server runs the real app (``jixiao.app.create_app``) in a thread on a free port
in 18200-18299; Playwright drives ``/usr/bin/chromium``.  Screenshots go to
``tests/_artifacts/screens/`` (gitignored).
"""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SCREENS = ROOT / "tests" / "_artifacts" / "screens"
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
UPLOAD_LIMIT = 2 * 1024 * 1024
PASSWORD = "pw-for-tests-1"
USERS = {  # username: (role, unit)
    "admin": ("admin", None),
    "reviewer": ("reviewer", None),
    "filer": ("filer", "302101"),
    "other": ("filer", "999999"),
    "viewer": ("viewer", None),
}


def free_port(first: int = 18200, last: int = 18299) -> int:
    for port in range(first, last + 1):
        with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
            try:
                s.bind(("127.0.0.1", port))
            except OSError:
                continue
            return port
    raise RuntimeError("no free port in 18200-18299")


@dataclass
class Server:
    url: str
    store: object


@contextmanager
def serving(url: str) -> Iterator[Server]:
    """The real app on ``url`` (SQLite) in a uvicorn thread on a free port, with the users of
    :data:`USERS`; stopped on leaving."""
    import uvicorn

    from jixiao.app import create_app
    from jixiao.server.settings import Settings

    app = create_app(url, settings=Settings.from_env(database_url=url, max_upload_bytes=UPLOAD_LIMIT))
    store = app.state.store
    for name, (role, unit) in USERS.items():
        store.add_user(name, PASSWORD, role, unit)
    port = free_port()
    config = uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning", lifespan="on")
    srv = uvicorn.Server(config)
    thread = threading.Thread(target=srv.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not srv.started:
        if time.monotonic() > deadline or not thread.is_alive():
            raise RuntimeError("the test server did not start")
        time.sleep(0.05)
    yield Server(f"http://127.0.0.1:{port}", store)
    srv.should_exit = True
    thread.join(10)


@pytest.fixture(scope="session")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    db = tmp_path_factory.mktemp("web") / "web.db"
    with serving(f"sqlite:///{db}") as srv:
        yield srv


@pytest.fixture(scope="session")
def browser(chromium: object) -> object:
    """The run's one Chromium (tests/conftest.py)."""
    return chromium


class Session:
    """One signed-in browser tab of one user."""

    def __init__(self, browser: object, server: Server, user: str, lang: str = "zh") -> None:
        self.server = server
        self.context = browser.new_context(viewport={"width": 1360, "height": 900}, locale="zh-CN")  # type: ignore[attr-defined]
        self.page = self.context.new_page()
        self.dialogs: list[str] = []
        self.errors: list[str] = []  # console errors and CSP violations
        self.failed: list[str] = []  # responses with an error status, for the failure message
        self.page.on("dialog", lambda d: (self.dialogs.append(d.message), d.dismiss()))
        self.page.on("console", lambda m: self.errors.append(m.text) if m.type == "error" else None)
        self.page.on("pageerror", lambda e: self.errors.append(str(e)))
        self.page.on(
            "response", lambda r: self.failed.append(f"{r.status} {r.url}") if r.status >= 400 else None
        )
        self.page.set_default_timeout(15_000)
        if user:
            self.login(user, PASSWORD)

    def go(self, path: str) -> object:
        return self.page.goto(self.server.url + path)

    def login(self, user: str, password: str) -> None:
        self.go("/login")
        self.page.fill("input[name=username]", user)
        self.page.fill("input[name=password]", password)
        self.page.click("button[type=submit]")

    def shot(self, name: str) -> Path:
        SCREENS.mkdir(parents=True, exist_ok=True)
        path = SCREENS / f"{name}.png"
        self.page.screenshot(path=str(path), full_page=True)
        return path

    def close(self) -> None:
        self.context.close()


@pytest.fixture
def as_user(browser: object, server: Server) -> Iterator[object]:
    """``as_user("filer")`` → a signed-in :class:`Session`; closed after the test."""
    opened: list[Session] = []

    def make(user: str, lang: str = "zh") -> Session:
        s = Session(browser, server, user, lang)
        opened.append(s)
        return s

    yield make
    for s in opened:
        s.close()
