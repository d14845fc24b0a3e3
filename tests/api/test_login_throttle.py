"""Login throttling that strangers cannot turn against users (SQLite and PostgreSQL).

Five wrong passwords used to lock any user name — the admin's too — for 15 minutes, and a
password reset did not unlock it; the per-client limit could be walked past with a spoofed
X-Forwarded-For.  Now: a per-account wait that grows 1, 2, 4 … s up to a minute, a per-client
wait for password spraying, a new password clears the account's failures, and forwarded
headers are believed only from JIXIAO_TRUSTED_PROXIES."""

from __future__ import annotations

import os
import re
import socket
import subprocess
import sys
import time
from datetime import timedelta
from pathlib import Path

import httpx
import pytest

from jixiao.errors import PermissionDenied
from jixiao.store import Store, TooManyAttempts
from jixiao.store import users as users_module

from .test_envelope import assert_envelope


class Clock:
    """The store's clock, moved by hand."""

    def __init__(self) -> None:
        self.at = users_module.now()

    def __call__(self):
        return self.at

    def wait(self, seconds: float) -> None:
        self.at += timedelta(seconds=seconds)


@pytest.fixture
def clock(monkeypatch):
    c = Clock()
    monkeypatch.setattr(users_module, "now", c)
    return c


def fail(store, name="admin", client="203.0.113.7"):
    with pytest.raises(PermissionDenied) as err:
        store.authenticate(name, "wrong password", client=client)
    assert not isinstance(err.value, TooManyAttempts)


def test_a_strangers_failures_make_the_account_wait_a_minute_at_most(store, users, clock):
    for _ in range(5):
        fail(store)
    with pytest.raises(TooManyAttempts) as err:  # the right password, too soon: wait 1 s
        store.authenticate("admin", "password-admin", client="198.51.100.1")
    assert err.value.retry_after == 1
    waits = []
    for k in range(12):  # a stranger guessing as fast as allowed, from addresses of its own
        while True:
            try:
                store.authenticate("admin", "guess", client=f"203.0.113.{k}")
            except TooManyAttempts as exc:
                waits.append(exc.retry_after)
                clock.wait(exc.retry_after)
                continue
            except PermissionDenied:
                break
    assert max(waits) == 60 and waits[:6] == [1, 2, 4, 8, 16, 32]
    clock.wait(60)  # the admin, a minute after the stranger's last try, gets in
    assert store.authenticate("admin", "password-admin", client="198.51.100.1").username == "admin"
    fail(store)  # and the slate is clean: the next failure is free again


def test_a_new_password_clears_the_accounts_failures(store, users, clock):
    for k in range(10):
        clock.wait(users_module.login_delay(k, users_module.ACCOUNT_FREE_FAILURES, 60))
        fail(store, "viewer")
    with pytest.raises(TooManyAttempts) as err:
        store.authenticate("viewer", "password-viewer")
    assert err.value.retry_after == 32
    store.set_password("viewer", "a new password")
    assert store.authenticate("viewer", "a new password").username == "viewer"


def test_one_client_spraying_many_names_is_slowed_down_others_are_not(store, users, clock):
    for k in range(20):
        fail(store, f"name{k}", client="192.0.2.66")  # one failure per name: no account waits
    with pytest.raises(TooManyAttempts) as err:
        store.authenticate("reviewer", "password-reviewer", client="192.0.2.66")
    assert err.value.retry_after == 1
    assert store.authenticate("reviewer", "password-reviewer", client="192.0.2.1").role == "reviewer"
    clock.wait(16 * 60)  # failures older than the window are forgotten
    assert store.authenticate("reviewer", "password-reviewer", client="192.0.2.66").role == "reviewer"


def test_the_api_and_the_web_say_how_long_to_wait(client, users):
    for _ in range(5):
        r = client.post("/api/v1/auth/token", json={"username": "viewer", "password": "bad"})
        assert r.status_code == 401
    r = client.post("/api/v1/auth/token", json={"username": "viewer", "password": "password-viewer"})
    body = assert_envelope(r, 429)
    assert r.headers["retry-after"] in ("1", "2") and "秒后再试" in body["error"]
    page = client.get("/login").text
    token = re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)
    r = client.post("/login", data={"username": "viewer", "password": "x", "csrf_token": token})
    assert r.status_code == 429 and r.headers["retry-after"] and "秒后再试" in r.text


def test_a_nul_in_a_user_name_is_a_wrong_login_not_a_crash(client, store, users):
    r = client.post("/api/v1/auth/token", json={"username": "admin\x00", "password": "password-admin"})
    assert_envelope(r, 401)
    with pytest.raises(Exception, match="NUL"):
        store.add_user("a\x00b", "password-1", "viewer")


# ---- a real `jixiao serve`, spoofed X-Forwarded-For ------------------------------------------


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _serve(db: Path, trusted: str | None):
    port = _free_port()
    env = {k: v for k, v in os.environ.items() if k not in ("JIXIAO_TRUSTED_PROXIES", "FORWARDED_ALLOW_IPS")}
    if trusted:
        env["JIXIAO_TRUSTED_PROXIES"] = trusted
    proc = subprocess.Popen(
        [sys.executable, "-m", "jixiao", "serve", "--port", str(port), "--url", f"sqlite:///{db}"],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            if httpx.get(f"{base}/api/v1/health", timeout=2).status_code in (200, 503):
                return proc, base
        except httpx.HTTPError:
            time.sleep(0.2)
    proc.kill()
    raise RuntimeError("jixiao serve did not start")


def _spray(base: str, n: int) -> list[int]:
    """``n`` wrong logins, each for another name and claiming another client address."""
    with httpx.Client(base_url=base, timeout=30) as c:
        return [
            c.post(
                "/api/v1/auth/token",
                json={"username": f"user{k}", "password": "wrong password"},
                headers={"X-Forwarded-For": f"198.18.{k // 250}.{k % 250 + 1}"},
            ).status_code
            for k in range(n)
        ]


@pytest.mark.timeout(180)
def test_a_spoofed_forwarded_header_does_not_walk_past_the_client_limit(tmp_path):
    db = tmp_path / "serve.db"
    Store(f"sqlite:///{db}", upgrade=True).close()
    proc, base = _serve(db, None)
    try:
        codes = _spray(base, 25)
    finally:
        proc.terminate()
        proc.wait(30)
    assert codes[:20] == [401] * 20 and set(codes[20:]) == {429}  # 40 of 40 went through before
    db2 = tmp_path / "proxied.db"
    Store(f"sqlite:///{db2}", upgrade=True).close()
    proc, base = _serve(db2, "127.0.0.1")  # behind a proxy on this host: its header is believed
    try:
        codes = _spray(base, 25)
    finally:
        proc.terminate()
        proc.wait(30)
    assert codes == [401] * 25


# ---- login CSRF ------------------------------------------------------------------------------


def test_the_login_form_needs_its_pre_session_token(client, users):
    """POST /login with no cookie and no token signed in: a cross-site page could sign a
    visitor in as the attacker.  Now the form's pre-session token must come back."""
    form = {"username": "admin", "password": "password-admin"}
    bare = client.post("/login", data=form, follow_redirects=False)
    assert bare.status_code == 403 and "jixiao_session" not in bare.headers.get("set-cookie", "")
    page = client.get("/login").text  # sets the signed pre-session cookie
    token = re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)
    wrong = client.post("/login", data={**form, "csrf_token": token[::-1]}, follow_redirects=False)
    assert wrong.status_code == 403 and "jixiao_session" not in wrong.headers.get("set-cookie", "")
    client.cookies.clear()  # the token alone, without its cookie (another browser's token)
    alone = client.post("/login", data={**form, "csrf_token": token}, follow_redirects=False)
    assert alone.status_code == 403
    page = client.get("/login").text
    token = re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)
    ok = client.post("/login", data={**form, "csrf_token": token}, follow_redirects=False)
    assert ok.status_code == 303 and "jixiao_session" in ok.headers["set-cookie"]


def test_the_api_login_takes_json_only(client, users):
    """A cross-site form cannot send JSON, so the API's browser login needs no pre-session token."""
    body = '{"username": "admin", "password": "password-admin"}'
    r = client.post("/api/v1/auth/login", content=body, headers={"content-type": "text/plain"})
    assert r.status_code == 422 and "jixiao_session" not in r.headers.get("set-cookie", "")
    r = client.post(
        "/api/v1/auth/login", content=body, headers={"content-type": "application/x-www-form-urlencoded"}
    )
    assert r.status_code == 422
    assert (
        client.post(
            "/api/v1/auth/login", json={"username": "admin", "password": "password-admin"}
        ).status_code
        == 200
    )
