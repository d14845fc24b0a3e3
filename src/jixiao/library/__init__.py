"""The indicator library (指标库): every stored indicator grouped with its peers, with values.

The Ministry's 指标库 is a list of names; this one is mined from every stored table, so it
carries what projects actually set and reached.  Peers (同类指标) share the standard 二级
category, a class of units (:func:`jixiao.values.unit_class`) and a name alike by words and
characters (:mod:`.names`: jieba, rapidfuzz); a group keeps its figures — projects and units
that use it, its names and units, the quartiles of its targets per unit of measure, actuals
and the share met (:mod:`.stats`).

::

    from jixiao import library
    library.rebuild(store)                         # from every stored indicator
    library.update(store, project_ids)             # after a write (the actions call it)
    library.settle(store)                          # wait for large groups' figures it left
    library.search(store, "培训人次", level2="数量指标")   # groups with their typical values
    library.group_detail(store, user, group_id)    # figures and the projects the user may see
    library.reference_for(store, user, table)      # earlier years and peers, for the review

Modules: :mod:`.names` (normalising, words, similarity, buckets), :mod:`.grouping` (which group
a name joins), :mod:`.stats` (a group's figures), :mod:`.build` (update and rebuild),
:mod:`.refresher` (large groups' figures after an update), :mod:`.search`, :mod:`.reference`.
Persistence is the store's (:mod:`jixiao.store.library`); the grouping is decided here.
"""

from __future__ import annotations

from .build import REFRESH_SHARE, RebuildResult, UpdateResult, rebuild, refresh_figures, update
from .names import THRESHOLD, bucket, name_key, similarity, words
from .reference import reference_for
from .refresher import INLINE_MEMBERS, settle
from .search import group_detail, level2_of, search, summary

__all__ = [
    "INLINE_MEMBERS",
    "REFRESH_SHARE",
    "THRESHOLD",
    "RebuildResult",
    "UpdateResult",
    "bucket",
    "group_detail",
    "level2_of",
    "name_key",
    "rebuild",
    "reference_for",
    "refresh_figures",
    "search",
    "settle",
    "similarity",
    "summary",
    "update",
    "words",
]
