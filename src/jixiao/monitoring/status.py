"""Monitoring warnings (预警) and the red/yellow/green status (红黄绿灯) per project and per unit.

Warnings, with their colour (settings in the policy's ``[monitoring]``, practice):

- ``execution-lag`` — 执行率 below 时间进度 × ``lag_factor`` (yellow), or below
  时间进度 × ``red_factor`` (red).  时间进度 is 7/12 on 31 July.
- ``target-unlikely`` — 完成目标可能性 完全不可能 (red).
- ``unlikely-without-reason`` — 完全不可能 and no 偏差原因 (red; when
  ``require_reason_for_unlikely``).
- ``expected-below-target`` — the 全年预计完成 value misses the target by the scorer's test
  (yellow), when the likelihood is not already 完全不可能.
- ``no-execution-data`` — no 全年预算数 or 执行数 (yellow).

A project's status is red when any warning is red, yellow when any is yellow, else green.
A unit's status is its worst project's; its counts show how many projects have each colour.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from ..model import Indicator, Table
from ..scoring.lines import score_line
from ..scoring.policy import Policy, load_policy
from .checkpoint import MonitoringCheckpoint, from_table, time_progress

COLOURS = ("green", "yellow", "red")
COLOUR_ZH = {"green": "绿", "yellow": "黄", "red": "红"}


@dataclass(frozen=True, slots=True)
class MonitoringWarning:
    """One 预警: code, colour, the indicator it concerns (or None for the project), message."""

    code: str
    level: str
    indicator: int | None
    message: str
    args: dict[str, Any] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        return {
            "code": self.code,
            "level": self.level,
            "indicator": self.indicator,
            "message": self.message,
            "args": self.args,
        }


@dataclass(frozen=True, slots=True)
class ProjectStatus:
    """A project's monitoring status at a checkpoint."""

    project: str | None
    unit: str | None
    as_of: str
    execution_rate: float | None
    time_progress: float
    status: str
    warnings: tuple[MonitoringWarning, ...]

    def to_dict(self) -> dict[str, Any]:
        return {
            "project": self.project,
            "unit": self.unit,
            "as_of": self.as_of,
            "execution_rate": self.execution_rate,
            "time_progress": self.time_progress,
            "status": self.status,
            "warnings": [w.to_dict() for w in self.warnings],
        }


@dataclass(frozen=True, slots=True)
class UnitStatus:
    """A unit's status: its worst project's colour and how many projects have each colour."""

    unit: str | None
    status: str
    counts: dict[str, int]
    projects: tuple[ProjectStatus, ...]

    def to_dict(self) -> dict[str, Any]:
        return {
            "unit": self.unit,
            "status": self.status,
            "counts": self.counts,
            "projects": [p.to_dict() for p in self.projects],
        }


def _pct(x: float) -> str:
    return f"{x * 100:.1f}%"


def check_checkpoint(cp: MonitoringCheckpoint, policy: Policy | str = "national") -> ProjectStatus:
    """The warnings and status of one checkpoint under ``policy``'s ``[monitoring]`` settings."""
    pol = load_policy(policy) if isinstance(policy, str) else policy
    settings = pol.monitoring
    tp = time_progress(cp.as_of)
    out: list[MonitoringWarning] = []
    rate = cp.execution_rate
    if rate is None:
        out.append(
            MonitoringWarning("no-execution-data", "yellow", None, "缺少全年预算数或执行数，无法监控预算执行")
        )
    elif rate < tp * settings.lag_factor - 1e-9:
        level = "red" if rate < tp * settings.red_factor - 1e-9 else "yellow"
        factor = settings.red_factor if level == "red" else settings.lag_factor
        out.append(
            MonitoringWarning(
                "execution-lag",
                level,
                None,
                f"预算执行率 {_pct(rate)} 低于时间进度 {_pct(tp)} 的 {factor:g} 倍（{_pct(tp * factor)}）",
                {"rate": rate, "time_progress": tp, "factor": factor},
            )
        )
    for i, p in enumerate(cp.indicators):
        name = p.name or f"第{i + 1}项指标"
        if p.likelihood == "完全不可能":
            out.append(
                MonitoringWarning(
                    "target-unlikely", "red", i, f"「{name}」预计完全不可能完成目标 {p.target.text or ''}"
                )
            )
            if settings.require_reason_for_unlikely and not p.has_reason:
                out.append(
                    MonitoringWarning(
                        "unlikely-without-reason", "red", i, f"「{name}」完全不可能完成目标，但未说明偏差原因"
                    )
                )
            continue
        if p.expected is not None and (p.expected.number is not None or p.expected.text):
            probe = Indicator(name=p.name, target=p.target, actual=p.expected, direction=p.direction)
            line = score_line(i, probe, None, 1.0, "policy", pol)
            if line.met is False:
                out.append(
                    MonitoringWarning(
                        "expected-below-target",
                        "yellow",
                        i,
                        f"「{name}」全年预计完成 {p.expected.text or ''}，达不到目标 {p.target.text or ''}",
                    )
                )
    status = max((w.level for w in out), key=COLOURS.index, default="green")
    return ProjectStatus(cp.project, cp.unit.name, cp.as_of.isoformat(), rate, tp, status, tuple(out))


def unit_statuses(statuses: Iterable[ProjectStatus]) -> list[UnitStatus]:
    """Group project statuses by unit; each unit takes its worst project's colour."""
    groups: dict[str | None, list[ProjectStatus]] = {}
    for s in statuses:
        groups.setdefault(s.unit, []).append(s)
    out = []
    for unit, projects in groups.items():
        counts = {c: sum(1 for p in projects if p.status == c) for c in COLOURS}
        worst = max((p.status for p in projects), key=COLOURS.index)
        out.append(UnitStatus(unit, worst, counts, tuple(projects)))
    return sorted(out, key=lambda u: (-COLOURS.index(u.status), u.unit or ""))


def overview(tables: Iterable[Table], policy: Policy | str = "national") -> list[UnitStatus]:
    """监控总览: the latest checkpoint of each project among 监控表 ``tables``, by unit."""
    pol = load_policy(policy) if isinstance(policy, str) else policy
    latest: dict[tuple[str | None, str | None], MonitoringCheckpoint] = {}
    for table in tables:
        if table.kind != "monitoring":
            continue
        cp = from_table(table)
        key = (cp.unit.code or cp.unit.name, cp.project)
        if key not in latest or latest[key].as_of <= cp.as_of:
            latest[key] = cp
    return unit_statuses(check_checkpoint(cp, pol) for cp in latest.values())
