"""JX5xx — the weights (分值) a table prints, and the 实际完成情况 of a 自评表.

Re-scoring (``rules_scoring``) recomputes each printed score; these rules look at what the
scores are out of.  10号 sets the 自评 weights "in principle" — 预算执行率 10, 产出 50, 效益 30,
满意度 10 [national, recalled] — and lets units adjust them, so a printed weight that departs
from the scoring policy is only a remark (JX511), while weights that do not add up (a 一级
header of 50 over lines of 45; lines plus 执行率 not 100) are a fault (JX510).  A target table
that prints weights leaves 10 for the execution rate out of its lines: 90 or 100 both add up.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from ..model import Table
from ..scoring.policy import Policy, Weights, load_policy
from ..scoring.rescore import SELFEVAL_KINDS
from ..scoring.weights import category_of, policy_weights
from ..taxonomy import categorize
from .catalogue import rule
from .facts import TableContext, blank
from .facts import number_text as _num
from .rules_scoring import policy_name
from .sources import S10

Hits = Iterator[tuple[int | None, dict[str, Any]]]
_TOL = 0.01 + 1e-9
_POLICY_KEY = "selfeval.policy"


def _policy(ctx: TableContext) -> Policy:
    name = policy_name(ctx)
    cached = ctx.extra.get(_POLICY_KEY)
    if isinstance(cached, tuple) and cached[0] == name:
        return cached[1]  # type: ignore[no-any-return]
    pol = load_policy(name)
    ctx.extra[_POLICY_KEY] = (name, pol)
    return pol


def _weighted(table: Table, ctx: TableContext) -> bool:
    """Does some indicator print a weight?  (Asked by both rules; worked out once.)"""
    cached = ctx.extra.get("selfeval.weighted")
    if isinstance(cached, tuple) and cached[0] is table:
        return bool(cached[1])
    found = False
    for ind in table.indicators:
        if ind.weight is not None:
            found = True
            break
    ctx.extra["selfeval.weighted"] = (table, found)
    return found


def _levels(table: Table) -> tuple[list[str | None], dict[str, tuple[float, str]]]:
    """Each indicator's 一级 category, and each category's printed weight: its header
    (``产出指标(50分)``) when printed, else the sum of its lines when every line has one."""
    cats = [category_of(ind) for ind in table.indicators]
    out: dict[str, tuple[float, str]] = {}
    for label, w in table.level_weights.items():
        cat = categorize(label, None)[0]
        if cat is not None:
            out[cat] = (float(w), "header")
    for cat in dict.fromkeys(c for c in cats if c is not None):
        if cat in out:
            continue
        lines = [ind.weight for ind, c in zip(table.indicators, cats, strict=True) if c == cat]
        if lines and all(w is not None for w in lines):
            out[cat] = (sum(float(w) for w in lines if w is not None), "lines")
    return cats, out


@rule(
    "JX510",
    "weights-do-not-add-up",
    "warning",
    dimension="适当性",
    scope="table",
    title="分值合计不对",
    title_en="Weights do not add up",
    message="分值对不上：{detail}",
    message_en="Weights do not add up: {detail_en}",
    rationale="一级指标标明的分值（如「产出指标(50分)」）应等于其下各三级指标分值之和；各指标分值加上预算执行率的分值"
    "应为 100 分（目标表不含执行率时为 90 分或 100 分）。对不上时自评总分不是百分制，得分和等级都不可比。"
    "某个一级指标整组缺失时，合计由 JX104–JX106 报告，这里不再重复。",
    example="产出指标(50分)：数量 20 + 质量 15 + 时效 10 = 45；或 各指标 85 + 预算执行率 10 = 95",
    fix="按一级指标分值分配三级指标分值，使各级合计相符，总分为 100 分。",
    source=S10,
    confidence="recalled",
)
def weights_do_not_add_up(table: Table, ctx: TableContext) -> Hits:
    if not _weighted(table, ctx):
        return
    inds = table.indicators
    cats, _ = _levels(table)
    off = False
    for label, header in table.level_weights.items():
        cat = categorize(label, None)[0]
        members = [i for i, c in enumerate(cats) if c is not None and c == cat]
        if not members or any(inds[i].weight is None for i in members):
            continue
        total = sum(float(inds[i].weight or 0) for i in members)
        if abs(total - float(header)) > _TOL:
            off = True
            yield (
                members[0],
                {
                    "detail": f"「{label}」标明 {_num(float(header))} 分，其下各三级指标分值合计 {_num(total)} 分",
                    "detail_en": f"{label} is printed as {_num(float(header))} points but its lines add up "
                    f"to {_num(total)}",
                },
            )
    if off or any(ind.weight is None for ind in inds):
        return  # a 一级 that does not add up already says why the total does not
    weights = policy_weights(table, _policy(ctx))
    present = {c for c in cats if c is not None}
    if any(c not in present for c, w in weights.levels if w > 0):
        return  # a whole 一级 is missing: JX104–JX106 say so
    lines = sum(float(ind.weight or 0) for ind in inds)
    yield from _total(table, lines, weights)


def _total(table: Table, lines: float, weights: Weights) -> Hits:
    printed = table.funds.weight
    if printed is None and table.kind not in SELFEVAL_KINDS:
        if abs(lines - 100) <= _TOL or abs(lines + weights.execution - 100) <= _TOL:
            return
        detail = f"各三级指标分值合计 {_num(lines)} 分，应为 {_num(100 - weights.execution)} 分（另有预算执行率）或 100 分"
        detail_en = f"the lines add up to {_num(lines)}, not {_num(100 - weights.execution)} (plus the execution rate) or 100"
    else:
        execution = float(printed) if printed is not None else weights.execution
        if abs(lines + execution - 100) <= _TOL:
            return
        shown = "标明" if printed is not None else "按评分规则计"
        detail = (
            f"各三级指标分值合计 {_num(lines)} 分，加预算执行率（{shown} {_num(execution)} 分）"
            f"共 {_num(lines + execution)} 分，不是 100 分"
        )
        detail_en = (
            f"the lines add up to {_num(lines)}, with the execution rate ({_num(execution)}) "
            f"{_num(lines + execution)}, not 100"
        )
    yield None, {"detail": detail, "detail_en": detail_en}


@rule(
    "JX511",
    "weight-off-policy",
    "info",
    dimension="适当性",
    scope="table",
    title="一级指标分值与评分规则不同",
    title_en="First-level weights depart from the scoring policy",
    message="一级指标分值与评分规则「{policy}」不同：{diffs}",
    message_en="First-level weights depart from the scoring policy {policy!r}: {diffs_en}",
    rationale="10号文原则上把预算执行率和一级指标分值定为 10、50、30、10（成本指标为一级时另有拆分），"
    "单位可以适当调整。调整应有理由：满意度分值高于 10、效益分值明显偏低，常常是把容易拿分的指标加了权。"
    "只作提示，评分规则在 [tool.jixiao] scoring-policy 中设置。",
    example="满意度指标(25分)；或 产出指标 70 分、效益指标 10 分",
    fix="按评分规则设置一级指标分值；确需调整的，在说明中写明理由。",
    source=S10,
    confidence="recalled",
)
def weight_off_policy(table: Table, ctx: TableContext) -> Hits:
    if not table.level_weights and not _weighted(table, ctx):
        return
    pol = _policy(ctx)
    weights = policy_weights(table, pol)
    _, levels = _levels(table)
    diffs = [
        (cat, levels[cat][0], w)
        for cat, w in weights.levels
        if cat in levels and abs(levels[cat][0] - w) > _TOL
    ]
    printed = table.funds.weight
    if printed is not None and abs(float(printed) - weights.execution) > _TOL:
        diffs.insert(0, ("预算执行率", float(printed), weights.execution))
    if diffs:
        yield (
            None,
            {
                "policy": pol.name,
                "diffs": "、".join(f"{c} {_num(w)} 分（规则 {_num(e)} 分）" for c, w, e in diffs),
                "diffs_en": ", ".join(f"{c} {_num(w)} (policy {_num(e)})" for c, w, e in diffs),
            },
        )


_TEMPLATE_TEXT = re.compile(
    r"[(（]\s*\d+\s*字(?:以内|以下|左右)?\s*[)）]|^(?:对照|说明|请|填写|简要说明|根据)"
)


@rule(
    "JX512",
    "outcome-missing",
    "warning",
    dimension="完整性",
    scope="table",
    title="自评表没有填写实际完成情况",
    title_en="Self-evaluation without the outcome",
    message="自评表{why}，没有说明年度总体目标的实际完成情况",
    message_en="The self-evaluation {why_en}; it does not say what the annual goal came to",
    rationale="自评表要对照年度总体目标写明实际完成情况，这是判断指标得分是否可信的依据；"
    "空着，或只留着表格模板里的填写说明（如「对照年度目标，说明……（100字以内）」），等于没有自评。",
    example="年度总体目标 | 预期目标：…… | 实际完成情况：（空）",
    fix="对照年度总体目标逐项写明实际完成了什么、完成多少。",
    source=S10,
    confidence="national",
    kinds=SELFEVAL_KINDS,
)
def outcome_missing(table: Table, ctx: TableContext) -> Hits:
    if not table.indicators:
        return
    text = table.outcome
    if blank(text):
        yield None, {"why": "的实际完成情况一栏为空", "why_en": "leaves the outcome empty"}
    elif text and _TEMPLATE_TEXT.search(text.strip()):
        shown = text.strip() if len(text.strip()) <= 30 else text.strip()[:30] + "…"
        yield (
            None,
            {
                "why": f"的实际完成情况一栏只有填表说明「{shown}」",
                "why_en": f"has only the form's instruction {shown!r} as its outcome",
            },
        )
