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
JIXIAO_TRUSTED_PROXIES         proxies whose X-Forwarded-For is believed  — (none)
                               (comma-separated addresses or networks)
JIXIAO_IMPORT_PROCESSES        imports one server process runs at once    1
                               (each in a process of its own)
JIXIAO_JOBS_PER_PROCESS        imports an import process runs before it   1
                               is replaced (its memory given back)
JIXIAO_IMPORT_WAIT             seconds an upload waits for its imports    60
                               before it answers 202 with their jobs
JIXIAO_IMPORT_WORKER           PostgreSQL: the server runs queued         1
                               imports too (0: only ``jixiao worker``)
JIXIAO_IMPORT_NICE             how much lower an import process's CPU     10
                               priority is (``nice``; 0 … 19), so pages
                               answer while large files import (read by
                               :mod:`jixiao.jobs.pool`, for ``jixiao
                               worker`` too)
=============================  =========================================  ==============

What one uploaded file may hold is bounded by the readers' limits, read from the
environment by :class:`jixiao.readers.safety.Limits` (the CLI and the library obey them too):

=============================  =========================================  ==============
JIXIAO_MAX_TABLES              tables in one file                         5000
JIXIAO_MAX_ROWS                table rows and paragraphs in one file      200000
JIXIAO_MAX_CELLS               cells in one file (a sheet: its grid)      1000000
JIXIAO_MAX_PAGES               pages of one PDF                           2000
=============================  =========================================  ==============
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from typing import Any

from ..env import env_int as _int


@dataclass(frozen=True, slots=True)
class Settings:
    database_url: str | None = None
    max_upload_bytes: int = 20 * 1024 * 1024
    secret_key: str | None = None
    cookie_secure: bool = False
    session_hours: int = 12
    threads: int = 4
    trusted_proxies: str | None = None
    import_processes: int = 1
    jobs_per_process: int = 1
    import_wait: float = 60.0
    import_worker: bool = True
    session_cookie: str = "jixiao_session"
    csrf_cookie: str = "jixiao_csrf"
    extra: dict[str, Any] = field(default_factory=dict)

    def proxy_options(self) -> dict[str, Any]:
        """uvicorn's options for forwarded headers: believed only from ``trusted_proxies``.

        uvicorn on its own trusts ``X-Forwarded-For`` from 127.0.0.1, so anything on the
        server's own host could claim to be any client (and walk past the per-client login
        limit).  Without JIXIAO_TRUSTED_PROXIES the header is ignored: the client is the
        connection's address."""
        if not self.trusted_proxies:
            return {"proxy_headers": False, "forwarded_allow_ips": ""}
        return {"proxy_headers": True, "forwarded_allow_ips": self.trusted_proxies}

    @classmethod
    def from_env(cls, **overrides: Any) -> Settings:
        values: dict[str, Any] = {
            "database_url": os.environ.get("JIXIAO_DATABASE_URL") or None,
            "max_upload_bytes": _int("JIXIAO_MAX_UPLOAD_MB", 20) * 1024 * 1024,
            "secret_key": os.environ.get("JIXIAO_SECRET_KEY") or None,
            "cookie_secure": os.environ.get("JIXIAO_COOKIE_SECURE", "0") not in ("", "0", "false", "no"),
            "session_hours": _int("JIXIAO_SESSION_HOURS", 12),
            "threads": max(1, _int("JIXIAO_THREADS", 4)),
            "trusted_proxies": os.environ.get("JIXIAO_TRUSTED_PROXIES", "").strip() or None,
            "import_processes": max(1, _int("JIXIAO_IMPORT_PROCESSES", 1)),
            "jobs_per_process": max(1, _int("JIXIAO_JOBS_PER_PROCESS", 1)),
            "import_wait": float(max(0, _int("JIXIAO_IMPORT_WAIT", 60))),
            "import_worker": os.environ.get("JIXIAO_IMPORT_WORKER", "1") not in ("", "0", "false", "no"),
        }
        values.update({k: v for k, v in overrides.items() if v is not None})
        return cls(**values)
