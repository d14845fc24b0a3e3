"""Users, roles, passwords, bearer tokens, browser sessions and login rate limiting.

Roles: ``admin`` (管理员), ``reviewer`` (财政审核), ``filer`` (单位填报, scoped to its
own 预算单位 by ``unit_code``), ``viewer`` (只读).  Passwords are hashed with Argon2id;
tokens and session ids are random and stored only as their sha256; failed logins are
kept in the database so every worker sees the same rate limit.

Login throttling (登录限速) never locks an account: after ``ACCOUNT_FREE_FAILURES`` recent
failures of one user name, each further attempt must wait 1, 2, 4 … seconds after the
last failure, at most ``ACCOUNT_MAX_DELAY`` — so a stranger guessing at the admin's name
slows guessing to one try a minute but keeps the admin out for a minute at most.  One
client (address) gets ``CLIENT_FREE_FAILURES`` failures, then the same growing wait up to
``CLIENT_MAX_DELAY`` (password spraying across many names).  A success clears the user
name's failures, and so does a new password (:meth:`UsersMixin.set_password`).  Failures
older than ``LOGIN_WINDOW`` are forgotten.  The client address is the connection's unless
a proxy in ``JIXIAO_TRUSTED_PROXIES`` forwarded the request (see ``jixiao serve``).
"""

from __future__ import annotations

import functools
import hashlib
import math
import secrets
import time
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError
from sqlalchemy import ColumnElement, delete, func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from ..errors import ConfigError, NotFound, PermissionDenied
from ..text import bi
from .base import StoreBase
from .schema import LoginAttempt, SessionRow, Setting, TokenRow, UserRow
from .terms import ROLES

_hasher = PasswordHasher()


@functools.cache
def _dummy_hash() -> str:
    """A hash to verify against when the user does not exist, made on the first such login
    (hashing costs ~50 ms of CPU: never at import time)."""
    return _hasher.hash("jixiao-dummy-password")


TOKEN_TTL = timedelta(days=30)
TOKEN_CACHE_SECONDS = 10.0  # bearer tokens and browser sessions alike
# (database url, "token" | "session", sha256 of the raw credential)
#   -> (user, the session's CSRF token or None, time.monotonic() deadline):
# see cached_user_for_token and cached_session_user.
_CREDENTIALS: dict[tuple[str, str, str], tuple[User, str | None, float]] = {}
SESSION_TTL = timedelta(hours=12)
ACCOUNT_FREE_FAILURES = 5
ACCOUNT_MAX_DELAY = 60.0  # seconds
CLIENT_FREE_FAILURES = 20
CLIENT_MAX_DELAY = 900.0  # seconds
LOGIN_WINDOW = timedelta(minutes=15)
MIN_PASSWORD = 8


class TooManyAttempts(PermissionDenied):
    """Login refused for now: too many recent failures (登录失败次数过多); try again after
    ``retry_after`` seconds."""

    def __init__(self, retry_after: int) -> None:
        self.retry_after = retry_after
        super().__init__(
            bi(
                f"登录失败次数过多，请 {retry_after} 秒后再试",
                f"too many failed logins, try again in {retry_after} s",
            )
        )


def login_delay(failures: int, free: int, cap: float) -> float:
    """Seconds an attempt must wait after the last of ``failures`` recent failures: none for
    the first ``free``, then 1, 2, 4 … seconds, at most ``cap``."""
    if failures < free:
        return 0.0
    return min(cap, 2.0 ** min(failures - free, 30))


@dataclass(frozen=True, slots=True)
class User:
    """A signed-in user as the rest of jixiao sees it (no password hash)."""

    id: int
    username: str
    role: str
    unit_code: str | None = None

    @property
    def is_admin(self) -> bool:
        return self.role == "admin"

    def to_dict(self) -> dict[str, Any]:
        return {"id": self.id, "username": self.username, "role": self.role, "unit_code": self.unit_code}


def now() -> datetime:
    return datetime.now(UTC)


def _aware(dt: datetime) -> datetime:
    return dt if dt.tzinfo else dt.replace(tzinfo=UTC)


def _digest(raw: str) -> str:
    return hashlib.sha256(raw.encode()).hexdigest()


def _live(found: tuple[UserRow, str | None, datetime] | None) -> tuple[User, str | None, float] | None:
    """A credential read from the database (user row, CSRF token, expiry) → (user, CSRF token,
    seconds left), or None when it is unknown, expired or its user is inactive."""
    if found is None or not found[0].active:
        return None
    left = (_aware(found[2]) - now()).total_seconds()
    return None if left <= 0 else (_user(found[0]), found[1], left)


def _user(row: UserRow) -> User:
    return User(id=row.id, username=row.username, role=row.role, unit_code=row.unit_code)


class UsersMixin(StoreBase):
    """User accounts and authentication (part of :class:`jixiao.store.Store`)."""

    def add_user(self, username: str, password: str, role: str, unit_code: str | None = None) -> User:
        """Create a user.  A filer needs a unit code; the password needs 8 characters."""
        username = (username or "").strip()
        if not username:
            raise ConfigError(bi("用户名不能为空", "username is empty"))
        if "\x00" in username or len(username) > 150:
            raise ConfigError(
                bi(
                    "用户名无效（不能含 NUL 字符，至多 150 个字符）",
                    "invalid user name (no NUL, at most 150 characters)",
                )
            )
        if role not in ROLES:
            raise ConfigError(
                bi(
                    f"未知角色 {role!r}，可选：{', '.join(ROLES)}",
                    f"unknown role {role!r}; choose from: {', '.join(ROLES)}",
                )
            )
        if role == "filer" and not unit_code:
            raise ConfigError(
                bi("填报用户（filer）必须指定单位编码 --unit", "a filer needs a unit code (--unit)")
            )
        if len(password or "") < MIN_PASSWORD:
            raise ConfigError(
                bi(
                    f"密码至少 {MIN_PASSWORD} 个字符",
                    f"the password needs at least {MIN_PASSWORD} characters",
                )
            )
        row = UserRow(
            username=username,
            password_hash=_hasher.hash(password),
            role=role,
            unit_code=unit_code or None,
            active=True,
            created_at=now(),
        )
        try:
            with self.session() as s, s.begin():
                s.add(row)
                s.flush()
                return _user(row)
        except IntegrityError as exc:
            raise ConfigError(bi(f"用户 {username!r} 已存在", f"user {username!r} exists")) from exc

    def set_password(self, username: str, password: str) -> None:
        if len(password or "") < MIN_PASSWORD:
            raise ConfigError(
                bi(
                    f"密码至少 {MIN_PASSWORD} 个字符",
                    f"the password needs at least {MIN_PASSWORD} characters",
                )
            )
        with self.session() as s, s.begin():
            row = s.scalar(select(UserRow).where(UserRow.username == username))
            if row is None:
                raise NotFound(bi(f"用户 {username!r} 不存在", f"no such user {username!r}"))
            row.password_hash = _hasher.hash(password)
            s.execute(delete(TokenRow).where(TokenRow.user_id == row.id))
            s.execute(delete(SessionRow).where(SessionRow.user_id == row.id))
            s.execute(delete(LoginAttempt).where(LoginAttempt.username == username))  # a fresh start
            user_id = row.id
        self._forget_tokens(user_id)  # after the commit: no request can re-cache it

    def list_users(self) -> list[User]:
        with self.session() as s:
            return [_user(r) for r in s.scalars(select(UserRow).where(UserRow.active).order_by(UserRow.id))]

    def get_user(self, user_id: int) -> User:
        with self.session() as s:
            row = s.get(UserRow, user_id)
            if row is None or not row.active:
                raise NotFound(bi(f"用户 {user_id} 不存在", f"no such user {user_id}"))
            return _user(row)

    def deactivate_user(self, username: str) -> None:
        with self.session() as s, s.begin():
            row = s.scalar(select(UserRow).where(UserRow.username == username))
            if row is None:
                raise NotFound(bi(f"用户 {username!r} 不存在", f"no such user {username!r}"))
            row.active = False
            s.execute(delete(TokenRow).where(TokenRow.user_id == row.id))
            s.execute(delete(SessionRow).where(SessionRow.user_id == row.id))
            user_id = row.id
        self._forget_tokens(user_id)  # after the commit: no request can re-cache it

    def authenticate(self, username: str, password: str, client: str | None = None) -> User:
        """Check a password.  Raises PermissionDenied (wrong) or TooManyAttempts (wait first;
        see the module docstring for the growing delays per user name and per client)."""
        name = username.replace("\x00", "")[:150]  # (a name with NUL never matches a user)
        client = (client or "").replace("\x00", "")[:64] or None
        with self.session() as s, s.begin():
            wait = self._login_wait(
                s, LoginAttempt.username == name, ACCOUNT_FREE_FAILURES, ACCOUNT_MAX_DELAY
            )
            if client:
                wait = max(
                    wait,
                    self._login_wait(
                        s, LoginAttempt.client == client, CLIENT_FREE_FAILURES, CLIENT_MAX_DELAY
                    ),
                )
            if wait > 0:
                raise TooManyAttempts(math.ceil(wait))
            row = s.scalar(select(UserRow).where(UserRow.username == name)) if name == username else None
            ok = False
            try:
                if row is not None and row.active:
                    ok = _hasher.verify(row.password_hash, password)
                else:
                    _hasher.verify(_dummy_hash(), password)  # same cost whether or not the user exists
            except (VerifyMismatchError, VerificationError, InvalidHashError):
                ok = False
            if not ok or row is None:
                s.add(LoginAttempt(username=name, client=client, at=now()))
                failure = True
            else:
                failure = False
                s.execute(delete(LoginAttempt).where(LoginAttempt.username == name))
                if _hasher.check_needs_rehash(row.password_hash):
                    row.password_hash = _hasher.hash(password)
                user = _user(row)
        if failure:
            raise PermissionDenied(bi("用户名或密码错误", "wrong user name or password"))
        return user

    @staticmethod
    def _login_wait(s: Session, which: ColumnElement[bool], free: int, cap: float) -> float:
        """Seconds still to wait before the next attempt of the failures matching ``which``."""
        count, last = s.execute(
            select(func.count(), func.max(LoginAttempt.at)).where(
                which, LoginAttempt.at >= now() - LOGIN_WINDOW
            )
        ).one()
        if not count or last is None:
            return 0.0
        delay = login_delay(count, free, cap)
        return max(0.0, delay - (now() - _aware(last)).total_seconds())

    # -- bearer tokens (scripts) ------------------------------------------------------------
    def create_token(self, user: User, ttl: timedelta = TOKEN_TTL) -> tuple[str, datetime]:
        """A new bearer token for ``user``: (the raw token, its expiry).  Only its hash is kept."""
        raw = "jx_" + secrets.token_urlsafe(32)
        expires = now() + ttl
        with self.session() as s, s.begin():
            s.add(TokenRow(token_hash=_digest(raw), user_id=user.id, created_at=now(), expires_at=expires))
        return raw, expires

    def user_for_token(self, raw: str) -> User | None:
        """The user of a live bearer token, or None (always asks the database)."""
        live = _live(self._token_row(_digest(raw)))
        return None if live is None else live[0]

    def _token_row(self, digest: str) -> tuple[UserRow, None, datetime] | None:
        """The token's user row and expiry (no CSRF token: the shape of :meth:`_session_row`)."""
        with self.session() as s:
            row = s.execute(
                select(UserRow, TokenRow.expires_at)
                .join(TokenRow, TokenRow.user_id == UserRow.id)
                .where(TokenRow.token_hash == digest)
            ).first()
            return None if row is None else (row[0], None, row[1])

    def cached_user_for_token(self, raw: str) -> User | None:
        """:meth:`user_for_token` with a short in-process cache (the API's per-request check).

        A valid token's user is remembered for TOKEN_CACHE_SECONDS (never past the token's
        expiry), keyed by the token's sha256.  Revoking a token, deactivating a user or
        changing a password through this process forgets at once; done by another process
        (another worker, ``jixiao user``) it takes effect within TOKEN_CACHE_SECONDS.
        Unknown or invalid tokens are not cached."""
        key = (self.url, "token", _digest(raw))
        hit = self._cached(key)
        if hit is None:
            hit = self._remember(key, self._token_row(key[2]))
        return None if hit is None else hit[0]

    def token_user_if_cached(self, raw: str) -> User | None:
        """The user of ``raw`` if :meth:`cached_user_for_token` holds a live entry, else None
        (no database access: safe on the event loop)."""
        hit = self._cached((self.url, "token", _digest(raw)))
        return None if hit is None else hit[0]

    def _cached(self, key: tuple[str, str, str]) -> tuple[User, str | None] | None:
        hit = _CREDENTIALS.get(key)
        if hit is not None and hit[2] > time.monotonic():
            return hit[0], hit[1]
        return None

    def _remember(
        self, key: tuple[str, str, str], found: tuple[UserRow, str | None, datetime] | None
    ) -> tuple[User, str | None] | None:
        """Cache a credential read from the database (user row, CSRF token, expiry); None and
        forgotten when it is unknown, expired or its user is inactive."""
        mono = time.monotonic()
        live = _live(found)
        if live is None:
            _CREDENTIALS.pop(key, None)
            return None
        user, csrf, left = live
        if len(_CREDENTIALS) > 4096:
            _CREDENTIALS.clear()
        _CREDENTIALS[key] = (user, csrf, mono + min(TOKEN_CACHE_SECONDS, left))
        return user, csrf

    def _forget_tokens(self, user_id: int) -> None:
        """Forget every cached token and session of ``user_id`` (password change, deactivation)."""
        for key, (user, _, _) in list(_CREDENTIALS.items()):
            if key[0] == self.url and user.id == user_id:
                _CREDENTIALS.pop(key, None)

    def revoke_token(self, raw: str) -> None:
        with self.session() as s, s.begin():
            s.execute(delete(TokenRow).where(TokenRow.token_hash == _digest(raw)))
        _CREDENTIALS.pop((self.url, "token", _digest(raw)), None)

    # -- browser sessions -------------------------------------------------------------------
    def create_session(self, user: User, ttl: timedelta = SESSION_TTL) -> tuple[str, str]:
        """A new browser session: (the raw session id for the cookie, its CSRF token)."""
        raw = secrets.token_urlsafe(32)
        csrf = secrets.token_urlsafe(32)
        with self.session() as s, s.begin():
            s.add(
                SessionRow(
                    session_hash=_digest(raw),
                    user_id=user.id,
                    csrf_token=csrf,
                    created_at=now(),
                    expires_at=now() + ttl,
                )
            )
        return raw, csrf

    def session_user(self, raw: str) -> tuple[User, str] | None:
        """The user and CSRF token of a live session, or None (always asks the database)."""
        live = _live(self._session_row(_digest(raw)))
        return None if live is None else (live[0], live[1] or "")

    def cached_session_user(self, raw: str) -> tuple[User, str] | None:
        """:meth:`session_user` with the same short in-process cache as bearer tokens (every
        page asks): logging out, deactivating or changing a password through this process
        forgets at once, through another within TOKEN_CACHE_SECONDS."""
        key = (self.url, "session", _digest(raw))
        hit = self._cached(key)
        if hit is None:
            hit = self._remember(key, self._session_row(key[2]))
        return None if hit is None else (hit[0], hit[1] or "")

    def _session_row(self, digest: str) -> tuple[UserRow, str, datetime] | None:
        with self.session() as s:
            row = s.execute(
                select(UserRow, SessionRow.csrf_token, SessionRow.expires_at)
                .join(SessionRow, SessionRow.user_id == UserRow.id)
                .where(SessionRow.session_hash == digest)
            ).first()
            return None if row is None else (row[0], row[1], row[2])

    def session_user_if_cached(self, raw: str) -> tuple[User, str] | None:
        """The user and CSRF token of ``raw`` if cached, else None (safe on the event loop)."""
        hit = self._cached((self.url, "session", _digest(raw)))
        return None if hit is None else (hit[0], hit[1] or "")

    def end_session(self, raw: str) -> None:
        with self.session() as s, s.begin():
            s.execute(delete(SessionRow).where(SessionRow.session_hash == _digest(raw)))
        _CREDENTIALS.pop((self.url, "session", _digest(raw)), None)

    def purge_expired(self) -> None:
        """Delete expired tokens, sessions and old login failures."""
        with self.session() as s, s.begin():
            s.execute(delete(TokenRow).where(TokenRow.expires_at < now()))
            s.execute(delete(SessionRow).where(SessionRow.expires_at < now()))
            s.execute(delete(LoginAttempt).where(LoginAttempt.at < now() - LOGIN_WINDOW))

    def secret_key(self) -> str:
        """The installation's cookie-signing secret, created once and shared by every worker."""
        with self.session() as s, s.begin():
            row = s.get(Setting, "secret_key")
            if row is not None:
                return row.value
        try:
            with self.session() as s, s.begin():
                s.add(Setting(key="secret_key", value=secrets.token_urlsafe(48)))
        except IntegrityError:
            pass  # another worker created it first
        with self.session() as s:
            row = s.get(Setting, "secret_key")
            assert row is not None  # created above, by this worker or another
            return row.value
