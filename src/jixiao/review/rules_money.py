"""JX3xx — money (资金): the budget adds up, cost indicators fit in it, spending stays within it.

(The execution rate of self-evaluations is checked by JX509 in ``rules_scoring``.)

Amounts are compared in the table's ``money_unit`` (万元 or 元); cost targets in another
money unit are converted with :func:`jixiao.values.convert`.  A unit cost (分项成本控制数,
``≤10万元/台``, ``≤2000元/人/年``) is not an amount: JX302/JX303 leave it out, and JX306
multiplies it by the 数量 line it is per.  A tolerance
(``money-tolerance``, default 0.01 of the money unit) absorbs rounding.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any, cast

from ..model import Indicator, Table
from ..values import convert, unit_cost_parts, unit_dimension
from .catalogue import rule
from .facts import COST, COST1, COST2_2021, QUANTITY, TableContext, is_cost, money_amount
from .facts import number_text as _num
from .sources import C101_UNIT_COST, S10, S88, S101
from .wording import likeness

Hits = Iterator[tuple[int | None, dict[str, Any]]]
_TOTAL_NAME = re.compile(r"总成本|总额|合计|总计|总预算|预算资金|预算金额|预算总|全部|整体|项目成本")


@rule(
    "JX301",
    "budget-sum-mismatch",
    "error",
    dimension="适当性",
    scope="table",
    title="预算数不等于各资金来源之和",
    title_en="Budget does not equal the sum of its sources",
    message="预算数 {total}{unit} 不等于 财政资金 {fiscal}{unit}{carry} + 其他资金 {other}{unit}（合计 {sum}{unit}）",
    message_en="Budget {total} {unit} does not equal fiscal {fiscal}{carry_en} + other {other} (= {sum} {unit})",
    rationale="预算数（资金总额）= 财政资金（财政拨款）+ 其他资金（自评表另加上年结转）。不相等说明资金填报有误，"
    "审核无法判断目标与资金是否匹配。其他资金为空时按 0 计。",
    example="预算数 50.00 ｜ 其中：财政资金 45.00 ｜ 其他资金 （空）",
    fix="核对预算数与各资金来源，使其相加相等。",
    source=S88,
    confidence="national",
)
def budget_sum_mismatch(table: Table, ctx: TableContext) -> Hits:
    f = table.funds
    if f.total is None or (f.fiscal is None and f.other is None):
        return
    carry = f.carryover if table.kind.endswith("selfeval") and f.carryover else 0.0
    parts = (f.fiscal or 0.0) + (f.other or 0.0) + carry
    tol = ctx.config.money_tolerance  # type: ignore[attr-defined]
    if abs(parts - f.total) > tol + 1e-9:
        yield (
            None,
            {
                "total": _num(f.total),
                "fiscal": _num(f.fiscal or 0.0),
                "other": _num(f.other or 0.0),
                "sum": _num(parts),
                "unit": table.money_unit or "",
                "carry": f" + 上年结转 {_num(carry)}{table.money_unit or ''}" if carry else "",
                "carry_en": f" + carry-over {_num(carry)}" if carry else "",
            },
        )


def _cost_lines(table: Table, ctx: TableContext) -> list[tuple[int, float]]:
    """(index, amount in the table's money unit) of the annual money cost indicators."""
    cached = ctx.extra.get("money.cost_lines")
    if isinstance(cached, tuple) and cached[0] is table:  # (table, lines), set below
        return cast("list[tuple[int, float]]", cached[1])
    out = []
    if COST in ctx.c2s or COST1 in ctx.c1s or not COST2_2021.isdisjoint(ctx.c2s):
        inds = table.indicators
        for i, (c1, c2, quantitative) in enumerate(ctx.cats):
            if not quantitative or not is_cost(c1, c2):
                continue
            ind = inds[i]
            if ind.period != "annual" or ind.target.op in ("≥", ">"):
                continue
            amount = money_amount(ind, ctx.money_unit)
            if amount is not None:
                out.append((i, amount))
    ctx.extra["money.cost_lines"] = (table, out)
    return out


@rule(
    "JX302",
    "cost-exceeds-budget",
    "error",
    dimension="适当性",
    scope="table",
    title="成本指标超过预算数",
    title_en="Cost indicator above the budget",
    message="成本指标「{name}」{value} 超过预算数 {budget}{unit}",
    message_en="Cost indicator {name!r} ({value}) exceeds the budget of {budget} {unit}",
    rationale="成本指标是用预算资金完成产出的成本，单项成本不可能超过项目预算数；超过说明成本或预算填错。",
    example="预算数 50.00（万元）｜ 成本指标 | 设备采购成本 | ≤80万元",
    fix="核对成本测算，使成本指标不超过预算数，或调整预算。",
    source=S88,
    confidence="national",
)
def cost_exceeds_budget(table: Table, ctx: TableContext) -> Hits:
    if ctx.budget is None:
        return
    tol = ctx.config.money_tolerance  # type: ignore[attr-defined]
    for i, amount in _cost_lines(table, ctx):
        if amount > ctx.budget + tol + 1e-9:
            ind = table.indicators[i]
            yield (
                i,
                {
                    "name": ind.name,
                    "value": ind.target.text,
                    "budget": _num(ctx.budget),
                    "unit": ctx.money_unit or "",
                },
            )


@rule(
    "JX303",
    "costs-exceed-budget",
    "error",
    dimension="适当性",
    scope="table",
    title="成本指标合计超过预算数",
    title_en="Cost indicators add up to more than the budget",
    message="{count} 项成本指标合计 {sum}{unit}，超过预算数 {budget}{unit}",
    message_en="{count} cost indicators add up to {sum} {unit}, more than the budget of {budget} {unit}",
    rationale="一个项目的各项货币成本指标是预算的分解，合计不应超过预算数。"
    "一行「总成本/不超过预算」加若干分项的写法按总额计，不重复相加。",
    example="预算数 100（万元）｜ 成本：人员经费 ≤60万元、设备经费 ≤60万元",
    fix="核对各项成本，使其合计不超过预算数。",
    source=S88,
    confidence="national",
)
def costs_exceed_budget(table: Table, ctx: TableContext) -> Hits:
    if ctx.budget is None:
        return
    lines = _cost_lines(table, ctx)
    if len(lines) < 2:
        return
    tol = ctx.config.money_tolerance  # type: ignore[attr-defined]
    amounts = [a for _, a in lines]
    total = sum(amounts)
    if total <= ctx.budget + tol + 1e-9:
        return
    # a total line plus its breakdown (two or more parts): the largest line equals the sum
    # of the others, or a line is named as the total (总成本, 不超过预算资金 …)
    largest = max(amounts)
    rest = total - largest
    if len(lines) >= 3 and abs(largest - rest) <= tol + 1e-9 and largest <= ctx.budget + tol + 1e-9:
        return
    named = [a for i, a in lines if _TOTAL_NAME.search(table.indicators[i].name or "")]
    if named:
        others = total - sum(named)
        if max(max(named), others) <= ctx.budget + tol + 1e-9:
            return
    yield (
        lines[0][0],
        {"count": len(lines), "sum": _num(total), "budget": _num(ctx.budget), "unit": ctx.money_unit or ""},
    )


@rule(
    "JX305",
    "period-funds-below-annual",
    "error",
    dimension="适当性",
    scope="table",
    title="实施期资金少于年度资金",
    title_en="Funds of the whole period below the annual funds",
    message="实施期（中期）资金总额 {period}{unit} 少于年度资金 {annual}{unit}",
    message_en="Funds for the whole period ({period} {unit}) are less than the annual funds ({annual} {unit})",
    rationale="实施期（中期）资金总额包含各年度资金，不可能少于其中一年的预算数；少于说明两栏填反或单位不一致。",
    example="实施期资金总额 100 ｜ 年度资金总额 300（万元）",
    fix="核对实施期资金总额与年度资金总额，必要时统一金额单位。",
    source=S88,
    confidence="national",
)
def period_funds_below_annual(table: Table, ctx: TableContext) -> Hits:
    f = table.funds
    tol = ctx.config.money_tolerance  # type: ignore[attr-defined]
    if f.period_total is not None and f.total is not None and f.period_total + tol + 1e-9 < f.total:
        yield None, {"period": _num(f.period_total), "annual": _num(f.total), "unit": table.money_unit or ""}


def _quantity_for(table: Table, ctx: TableContext, i: int, per: str) -> Indicator | None:
    """The 数量 line a unit cost is per: an annual quantity in that unit (or one that converts,
    公里 ↔ 米), the likest by name when there are several; None when none or a tie."""
    cost = table.indicators[i]
    found: list[tuple[int, Indicator]] = []
    for j, (_, c2, quantitative) in enumerate(ctx.cats):
        q = table.indicators[j]
        t = q.target
        if j == i or not quantitative or q.period != "annual" or t.op not in ("=", "≥", ">") or not t.unit:
            continue
        if c2 != QUANTITY and unit_dimension(t.unit) != "count":
            continue
        if t.unit == per or (
            unit_dimension(per) not in (None, "count") and convert(1.0, t.unit, per) is not None
        ):
            found.append((likeness(cost.name, q.name) + likeness(cost.description, q.name), q))
    if not found:
        return None
    found.sort(key=lambda x: -x[0])
    if len(found) > 1 and found[0][0] == found[1][0]:
        return None
    return found[0][1]


@rule(
    "JX306",
    "unit-cost-exceeds-budget",
    "warning",
    dimension="适当性",
    scope="table",
    title="单位成本乘数量超过预算数",
    title_en="Unit cost times quantity above the budget",
    message="单位成本「{name}」{value} × {quantity} = {total}{unit}，超过预算数 {budget}{unit}",
    message_en="Unit cost {name!r} {value} × {quantity_en} = {total} {unit}, above the budget of {budget} {unit}",
    rationale="101号提出，单位成本无法拆分核算的任务可设定分项成本控制数（如「≤10万元/台」「≤2000元/人/年」）。"
    "单位成本乘以对应的数量指标就是这部分产出要花的钱，超过项目预算数说明单位成本、数量或预算有一项填错，"
    "或目标与预算不匹配。找不到对应的数量指标时按 1 个单位计：单价本身就超过预算。",
    example="预算数 50（万元）｜ 数量指标 | 采购设备 | 10台 ｜ 成本指标 | 设备单价 | ≤8万元/台（8 × 10 = 80万元）",
    fix="核对单位成本、数量和预算数，使单位成本 × 数量不超过预算。",
    source=S101,
    confidence="recalled",
    citations=(C101_UNIT_COST,),
)
def unit_cost_exceeds_budget(table: Table, ctx: TableContext) -> Hits:
    if ctx.budget is None or not ctx.money_unit:
        return
    tol = ctx.config.money_tolerance  # type: ignore[attr-defined]
    for i, ind in enumerate(table.indicators):
        t = ind.target
        unit = t.unit
        if not unit or ("/" not in unit and "／" not in unit and "每" not in unit):
            continue
        parts = unit_cost_parts(unit)
        if parts is None or t.number is None or ind.period != "annual" or t.op == "±":
            continue
        money, per = parts
        each = convert(float(t.number), money, ctx.money_unit)
        if each is None:
            continue
        q = _quantity_for(table, ctx, i, per[0])
        count = 1.0
        quantity, quantity_en = f"1{per[0]}", f"1 {per[0]}"
        if q is not None and q.target.number is not None and q.target.unit:
            count = convert(float(q.target.number), q.target.unit, per[0]) or float(q.target.number)
            quantity = f"「{q.name}」{q.target.text}"
            quantity_en = f"{q.name!r} {q.target.text}"
        total = each * count
        if total > ctx.budget + tol + 1e-9:
            yield (
                i,
                {
                    "name": ind.name,
                    "value": t.text,
                    "quantity": quantity,
                    "quantity_en": quantity_en,
                    "total": _num(round(total, 6)),
                    "budget": _num(ctx.budget),
                    "unit": ctx.money_unit,
                },
            )


@rule(
    "JX307",
    "spending-exceeds-budget",
    "error",
    dimension="适当性",
    scope="table",
    title="执行数超过预算数",
    title_en="Spending above the budget",
    message="全年执行数 {executed}{unit} 超过全年预算数 {budget}{unit}",
    message_en="Spending of {executed} {unit} exceeds the budget of {budget} {unit}",
    rationale="执行数是预算资金的实际支出，不能超过（调整后的）全年预算数；超过说明执行数或预算数填错，"
    "或把上年结转、其他资金算进了执行数却没有算进预算数。预算执行率因此超过 100%，自评计分也会出错。",
    example="全年预算数 100 ｜ 全年执行数 120（万元）",
    fix="核对全年执行数和全年预算数（含上年结转和其他资金），使执行数不超过预算数。",
    source=S10,
    confidence="national",
)
def spending_exceeds_budget(table: Table, ctx: TableContext) -> Hits:
    f = table.funds
    budget = f.adjusted if f.adjusted is not None else f.total
    tol = ctx.config.money_tolerance  # type: ignore[attr-defined]
    if f.executed is not None and budget is not None and f.executed > budget + tol + 1e-9:
        yield None, {"executed": _num(f.executed), "budget": _num(budget), "unit": table.money_unit or ""}
