"""The demo installation (演示环境) behind ``jixiao demo``.

:func:`prepare_demo` makes a fresh SQLite database (replacing the old file), migrates
it, imports the bundled seed (six 绩效目标表 of 天津市人民政府外事办公室, 302101, which
print no 年度: imported as of :data:`SEED_YEAR`) — six projects with their findings — and
creates three demo users with random passwords: an admin, a reviewer (财政审核) and a filer
of unit 302101.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path

from ..errors import IngestError
from ..ingest import ingest_bytes
from ..store import Store
from ..text import bi
from .importing import import_file

SEED_UNIT = "302101"
SEED_YEAR = 2025
SEED_FILES: tuple[str, ...] = ("seed.docx", "seed-tianjin-302101.txt")  # the .txt if the .docx fails


@dataclass(frozen=True, slots=True)
class DemoUser:
    username: str
    role: str
    password: str
    unit_code: str | None = None


@dataclass(slots=True)
class DemoSetup:
    database_url: str
    path: Path
    seed_file: str
    table_ids: list[int] = field(default_factory=list)
    project_ids: list[int] = field(default_factory=list)
    users: list[DemoUser] = field(default_factory=list)


def seed_bytes() -> tuple[str, bytes]:
    """The first bundled seed file that ingests: (its name, its bytes)."""
    folder = resources.files("jixiao") / "data" / "seed"
    last: IngestError | None = None
    for name in SEED_FILES:
        data = (folder / name).read_bytes()
        try:
            if ingest_bytes(data, name).tables:
                return name, data
        except IngestError as exc:
            last = exc
    raise last or IngestError(None, bi("自带的示例文件中没有表", "the bundled seed has no table"))


def _fresh(path: Path) -> None:
    for extra in ("", "-wal", "-shm", "-journal"):
        Path(f"{path}{extra}").unlink(missing_ok=True)


def prepare_demo(path: str | Path = "jixiao-demo.db") -> DemoSetup:
    """Replace ``path`` with a new demo database: schema, seed, findings and demo users."""
    path = Path(path).resolve()
    path.parent.mkdir(parents=True, exist_ok=True)
    _fresh(path)
    url = f"sqlite:///{path}"
    name, data = seed_bytes()
    with Store(url, upgrade=True) as store:
        result = import_file(store, None, name, data, year=SEED_YEAR)
        if result.error:
            raise IngestError(name, result.error)
        users = [
            DemoUser("demo-admin", "admin", secrets.token_urlsafe(9)),
            DemoUser("demo-reviewer", "reviewer", secrets.token_urlsafe(9)),
            DemoUser("demo-filer", "filer", secrets.token_urlsafe(9), SEED_UNIT),
        ]
        for u in users:
            store.add_user(u.username, u.password, u.role, u.unit_code)
    return DemoSetup(url, path, name, list(result.table_ids), list(result.project_ids), users)
