"""JX4xx — the table agrees with itself (前后一致): goals against indicators, dates against the
budget year, annual targets against the period's.

- JX404: a quantity the 年度目标 / 总体目标 states ("培训200人次") against the indicator of the
  same unit and a like name ("培训人次 ≥100人次");
- JX405: a date target after the budget year (annual indicators) or after the project period
  (实施期 indicators, when the table prints the period, e.g. "2023—2025年");
- JX406: an annual count target above the period target of the same indicator.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import lru_cache
from typing import Any

from ..model import Indicator, Table
from ..values import convert, unit_dimension
from .catalogue import rule
from .facts import TableContext, TextNumber, is_satisfaction, numbers_in_text, same_quantity
from .sources import S88
from .wording import likeness

Hits = Iterator[tuple[int | None, dict[str, Any]]]

# ---- JX404 goal-contradicts-indicator ----------------------------------------------

_CLAUSE_SPLIT = re.compile(r"[，,；;。：:\n]|目标\s*\d+")
_AT_LEAST = re.compile(r"不少于|不低于|至少|达到|达|≥|>=|＞|>|以上")
_AT_MOST = re.compile(r"不超过|不高于|不多于|最多|≤|<=|＜|<|以内|之内|内|以下")
_GOAL_SKIP = frozenset({"money"})  # money in a goal is the budget's split, checked by JX3xx
_GOAL_TEXT_MAX = 40
_DIGIT = re.compile(r"\d")


def _goal_op(said: str) -> str:
    if _AT_MOST.search(said):
        return "≤"
    if _AT_LEAST.search(said):
        return "≥"
    return "="


def _agrees(goal_op: str, goal: float, op: str | None, value: float) -> bool:
    """Does an indicator's value agree with what the goal says?  A stricter indicator agrees."""
    if abs(goal - value) <= 1e-9 * max(1.0, abs(goal)):
        return True
    if goal_op == "≥" and op in ("≥", ">", "=") and value >= goal:
        return True
    return goal_op == "≤" and op in ("≤", "<", "=") and value <= goal


@rule(
    "JX404",
    "goal-contradicts-indicator",
    "warning",
    dimension="相关性",
    scope="table",
    title="总体目标与指标值不一致",
    title_en="Goal contradicts an indicator",
    message="{goal_kind}写的是「{said}」（{goal}），指标「{name}」却是「{value}」",
    message_en="The {goal_kind_en} says {said!r} ({goal!r}) but indicator {name!r} is {value!r}",
    rationale="绩效指标是总体目标的细化：目标里写了数量，同一事项的指标就应当与它一致。"
    "目标写「培训200人次」、指标写「≥100人次」时，年末无法判断按哪个考核，也说明指标定低了。"
    "指标比目标要求更高（目标「200人次以上」、指标「≥300人次」）不提示；目标中的金额是预算的分配，不在此比较。",
    example="年度目标：全年培训基层干部200人次 ｜ 数量指标 | 培训人次 | ≥100人次",
    fix="统一总体目标和指标值（如指标改为「≥200人次」），或在目标中删去与指标不一致的数字。",
    source=S88,
    confidence="practice",
)
def goal_contradicts_indicator(table: Table, ctx: TableContext) -> Hits:
    inds = table.indicators
    for goals, period, kind, kind_en in (
        (table.goals.annual, "annual", "年度目标", "annual goal"),
        (table.goals.period, "period", "实施期目标", "period goal"),
    ):
        said = [x for g in goals for x in _goal_numbers(g)]
        if not said:
            continue
        candidates = [
            (i, ind)
            for i, ind in enumerate(inds)
            if ind.period == period and ind.target.number is not None and ind.target.unit
        ]
        for clause, n in said:
            hit = _contradicted(clause, n.number, n.unit, _goal_op(n.text), candidates)
            if hit is None:
                continue
            i, ind = hit
            short = clause.strip()
            if len(short) > _GOAL_TEXT_MAX:
                short = short[:_GOAL_TEXT_MAX] + "…"
            yield (
                i,
                {
                    "goal_kind": kind,
                    "goal_kind_en": kind_en,
                    "said": n.text,
                    "goal": short,
                    "name": ind.name,
                    "value": ind.target.text,
                },
            )


@lru_cache(maxsize=8192)
def _goal_numbers(goal: str) -> tuple[tuple[str, TextNumber], ...]:
    """(clause, quantity) of every quantity a goal states, money left out."""
    if not _DIGIT.search(goal):
        return ()
    return tuple(
        (clause, n)
        for clause in _CLAUSE_SPLIT.split(goal)
        for n in numbers_in_text(clause)
        if unit_dimension(n.unit) not in _GOAL_SKIP
    )


def _contradicted(
    clause: str, number: float, unit: str, goal_op: str, candidates: list[tuple[int, Indicator]]
) -> tuple[int, Indicator] | None:
    """The indicator a goal quantity contradicts: the likest one of the same unit, unless one of
    them agrees with it."""
    best: tuple[int, int, Indicator] | None = None
    for i, ind in candidates:
        t = ind.target
        assert t.number is not None and t.unit is not None
        if same_quantity(number, unit, float(t.number), t.unit) is None:
            continue  # another unit dimension (or another kind of count)
        like = likeness(clause.replace(unit, " "), (ind.name or "").replace(unit, " "))
        if like < (2 if unit_dimension(unit) == "percent" else 1):
            continue  # rates are many: a percentage needs more in common than one word
        if _agrees(goal_op, number, t.op, _in_unit(float(t.number), t.unit, unit)):
            return None
        if best is None or like > best[0]:
            best = (like, i, ind)
    return None if best is None else (best[1], best[2])


def _in_unit(number: float, unit: str, to: str) -> float:
    converted = convert(number, unit, to)
    return number if converted is None else converted


# ---- JX405 date-beyond-period ----------------------------------------------------------

_DATE_RE = re.compile(r"((?:19|20)\d{2})\s*(?:年|[-./](?=\s*\d{1,2}))")
_PERIOD_RE = re.compile(r"((?:19|20)\d{2})\s*年?\s*(?:[-—–~～]+|至|到)\s*((?:19|20)\d{2})\s*年?")


def _period_end(table: Table, ctx: TableContext) -> int | None:
    """The last year of the project period (实施期), when the table prints it: "2023—2025年"."""
    key = "agreement.period_end"
    cached = ctx.extra.get(key)
    if isinstance(cached, tuple) and cached[0] is table:
        return cached[1]  # type: ignore[no-any-return]
    end = None
    for text in (table.title, table.purpose, *table.goals.period):
        m = _PERIOD_RE.search(text or "")
        if m and int(m.group(1)) <= int(m.group(2)):
            end = int(m.group(2))
            break
    ctx.extra[key] = (table, end)
    return end


@rule(
    "JX405",
    "date-beyond-period",
    "warning",
    dimension="可行性",
    scope="indicator",
    title="时限晚于预算年度或实施期",
    title_en="Date after the budget year or the project period",
    message="指标「{name}」的时限「{value}」晚于{limit}",
    message_en="Indicator {name!r} has the date {value!r}, after {limit_en}",
    rationale="年度指标衡量预算年度内的产出，时限写到下一年，说明本年度的目标在年末无法考核；"
    "实施期指标的时限也不能晚于项目实施期的最后一年。常见于复制上年目标表后没有改年份。",
    example="（2024年度）时效指标 | 设备安装完成时间 | 2025年6月底前",
    fix="把时限改在预算年度（或实施期）之内；确需跨年的，把年度指标写成本年度应完成的阶段性进度。",
    source=S88,
    confidence="practice",
    applies=lambda c1, c2, q: q and not is_satisfaction(c1, c2),  # "2025年6月" reads as a number
)
def date_beyond_period(
    ind: Indicator, c1: str | None, c2: str | None, ctx: TableContext
) -> dict[str, Any] | None:
    text = ind.target.text
    number = ind.target.number
    if not text or number is None or not 1900 <= number < 2100:
        return None  # a date's number is its year
    m = _DATE_RE.search(text)
    if m is None:
        return None
    year = int(m.group(1))
    table = ctx.table
    if ind.period == "annual":
        if table.year is None or year <= table.year:
            return None
        limit, limit_en = f"预算年度 {table.year} 年", f"the budget year {table.year}"
    else:
        end = _period_end(table, ctx)
        if end is None or year <= end:
            return None
        limit, limit_en = f"实施期（至 {end} 年）", f"the project period (ending {end})"
    return {"name": ind.name, "value": text, "limit": limit, "limit_en": limit_en}


# ---- JX406 annual-exceeds-period ----------------------------------------------------

_CUMULATIVE = frozenset({"count", "length", "area", "weight"})
_UPWARD = ("≥", ">", "=")


@rule(
    "JX406",
    "annual-exceeds-period",
    "warning",
    dimension="相关性",
    scope="table",
    title="年度指标值大于实施期指标值",
    title_en="Annual target above the period target",
    message="指标「{name}」的年度指标值「{annual}」大于实施期指标值「{period}」",
    message_en="Indicator {name!r}: the annual target {annual!r} exceeds the period target {period!r}",
    rationale="实施期（中期）目标是各年度目标的累计，同一数量指标一年的目标不可能大于整个实施期的目标；"
    "大于说明两栏填反、单位不一致，或实施期目标没有随年度目标更新。比率类指标不累计，不比较。",
    example="数量指标 | 新建村级服务站 | 年度指标值 30个 | 实施期指标值 20个",
    fix="核对年度和实施期指标值，使年度目标不超过实施期目标。",
    source=S88,
    confidence="practice",
)
def annual_exceeds_period(table: Table, ctx: TableContext) -> Hits:
    period: dict[str, Indicator] = {}
    for ind in table.indicators:
        if ind.period == "period" and ind.name:
            period.setdefault("".join(ind.name.split()), ind)
    if not period:
        return
    for i, ind in enumerate(table.indicators):
        if ind.period != "annual" or not ind.name:
            continue
        other = period.get("".join(ind.name.split()))
        if other is None:
            continue
        a, p = ind.target, other.target
        if a.number is None or p.number is None or not a.unit or not p.unit:
            continue
        if a.op not in _UPWARD or p.op not in _UPWARD or unit_dimension(a.unit) not in _CUMULATIVE:
            continue
        if same_quantity(float(a.number), a.unit, float(p.number), p.unit) is None:
            continue
        if _in_unit(float(a.number), a.unit, p.unit) > float(p.number) + 1e-9:
            yield i, {"name": ind.name, "annual": a.text, "period": p.text}
