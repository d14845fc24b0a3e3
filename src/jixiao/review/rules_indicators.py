"""JX1xx — what the indicators measure (指标内容): inputs written as results, outcomes replaced.

Two faults local review manuals list among the most common: an input or management measure
(预算执行率, 资金到位率, 资金使用合规性 …) set as a 三级 indicator — "财力、人力和物力等投入
数量不能作为绩效目标" — and 效益 lines that are only satisfaction lines ("将满意度指标代替效益
指标") or the 数量 lines again ("质量指标与效益指标混淆": the output counted twice).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from ..model import Indicator, Table
from ..values import unit_dimension
from .catalogue import rule
from .facts import OUTCOME, QUANTITY, SATISFACTION2, TableContext, blank
from .sources import C_INPUTS, PRACTICE, S10, S88
from .wording import input_measure, likeness

Hits = Iterator[tuple[int | None, dict[str, Any]]]
_SELFEVAL = ("project_selfeval", "department_selfeval")
# The 决策/过程/产出/效益 evaluation framework scores management on purpose (JX101 names it).
_MANAGEMENT_LEVEL = re.compile(r"过程|管理|决策")
_MEASURE_EN = {
    "预算执行": "budget execution",
    "资金到位": "funds arriving",
    "资金使用合规": "compliant use of funds",
    "制度健全": "sound rules",
    "资金拨付及时": "timely disbursement",
}


@rule(
    "JX115",
    "input-as-indicator",
    "warning",
    dimension="相关性",
    scope="table",
    title="投入或管理类事项写成了绩效指标",
    title_en="Input or management measure set as an indicator",
    message="三级指标「{name}」说的是{measure}，属于投入或管理类事项，不反映产出和效益{extra}",
    message_en="Indicator {name!r} is about {measure_en}, an input or management measure, not an output "
    "or outcome{extra_en}",
    rationale="绩效指标衡量资金带来的产出和效益。预算执行率、资金到位率、资金使用合规性、制度健全性、"
    "资金拨付及时率说的是钱花没花、管得规不规范，是预算管理的要求，不是项目的绩效；"
    "自评表已把预算执行率单独计 10 分，再设为三级指标就重复计分。"
    "一级指标是「项目管理」「过程」「决策」（绩效评价的决策—过程—产出—效益框架）时不提示：那里本来就评管理。",
    example="产出指标 | 质量指标 | 资金使用合规性 | 100%；产出指标 | 时效指标 | 资金拨付及时率 | 100%",
    fix="删去这一行，改设反映项目产出的指标（如「完成设备采购 5 台」「验收合格率 ≥95%」）。",
    source=f"{PRACTICE}；{S10}",
    confidence="practice",
    citations=(C_INPUTS,),
    defaults={"extra": "", "extra_en": ""},
)
def input_as_indicator(table: Table, ctx: TableContext) -> Hits:
    selfeval = table.kind in _SELFEVAL
    for i, ind in enumerate(table.indicators):
        measure = input_measure(ind.name)
        if measure is None or _MANAGEMENT_LEVEL.search(ind.level1 or ""):
            continue
        args: dict[str, Any] = {"name": ind.name, "measure": measure, "measure_en": _MEASURE_EN[measure]}
        if selfeval:
            args["extra"] = "；自评表已单独按预算执行率计分，这一行会重复计分"
            args["extra_en"] = (
                "; the self-evaluation scores the execution rate on its own, so this counts it twice"
            )
        yield i, args


def _is_satisfaction_line(ind: Indicator, c2: str | None) -> bool:
    return c2 == SATISFACTION2 or "满意" in (ind.name or "")


def _repeats(ind: Indicator, quantity: list[Indicator]) -> bool:
    """Is an outcome line one of the 数量 lines again: the same name, or the same count
    (number and unit) for a thing of a like name?"""
    t = ind.target
    for q in quantity:
        if ind.name == q.name:
            return True
        qt = q.target
        if (
            t.number is not None
            and t.number == qt.number
            and t.unit
            and t.unit == qt.unit
            and unit_dimension(t.unit) == "count"
            and likeness(ind.name, q.name) > 0
        ):
            return True
    return False


@rule(
    "JX116",
    "outcome-replaced",
    "warning",
    dimension="相关性",
    scope="table",
    title="效益指标被满意度或数量指标代替",
    title_en="Outcome indicators replaced by satisfaction or output lines",
    message="效益指标（{count} 项）{what}，没有反映项目带来的效果",
    message_en="All {count} outcome indicators {what_en}; none says what the project achieves",
    rationale="效益指标反映产出带来的经济、社会、生态效益和可持续影响。把满意度指标放在效益指标下（以满意度代替效益），"
    "或把数量指标换个说法再写一遍（质量、数量指标与效益指标混淆），效益就等于没写。",
    example="数量指标 | 补助人数 | 500人；效益指标 | 受益人数 | 500人；效益指标 | 群众满意度 | ≥90%",
    fix="写出产出带来的变化（如「困难群众人均增收 ≥500元」「河道水质达到Ⅲ类」），满意度放在满意度指标下。",
    source=f"{PRACTICE}；{S88}",
    confidence="practice",
)
def outcome_replaced(table: Table, ctx: TableContext) -> Hits:
    if OUTCOME not in ctx.c1s:
        return
    inds = table.indicators
    quantity: list[Indicator] | None = None
    first = None
    count = satisfied = repeated = 0
    for i, (c1, c2, _) in enumerate(ctx.cats):
        if c1 != OUTCOME:
            continue
        first = i if first is None else first
        count += 1
        if _is_satisfaction_line(inds[i], c2):
            satisfied += 1
            continue
        if quantity is None:
            quantity = [
                inds[j] for j, (_, q2, _) in enumerate(ctx.cats) if q2 == QUANTITY and not blank(inds[j].name)
            ]
        if not _repeats(inds[i], quantity):
            return  # a real outcome line
        repeated += 1
    if satisfied and repeated:
        what, what_en = "都是满意度指标或数量指标的重复", "are satisfaction lines or repeat output lines"
    elif satisfied:
        what, what_en = "都是满意度指标", "are satisfaction lines"
    else:
        what, what_en = "都是数量指标的重复", "repeat output lines"
    yield first, {"count": count, "what": what, "what_en": what_en}
