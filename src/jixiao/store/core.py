"""The :class:`Store`: the one library API over the database that the CLI, the REST API
and the web UI all call (library first: no SQL in a route or a command)."""

from __future__ import annotations

from sqlalchemy import Engine
from sqlalchemy.orm import Session, sessionmaker

from ..errors import StoreError
from ..text import bi
from .accounts import AccountsMixin
from .bulk import BulkMixin
from .conversation import ConversationMixin
from .dashboard import DashboardMixin
from .engine import database_url, is_current, make_engine, upgrade
from .importer import ImportMixin
from .indicators import IndicatorsMixin
from .jobs import JobsMixin
from .library import LibraryMixin
from .projects import ProjectsMixin
from .tables import TablesMixin
from .users import UsersMixin
from .workflow import WorkflowMixin
from .writes import WritesMixin


class Store(
    UsersMixin,
    AccountsMixin,
    TablesMixin,
    IndicatorsMixin,
    WritesMixin,
    ProjectsMixin,
    ImportMixin,
    WorkflowMixin,
    ConversationMixin,
    DashboardMixin,
    BulkMixin,
    LibraryMixin,
    JobsMixin,
):
    """jixiao's database: SQLite by default (``./jixiao.db``), PostgreSQL by URL.

    ``Store()`` uses ``JIXIAO_DATABASE_URL``; ``upgrade=True`` runs the migrations first
    (``jixiao db upgrade``); otherwise a database that is not at the newest migration is
    refused with a clear message.
    """

    def __init__(
        self,
        url: str | Engine | None = None,
        *,
        upgrade: bool = False,
        check_schema: bool = True,
    ) -> None:
        self.engine = url if isinstance(url, Engine) else make_engine(url)
        self.url = database_url(str(self.engine.url.render_as_string(hide_password=False)))
        if upgrade:
            self.upgrade()
        elif check_schema and not is_current(self.engine):
            raise StoreError(
                bi(
                    f"数据库 {self.engine.url.render_as_string(hide_password=True)} 尚未初始化或不是最新版本，请先运行 `jixiao db upgrade`",
                    f"the database {self.engine.url.render_as_string(hide_password=True)} is not set up or not at the newest version; run `jixiao db upgrade` first",
                )
            )
        self._sessions = sessionmaker(self.engine, expire_on_commit=False)

    @property
    def dialect(self) -> str:
        return self.engine.dialect.name

    def upgrade(self) -> str | None:
        """Run the migrations up to the newest."""
        return upgrade(self.engine)

    def session(self) -> Session:
        return self._sessions()

    def close(self) -> None:
        self.engine.dispose()
        reader = self.__dict__.pop("_autocommit_engine", None)  # see TablesMixin._read_connection
        if reader is not None:
            reader.dispose()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
