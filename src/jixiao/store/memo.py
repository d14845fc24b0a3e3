"""Answers kept by a generation (按版本缓存): the one per-worker cache of the store and the library.

A *generation* is a counter in ``settings`` (:func:`bump`, :func:`generation`) that every write
of what an answer is computed from renews in its own transaction: the totals' (合计,
:mod:`.totals`: the dashboard and the units list) and the indicator library's (指标库,
:mod:`.library_writes`: its searches).  A reader reads the generation first, then computes in
a transaction that starts after it, and keeps its answer under (generation, question) in a
:class:`Memo`: an answer is never older than the generation it is kept under, so a request
made after a write has committed — in any worker, on either engine — finds no answer kept
from before it and computes a new one.

Each worker keeps its own answers, one :class:`Memo` per store and generation
(:func:`memo_of`): a bounded map, least recently used out first.  An answer is kept pickled
(in this process only), so each caller gets its own copy to change as it likes.
"""

from __future__ import annotations

import pickle
import threading
from collections import OrderedDict
from collections.abc import Hashable
from typing import Any, cast

import sqlalchemy as sa
from sqlalchemy import Connection
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from .schema import Setting

SIZE = 512  # answers kept per worker


class Memo:
    """A bounded, thread-safe map of (generation, question) → answer."""

    def __init__(self, size: int = SIZE) -> None:
        self.size = size
        self._answers: OrderedDict[tuple[int, Hashable], bytes] = OrderedDict()
        self._lock = threading.Lock()
        self._newest = 0  # the highest generation seen: older answers are dropped

    def get(self, generation: int, question: Hashable) -> Any | None:
        key = (generation, question)
        with self._lock:
            kept = self._answers.get(key)
            if kept is None:
                return None
            self._answers.move_to_end(key)
        return pickle.loads(kept)  # noqa: S301 - our own bytes, never from outside the process

    def put(self, generation: int, question: Hashable, answer: Any) -> None:
        kept = pickle.dumps(answer, pickle.HIGHEST_PROTOCOL)
        with self._lock:
            if generation > self._newest:
                self._newest = generation
                self._answers.clear()
            elif generation < self._newest:
                return  # a reader that started before the latest write: keep nothing
            self._answers[(generation, question)] = kept
            while len(self._answers) > self.size:
                self._answers.popitem(last=False)

    def clear(self) -> None:
        with self._lock:
            self._answers.clear()

    def __len__(self) -> int:
        return len(self._answers)


_MADE = threading.Lock()


def memo_of(owner: object, name: str, size: int = SIZE) -> Memo:
    """``owner``'s (a :class:`jixiao.store.Store`'s) memo ``name``, made on first use: one a
    store and generation in each worker, so two databases in one process never share one."""
    memo = cast(Memo | None, vars(owner).get(name))
    if memo is None:
        with _MADE:
            memo = cast(Memo, vars(owner).setdefault(name, Memo(size)))
    return memo


def bump(c: Connection | Session, key: str) -> None:
    """The generation ``key`` one higher, in the caller's transaction."""
    table = cast(sa.Table, Setting.__table__)
    dialect = c.get_bind().dialect.name if isinstance(c, Session) else c.dialect.name
    stmt = (postgresql.insert if dialect == "postgresql" else sqlite.insert)(table)
    following = sa.cast(sa.cast(table.c.value, sa.BigInteger) + 1, sa.Text)
    c.execute(
        stmt.values(key=key, value="1").on_conflict_do_update(
            index_elements=["key"], set_={"value": following}
        )
    )


def generation(c: Connection | Session, key: str) -> int:
    """The generation ``key`` as the caller's connection sees it (0 before the first write)."""
    table = cast(sa.Table, Setting.__table__)
    value = c.scalar(sa.select(table.c.value).where(table.c.key == key))
    return int(value) if value else 0
