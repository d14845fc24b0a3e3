"""JX4xx — consistency (一致性): numbers in the text vs the value, units vs the 二级, direction."""

from __future__ import annotations

from typing import Any

from ..model import Indicator
from ..values import unit_dimension
from .catalogue import rule
from .facts import COST, TIMELINESS, TableContext, is_cost, numbers_in_text, same_quantity
from .sources import S88, S101


@rule(
    "JX401",
    "value-contradicts-text",
    "warning",
    dimension="可行性",
    scope="indicator",
    title="指标值与指标文字矛盾",
    title_en="Value contradicts the indicator's text",
    message="指标文字写的是「{said}」，指标值却是「{value}」",
    message_en="The indicator's text says {said!r} but its value is {value!r}",
    rationale="指标名称或描述里写明的数值与指标值不一致时，年末无法判断按哪个考核；"
    "常见于复制上年指标后只改了一处。",
    example="时效指标 | 实现20秒内完成自助通关 | ≤1分钟",
    fix="统一指标文字和指标值（如「≤20秒」），或把文字中的数值删去。",
    source=S88,
    confidence="practice",
    applies=lambda c1, c2, q: q,
)
def value_contradicts_text(
    ind: Indicator, c1: str | None, c2: str | None, ctx: TableContext
) -> dict[str, Any] | None:
    t = ind.target
    if not t.unit or t.number is None:
        return None
    said = None
    name, description = ind.name, ind.description
    for text in (name,) if description == name else (name, description):
        for n in numbers_in_text(text):
            same = same_quantity(n.number, n.unit, float(t.number), t.unit)
            if same:
                return None
            if same is False and said is None:
                said = n.text
    if said is None:
        return None
    return {"said": said, "value": t.text}


_TIME_OK = frozenset({"time", "percent", None})
_COST_OK = frozenset({"money", "unit-cost", "percent", None})


@rule(
    "JX402",
    "unit-mismatches-category",
    "warning",
    dimension="相关性",
    scope="indicator",
    title="计量单位与二级指标不符",
    title_en="Unit does not fit the second-level indicator",
    message="{category}「{name}」的计量单位「{unit}」不合适，应为{expected}",
    message_en="{category_en} {name!r} is measured in {unit!r}; expected {expected_en}",
    rationale="时效指标衡量时间或按时完成的比例，成本指标衡量金额或成本控制率；"
    "用人次、个数等单位说明指标放错了二级指标，或指标值填错了列。",
    example="时效指标 | 培训完成时间 | ≥200人次",
    fix="把指标移到合适的二级指标下（如数量指标），或改用时间、金额、百分比单位。",
    source=S101,
    confidence="practice",
    applies=lambda c1, c2, q: q and (c2 == TIMELINESS or is_cost(c1, c2)),
)
def unit_mismatches_category(
    ind: Indicator, c1: str | None, c2: str | None, ctx: TableContext
) -> dict[str, Any] | None:
    unit = ind.target.unit
    if not unit:
        return None
    dim = unit_dimension(unit)
    if dim is None and (unit.endswith("元") or "年" in unit or "月" in unit or "日" in unit):
        return None
    if c2 == TIMELINESS and dim not in _TIME_OK:
        return {
            "category": "时效指标",
            "category_en": "Timeliness indicator",
            "name": ind.name,
            "unit": unit,
            "expected": "时间或百分比",
            "expected_en": "a time or a percentage",
        }
    if c2 != TIMELINESS and (c2 == COST or is_cost(c1, c2)) and dim not in _COST_OK:
        return {
            "category": "成本指标",
            "category_en": "Cost indicator",
            "name": ind.name,
            "unit": unit,
            "expected": "金额或百分比",
            "expected_en": "money or a percentage",
        }
    return None


_DIRECTION_OF_OP = {"≥": "positive", ">": "positive", "≤": "negative", "<": "negative"}
_DIRECTION_ZH = {"positive": "正向", "negative": "反向"}


@rule(
    "JX403",
    "direction-mismatch",
    "warning",
    dimension="可行性",
    scope="indicator",
    title="指标方向与比较符不符",
    title_en="Printed direction contradicts the comparator",
    message="指标方向为「{direction}」，但指标值「{value}」用了「{op}」",
    message_en="The printed direction is {direction_en} but the value {value!r} uses {op!r}",
    rationale="正向指标（越大越好）用「≥」，反向指标（越小越好）用「≤」；两者不符时监控和自评会按错误的方向计分。",
    example="指标性质「≤」| 指标值 95 | 度量单位 % | 指标方向性「正向指标」",
    fix="改正比较符或指标方向性，使二者一致。",
    source=S88,
    confidence="practice",
    applies=lambda c1, c2, q: q,
)
def direction_mismatch(
    ind: Indicator, c1: str | None, c2: str | None, ctx: TableContext
) -> dict[str, Any] | None:
    printed = ind.direction
    implied = _DIRECTION_OF_OP.get(ind.target.op or "")
    if printed in _DIRECTION_ZH and implied and printed != implied:
        return {
            "direction": _DIRECTION_ZH[printed],
            "direction_en": printed,
            "value": ind.target.text,
            "op": ind.target.op,
        }
    return None
