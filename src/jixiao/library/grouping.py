"""Grouping names into peer groups (归组): the greedy rule the rebuild and each update share.

A group is represented by its first name — in a rebuild, the name most indicators carry.  A
new name joins the group of its bucket (:func:`jixiao.library.names.bucket`) whose
representative it is most alike (:func:`~jixiao.library.names.similarity` at least
:data:`~jixiao.library.names.THRESHOLD`), else it starts a group of its own.  Comparing with
the representative, not with every member, keeps a group from drifting name by name.

Both a rebuild (:class:`Clusterer`, the names most used first) and an update (the bucket's
groups as stored, :meth:`jixiao.store.Store.library_reps`) choose with :func:`nearest`: the
candidates among a bucket's representatives by rapidfuzz's ``process.extract`` (the character
ratio a peer must reach, :data:`~jixiao.library.names.RATIO_FLOOR`: below it no name can be a
peer), then :func:`best`.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from rapidfuzz import fuzz, process

from ..store import Store
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


def nearest(key: str, reps: Sequence[Rep], keys: Sequence[str] | None = None) -> Rep | None:
    """The representative among ``reps`` ``key`` joins, if any (``keys``: theirs, in order,
    when the caller keeps them)."""
    if not reps:
        return None
    keys = [r.key for r in reps] if keys is None else keys
    near = process.extract(key, keys, scorer=fuzz.ratio, score_cutoff=RATIO_FLOOR, limit=25)
    return best(key, (reps[i] for _, _, i in near))


def stored_reps(store: Store, buckets: Iterable[Bucket]) -> dict[Bucket, list[Rep]]:
    """The groups of these buckets as stored (an update, the review's reference)."""
    return {b: [Rep(*r) for r in rows] for b, rows in store.library_reps(buckets).items()}


class Clusterer:
    """Greedy grouping of whole buckets (a rebuild): :meth:`place` keys most used first."""

    def __init__(self) -> None:
        self.reps: list[Rep] = []  # every group, by index
        self.buckets: list[Bucket] = []  # the bucket of each
        self._keys: dict[Bucket, list[str]] = {}
        self._reps: dict[Bucket, list[Rep]] = {}  # a bucket's groups, as _keys

    def place(self, bucket: Bucket, key: str) -> int:
        """The index of the group ``key`` joins (a new one when none is alike)."""
        keys = self._keys.setdefault(bucket, [])
        reps = self._reps.setdefault(bucket, [])
        found = nearest(key, reps, keys)
        if found is not None:
            return found.group
        rep = Rep(len(self.reps), key, joined_words(key))
        self.reps.append(rep)
        self.buckets.append(bucket)
        keys.append(key)
        reps.append(rep)
        return rep.group
