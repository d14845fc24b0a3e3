"""Grouping names into peer groups (归组): the greedy rule the rebuild and each update share.

A group is represented by its first name — in a rebuild, the name most indicators carry.  A
new name joins the group of its bucket (:func:`jixiao.library.names.bucket`) whose
representative it is most alike (:func:`~jixiao.library.names.similarity` at least
:data:`~jixiao.library.names.THRESHOLD`), else it starts a group of its own.  Comparing with
the representative, not with every member, keeps a group from drifting name by name.

A rebuild (:class:`Clusterer`) takes the names most used first and finds the candidates among
a bucket's representatives with rapidfuzz's ``process.extract`` (the character ratio a peer
must reach, :data:`~jixiao.library.names.RATIO_FLOOR`); an update takes its candidates from
the database's search index (:meth:`jixiao.store.Store.library_candidates`) and chooses with
:func:`best`.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from rapidfuzz import fuzz, process

from .names import RATIO_FLOOR, THRESHOLD, similarity, words

Bucket = tuple[str, str]


@dataclass(frozen=True, slots=True)
class Rep:
    """A group as names are compared with it: its id (or index) and representative key."""

    group: int
    key: str
    words: str


def joined_words(key: str) -> str:
    return " ".join(words(key))


def best(key: str, reps: Iterable[Rep]) -> Rep | None:
    """The representative ``key`` is most alike, if it reaches the threshold (ties: the first)."""
    own = joined_words(key)
    found, score = None, THRESHOLD
    for rep in reps:
        s = similarity(key, own, rep.key, rep.words)
        if s > score or (s == score and found is None):
            found, score = rep, s
    return found


class Clusterer:
    """Greedy grouping of whole buckets (a rebuild): :meth:`place` keys most used first."""

    def __init__(self) -> None:
        self.reps: list[Rep] = []  # every group, by index
        self.buckets: list[Bucket] = []  # the bucket of each
        self._keys: dict[Bucket, list[str]] = {}
        self._index: dict[Bucket, list[int]] = {}

    def place(self, bucket: Bucket, key: str) -> int:
        """The index of the group ``key`` joins (a new one when none is alike)."""
        keys = self._keys.setdefault(bucket, [])
        index = self._index.setdefault(bucket, [])
        if keys:
            near = process.extract(key, keys, scorer=fuzz.ratio, score_cutoff=RATIO_FLOOR, limit=25)
            found = best(key, (self.reps[index[i]] for _, _, i in near))
            if found is not None:
                return found.group
        rep = Rep(len(self.reps), key, joined_words(key))
        self.reps.append(rep)
        self.buckets.append(bucket)
        keys.append(key)
        index.append(rep.group)
        return rep.group
