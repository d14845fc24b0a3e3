"""API settings (one source of truth, from the environment).

=============================  =========================================  ==============
variable                       meaning                                    default
=============================  =========================================  ==============
JIXIAO_DATABASE_URL            database (SQLite file or PostgreSQL URL)   sqlite:///jixiao.db
JIXIAO_MAX_UPLOAD_MB           largest request body accepted (MB)         20
JIXIAO_SECRET_KEY              cookie signing key (else kept in the DB)   —
JIXIAO_COOKIE_SECURE           mark cookies Secure (behind HTTPS)         0
JIXIAO_SESSION_HOURS           browser session lifetime                   12
JIXIAO_THREADS                 requests handled at once per worker        4
=============================  =========================================  ==============
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from typing import Any

from ..errors import ConfigError


def _int(name: str, default: int) -> int:
    raw = os.environ.get(name)
    if raw in (None, ""):
        return default
    try:
        return int(raw)
    except ValueError as exc:
        raise ConfigError(f"环境变量 {name} 必须是整数（must be an integer）: {raw!r}") from exc


@dataclass(frozen=True, slots=True)
class Settings:
    database_url: str | None = None
    max_upload_bytes: int = 20 * 1024 * 1024
    secret_key: str | None = None
    cookie_secure: bool = False
    session_hours: int = 12
    threads: int = 4
    session_cookie: str = "jixiao_session"
    csrf_cookie: str = "jixiao_csrf"
    extra: dict[str, Any] = field(default_factory=dict)

    @classmethod
    def from_env(cls, **overrides: Any) -> Settings:
        values: dict[str, Any] = {
            "database_url": os.environ.get("JIXIAO_DATABASE_URL") or None,
            "max_upload_bytes": _int("JIXIAO_MAX_UPLOAD_MB", 20) * 1024 * 1024,
            "secret_key": os.environ.get("JIXIAO_SECRET_KEY") or None,
            "cookie_secure": os.environ.get("JIXIAO_COOKIE_SECURE", "0") not in ("", "0", "false", "no"),
            "session_hours": _int("JIXIAO_SESSION_HOURS", 12),
            "threads": max(1, _int("JIXIAO_THREADS", 4)),
        }
        values.update({k: v for k, v in overrides.items() if v is not None})
        return cls(**values)
