"""Which 一级 category an indicator counts under, and the weight (分值) it scores out of.

Weights (权重/分值) — the rule every score follows:

1. An indicator that prints its own 分值/权重 is scored out of that weight, as printed.
2. An indicator without one takes its 一级 category's weight — as printed in the table's
   level header (``产出指标(50分)``, ``Table.level_weights``) when there is one, else the
   policy's — less the weights printed by other indicators of the same category, split
   equally among the category's unweighted indicators.
3. When the policy's level weights are used (the table prints none) and a category has no
   indicator at all (typically no 满意度指标), the policy's ``missing_level`` decides: ``redistribute`` spreads the missing
   weight over the present categories in proportion to their weights (the total stays out
   of 100); ``forfeit`` drops it (the total is out of less than 100).
4. The policy's ``[weights.cost_first]`` applies instead of ``[weights]`` when 成本指标 is
   printed as a first-level indicator (财预〔2021〕101号 framework).

Categories: the standard 一级 name in ``category1`` when the assembler set it; else from
the printed 一级 (预期产出指标 → 产出指标, 效果指标 → 效益指标, …); else from the printed 二级
(dev/15 prints 产出指标 / 效益指标 one level down).  A 二级 satisfaction indicator
(社会公众或服务对象满意度指标) counts as 满意度指标 wherever it sits.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..model import Indicator, Table
from ..taxonomy import category_in_text
from .policy import LEVELS, Policy, Weights


def category_of(indicator: Indicator) -> str | None:
    """The 一级 category (成本/产出/效益/满意度指标) an indicator scores under, or None."""
    if indicator.level2 and "满意" in indicator.level2:
        return "满意度指标"
    if indicator.category1 in LEVELS:
        return indicator.category1
    return category_in_text(indicator.level1) or category_in_text(indicator.level2)


def cost_is_first_level(table: Table) -> bool:
    """True when 成本指标 is printed as a first-level indicator (2021 framework)."""
    return any(category_in_text(i.level1) == "成本指标" for i in table.indicators)


@dataclass(frozen=True, slots=True)
class Assigned:
    """One indicator's weight and where it came from (``printed`` or ``policy``)."""

    category: str | None
    weight: float | None
    source: str  # "printed" | "policy" | "none"


def policy_weights(table: Table, policy: Policy) -> Weights:
    if cost_is_first_level(table) and policy.weights_cost_first is not None:
        return policy.weights_cost_first
    return policy.weights


def assign_weights(table: Table, policy: Policy) -> list[Assigned]:
    """The weight of every indicator of ``table`` under ``policy`` (rules in the module doc)."""
    weights = policy_weights(table, policy)
    cats = [category_of(i) for i in table.indicators]
    present = {c for c in cats if c is not None}
    level_weight = dict(weights.levels)
    printed_levels = {}
    for label, w in (getattr(table, "level_weights", None) or {}).items():
        cat = category_in_text(label)
        if cat is not None:
            printed_levels[cat] = float(w)
    if printed_levels:
        level_weight = {**level_weight, **printed_levels}
    elif policy.missing_level == "redistribute":
        missing = sum(w for c, w in weights.levels if c not in present)
        kept = sum(w for c, w in weights.levels if c in present)
        if missing and kept:
            level_weight = {c: w + missing * w / kept for c, w in weights.levels if c in present}
    out: list[Assigned] = []
    for ind, cat in zip(table.indicators, cats, strict=True):
        if ind.weight is not None:
            out.append(Assigned(cat, float(ind.weight), "printed"))
            continue
        if cat is None or cat not in level_weight:
            out.append(Assigned(cat, None, "none"))
            continue
        same = [i for i, c in zip(table.indicators, cats, strict=True) if c == cat]
        printed = sum(float(i.weight) for i in same if i.weight is not None)
        unweighted = sum(1 for i in same if i.weight is None)
        share = max(0.0, level_weight[cat] - printed) / unweighted
        out.append(Assigned(cat, share, "policy"))
    return out


def execution_weight(table: Table, policy: Policy) -> tuple[float, str]:
    """预算执行率 weight: the printed 分值 of the funds row, else the policy's."""
    if table.funds.weight is not None:
        return float(table.funds.weight), "printed"
    return policy_weights(table, policy).execution, "policy"
