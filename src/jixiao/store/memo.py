"""Answers computed from the totals (合计), kept by the totals' generation.

The dashboard and the units list change only when the totals do, and every write that changes
them bumps the totals' generation in its own transaction (:func:`.totals.bump`).  A reader
reads the generation first, in the transaction it then reads the totals in, and keeps its
answer under (generation, question): an answer is never older than the generation it is kept
under, so a request made after a write has committed — in any worker, on either engine —
finds no answer kept from before it and computes a new one.

Each worker keeps its own answers (a bounded map, least recently used out first).  An answer
is kept pickled (in this process only), so each caller gets its own copy to change as it
likes.
"""

from __future__ import annotations

import pickle
import threading
from collections import OrderedDict
from collections.abc import Hashable
from typing import Any

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
