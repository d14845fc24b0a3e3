"""The second pass of the catalogue (issue 19): what each new or changed rule lets through and
what it catches, beyond its fixture pair — the exemptions a reviewer relies on."""

from __future__ import annotations

import pytest

from jixiao.model import Funds, Goals, Indicator, Table
from jixiao.review import CheckConfig, Finding, check_table, get_rule
from jixiao.review.render import rule_markdown
from jixiao.review.summary import review
from jixiao.taxonomy import categorize
from jixiao.values import convert, parse_value, unit_cost_parts, unit_dimension


def ind(
    level1: str,
    level2: str,
    name: str,
    target: str,
    description: str | None = None,
    *,
    period: str = "annual",
    weight: float | None = None,
    deviation: str | None = None,
    actual: str | None = None,
    direction: str | None = None,
) -> Indicator:
    c1, c2 = categorize(level1, level2)
    return Indicator(
        level1=level1,
        level2=level2,
        category1=c1,
        category2=c2,
        name=name,
        description=description,
        period=period,
        target=parse_value(target),
        weight=weight,
        deviation=deviation,
        actual=parse_value(actual) if actual is not None else None,
        direction=direction,
    )


BASE = [
    ind("产出指标", "数量指标", "完成任务数量", "≥10个"),
    ind("产出指标", "质量指标", "验收合格率", "≥95%"),
    ind("产出指标", "时效指标", "按时完成率", "≥90%"),
    ind("产出指标", "成本指标", "不超过预算资金", "≤50万元"),
    ind("效益指标", "社会效益指标", "服务覆盖率", "≥90%"),
    ind("满意度指标", "服务对象满意度指标", "服务对象满意度", "≥90%"),
]


def target_table(*extra: Indicator, base: list[Indicator] | None = None, **kw: object) -> Table:
    t = Table(
        kind="project_target",
        year=2024,
        money_unit="万元",
        funds=Funds(total=50.0, fiscal=50.0),
        goals=Goals(annual=["做好测试工作。"]),
        indicators=[*(BASE if base is None else base), *extra],
    )
    for k, v in kw.items():
        setattr(t, k, v)
    return t


def codes(table: Table, prefix: str = "") -> list[tuple[str, int | None]]:
    return [(f.code, f.indicator) for f in check_table(table) if f.code.startswith(prefix)]


def found(table: Table, code: str) -> list[Finding]:
    return [f for f in check_table(table) if f.code == code]


# ---- JX204 target-not-quantified ----------------------------------------------------


def test_social_and_ecological_costs_may_be_written_in_words() -> None:
    table = target_table(
        ind("成本指标", "社会成本指标", "对周边群众的影响", "无明显负面影响"),
        ind("成本指标", "生态环境成本指标", "对生态环境的影响", "有效控制"),
        ind("成本指标", "经济成本指标", "设备维护成本", "控制在合理范围"),
        base=BASE[:3] + BASE[4:],
    )
    hits = found(table, "JX204")
    assert [f.indicator for f in hits] == [7]  # only the economic cost must be a number
    assert "经济成本指标应有数值" in hits[0].message()


def test_a_grade_word_passes_with_its_grades_and_asks_for_them_without() -> None:
    graded = ind("产出指标", "质量指标", "服务质量", "良好", "按优、良、中、差四档评价，良好指……")
    bare = ind("产出指标", "质量指标", "服务态度", "较好")
    table = target_table(graded, bare)
    hits = found(table, "JX204")
    assert [f.indicator for f in hits] == [7]
    assert "分级标准" in hits[0].message() and "优、良、中、差" in hits[0].message()
    assert "define the grades" in hits[0].message("en")


def test_a_placeholder_is_jx209_not_also_jx204() -> None:
    table = target_table(
        base=[*BASE[:3], ind("产出指标", "成本指标", "单项业务成本", "符合相关规定"), *BASE[4:]]
    )
    assert codes(table, "JX2") == [("JX209", 3)]


def test_a_finding_stored_before_the_new_arguments_renders_as_before() -> None:
    old = Finding(
        "JX204",
        "target-not-quantified",
        "warning",
        0,
        0,
        {"value": "提升", "why": "（含「提升」）", "why_en": " (uses '提升')"},
    )
    assert old.message() == "指标值「提升」是定性表述（含「提升」），应尽量量化"
    assert old.message("en") == "Target value '提升' is qualitative (uses '提升'); it should be quantified"


# ---- JX209, JX210 --------------------------------------------------------------------


@pytest.mark.parametrize(
    "text", ["达成预期指标", "达到预期目标", "按要求完成", "符合规定", "合格", "完成", "按计划实施"]
)
def test_placeholders(text: str) -> None:
    table = target_table(base=[*BASE[:4], ind("效益指标", "社会效益指标", "社会影响", text), BASE[5]])
    assert codes(table, "JX209") == [("JX209", 4)]


@pytest.mark.parametrize("text", ["符合国家标准", "无明显负面影响", "2024年12月底前", "圆满完成"])
def test_not_placeholders(text: str) -> None:
    table = target_table(base=[*BASE[:4], ind("效益指标", "社会效益指标", "社会影响", text), BASE[5]])
    assert codes(table, "JX209") == []


@pytest.mark.parametrize(
    ("name", "value", "direction", "fires"),
    [
        ("培训人次", "≥0人次", None, True),
        ("培训覆盖率", "≥1%", None, True),
        ("新建站点", "=0个", None, True),
        ("安全事故发生次数", "=0次", None, False),  # less is better: zero is the target
        ("违规次数", "0次", "negative", False),
        ("收入增长率", "≥1%", None, False),  # a growth rate of 1% is a real target
        ("能耗降低率", "≥1%", None, False),
        ("培训人次", "≥100人次", None, False),
    ],
)
def test_trivial_targets(name: str, value: str, direction: str | None, fires: bool) -> None:
    line = ind("产出指标", "数量指标", name, value, direction=direction)
    assert bool(codes(target_table(line), "JX210")) is fires


# ---- JX108 duplicate-indicator ---------------------------------------------------------


def test_the_same_name_under_two_level2_is_a_duplicate_but_annual_and_period_are_not() -> None:
    table = target_table(ind("产出指标", "时效指标", "验收 合格率", "≥95%"))
    [hit] = found(table, "JX108")
    assert hit.indicator == 6 and "「质量指标」和「时效指标」" in hit.message()
    table = target_table(ind("产出指标", "质量指标", "验收合格率", "≥95%", period="period"))
    assert found(table, "JX108") == []


# ---- JX115, JX116 -------------------------------------------------------------------


def test_input_measures_are_caught_and_the_evaluation_framework_is_left_alone() -> None:
    names = [
        "预算执行率",
        "资金到位率",
        "资金使用合规性",
        "经费支出合规率",
        "管理制度健全性",
        "资金拨付及时率",
    ]
    table = target_table(*(ind("产出指标", "质量指标", n, "100%") for n in names))
    assert [i for _, i in codes(table, "JX115")] == list(range(6, 12))
    for name in ("国家政策性粮收购价格执行率", "县级储备粮管理制度严格执行率"):
        assert codes(target_table(ind("产出指标", "质量指标", name, "100%")), "JX115") == []
    assert codes(target_table(ind("项目管理", "资金管理", "预算执行率", "100%")), "JX115") == []
    selfeval = target_table(ind("产出指标", "质量指标", "预算执行率", "100%"), kind="project_selfeval")
    assert "重复计分" in found(selfeval, "JX115")[0].message()


def test_outcome_lines_that_repeat_the_quantity_lines() -> None:
    base = [
        ind("产出指标", "数量指标", "补助困难群众人数", "500人"),
        *BASE[1:4],
        ind("效益指标", "社会效益指标", "受益困难群众人数", "500人"),
        ind("效益指标", "社会效益指标", "群众满意度", "≥90%"),
        BASE[5],
    ]
    [hit] = found(target_table(base=base), "JX116")
    assert hit.indicator == 4 and "满意度指标或数量指标的重复" in hit.message()
    base[4] = ind("效益指标", "社会效益指标", "困难群众人均增收", "≥500元")
    assert found(target_table(base=base), "JX116") == []


# ---- compound money units, JX306, JX302 ------------------------------------------------


def test_compound_money_units() -> None:
    assert unit_cost_parts("万元/台") == ("万元", ("台",))
    assert unit_cost_parts("元/人/年") == ("元", ("人", "年"))
    assert unit_cost_parts("万元/公里") == ("万元", ("公里",))
    assert unit_cost_parts("万元") is None and unit_cost_parts("元/项目") is None
    assert {unit_dimension(u) for u in ("万元/台", "元/人/年", "万元/公里", "元/人")} == {"unit-cost"}
    assert convert(10, "万元/台", "元/台") == 100000 and convert(10, "万元/台", "元/人") is None
    v = parse_value("≤2000元/人/年")
    assert (v.op, v.number, v.unit) == ("≤", 2000, "元/人/年")


def test_unit_costs_parse_and_stay_out_of_the_amount_rules() -> None:
    table = target_table(
        ind("产出指标", "成本指标", "道路建设单价", "≤10万元/公里"),
        ind("产出指标", "成本指标", "人均补助标准", "≤2000元/人/年"),
        ind("产出指标", "成本指标", "设备单价", "≤60万元/台"),
    )
    got = codes(table)
    assert not [c for c, _ in got if c in ("JX201", "JX302", "JX303", "JX402")]
    [hit] = found(table, "JX306")  # one 台 costs more than the whole budget
    assert hit.indicator == 8 and "1台" in hit.message() and hit.severity == "warning"


def test_unit_cost_times_the_likest_quantity_line() -> None:
    table = target_table(
        ind("产出指标", "数量指标", "采购办公电脑", "20台"),
        ind("产出指标", "数量指标", "采购打印机", "2台"),
        ind("产出指标", "成本指标", "打印机单价", "≤5万元/台"),
        ind("产出指标", "数量指标", "补助人数", "300人"),
        ind("产出指标", "成本指标", "人均补助", "≤2000元/人/年"),
    )
    [hit] = found(table, "JX306")  # 5 × 2 = 10; 0.2 × 300 = 60 > 50
    assert hit.indicator == 10 and "补助人数" in hit.message() and "60万元" in hit.message()


def test_spending_above_the_budget_is_an_error() -> None:
    table = Table(
        kind="project_selfeval", money_unit="万元", funds=Funds(total=100, adjusted=100, executed=120)
    )
    [hit] = found(table, "JX307")
    assert hit.severity == "error" and "120万元" in hit.message()
    table.funds.executed = 100.004
    assert found(table, "JX307") == []


# ---- JX404, JX405, JX406 --------------------------------------------------------------


@pytest.mark.parametrize(
    ("goal", "fires"),
    [
        ("全年培训基层干部200人次", True),
        ("全年培训基层干部100人次以上", False),  # the indicator says the same
        ("全年培训基层干部不少于80人次", False),  # the indicator asks more: not a contradiction
        ("全年接待来访群众200人次", False),  # nothing in common with 培训
        ("安排培训经费20万元", False),  # money in a goal is the budget's split
    ],
)
def test_goal_against_indicator(goal: str, fires: bool) -> None:
    table = target_table(
        ind("产出指标", "数量指标", "培训基层干部人次", "≥100人次"), goals=Goals(annual=[goal])
    )
    assert bool(found(table, "JX404")) is fires


def test_a_goal_percentage_needs_more_than_one_word_in_common() -> None:
    table = target_table(
        goals=Goals(annual=["完成项目主体工程70%"]),
        base=[*BASE, ind("产出指标", "质量指标", "工程验收合格率", "100%")],
    )
    assert found(table, "JX404") == []


def test_dates_against_the_budget_year_and_the_printed_period() -> None:
    table = target_table(
        ind("产出指标", "时效指标", "设备安装时间", "2025年6月底前"),
        ind("产出指标", "时效指标", "系统上线时间", "2026年12月", period="period"),
        ind("产出指标", "时效指标", "平台建成时间", "2027年6月", period="period"),
        purpose="实施期：2024—2026年",
    )
    assert [i for _, i in codes(table, "JX405")] == [6, 8]
    table.year = None  # no budget year printed: nothing to compare with
    assert [i for _, i in codes(table, "JX405")] == [8]


def test_annual_above_period_only_for_counts() -> None:
    table = target_table(
        ind("产出指标", "数量指标", "新建服务站", "30个"),
        ind("产出指标", "数量指标", "新建服务站", "20个", period="period"),
        ind("产出指标", "质量指标", "站点达标率", "≥98%"),
        ind("产出指标", "质量指标", "站点达标率", "≥95%", period="period"),
    )
    assert codes(table, "JX406") == [("JX406", 6)]


# ---- JX505 missing-deviation-reason ----------------------------------------------------


def _missed(reason: str | None) -> Table:
    return Table(
        kind="project_selfeval",
        money_unit="万元",
        funds=Funds(total=100, adjusted=100, executed=100, weight=10, score=10),
        outcome="完成了测试工作。",
        indicators=[
            ind("产出指标", "质量指标", "验收合格率", "≥95%", weight=50, actual="60%", deviation=reason)
        ],
    )


@pytest.mark.parametrize("reason", [None, "无", "暂无", "已完成", "—", "/", "不适用", "正常。"])
def test_placeholder_reasons_are_missing(reason: str | None) -> None:
    assert codes(_missed(reason), "JX505") == [("JX505", 0)]


def test_a_real_reason_is_a_reason() -> None:
    assert codes(_missed("设备故障，下年加强维护"), "JX505") == []


# ---- JX510, JX511, JX512 ----------------------------------------------------------


def _weighted(
    *weights: float, kind: str = "project_selfeval", execution: float | None = 10, **kw: object
) -> Table:
    lines = [
        ind("产出指标", "数量指标", "完成任务数量", "≥10个", weight=weights[0], actual="10个"),
        ind("产出指标", "质量指标", "验收合格率", "≥95%", weight=weights[1], actual="96%"),
        ind("效益指标", "社会效益指标", "服务覆盖率", "≥90%", weight=weights[2], actual="92%"),
        ind("满意度指标", "服务对象满意度指标", "服务对象满意度", "≥90%", weight=weights[3], actual="95%"),
    ]
    t = Table(
        kind=kind,
        money_unit="万元",
        funds=Funds(total=100, adjusted=100, executed=100, weight=execution),
        outcome="完成了测试工作。",
        indicators=lines,
    )
    for k, v in kw.items():
        setattr(t, k, v)
    return t


def test_weights_against_the_level_header_and_against_100() -> None:
    assert codes(_weighted(25, 25, 30, 10), "JX51") == []
    [hit] = found(_weighted(25, 20, 30, 10, level_weights={"产出指标": 50}), "JX510")
    assert hit.indicator == 0 and "标明 50 分" in hit.message() and "合计 45 分" in hit.message()
    hits = found(_weighted(25, 20, 30, 10), "JX510")
    assert [h.indicator for h in hits] == [None] and "共 95 分" in hits[0].message()


def test_a_target_table_may_leave_ten_for_the_execution_rate() -> None:
    assert found(_weighted(25, 25, 30, 10, kind="project_target", execution=None), "JX510") == []
    assert found(_weighted(30, 30, 30, 10, kind="project_target", execution=None), "JX510") == []
    assert found(_weighted(20, 20, 30, 10, kind="project_target", execution=None), "JX510")


def test_a_missing_level_is_left_to_the_structure_rules() -> None:
    table = _weighted(25, 25, 30, 10)
    table.indicators.pop()  # no 满意度: the total is 90, and JX106 says why
    assert found(table, "JX510") == []


def test_weights_off_policy_are_a_remark() -> None:
    [hit] = found(_weighted(20, 20, 25, 25), "JX511")
    assert hit.severity == "info"
    assert (
        "效益指标 25 分（规则 30 分）" in hit.message() and "满意度指标 25 分（规则 10 分）" in hit.message()
    )
    config = CheckConfig(scoring_policy="linear-80-50")
    assert [f.code for f in check_table(_weighted(25, 25, 30, 10), config) if f.code == "JX511"] == []


@pytest.mark.parametrize(
    ("outcome", "fires"),
    [
        (None, True),
        ("——", True),
        ("对照年度目标,说明相关任务目标的完成情况(100字以内)", True),
        ("全年完成任务12个，验收全部合格。", False),
    ],
)
def test_outcome_missing(outcome: str | None, fires: bool) -> None:
    assert bool(found(_weighted(25, 25, 30, 10, outcome=outcome), "JX512")) is fires
    assert (
        found(_weighted(25, 25, 30, 10, outcome=outcome, kind="project_target", execution=None), "JX512")
        == []
    )


# ---- the review summary and the rule pages --------------------------------------------

NEW = "JX115 JX116 JX209 JX210 JX306 JX307 JX404 JX405 JX406 JX510 JX511 JX512".split()


@pytest.mark.parametrize("code", NEW)
def test_new_findings_fold_into_their_dimension(code: str) -> None:
    r = get_rule(code)
    assert r is not None
    f = Finding(code, r.name, r.severity, 0, None, {}, dimension=r.dimension)
    rev = review([f], CheckConfig(), file=None, table_index=0, table=Table())
    assert rev.dimensions[r.dimension].findings == [f]
    assert rev.grade == {"error": "中", "warning": "良", "info": "优"}[r.severity]


def test_rule_pages_quote_what_was_read_and_mark_the_rest_recalled() -> None:
    quoted = get_rule("JX204")
    assert quoted is not None and quoted.citations
    page = rule_markdown(quoted)
    assert "> 具体细化。绩效目标应从数量、质量、成本和时效等方面进行细化" in page
    assert "http://fsou.com/" in page and "回忆所得（recalled）" in page
    plain = get_rule("JX510")
    assert plain is not None and not plain.citations
    assert "未摘录条文" in rule_markdown(plain) and "回忆所得（recalled）" in rule_markdown(plain)
    assert quoted.to_dict()["citations"][0]["url"].startswith("http")


def test_a_table_printed_in_traditional_script_meets_the_same_word_lists() -> None:
    # dev/44's mirror prints its tables in Traditional characters: the word lists match the
    # folded text, and the finding quotes the indicator as printed
    table = target_table(
        ind("產出指標", "質量指標", "經費支出合規性", "100%"),
        ind("產出指標", "時效指標", "項目完成時間", "按計劃完成"),
        ind("產出指標", "質量指標", "服務態度", "較好"),
    )
    assert ("JX115", 6) in codes(table)
    assert ("JX209", 7) in codes(table)
    assert ("JX204", 8) in codes(table)
    assert "經費支出合規性" in found(table, "JX115")[0].message()
