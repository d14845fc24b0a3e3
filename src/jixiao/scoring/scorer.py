"""The scorer: a self-evaluation (自评表) → scores per indicator, per 一级, 预算执行率, total, grade.

Input is a :class:`~jixiao.model.Table` of kind ``project_selfeval`` (or any table whose
indicators carry an ``actual``): its funds give the budget figures (全年预算数 ``adjusted``,
else ``total``; 全年执行数 ``executed``), its indicators the targets, actuals and printed
weights.  :func:`with_actuals` builds such a table from a target table and actual values.

- 预算执行率 = 全年执行数 / 全年预算数; score = W × min(rate, 1) [national].  When the budget
  is missing or 0 the printed 执行率 is used, and said so in the formula.
- Indicators: :mod:`jixiao.scoring.lines` (formulas) and :mod:`jixiao.scoring.weights`
  (which weight applies).
- Total = execution score + indicator scores; grade by the policy's thresholds (优 ≥ 90,
  良 ≥ 80, 中 ≥ 60, 差).  An indicator that cannot be scored but prints a 得分 contributes
  its printed score (marked ``printed``); one that has neither makes the card incomplete.
- Every line also carries an accepted range (``low``..``high``): a qualitative band, or 0..W
  for a far exceeded target.  The total's range and the set of grades it allows follow.
"""

from __future__ import annotations

import copy
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any, TypedDict

from ..model import Table, Value
from ..text import bi
from ..values import parse_value
from .lines import LineScore, _n, score_line
from .policy import Policy, load_policy
from .weights import assign_weights, execution_weight


@dataclass(frozen=True, slots=True)
class ExecutionScore:
    """预算执行率得分."""

    budget: float | None
    executed: float | None
    rate: float | None
    weight: float
    weight_source: str
    score: float | None
    formula: str
    printed_rate: float | None = None
    printed_score: float | None = None


class _ExecutionCommon(TypedDict):
    """The fields of an :class:`ExecutionScore` known before it is scored."""

    budget: float | None
    executed: float | None
    weight: float
    weight_source: str
    printed_rate: float | None
    printed_score: float | None


@dataclass(frozen=True, slots=True)
class LevelScore:
    """一级指标小计."""

    category: str
    weight: float
    score: float
    low: float
    high: float


@dataclass(frozen=True, slots=True)
class ScoreCard:
    """A self-evaluation's complete score, every line with its formula."""

    policy: str
    execution: ExecutionScore
    lines: tuple[LineScore, ...]
    levels: tuple[LevelScore, ...]
    total: float
    low: float
    high: float
    maximum: float
    grade: str
    grades: tuple[str, ...]  # every grade a total inside low..high allows
    complete: bool
    notes: tuple[str, ...] = field(default_factory=tuple)

    def to_dict(self) -> dict[str, Any]:
        return {
            "policy": self.policy,
            "execution": {f: getattr(self.execution, f) for f in ExecutionScore.__slots__},
            "lines": [line.to_dict() for line in self.lines],
            "levels": [{f: getattr(lv, f) for f in LevelScore.__slots__} for lv in self.levels],
            "total": round(self.total, 4),
            "low": round(self.low, 4),
            "high": round(self.high, 4),
            "maximum": round(self.maximum, 4),
            "grade": self.grade,
            "grades": list(self.grades),
            "complete": self.complete,
            "notes": list(self.notes),
        }


def score_execution(table: Table, policy: Policy) -> ExecutionScore:
    """预算执行率得分 = W × min(全年执行数 / 全年预算数, 1)."""
    f = table.funds
    weight, source = execution_weight(table, policy)
    budget = f.adjusted if f.adjusted is not None else f.total
    common = _ExecutionCommon(
        budget=budget,
        executed=f.executed,
        weight=weight,
        weight_source=source,
        printed_rate=f.execution_rate,
        printed_score=f.score,
    )
    if budget and budget > 0 and f.executed is not None:
        rate = f.executed / budget
        s = weight * min(rate, 1.0)
        formula = bi(
            f"执行率 = {_n(f.executed)} / {_n(budget)} = {_n(rate * 100)}%；得分 = {_n(weight)} × {_n(min(rate, 1.0) * 100)}% = {_n(s)}",
            f"execution rate = {_n(f.executed)} / {_n(budget)} = {_n(rate * 100)}%; score = {_n(weight)} × {_n(min(rate, 1.0) * 100)}% = {_n(s)}",
        )
        return ExecutionScore(**common, rate=rate, score=s, formula=formula)
    if f.execution_rate is not None:
        rate = f.execution_rate
        s = weight * min(rate, 1.0)
        formula = bi(
            f"全年预算数缺失或为 0，按表内执行率 {_n(rate * 100)}%：{_n(weight)} × {_n(min(rate, 1.0) * 100)}% = {_n(s)}",
            f"no annual budget (or 0): by the printed rate {_n(rate * 100)}%: {_n(weight)} × {_n(min(rate, 1.0) * 100)}% = {_n(s)}",
        )
        return ExecutionScore(**common, rate=rate, score=s, formula=formula)
    return ExecutionScore(
        **common,
        rate=None,
        score=None,
        formula=bi("无法计分：缺少全年预算数或全年执行数", "not scorable: no annual budget or amount spent"),
    )


def _grades_between(policy: Policy, low: float, high: float) -> tuple[str, ...]:
    top, bottom = policy.grade_for(high), policy.grade_for(low)
    names = [g for g, _ in policy.grades]
    return tuple(names[names.index(top) : names.index(bottom) + 1])


def score_table(table: Table, policy: Policy | str = "national") -> ScoreCard:
    """Score one self-evaluation table under ``policy`` (a Policy or a policy name)."""
    pol = load_policy(policy) if isinstance(policy, str) else policy
    execution = score_execution(table, pol)
    assigned = assign_weights(table, pol)
    lines = [
        score_line(i, ind, a.category, a.weight, a.source, pol)
        for i, (ind, a) in enumerate(zip(table.indicators, assigned, strict=True))
    ]
    notes: list[str] = []
    complete = execution.score is not None
    total = low = high = execution.score or 0.0
    maximum = execution.weight
    per_level: dict[str, list[float]] = {}
    for line in lines:
        maximum += line.weight or 0.0
        if line.score is not None:
            s, lo, hi = line.score, line.low or 0.0, line.high or 0.0
        elif line.printed_score is not None:
            s = lo = hi = float(line.printed_score)
            notes.append(f"第{line.index + 1}项“{line.name}”无法重新计分，合计时采用表内得分 {_n(s)}")
        else:
            complete = False
            continue
        total, low, high = total + s, low + lo, high + hi
        acc = per_level.setdefault(line.category or "其他", [0.0, 0.0, 0.0, 0.0])
        acc[0] += line.weight or 0.0
        acc[1] += s
        acc[2] += lo
        acc[3] += hi
    levels = tuple(LevelScore(c, v[0], v[1], v[2], v[3]) for c, v in per_level.items())
    if any(line.weight_source == "policy" for line in lines):
        present = {line.category for line in lines}
        missing = [c for c, _ in pol.weights.levels if c not in present]
        if missing:
            how = "按比例并入其他一级指标" if pol.missing_level == "redistribute" else "不计入总分"
            notes.append(f"缺少{'、'.join(missing)}，其权重{how}")
    return ScoreCard(
        policy=pol.name,
        execution=execution,
        lines=tuple(lines),
        levels=levels,
        total=total,
        low=low,
        high=high,
        maximum=maximum,
        grade=pol.grade_for(total),
        grades=_grades_between(pol, low, high),
        complete=complete,
        notes=tuple(notes),
    )


def with_actuals(
    target: Table,
    actuals: Sequence[str | Value | None],
    executed: float | None = None,
    budget: float | None = None,
    deviations: list[str | None] | None = None,
) -> Table:
    """A 自评表 built from a target table: one actual (text or Value) per indicator, in order.

    ``budget`` defaults to the target table's 预算数 (``funds.total``).  The target table is
    not modified.
    """
    if len(actuals) != len(target.indicators):
        raise ValueError(f"需要 {len(target.indicators)} 个实际完成值，实际给出 {len(actuals)} 个")
    out = copy.deepcopy(target)
    out.kind = "project_selfeval" if target.kind.startswith("project") else "department_selfeval"
    out.funds.adjusted = budget if budget is not None else (out.funds.adjusted or out.funds.total)
    out.funds.executed = executed
    if executed is not None and out.funds.adjusted:
        out.funds.execution_rate = executed / out.funds.adjusted
    for i, (ind, actual) in enumerate(zip(out.indicators, actuals, strict=True)):
        ind.actual = parse_value(actual) if isinstance(actual, str) else actual
        ind.score = None
        if deviations is not None and i < len(deviations):
            ind.deviation = deviations[i]
    return out
