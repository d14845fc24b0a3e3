"""Large groups' due figures, computed after the update that made them due (刷新统计).

An update (:func:`jixiao.library.update`) computes in its own transaction the due figures of
groups of up to :data:`INLINE_MEMBERS` members; a larger group's would cost a read of all its
members and their figures (0.2–0.5 s for 10,000–30,000 members on PostgreSQL), so the update
leaves them pending and hands the group here.  One thread of this process per store
(started when there is work, gone when there is none) refreshes them, each batch in its own
short transaction (:meth:`jixiao.store.Store.library_refresh`), and takes the library's
generation one higher: the next search sees them.  Until then the group shows its last
figures — which already lag its last changes by up to 2% of its members by design
(:data:`jixiao.library.REFRESH_SHARE`).

Nothing is lost if the process ends first: the thread is not a daemon (an interpreter waits
for it on exit, the import processes' too), and a group whose refresh never ran keeps its
pending changes, so the next update that touches it finds it due again; a rebuild computes
every group.  :func:`settle` waits until this process's refreshes are done (the bench and
tests).  A store on an in-memory SQLite database, which no other thread sees, refreshes at
once.
"""

from __future__ import annotations

import collections
import logging
import os
import threading
import time
from collections.abc import Iterable
from dataclasses import dataclass, field

from ..store import Store
from .stats import figures_of

log = logging.getLogger("jixiao.library")
INLINE_MEMBERS = 200  # a due group of more members is refreshed after the update commits
_ATTR = "_library_refresher"
_MADE = threading.Lock()


def _after_fork() -> None:  # a lock another thread held when the process forked stays held in the child
    global _MADE
    _MADE = threading.Lock()


os.register_at_fork(after_in_child=_after_fork)


@dataclass(frozen=True, slots=True)
class Refreshed:
    """One batch refreshed: how many groups and members, how long after the first of them was
    handed over its figures were visible (committed), and the refresh's own time and CPU
    (seconds)."""

    groups: int
    members: int
    lag: float
    seconds: float
    cpu: float


@dataclass(slots=True)
class Refresher:
    """The refreshes of one store in this process (see the module doc)."""

    store: Store
    pid: int = field(default_factory=os.getpid)
    waiting: dict[int, float] = field(default_factory=dict)  # group → when it was handed over
    busy: bool = False
    done: collections.deque[Refreshed] = field(default_factory=lambda: collections.deque(maxlen=10_000))
    cond: threading.Condition = field(default_factory=threading.Condition)

    def hand(self, group_ids: Iterable[int]) -> None:
        stamp = time.perf_counter()
        with self.cond:
            for gid in group_ids:
                self.waiting.setdefault(gid, stamp)
            if self.waiting and not self.busy:
                thread = threading.Thread(target=self._run, name="jixiao library refresh", daemon=False)
                try:
                    thread.start()
                except RuntimeError:  # the interpreter is shutting down: the groups stay due
                    self.waiting.clear()
                    return
                self.busy = True

    def _run(self) -> None:
        while True:
            with self.cond:
                if not self.waiting:
                    self.busy = False
                    self.cond.notify_all()
                    return
                batch, self.waiting = self.waiting, {}
            t0, c0 = time.perf_counter(), time.thread_time()
            try:
                read = self.store.library_refresh(batch, figures_of)
            except Exception:  # the groups stay due: the next update that touches one hands it over again
                log.exception("indicator library refresh failed for groups %s", sorted(batch))
                continue
            t1 = time.perf_counter()
            self.done.append(
                Refreshed(len(batch), read, t1 - min(batch.values()), t1 - t0, time.thread_time() - c0)
            )

    def settle(self, timeout: float | None = None) -> bool:
        with self.cond:
            return self.cond.wait_for(lambda: not self.busy, timeout)


def refresher(store: Store) -> Refresher:
    """This process's refresher of ``store`` (made on first use; a forked child makes its own)."""
    made = vars(store).get(_ATTR)
    if made is None or made.pid != os.getpid():
        with _MADE:
            made = vars(store).get(_ATTR)
            if made is None or made.pid != os.getpid():
                made = Refresher(store)
                vars(store)[_ATTR] = made
    return made


def later(store: Store, group_ids: Iterable[int]) -> None:
    """Refresh these groups' figures after the caller's update (see the module doc)."""
    ids = sorted(set(group_ids))
    if not ids:
        return
    if store.dialect == "sqlite" and store.engine.url.database in (None, "", ":memory:"):
        store.library_refresh(ids, figures_of)
        return
    refresher(store).hand(ids)


def settle(store: Store, timeout: float | None = None) -> bool:
    """Wait until this process's refreshes of ``store`` are done (True), or ``timeout`` seconds."""
    made = vars(store).get(_ATTR)
    return True if made is None or made.pid != os.getpid() else made.settle(timeout)
