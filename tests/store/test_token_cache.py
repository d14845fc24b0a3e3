"""The API's short credential cache (bearer tokens and browser sessions): revocation is
immediate in-process, bounded elsewhere."""

from __future__ import annotations

import time
from datetime import timedelta

from sqlalchemy import select

from jixiao.store import Store, TableFilter
from jixiao.store import users as users_mod
from jixiao.store.tables import SUMMARY_COLUMNS, _summary_of, summary


def test_revoke_deactivate_and_password_change_in_process_are_immediate(store):
    user = store.add_user("bot", "password1", "viewer")
    raw, _ = store.create_token(user)
    assert store.cached_user_for_token(raw) == user
    assert store.token_user_if_cached(raw) == user
    store.revoke_token(raw)
    assert store.token_user_if_cached(raw) is None and store.cached_user_for_token(raw) is None

    raw, _ = store.create_token(user)
    assert store.cached_user_for_token(raw) == user
    store.set_password("bot", "password2")
    assert store.cached_user_for_token(raw) is None

    raw, _ = store.create_token(user)
    assert store.cached_user_for_token(raw) == user
    store.deactivate_user("bot")
    assert store.cached_user_for_token(raw) is None
    assert store.cached_user_for_token("jx_unknown") is None


def test_revocation_by_another_worker_takes_effect_within_the_cache_time(store, db_url, monkeypatch):
    monkeypatch.setattr(users_mod, "TOKEN_CACHE_SECONDS", 0.3)
    user = store.add_user("bot", "password1", "viewer")
    raw, _ = store.create_token(user)
    assert store.cached_user_for_token(raw) == user
    other_worker = Store(db_url)
    other_worker.revoke_token(raw)
    other_worker.close()
    time.sleep(0.35)
    assert store.token_user_if_cached(raw) is None and store.cached_user_for_token(raw) is None


def test_a_token_is_never_cached_past_its_expiry(store):
    user = store.add_user("bot", "password1", "viewer")
    raw, _ = store.create_token(user, ttl=timedelta(seconds=0.3))
    assert store.cached_user_for_token(raw) == user
    time.sleep(0.35)
    assert store.cached_user_for_token(raw) is None
    expired, _ = store.create_token(user, ttl=timedelta(seconds=-1))
    assert store.cached_user_for_token(expired) is None


def test_a_cached_session_ends_at_logout_deactivation_and_password_change(store):
    user = store.add_user("alice", "password1", "filer", unit_code="101")
    sid, csrf = store.create_session(user)
    assert store.session_user_if_cached(sid) is None  # nothing cached before the first look-up
    assert store.cached_session_user(sid) == (user, csrf)
    assert store.session_user_if_cached(sid) == (user, csrf)
    store.end_session(sid)
    assert store.session_user_if_cached(sid) is None and store.cached_session_user(sid) is None

    sid, _ = store.create_session(user)
    assert store.cached_session_user(sid) is not None
    store.set_password("alice", "password2")
    assert store.cached_session_user(sid) is None

    sid, _ = store.create_session(user)
    assert store.cached_session_user(sid) is not None
    store.deactivate_user("alice")
    assert store.session_user_if_cached(sid) is None and store.cached_session_user(sid) is None


def test_a_session_ended_by_another_worker_ends_within_the_cache_time(store, db_url, monkeypatch):
    monkeypatch.setattr(users_mod, "TOKEN_CACHE_SECONDS", 0.3)
    user = store.add_user("alice", "password1", "viewer")
    sid, csrf = store.create_session(user)
    assert store.cached_session_user(sid) == (user, csrf)
    other_worker = Store(db_url)
    other_worker.end_session(sid)
    other_worker.close()
    time.sleep(0.35)
    assert store.cached_session_user(sid) is None


def test_a_session_is_never_cached_past_its_expiry(store):
    user = store.add_user("alice", "password1", "viewer")
    sid, _ = store.create_session(user, ttl=timedelta(seconds=0.3))
    assert store.cached_session_user(sid) is not None
    time.sleep(0.35)
    assert store.cached_session_user(sid) is None


def test_list_rows_give_the_same_summary_as_a_table_row(store):
    store.create_table(
        {"kind": "project_target", "year": 2025, "unit": {"code": "101", "name": "甲单位"}, "indicators": []}
    )
    items, total = store.list_tables(TableFilter(), 1, 50)
    with store.session() as s:
        rows = s.execute(select(*SUMMARY_COLUMNS)).all()
    assert total == 1 and items == [summary(r) for r in rows] == [_summary_of(r) for r in rows]
