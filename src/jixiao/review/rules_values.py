"""JX2xx — values (指标值): parsing, units, ranges, quantification, direction, satisfaction."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from ..model import Indicator, Table
from ..values import OP_CHARS, after_comparator, unit_dimension
from .catalogue import rule
from .facts import (
    COST,
    NEGATIVE_COSTS,
    QUANTITY,
    TIMELINESS,
    TableContext,
    is_cost,
    is_satisfaction,
)
from .sources import C101_NEGATIVE_COSTS, C101_UNIT_COST, C_GRADED, S88, S101
from .wording import gives_grades, grade_word, is_placeholder, negative_name

_DATE_RE = re.compile(r"^\s*(?:[≤<]\s*)?\d{4}\s*年(?:\s*\d{1,2}\s*月)?(?:\s*\d{1,2}\s*[日号])?")
_NUMBER_AT_START = re.compile(r"^[-+]?[\d０-９.]")
_PERCENT_UNITS = frozenset({"%", "百分比", "百分之"})
_GROWTH_RE = re.compile(r"增长|增幅|增速|提高率|同比|环比")


@rule(
    "JX201",
    "target-unparsable",
    "warning",
    dimension="完整性",
    scope="indicator",
    title="指标值无法解析",
    title_en="Target value cannot be parsed",
    message="指标值「{value}」无法解析为「比较符 数值 单位」（{reason}）",
    message_en="Target value {value!r} does not read as comparator, number, unit ({reason_en})",
    rationale="定量指标值应写成「比较符 + 数值 + 计量单位」（如「≥95%」「≤50万元」），"
    "夹杂文字的指标值无法用于监控和自评计分。",
    example="指标值「完成2项工作任务」「约3至5个」（「≤10万元/台」「≤2000元/人/年」之类的单位成本可以解析）",
    fix="把说明文字移到指标名称或指标解释中，指标值只写「≥2项」之类的形式。",
    source=f"{S88}；{S101}",
    confidence="practice",
    applies=lambda c1, c2, q: q,
    citations=(C101_UNIT_COST,),
)
def target_unparsable(
    ind: Indicator, c1: str | None, c2: str | None, ctx: TableContext
) -> dict[str, Any] | None:
    t = ind.target
    text = t.text
    if not text:
        return None
    # fast path: "≥95%", ">=95%", "95%" (no regex)
    body = text[1:] if text[0] in OP_CHARS else text
    if body[:1] in OP_CHARS:
        body = body[1:]
    head = body[:1]
    if not (head.isdigit() or head in "+-."):
        if _DATE_RE.match(text):
            return None
        body = after_comparator(text)  # the value grammar's comparators (jixiao.values)
        if body and not _NUMBER_AT_START.match(body):
            return {"value": text, "reason": "数值前有文字", "reason_en": "words before the number"}
    unit = t.unit
    if unit and len(unit) > 3 and unit_dimension(unit) is None and not _DATE_RE.match(text):
        return {"value": text, "reason": f"「{unit}」不是计量单位", "reason_en": f"{unit!r} is not a unit"}
    return None


@rule(
    "JX202",
    "missing-unit",
    "warning",
    dimension="完整性",
    scope="indicator",
    title="定量指标缺少计量单位",
    title_en="Quantitative value without a unit",
    message="指标值「{value}」没有计量单位",
    message_en="Target value {value!r} has no unit",
    rationale="没有单位的数值含义不清：「1」可能是 1 个、1 次，也可能是 100%；监控和自评时无法比较。",
    example="质量指标 | 验收合格率 | 1",
    fix="写明计量单位，如「100%」「2个」。",
    source=S88,
    confidence="national",
    applies=lambda c1, c2, q: q,
)
def missing_unit(ind: Indicator, c1: str | None, c2: str | None, ctx: TableContext) -> dict[str, Any] | None:
    if not ind.target.unit:
        return {"value": ind.target.text}
    return None


@rule(
    "JX203",
    "percent-out-of-range",
    "error",
    dimension="可行性",
    scope="indicator",
    title="百分比超出 0–100%",
    title_en="Percentage outside 0–100%",
    message="指标值「{value}」超出 0–100% 的范围",
    message_en="Target value {value!r} lies outside 0–100%",
    rationale="比率、满意度、合格率等百分比指标不可能超过 100% 或低于 0；这样的目标无法实现，"
    "常见原因是比较符「≥」被误录为「2」（如「292%」）。增长率类指标除外。",
    example="质量指标 | 验收合格率 | 292%",
    fix="改正数值（如「≥92%」）；增长率请在指标名称中写明「增长」。",
    source=S88,
    confidence="practice",
    applies=lambda c1, c2, q: q,
)
def percent_out_of_range(
    ind: Indicator, c1: str | None, c2: str | None, ctx: TableContext
) -> dict[str, Any] | None:
    t = ind.target
    if t.unit in _PERCENT_UNITS and t.number is not None and not 0 <= t.number <= 100:
        if t.number > 100 and _GROWTH_RE.search(ind.name or ""):
            return None
        return {"value": t.text, "number": t.number}
    return None


@rule(
    "JX204",
    "target-not-quantified",
    "warning",
    dimension="相关性",
    scope="indicator",
    title="指标值未量化",
    title_en="Target not quantified",
    message="指标值「{value}」是{kind}{why}，{ask}",
    message_en="Target value {value!r} is {kind_en}{why_en}; {ask_en}",
    rationale="88号要求绩效指标细化、量化，难以量化的定性指标应可衡量、分级分档。"
    "「提升」「明显」「大幅」「促进」「改善」「及时」等词无法在年末判断是否完成；"
    "数量、时效、成本指标本身就应当有数值。「良好」「较好」「优」等等级词是分级分档的写法，"
    "在指标解释中写明各档标准时不再提示，没写时提示补上分级标准。"
    "社会成本、生态环境成本指标反映可能的负面影响（101号），通常只能定性表述（如「无明显负面影响」），不提示。"
    "「达成预期指标」之类的占位式表述由 JX209 提示。",
    example="质量指标 | 对外交流水平 | 大幅提高；时效指标 | 完成时限 | 及时；质量指标 | 服务质量 | 良好（指标解释未写分级标准）",
    fix="写成可衡量的值（如「≥95%」「≤30个工作日」「2025年12月底前」）；定性指标在指标解释中写明分级标准"
    "（如「优：……；良：……；中：……；差：……」）。",
    source=f"{S88}；{S101}",
    confidence="practice",
    applies=lambda c1, c2, q: not q and c2 not in NEGATIVE_COSTS,
    citations=(C_GRADED, C101_NEGATIVE_COSTS),
    defaults={
        "kind": "定性表述",
        "kind_en": "qualitative",
        "ask": "应尽量量化",
        "ask_en": "it should be quantified",
    },
)
def target_not_quantified(
    ind: Indicator, c1: str | None, c2: str | None, ctx: TableContext
) -> dict[str, Any] | None:
    text = ind.target.text
    if not text or not text.strip() or is_placeholder(text):
        return None
    grade = grade_word(text)
    if grade is not None:
        if gives_grades(ind.description) or gives_grades(ind.name):
            return None
        return {
            "value": text,
            "kind": "等级表述",
            "kind_en": "a grade",
            "why": "，但指标解释没有写明分级标准",
            "why_en": " but the description does not define the grades",
            "ask": "请写明各档（如优、良、中、差）分别指什么",
            "ask_en": "say what each grade (excellent, good, fair, poor) means",
        }
    m = ctx.vague_re.search(text) if ctx.vague_re is not None else None
    if m:
        return {"value": text, "why": f"（含「{m.group(0)}」）", "why_en": f" (uses {m.group(0)!r})"}
    if c2 in (QUANTITY, TIMELINESS, COST) or is_cost(c1, c2):
        label = c2 or c1
        return {"value": text, "why": f"（{label}应有数值）", "why_en": f" ({label} needs a number)"}
    return None


@rule(
    "JX205",
    "cost-wrong-direction",
    "warning",
    dimension="适当性",
    scope="indicator",
    title="成本指标方向错误",
    title_en="Cost indicator with a lower bound",
    message="成本指标「{name}」的指标值「{value}」使用了「{op}」，成本指标应使用「≤」或「=」",
    message_en="Cost indicator {name!r} uses {op!r} in {value!r}; a cost uses ≤ or =",
    rationale="成本指标是反向指标：成本越低越好，目标应当是上限（≤）或确定值（=）。"
    "用「≥」等于要求花更多的钱。",
    example="成本指标 | 设备采购成本 | ≥50万元",
    fix="改为「≤50万元」。",
    source=S101,
    confidence="national",
    applies=lambda c1, c2, q: q and is_cost(c1, c2),
)
def cost_wrong_direction(
    ind: Indicator, c1: str | None, c2: str | None, ctx: TableContext
) -> dict[str, Any] | None:
    t = ind.target
    if t.op in ("≥", ">"):
        if t.unit in _PERCENT_UNITS and re.search(r"节约|节省|降低|下降|控制", ind.name or ""):
            return None
        return {"name": ind.name, "value": t.text, "op": t.op}
    return None


@rule(
    "JX206",
    "satisfaction-too-low",
    "warning",
    dimension="适当性",
    scope="indicator",
    title="满意度目标偏低",
    title_en="Satisfaction target too low",
    message="满意度目标「{value}」低于 {minimum}%",
    message_en="Satisfaction target {value!r} is below {minimum}%",
    rationale="满意度目标过低说明目标设置偏保守，与预算资金不相称。阈值为实践惯例，可在 [tool.jixiao] 中设置 satisfaction-min。",
    example="满意度指标 | 服务对象满意度 | ≥60%",
    fix="按历史水平和同类项目设定满意度目标（通常 ≥80%–90%）。",
    source=S88,
    confidence="practice",
    applies=lambda c1, c2, q: q and is_satisfaction(c1, c2),
)
def satisfaction_too_low(
    ind: Indicator, c1: str | None, c2: str | None, ctx: TableContext
) -> dict[str, Any] | None:
    t = ind.target
    minimum = ctx.config.satisfaction_min  # type: ignore[attr-defined]
    if t.unit in _PERCENT_UNITS and t.op in ("≥", ">", "=") and t.number is not None and t.number < minimum:
        return {"value": t.text, "minimum": minimum}
    return None


@rule(
    "JX207",
    "satisfaction-not-percentage",
    "warning",
    dimension="相关性",
    scope="indicator",
    title="满意度不是「≥百分比」",
    title_en="Satisfaction not an at-least percentage",
    message="满意度指标「{name}」的指标值「{value}」应写成「≥xx%」",
    message_en="Satisfaction indicator {name!r} has value {value!r}; write it as ≥xx%",
    rationale="满意度通过问卷调查得到，是正向的百分比指标；写成个数、上限或定性词无法与调查结果比较。",
    example="满意度指标 | 服务对象满意度 | 满意；满意度指标 | 投诉次数 | 0起",
    fix="写成「≥90%」之类的形式；投诉等事项应放在质量或效益指标中。",
    source=S88,
    confidence="practice",
    applies=lambda c1, c2, q: is_satisfaction(c1, c2),
)
def satisfaction_not_percentage(
    ind: Indicator, c1: str | None, c2: str | None, ctx: TableContext
) -> dict[str, Any] | None:
    t = ind.target
    if not t.text or not t.text.strip():
        return None
    if t.number is None or t.unit not in _PERCENT_UNITS or t.op in ("≤", "<"):
        return {"name": ind.name, "value": t.text}
    return None


@rule(
    "JX208",
    "too-few-quantified",
    "warning",
    dimension="相关性",
    scope="table",
    title="定量指标比例不足（配额）",
    title_en="Too few quantitative indicators (quota)",
    message="定量指标只占 {share:.0%}（{count}/{total}），低于要求的 {minimum:.0%}",
    message_en="Only {share:.0%} of indicators are quantitative ({count}/{total}), below {minimum:.0%}",
    rationale="部分地区要求定量指标占一定比例。默认关闭，在 [tool.jixiao] 中设置 min-quantified-share 后生效。",
    example="min-quantified-share = 0.6，而 10 个指标中只有 4 个有数值",
    fix="把定性指标改写为可量化的指标。",
    source="地方预算绩效管理实践（各地要求不一）",
    confidence="practice",
)
def too_few_quantified(table: Table, ctx: TableContext) -> Iterator[tuple[int | None, dict[str, Any]]]:
    minimum = ctx.config.min_quantified_share  # type: ignore[attr-defined]
    total = len(table.indicators)
    if minimum is None or not total:
        return
    count = sum(1 for ind in table.indicators if ind.target.number is not None)
    if count / total < minimum:
        yield None, {"share": count / total, "count": count, "total": total, "minimum": minimum}


@rule(
    "JX209",
    "target-placeholder-text",
    "warning",
    dimension="相关性",
    scope="indicator",
    title="指标值是占位式表述",
    title_en="Placeholder target",
    message="指标值「{value}」是占位式表述，没有可衡量的内容，指标解释也没有写明分级标准",
    message_en="Target value {value!r} is a placeholder with nothing to measure, and the description "
    "gives no grades",
    rationale="「达成预期指标」「达到预期目标」「按要求完成」「符合规定」「合格」「完成」之类的指标值对任何项目都成立，"
    "没有分级分档，年末无法判断完成程度，是审核中最常见的模糊化、形式化问题。"
    "指标解释写明了分级标准（如「优：……；良：……」）时不提示。",
    example="质量指标 | 经费支出规范性 | 符合规定；效益指标 | 社会效益 | 达成预期指标",
    fix="写成可衡量的值（如「验收合格率 ≥95%」「2025年6月底前完成」），或在指标解释中写明分级标准。",
    source=S88,
    confidence="practice",
    applies=lambda c1, c2, q: not q and not is_satisfaction(c1, c2),
    citations=(C_GRADED,),
)
def target_placeholder_text(
    ind: Indicator, c1: str | None, c2: str | None, ctx: TableContext
) -> dict[str, Any] | None:
    text = ind.target.text
    if is_placeholder(text) and not gives_grades(ind.description):
        return {"value": text}
    return None


_TRIVIAL_EXEMPT = re.compile(r"增长|增幅|增速|提高率|提升率|同比|环比|降低|下降|减少|节约|节省|压减|压缩")


@rule(
    "JX210",
    "trivial-target",
    "warning",
    dimension="适当性",
    scope="indicator",
    title="指标值形同虚设",
    title_en="Trivial target",
    message="正向指标「{name}」的指标值「{value}」{why}",
    message_en="Positive indicator {name!r} has the target {value!r}, {why_en}",
    rationale="「≥0」「=0」「≥1%」这样的目标不做任何事也能达到，既不能衡量产出，也与预算资金不相称（适当性）。"
    "反向指标（事故、投诉、故障、变质等越少越好的指标）写「=0」是正常的；增长率、降低率的「≥1%」也是正常的。",
    example="数量指标 | 培训人次 | ≥0人次；质量指标 | 验收合格率 | ≥1%",
    fix="按项目的计划产出写出实际的目标值（如「≥200人次」「≥95%」）。",
    source=S88,
    confidence="practice",
    applies=lambda c1, c2, q: q and not is_cost(c1, c2),
)
def trivial_target(
    ind: Indicator, c1: str | None, c2: str | None, ctx: TableContext
) -> dict[str, Any] | None:
    t = ind.target
    n = t.number
    if n is None or n > 1 or ind.direction == "negative" or t.op not in ("≥", ">", "="):
        return None  # nearly every target: a number above 1
    name = ind.name or ""
    if t.op in ("≥", ">") and n <= 0:
        why, why_en = "不做任何事也能达到", "which is met by doing nothing"
    elif t.op == "=" and n == 0 and not negative_name(name) and ind.direction != "negative":
        why, why_en = "为零，正向指标要求零产出", "zero output for an indicator where more is better"
    elif t.op in ("≥", ">") and t.unit in _PERCENT_UNITS and 0 < n <= 1 and not _TRIVIAL_EXEMPT.search(name):
        why, why_en = "低得形同虚设", "too low to mean anything"
    else:
        return None
    return {"name": name, "value": t.text, "why": why, "why_en": why_en}
