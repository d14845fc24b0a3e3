"""What a table is compared with (参照): the same project's earlier years and its peers.

The rules of ``rules_reference`` (JX6xx) need data beyond the table: what the project set and
reached in earlier years, and what peer indicators in other projects set.  The review reads
no database: the caller hands it a :class:`Reference` built from the store
(:func:`jixiao.library.reference_for`, called by :mod:`jixiao.actions` on import, on every
save and in the editor's live check).  Without one those rules stay quiet.

Everything in a Reference may be shown to the user it was built for: the earlier years are
the project's own (same unit), and peers are aggregates — counts, quartiles and medians, never
another unit's project names.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ..model import Value


@dataclass(frozen=True, slots=True)
class PastYear:
    """One indicator of the same project in an earlier year: its name, target and actual
    (实际完成值, from that year's self-evaluation; None when there is none)."""

    year: int
    name: str | None
    target: Value | None
    actual: Value | None


@dataclass(frozen=True, slots=True)
class PeerFigures:
    """The targets peer indicators set in one unit of measure (同类指标): the library group's
    id and name, how many projects and units, and the quartiles of their target numbers."""

    group_id: int
    name: str
    unit: str
    projects: int
    units: int
    n: int
    q1: float
    median: float
    q3: float


@dataclass(frozen=True, slots=True)
class KindShare:
    """How many of the peer projects carry a kind of indicator (:func:`jixiao.taxonomy.indicator_kind`)."""

    kind: str
    carried: int
    peers: int


@dataclass(slots=True)
class Reference:
    """The earlier years and the peers of one table's indicators, by indicator index.

    ``history``: per indicator, the same project's earlier years (newest first) whose
    indicator is the same (its normalised name or its library group); ``peers``: per
    indicator with a quantified target, its group's figures in the target's unit;
    ``kinds``: per kind of indicator, how many peer projects — projects carrying one of this
    table's less common indicators — carry it."""

    history: dict[int, tuple[PastYear, ...]] = field(default_factory=dict)
    peers: dict[int, PeerFigures] = field(default_factory=dict)
    kinds: tuple[KindShare, ...] = ()
    peer_projects: int = 0
