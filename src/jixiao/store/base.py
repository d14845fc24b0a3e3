"""What the mixins of :class:`jixiao.store.Store` share, for the type checker.

``Store.__init__`` sets these attributes; each mixin (users, tables, import, workflow,
dashboard, bulk) derives from :class:`StoreBase` so that its methods are checked against
them.  At run time the class is empty.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from sqlalchemy import Connection, Engine
    from sqlalchemy.orm import Session


class StoreBase:
    """The attributes and methods :class:`jixiao.store.Store` gives every mixin."""

    if TYPE_CHECKING:
        engine: Engine
        url: str

        @property
        def dialect(self) -> str: ...

        def session(self) -> Session: ...

        def _read_connection(self) -> Connection: ...
