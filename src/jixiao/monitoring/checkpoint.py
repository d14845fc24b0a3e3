"""Monitoring checkpoints (运行监控, 财预〔2019〕136号 "双监控"): budget executed and target progress.

A :class:`MonitoringCheckpoint` is one project as of a date (截至日期, typically 7月31日):
全年预算数, 1–N月执行数 and, per indicator, an :class:`IndicatorProgress` — 1–N月执行情况
(progress), 全年预计完成情况 (expected year-end value), 完成目标可能性 (确定能 / 有可能 /
完全不可能) and 偏差原因 (category 经费保障 / 制度保障 / 人员保障 / 硬件条件保障 / 其他, and text).

The 监控表 in jixiao/1 is a Table of kind ``monitoring`` with the monitoring fields of
jixiao/1 (``docs/jixiao-1.md``); :func:`to_table` and :func:`from_table` map a checkpoint
onto it as follows, so every export writer can print it:

====================================  =============================================
checkpoint                            Table / Indicator field
====================================  =============================================
as_of (截至日期)                      ``as_of`` (``YYYY-MM-DD``); ``year``
budget (全年预算数)                   ``funds.total`` and ``funds.adjusted``
executed (1–N月执行数)                ``funds.executed``; ``funds.execution_rate`` = executed / budget
project, unit, department, goals      ``project``, ``unit``, ``department``, ``goals``
overall progress text                 ``outcome``
indicator target (年度指标值)         ``indicator.target``
progress (1–N月执行情况)              ``indicator.progress``
expected (全年预计完成情况)           ``indicator.expected``
likelihood (完成目标可能性)           ``indicator.likelihood``
reason (偏差原因)                     ``indicator.reason_category`` and ``indicator.reason``
measure (纠偏措施)                    ``indicator.measure``
====================================  =============================================

A published 监控表 read from a file may carry its 1–N月执行情况 in ``actual``;
:func:`from_table` reads it from there when ``progress`` is empty.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from ..model import (
    LIKELIHOODS,
    REASON_CATEGORIES,
    Funds,
    Goals,
    Indicator,
    Party,
    Project,
    Table,
    Value,
    parse_as_of,
)
from ..values import is_blank, parse_value


@dataclass(slots=True)
class IndicatorProgress:
    """One indicator at the checkpoint: progress, expected year-end value, likelihood, reason."""

    name: str | None
    target: Value
    progress: Value | None = None
    expected: Value | None = None
    likelihood: str | None = None
    reason_category: str | None = None
    reason: str | None = None
    measure: str | None = None
    level1: str | None = None
    level2: str | None = None
    weight: float | None = None
    direction: str | None = None

    def __post_init__(self) -> None:
        if self.likelihood is not None and self.likelihood not in LIKELIHOODS:
            raise ValueError(
                f"「{self.name}」完成目标可能性应为 {'、'.join(LIKELIHOODS)} 之一，实际为 {self.likelihood!r}"
            )
        if self.reason_category is not None and self.reason_category not in REASON_CATEGORIES:
            raise ValueError(
                f"「{self.name}」偏差原因类别应为 {'、'.join(REASON_CATEGORIES)} 之一，实际为 {self.reason_category!r}"
            )

    @property
    def has_reason(self) -> bool:
        return not is_blank(self.reason) or (
            self.reason_category is not None and self.reason_category != "其他"
        )


@dataclass(slots=True)
class MonitoringCheckpoint:
    """One project's 运行监控 as of a date."""

    as_of: date
    project: str | None
    unit: Party = field(default_factory=Party)
    department: Party | None = None
    budget: float | None = None
    executed: float | None = None
    money_unit: str | None = "万元"
    indicators: list[IndicatorProgress] = field(default_factory=list)
    goals: Goals = field(default_factory=Goals)
    outcome: str | None = None

    @property
    def execution_rate(self) -> float | None:
        if self.budget and self.budget > 0 and self.executed is not None:
            return self.executed / self.budget
        return None


def time_progress(as_of: date) -> float:
    """时间进度: the share of the year elapsed at the end of ``as_of`` (7/12 on 31 July)."""
    nxt = date(as_of.year + (as_of.month == 12), as_of.month % 12 + 1, 1)
    days = (nxt - date(as_of.year, as_of.month, 1)).days
    return (as_of.month - 1 + as_of.day / days) / 12


def checkpoint_from_target(target: Table, as_of: date, executed: float | None = None) -> MonitoringCheckpoint:
    """An empty checkpoint for a target table: its indicators, no progress yet."""
    return MonitoringCheckpoint(
        as_of=as_of,
        project=target.project.name if target.project else None,
        unit=copy.deepcopy(target.unit),
        department=copy.deepcopy(target.department),
        budget=target.funds.adjusted if target.funds.adjusted is not None else target.funds.total,
        executed=executed,
        money_unit=target.money_unit,
        goals=copy.deepcopy(target.goals),
        indicators=[
            IndicatorProgress(
                name=i.name,
                target=copy.deepcopy(i.target),
                level1=i.level1,
                level2=i.level2,
                weight=i.weight,
                direction=i.direction,
            )
            for i in target.indicators
        ],
    )


def to_table(cp: MonitoringCheckpoint) -> Table:
    """The 监控表 (Table kind ``monitoring``) of a checkpoint; the mapping is in the module doc."""
    indicators = [
        Indicator(
            level1=p.level1,
            level2=p.level2,
            name=p.name,
            target=copy.deepcopy(p.target),
            weight=p.weight,
            direction=p.direction,
            progress=copy.deepcopy(p.progress),
            expected=copy.deepcopy(p.expected),
            likelihood=p.likelihood,
            reason_category=p.reason_category,
            reason=p.reason,
            measure=p.measure,
        )
        for p in cp.indicators
    ]
    return Table(
        kind="monitoring",
        title=f"{cp.project or cp.unit.name or ''}绩效运行监控表",
        year=cp.as_of.year,
        unit=copy.deepcopy(cp.unit),
        department=copy.deepcopy(cp.department),
        project=Project(name=cp.project) if cp.project else None,
        money_unit=cp.money_unit,
        funds=Funds(
            total=cp.budget, adjusted=cp.budget, executed=cp.executed, execution_rate=cp.execution_rate
        ),
        goals=copy.deepcopy(cp.goals),
        outcome=cp.outcome,
        indicators=indicators,
        as_of=cp.as_of.isoformat(),
    )


def from_table(table: Table) -> MonitoringCheckpoint:
    """A checkpoint back from a 监控表 Table (the inverse of :func:`to_table`)."""
    if table.kind != "monitoring":
        raise ValueError(f"不是监控表（kind 为 {table.kind!r}，应为 'monitoring'）")
    as_of = parse_as_of(table.as_of) or date(table.year or date.today().year, 7, 31)
    progress = [
        IndicatorProgress(
            name=ind.name,
            target=copy.deepcopy(ind.target),
            progress=copy.deepcopy(ind.progress or ind.actual),
            expected=copy.deepcopy(ind.expected),
            likelihood=ind.likelihood if ind.likelihood in LIKELIHOODS else None,
            reason_category=ind.reason_category if ind.reason_category in REASON_CATEGORIES else None,
            reason=ind.reason,
            measure=ind.measure,
            level1=ind.level1,
            level2=ind.level2,
            weight=ind.weight,
            direction=ind.direction,
        )
        for ind in table.indicators
    ]
    return MonitoringCheckpoint(
        as_of=as_of,
        project=table.project.name if table.project else None,
        unit=copy.deepcopy(table.unit),
        department=copy.deepcopy(table.department),
        budget=table.funds.adjusted if table.funds.adjusted is not None else table.funds.total,
        executed=table.funds.executed,
        money_unit=table.money_unit,
        indicators=progress,
        goals=copy.deepcopy(table.goals),
        outcome=table.outcome,
    )


def apply_progress(cp: MonitoringCheckpoint, items: list[dict[str, Any]]) -> MonitoringCheckpoint:
    """Fill a checkpoint's indicators from form/API items, one per indicator in order.

    Each item may hold ``progress`` and ``expected`` (printed values), ``likelihood``,
    ``reason_category``, ``reason`` and ``measure``; blanks mean "not given".
    """
    if len(items) > len(cp.indicators):
        raise ValueError(f"监控表只有 {len(cp.indicators)} 项指标，实际给出 {len(items)} 项")
    for p, item in zip(cp.indicators, items, strict=False):
        progress, expected = item.get("progress"), item.get("expected")
        p.progress = None if is_blank(progress) else parse_value(str(progress))
        p.expected = None if is_blank(expected) else parse_value(str(expected))
        likelihood = item.get("likelihood") or None
        category = item.get("reason_category") or None
        if likelihood is not None and likelihood not in LIKELIHOODS:
            raise ValueError(
                f"「{p.name}」完成目标可能性应为 {'、'.join(LIKELIHOODS)} 之一，实际为 {likelihood!r}"
            )
        if category is not None and category not in REASON_CATEGORIES:
            raise ValueError(
                f"「{p.name}」偏差原因类别应为 {'、'.join(REASON_CATEGORIES)} 之一，实际为 {category!r}"
            )
        p.likelihood, p.reason_category = likelihood, category
        p.reason = None if is_blank(item.get("reason")) else str(item.get("reason"))
        p.measure = None if is_blank(item.get("measure")) else str(item.get("measure"))
    return cp
