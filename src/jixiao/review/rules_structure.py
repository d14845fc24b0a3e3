"""JX1xx — structure (结构): levels, frameworks, required indicator kinds, empty and duplicate rows."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from ..model import Indicator, Table
from .catalogue import rule
from .facts import (
    COST,
    COST1,
    COST2_2021,
    LEVEL1_NAMES,
    OUTCOME,
    OUTPUT,
    SATISFACTION,
    SATISFACTION2,
    VALID_PAIRS,
    TableContext,
    blank,
    framework_marks,
    level1_known,
)
from .sources import C101_COST_LEVELS, C_CONTENTS, S88, S101

TARGET_KINDS = ("project_target", "department_target", "project_selfeval", "department_selfeval")
Hits = Iterator[tuple[int | None, dict[str, Any]]]
_OUTPUT = frozenset({OUTPUT})
_OUTCOME = frozenset({OUTCOME})
_SATISFACTION1 = frozenset({SATISFACTION})
_SATISFACTION2 = frozenset({SATISFACTION2})
_COST1 = frozenset({COST1})
_COST2 = frozenset({COST}) | COST2_2021


def _has_indicators(table: Table) -> bool:
    return bool(table.indicators) and table.kind in TARGET_KINDS


@rule(
    "JX101",
    "invalid-level1",
    "warning",
    dimension="相关性",
    scope="indicator",
    title="一级指标不在指标体系内",
    title_en="First-level indicator not in the framework",
    message="一级指标「{level1}」不是 2015 或 2021 指标体系中的一级指标",
    message_en="First-level indicator {level1!r} is not one of the 2015 or 2021 framework",
    rationale="绩效指标按 一级→二级→三级 设置。一级指标只能是 产出指标、效益指标、满意度指标（2021 体系另有成本指标）；"
    "其他名称说明表格未按指标体系填写，审核时无法判断指标是否完整。",
    example="一级指标「工作指标」| 二级指标「数量指标」",
    fix="把一级指标改为 产出指标、效益指标、满意度指标 或（2021 体系）成本指标 之一。",
    source=f"{S88}；{S101}",
    confidence="national",
)
def invalid_level1(
    ind: Indicator, c1: str | None, c2: str | None, ctx: TableContext
) -> dict[str, Any] | None:
    if ind.level1 and not level1_known(ind.level1, ind.level2):
        return {"level1": ind.level1}
    return None


@rule(
    "JX102",
    "invalid-level-pair",
    "warning",
    dimension="相关性",
    scope="indicator",
    title="二级指标不属于该一级指标",
    title_en="Second-level indicator under the wrong first level",
    message="二级指标「{level2}」不属于一级指标「{level1}」",
    message_en="Second-level indicator {level2!r} does not belong under {level1!r}",
    rationale="每个二级指标只属于一个一级指标（如 数量指标 属于 产出指标，社会效益指标 属于 效益指标）。"
    "放错一级指标会使产出、效益、满意度的完整性判断出错，自评时权重也会算错。",
    example="产出指标 | 社会效益指标 | 群众知晓率 | ≥90%",
    fix="把该行移到正确的一级指标下（社会效益指标 → 效益指标）。",
    source=f"{S88}；{S101}",
    confidence="national",
    applies=lambda c1, c2, q: c1 is not None and c2 is not None and (c1, c2) not in VALID_PAIRS,
)
def invalid_level_pair(
    ind: Indicator, c1: str | None, c2: str | None, ctx: TableContext
) -> dict[str, Any] | None:
    return {"level1": ind.level1 or c1, "level2": ind.level2 or c2}  # `applies` picked the invalid pairs


@rule(
    "JX103",
    "mixed-frameworks",
    "warning",
    dimension="相关性",
    scope="table",
    title="混用 2015 与 2021 指标体系",
    title_en="2015 and 2021 frameworks mixed",
    message="同一张表混用两套指标体系：成本指标既作为产出指标下的二级指标（{first}），又作为一级指标（{second}）",
    message_en="The table mixes frameworks: cost is both a second-level indicator under output ({first}) "
    "and a first-level indicator ({second})",
    rationale="2015 体系把成本指标放在产出指标下，2021 体系（101号）把成本指标提为一级指标。一张表应只用一套，"
    "否则成本被重复计算，自评权重也无法确定。",
    example="产出指标 | 成本指标 | 设备采购成本 | ≤50万元；成本指标 | 经济成本指标 | 运维成本 | ≤10万元",
    fix="按本地区要求统一使用一套指标体系，把成本指标全部放在同一层级。",
    source=S101,
    confidence="recalled",
    citations=(C101_COST_LEVELS,),
)
def mixed_frameworks(table: Table, ctx: TableContext) -> Hits:
    m15, m21 = framework_marks(table, ctx.cats)
    if m15 and m21:
        yield m21[0], {"first": f"指标{m15[0] + 1}", "second": f"指标{m21[0] + 1}"}


def _missing(table: Table, ctx: TableContext, c1: frozenset[str], c2: frozenset[str] = frozenset()) -> bool:
    """A table with indicators, none of them in the 一级 categories c1 or 二级 categories c2."""
    if not _has_indicators(table):
        return False
    return ctx.c1s.isdisjoint(c1) and ctx.c2s.isdisjoint(c2)


@rule(
    "JX104",
    "missing-output-indicators",
    "error",
    dimension="完整性",
    scope="table",
    title="缺少产出指标",
    title_en="No output indicators",
    message="表中没有产出指标（数量、质量、时效等）",
    message_en="The table has no output indicators (quantity, quality, timeliness …)",
    rationale="产出指标反映预算资金在一定期限内预期提供的公共产品和服务，是绩效目标的必备内容。",
    example="只有 效益指标 和 满意度指标 两组指标的目标表",
    fix="补充产出指标：至少写明数量、质量、时效（和成本）各一项可衡量的指标。",
    source=S88,
    confidence="national",
    citations=(C_CONTENTS,),
)
def missing_output(table: Table, ctx: TableContext) -> Hits:
    if _missing(table, ctx, _OUTPUT):
        yield None, {}


@rule(
    "JX105",
    "missing-outcome-indicators",
    "error",
    dimension="完整性",
    scope="table",
    title="缺少效益指标",
    title_en="No outcome (benefit) indicators",
    message="表中没有效益指标（经济、社会、生态效益或可持续影响）",
    message_en="The table has no outcome indicators (economic, social, ecological, sustainable impact)",
    rationale="效益指标反映与既定绩效目标相关的、产出所带来的预期效果，是绩效目标的必备内容。",
    example="只有 产出指标 和 满意度指标 的目标表",
    fix="补充效益指标，写明项目实施后预期带来的经济、社会、生态效益或可持续影响。",
    source=S88,
    confidence="national",
    citations=(C_CONTENTS,),
)
def missing_outcome(table: Table, ctx: TableContext) -> Hits:
    if _missing(table, ctx, _OUTCOME):
        yield None, {}


@rule(
    "JX106",
    "missing-satisfaction-indicators",
    "warning",
    dimension="完整性",
    scope="table",
    title="缺少满意度指标",
    title_en="No satisfaction indicator",
    message="表中没有满意度指标；面向服务对象的项目应设置服务对象满意度指标",
    message_en="The table has no satisfaction indicator; a project that serves people should have one",
    rationale="满意度指标反映服务对象或项目受益人的认可程度，面向公众或服务对象的项目应当设置。"
    "对不直接服务于人的项目（如债券利息）可由审核人员酌情忽略。",
    example="只有 产出指标 和 效益指标 的目标表",
    fix="补充「服务对象满意度」指标，如「≥90%」。",
    source=S88,
    confidence="national",
    citations=(C_CONTENTS,),
)
def missing_satisfaction(table: Table, ctx: TableContext) -> Hits:
    if _missing(table, ctx, _SATISFACTION1, _SATISFACTION2):
        yield None, {}


@rule(
    "JX107",
    "empty-indicator",
    "error",
    dimension="完整性",
    scope="indicator",
    title="三级指标名称或指标值为空",
    title_en="Empty indicator name or value",
    message="{what}为空",
    message_en="The {what_en} is empty",
    rationale="每个三级指标都要有名称和指标值，否则无法衡量，也无法在年末自评中打分。",
    example="产出指标 | 数量指标 | 培训人数 | （空）",
    fix="填写三级指标名称和指标值；不需要的行应删除。",
    source=S88,
    confidence="national",
)
def empty_indicator(
    ind: Indicator, c1: str | None, c2: str | None, ctx: TableContext
) -> dict[str, Any] | None:
    no_name = blank(ind.name)
    no_value = blank(ind.target.text)
    if no_name and no_value:
        return {"what": "三级指标名称和指标值", "what_en": "indicator name and value"}
    if no_name:
        return {"what": "三级指标名称", "what_en": "indicator name"}
    if no_value:
        return {"what": f"指标「{ind.name}」的指标值", "what_en": f"value of {ind.name!r}"}
    return None


@rule(
    "JX108",
    "duplicate-indicator",
    "warning",
    dimension="完整性",
    scope="table",
    title="重复的三级指标",
    title_en="Duplicated indicator",
    message="三级指标「{name}」与指标{first}重复{where}",
    message_en="Indicator {name!r} duplicates indicator {first}{where_en}",
    rationale="同名的三级指标会重复计分，也说明指标没有细化；放在两个二级指标下（如既在质量指标、"
    "又在时效指标下）说明同一件事被算了两次，或者其中一个二级指标放错了。年度指标和实施期指标同名不算重复。",
    example="数量指标 | 培训人数 | ≥100人 两次出现；质量指标 | 验收合格率 | ≥95% 与 时效指标 | 验收合格率 | ≥95%",
    fix="删除重复行，或把两行改成不同的、可区分的指标，并放在合适的二级指标下。",
    source=S88,
    confidence="practice",
    defaults={"where": "", "where_en": ""},
)
def duplicate_indicator(table: Table, ctx: TableContext) -> Hits:
    seen: dict[tuple[str, str], int] = {}
    for i, ind in enumerate(table.indicators):
        if blank(ind.name):
            continue
        name = ind.name or ""
        key = (ind.period, name.replace(" ", "") if " " in name else name)
        first = seen.get(key)
        if first is None:
            seen[key] = i
            continue
        a = table.indicators[first].level2 or table.indicators[first].category2
        b = ind.level2 or ind.category2
        args: dict[str, Any] = {"name": ind.name, "first": first + 1}
        if a and b and a != b:
            args["where"] = f"（分别在「{a}」和「{b}」下）"
            args["where_en"] = f" (under {a!r} and {b!r})"
        yield i, args


@rule(
    "JX109",
    "no-indicators",
    "error",
    dimension="完整性",
    scope="table",
    title="没有绩效指标",
    title_en="No indicators",
    message="表中没有任何绩效指标",
    message_en="The table has no performance indicators",
    rationale="绩效目标表必须把总体目标细化为可衡量的绩效指标，没有指标的表无法审核、监控或自评。",
    example="只有项目名称、资金和总体目标、没有指标表格的目标表",
    fix="按 一级｜二级｜三级｜指标值 填写绩效指标。",
    source=S88,
    confidence="national",
)
def no_indicators(table: Table, ctx: TableContext) -> Hits:
    if table.kind in TARGET_KINDS and not table.indicators:
        yield None, {}


@rule(
    "JX110",
    "unknown-level2",
    "info",
    dimension="相关性",
    scope="indicator",
    title="二级指标不在指标体系内",
    title_en="Second-level indicator not in the framework",
    message="二级指标「{level2}」不是标准的二级指标名称",
    message_en="Second-level indicator {level2!r} is not a standard name",
    rationale="标准二级指标（数量、质量、时效、成本；经济、社会、生态效益、可持续影响；服务对象满意度）便于比较和自评；"
    "非标准名称需要人工判断其归属。",
    example="产出指标 | 工作指标 | 完成调研报告 | 3篇",
    fix="改用标准的二级指标名称。",
    source=f"{S88}；{S101}",
    confidence="national",
    applies=lambda c1, c2, q: c2 is None,
)
def unknown_level2(
    ind: Indicator, c1: str | None, c2: str | None, ctx: TableContext
) -> dict[str, Any] | None:
    if ind.level2 and ind.level2 not in LEVEL1_NAMES and not blank(ind.level2):
        return {"level2": ind.level2}
    return None


@rule(
    "JX111",
    "too-few-indicators",
    "warning",
    dimension="完整性",
    scope="table",
    title="三级指标数量不足（配额）",
    title_en="Too few indicators (quota)",
    message="只有 {count} 个三级指标，少于要求的 {minimum} 个",
    message_en="Only {count} indicators, fewer than the required {minimum}",
    rationale="部分地区要求每个项目至少设置一定数量的三级指标，以保证目标细化。默认关闭，"
    "在 [tool.jixiao] 中设置 min-indicators 后生效。",
    example="min-indicators = 6，而表中只有 4 个三级指标",
    fix="补充能反映项目产出和效益的三级指标。",
    source="地方预算绩效管理实践（各地要求不一）",
    confidence="practice",
)
def too_few_indicators(table: Table, ctx: TableContext) -> Hits:
    minimum = ctx.config.min_indicators  # type: ignore[attr-defined]
    if minimum is None or not _has_indicators(table):
        return
    if len(table.indicators) < minimum:
        yield None, {"count": len(table.indicators), "minimum": minimum}


@rule(
    "JX112",
    "missing-cost-indicators",
    "info",
    dimension="适当性",
    scope="table",
    title="缺少成本指标",
    title_en="No cost indicator",
    message="表中没有成本指标",
    message_en="The table has no cost indicator",
    rationale="101号把成本指标作为核心指标，要求反映项目的经济成本；有成本指标才能判断预算与产出是否匹配。",
    example="只有数量、质量、时效指标的产出指标组",
    fix="补充成本指标，如「设备采购成本 ≤50万元」。",
    source=S101,
    confidence="recalled",
    citations=(C101_COST_LEVELS,),
)
def missing_cost(table: Table, ctx: TableContext) -> Hits:
    if table.kind in ("project_target", "project_selfeval") and _missing(table, ctx, _COST1, _COST2):
        yield None, {}


@rule(
    "JX113",
    "missing-budget",
    "warning",
    dimension="完整性",
    scope="table",
    title="未填写预算数",
    title_en="No budget amount",
    message="项目未填写预算数（资金总额）",
    message_en="The project has no budget amount",
    rationale="绩效目标要与预算资金相匹配；没有预算数就无法审核适当性。",
    example="预算数 一栏为空",
    fix="填写项目预算数（资金总额）及其中财政资金、其他资金。",
    source=S88,
    confidence="national",
)
def missing_budget(table: Table, ctx: TableContext) -> Hits:
    f = table.funds
    if table.kind == "project_target" and table.project is not None and f.total is None and f.fiscal is None:
        yield None, {}


@rule(
    "JX114",
    "missing-goals",
    "warning",
    dimension="完整性",
    scope="table",
    title="未填写总体目标",
    title_en="No overall goal",
    message="未填写绩效目标（年度总体目标）",
    message_en="No overall (annual) goal is given",
    rationale="总体目标是细化绩效指标的依据，审核相关性时要看指标是否由目标分解而来。",
    example="绩效目标 一栏为空",
    fix="写明本年度要达到的总体目标，分条列出。",
    source=S88,
    confidence="national",
)
def missing_goals(table: Table, ctx: TableContext) -> Hits:
    has_header = table.project is not None or table.kind == "department_target"
    if table.kind in ("project_target", "department_target") and has_header:
        if not table.goals.annual and not table.goals.period:
            yield None, {}
