"""A group's figures (同类指标的统计): what the library shows and the peer rules compare with.

From the group's members (:class:`Member`: one indicator with its table's project, unit and
stage) :class:`Figures` gathers

- ``projects`` and ``units``: how many projects and 预算单位 set a target of the group;
- ``names`` and ``units_of_measure``: the printed names and units, most used first;
- ``targets``: per unit of measure, the distribution of the target numbers — n, min, Q1,
  median, Q3, max (quartiles by :func:`statistics.quantiles`, inclusive), the comparator most
  used and the most common value (``typical``: what a suggestion fills in);
- ``actuals``: per unit, the actual values of self-evaluations (实际完成值), and ``met``: how many
  of those met their target (:func:`jixiao.scoring.lines.meets`).

Targets come from the one table per project that totals count (its current target, else its
self-evaluation); actuals from current self-evaluations.  Archived projects are left out by the
store.
"""

from __future__ import annotations

import statistics
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any, NamedTuple

from ..review.facts import number_text
from ..scoring.lines import effective_op, meets
from ..values import convert, parse_value

TOP = 5  # names and units kept per group


class Member(NamedTuple):
    """One indicator of a group as the store reads it."""

    project_id: int
    unit_code: str | None
    stage: str
    counted: bool
    name: str | None
    target_op: str | None
    target_number: float | None
    target_unit: str | None
    actual_number: float | None
    actual_text: str | None


def distribution(values: list[float]) -> dict[str, float]:
    """n, min, q1, median, q3, max of ``values`` (at least one)."""
    ordered = sorted(values)
    if len(ordered) == 1:
        q1 = median = q3 = ordered[0]
    else:
        q1, median, q3 = statistics.quantiles(ordered, n=4, method="inclusive")
    return {"n": len(ordered), "min": ordered[0], "q1": q1, "median": median, "q3": q3, "max": ordered[-1]}


def _typical(values: list[float], median: float) -> float:
    """The most common value, the one nearest the median among equals."""
    counts = Counter(values)
    top = max(counts.values())
    return min((v for v, c in counts.items() if c == top), key=lambda v: (abs(v - median), v))


def _top(counter: Counter[str]) -> list[tuple[str, int]]:
    """The :data:`TOP` most used, most used first and of equal uses by text: the same whatever
    order the store read the members in (an update's refresh and a rebuild read them in
    different orders)."""
    return sorted(counter.items(), key=lambda kv: (-kv[1], kv[0]))[:TOP]


def value_text(op: str | None, number: float, unit: str | None) -> str:
    """``≥95%``: a comparator, a number as printed, a unit."""
    return f"{op if op and op != '=' else ''}{number_text(number)}{unit or ''}"


@dataclass(slots=True)
class Figures:
    """The figures of one group, gathered member by member (:meth:`add`), read by :meth:`result`."""

    projects: set[int] = field(default_factory=set)
    units: set[str] = field(default_factory=set)
    names: Counter[str] = field(default_factory=Counter)
    units_of_measure: Counter[str] = field(default_factory=Counter)
    targets: dict[str, list[float]] = field(default_factory=dict)
    target_projects: dict[str, set[int]] = field(default_factory=dict)
    ops: dict[str, Counter[str]] = field(default_factory=dict)
    qualitative: int = 0
    actuals: dict[str, list[float]] = field(default_factory=dict)
    judged: int = 0
    met: int = 0
    members: int = 0

    def add(self, m: Member) -> None:
        self.members += 1
        unit = (m.target_unit or "").strip()
        if m.counted:
            self.projects.add(m.project_id)
            if m.unit_code:
                self.units.add(m.unit_code)
            if m.name:
                self.names[m.name] += 1
            if unit:
                self.units_of_measure[unit] += 1
            if m.target_number is None:
                self.qualitative += 1
            else:
                self.targets.setdefault(unit, []).append(float(m.target_number))
                self.target_projects.setdefault(unit, set()).add(m.project_id)
                self.ops.setdefault(unit, Counter())[m.target_op or "="] += 1
        if m.stage == "selfeval" and m.actual_number is not None:
            actual_unit = parse_value(m.actual_text).unit if m.actual_text else None
            actual = float(m.actual_number)
            self.actuals.setdefault(actual_unit or unit, []).append(actual)
            if m.target_number is not None:
                if actual_unit and unit and actual_unit != unit:
                    converted = convert(actual, actual_unit, unit)
                    if converted is None:
                        return
                    actual = converted
                self.judged += 1
                self.met += meets(effective_op(m.target_op), float(m.target_number), actual)

    def result(self) -> dict[str, Any]:
        """``{projects, units, members, typical, stats}``: the columns of ``library_groups``."""
        targets = []
        for unit, values in sorted(self.targets.items(), key=lambda kv: (-len(kv[1]), kv[0])):
            d = distribution(values)
            op = _top(self.ops[unit])[0][0]
            typical = _typical(values, d["median"])
            targets.append(
                {
                    "unit": unit,
                    **d,
                    "projects": len(self.target_projects[unit]),
                    "op": op,
                    "typical": typical,
                    "typical_text": value_text(op, typical, unit),
                }
            )
        actuals = [
            {"unit": unit, **distribution(values)}
            for unit, values in sorted(self.actuals.items(), key=lambda kv: (-len(kv[1]), kv[0]))
        ]
        stats = {
            "names": _top(self.names),
            "units_of_measure": _top(self.units_of_measure),
            "targets": targets,
            "qualitative": self.qualitative,
            "actuals": actuals,
            "met": {
                "judged": self.judged,
                "met": self.met,
                "share": self.met / self.judged if self.judged else None,
            },
        }
        return {
            "projects": len(self.projects),
            "units": len(self.units),
            "members": self.members,
            "typical": targets[0]["typical_text"] if targets else None,
            "stats": stats,
        }


def figures_of(group_ids: Sequence[int], members: Iterable[Sequence[Any]]) -> dict[int, dict[str, Any]]:
    """The figures of these groups from the rows of their members ((group_id, *member))."""
    accs = {gid: Figures() for gid in group_ids}
    for row in members:
        accs[row[0]].add(Member(*row[1:]))
    return {gid: acc.result() for gid, acc in accs.items()}
