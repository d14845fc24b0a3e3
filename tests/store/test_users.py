"""Users: Argon2 hashes, authentication, rate limiting in the database, tokens, sessions."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from jixiao.errors import ConfigError, PermissionDenied
from jixiao.store import Store, TooManyAttempts
from jixiao.store.schema import SessionRow, TokenRow, UserRow


def test_passwords_are_argon2_hashes(store):
    store.add_user("alice", "correct horse", "reviewer")
    with store.session() as s:
        row = s.scalar(select(UserRow).where(UserRow.username == "alice"))
    assert row.password_hash.startswith("$argon2id$") and "correct horse" not in row.password_hash
    assert store.authenticate("alice", "correct horse").role == "reviewer"
    with pytest.raises(PermissionDenied):
        store.authenticate("alice", "wrong password")
    with pytest.raises(PermissionDenied):
        store.authenticate("nobody", "whatever1")


def test_bad_accounts_are_refused(store):
    with pytest.raises(ConfigError, match="--unit"):
        store.add_user("f", "password1", "filer")
    with pytest.raises(ConfigError, match="角色"):
        store.add_user("f", "password1", "superuser")
    with pytest.raises(ConfigError, match="8"):
        store.add_user("f", "short", "viewer")
    store.add_user("f", "password1", "viewer")
    with pytest.raises(ConfigError, match="已存在"):
        store.add_user("f", "password2", "viewer")


def test_login_rate_limit_is_shared_through_the_database(db_url, store):
    store.add_user("alice", "correct horse", "viewer")
    for _ in range(5):
        with pytest.raises(PermissionDenied):
            store.authenticate("alice", "guess", client="10.0.0.9")
    other_worker = Store(db_url)  # a second process would see the same count
    with pytest.raises(TooManyAttempts):
        other_worker.authenticate("alice", "correct horse", client="10.0.0.1")
    other_worker.close()


def test_tokens_are_hashed_expire_and_revoke(store):
    user = store.add_user("bot", "password1", "viewer")
    raw, _ = store.create_token(user)
    with store.session() as s:
        assert raw not in {t.token_hash for t in s.scalars(select(TokenRow))}
    assert store.user_for_token(raw) == user
    assert store.user_for_token(raw + "x") is None
    store.revoke_token(raw)
    assert store.user_for_token(raw) is None
    old, _ = store.create_token(user, ttl=timedelta(seconds=-1))
    assert store.user_for_token(old) is None


def test_sessions_and_deactivation(store):
    user = store.add_user("eve", "password1", "viewer")
    sid, csrf = store.create_session(user)
    assert store.session_user(sid) == (user, csrf)
    token, _ = store.create_token(user)
    store.deactivate_user("eve")
    assert store.session_user(sid) is None and store.user_for_token(token) is None
    with pytest.raises(PermissionDenied):
        store.authenticate("eve", "password1")
    with store.session() as s:
        assert s.scalar(select(SessionRow)) is None


def test_secret_key_is_created_once(store, db_url):
    key = store.secret_key()
    other = Store(db_url)
    assert other.secret_key() == key and len(key) > 40
    other.close()
