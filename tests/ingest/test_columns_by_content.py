"""Columns by content, tables by content, template rows, prose and confidence (assemble/columns.py,
content.py, tables.py, prose.py, evidence.py): one small input of our own for each mechanism."""

from __future__ import annotations

from jixiao.assemble import assemble
from jixiao.assemble.evidence import LOW
from jixiao.blocks import Cell, Paragraph, TableBlock
from jixiao.model import Document

from .md import one, read


def _codes(doc: Document) -> list[str]:
    return [w.code for w in doc.warnings]


# ---- column roles from content, with no header at all --------------------------------------


def test_indicator_rows_with_no_header_get_their_columns_from_content() -> None:
    doc = read("""
某项目绩效目标表

| 项目名称 | 某项目 |
|---|---|

| 产出指标 | 数量指标 | 新建道路 | ≥2公里 |
|---|---|---|---|
| ^ | 质量指标 | 验收合格率 | 100% |
| 效益指标 | 社会效益指标 | 受益人口 | ≥300人 |
""")
    t = doc.tables[0]
    assert [(i.level1, i.level2, i.name, i.target.text) for i in t.indicators] == [
        ("产出指标", "数量指标", "新建道路", "≥2公里"),
        ("产出指标", "质量指标", "验收合格率", "100%"),
        ("效益指标", "社会效益指标", "受益人口", "≥300人"),
    ]
    explained = [w for w in doc.warnings if w.code == "JX921"]
    assert explained and "无表头" in explained[0].message and "指标值" in explained[0].message


def test_one_header_over_a_section_column_and_the_level_column() -> None:
    """一级指标 printed over two columns: the one that holds level names is the 一级 column."""
    rows = [
        [Cell("一级指标", colspan=2), Cell("二级指标"), Cell("三级指标"), Cell("指标值")],
        [
            Cell("绩效指标", rowspan=2),
            Cell("产出指标", rowspan=2),
            Cell("数量指标"),
            Cell("猪肉产量稳定率"),
            Cell("≥95%"),
        ],
        [Cell("质量指标"), Cell("能繁母猪稳定率"), Cell("90%")],
    ]
    doc = assemble([Paragraph("生猪调出大县奖励资金区域绩效目标表"), TableBlock(rows)])
    assert [(i.level1, i.level2, i.name) for i in doc.tables[0].indicators] == [
        ("产出指标", "数量指标", "猪肉产量稳定率"),
        ("产出指标", "质量指标", "能繁母猪稳定率"),
    ]
    assert "JX921" in _codes(doc)


def test_a_header_that_names_levels_vaguely_is_settled_by_what_the_column_holds() -> None:
    """評價內容 over two columns holding 產出目標 | 數量目標: the 一级 and 二级 columns."""
    rows = [
        [Cell("評價內容", colspan=2), Cell("績效內容"), Cell("績效目標值"), Cell("實際完成值")],
        [Cell("產出目標", rowspan=2), Cell("數量目標"), Cell("活動次數"), Cell(">=28次"), Cell("40次")],
        [Cell("質量目標"), Cell("知曉率"), Cell(">=95%"), Cell("98%")],
    ]
    t = assemble([TableBlock(rows)]).tables[0]
    assert [(i.level1, i.level2, i.name, i.target.text) for i in t.indicators] == [
        ("產出目標", "數量目標", "活動次數", ">=28次"),
        ("產出目標", "質量目標", "知曉率", ">=95%"),
    ]


# ---- comparator, direction and unit columns ------------------------------------------------


def test_a_qualifier_column_is_read_by_what_it_holds_whatever_its_header_says() -> None:
    """指标性质 holding 正向/反向 is the direction; 指标方向 holding = is the comparator (one Inner
    Mongolia form prints them so); 计量单位 joins a bare number, never a number of its own."""
    doc = read("""
再生资源回收市场管理经费项目绩效目标表

| 项目名称 | 再生资源回收市场管理经费 |
|---|---|

| 一级指标 | 二级指标 | 三级指标 | 指标性质 | 指标方向 | 目标值 | 计量单位 | 分值 |
|---|---|---|---|---|---|---|---|
| 产出指标 | 数量指标 | 出差人次 | 正向 | = | 24 | 人/次 | 4 |
| ^ | 时效指标 | 资金到位时间 | 正向 | = | 44,561 | 44,561 | 10 |
| ^ | 成本指标 | 出差总成本 | 反向 | ≤ | 1 | 万元 | 4 |
""")
    inds = doc.tables[0].indicators
    assert [(i.target.text, i.target.op, i.target.number, i.target.unit, i.direction) for i in inds] == [
        ("=24人/次", "=", 24, "人/次", "positive"),
        ("=44,561", "=", 44561, None, "positive"),
        ("≤1万元", "≤", 1, "万元", "negative"),
    ]
    dates = [w for w in doc.warnings if w.code == "JX923"]
    assert len(dates) == 1 and "2021-12-31" in dates[0].message and "资金到位时间" in dates[0].message


def test_a_comparator_column_and_a_unit_column_that_joins_the_actual_too() -> None:
    t = one("""
部门整体绩效自评表

| 主管部门 | 某区林业局 |
|---|---|

| 指标名称 | 计量单位 | 计算符号 | 指标值 | 全年完成值 | 指标得分(分) |
|---|---|---|---|---|---|
| 管护任务完成率 | % | ≥ | 90 | 100 | 10 |
| 森林火灾受害率 | % | ≤ | 0.9 | 0 | 10 |
""")
    assert [
        (i.target.text, i.target.op, i.actual.text if i.actual else None, i.score) for i in t.indicators
    ] == [
        ("≥90%", "≥", "100%", 10),
        ("≤0.9%", "≤", "0%", 10),
    ]


# ---- choosing tables -----------------------------------------------------------------------


def test_an_allocation_table_printed_first_is_context_not_the_target_table() -> None:
    doc = read("""
2023年衔接推进乡村振兴补助资金分配表

| 序号 | 乡镇 | 金额(万元) |
|---|---|---|
| 1 | 甲镇 | 120 |
| 2 | 乙镇 | 80 |
| 3 | 丙镇 | 50 |

2023年衔接推进乡村振兴补助资金绩效目标表

| 项目名称 | 衔接资金产业项目 |
|---|---|
| 年度资金总额 | 250 |

| 一级指标 | 二级指标 | 三级指标 | 指标值 |
|---|---|---|---|
| 产出指标 | 数量指标 | 扶持乡镇数 | 3个 |
""")
    assert len(doc.tables) == 1
    t = doc.tables[0]
    assert t.project is not None and t.project.name == "衔接资金产业项目"
    assert t.funds.total == 250 and [i.name for i in t.indicators] == ["扶持乡镇数"]
    context = [w for w in doc.warnings if w.code == "JX925"]
    assert (
        len(context) == 1 and "序号 | 乡镇 | 金额(万元)" in context[0].message and context[0].where == "表1"
    )


def test_a_money_block_of_labels_and_values_is_no_allocation_list() -> None:
    t = one("""
某项目绩效目标表

| 项目名称 | 某项目 |
|---|---|

| 资金总额 | 300 |
|---|---|
| 其中：财政拨款 | 200 |
| 其他资金 | 100 |

| 一级指标 | 二级指标 | 三级指标 | 指标值 |
|---|---|---|---|
| 产出指标 | 数量指标 | 建设数量 | 3个 |
""")
    assert (t.funds.total, t.funds.fiscal, t.funds.other) == (300, 200, 100)


def test_a_header_block_of_spaced_label_value_cells_is_no_allocation_list() -> None:
    # 项 目 名 称：X in one cell, labels spaced to fill the cell: a header block, not a list of
    # amounts (a figure follows every label, and 年 度 目 标 is 年度目标 spaced)
    doc = read("""
部门预算项目绩效目标申报表(2023年度)

| 项 目 名 称：村组干部报酬 | 年 度 目 标：按时发放村组干部报酬 |
|---|---|
| 主 管 部 门：820-马踏镇部门 | 年 度 资 金 总 额：3309840 |
| 实 施 单 位：820001-井研县马踏镇人民政府 | |

| 一级指标 | 二级指标 | 三级指标 | 指标值 |
|---|---|---|---|
| 产出指标 | 数量指标 | 村组干部人数 | ≥230个 |
""")
    t = doc.tables[0]
    assert (t.project and t.project.name, t.unit.code, t.department.name) == (
        "村组干部报酬",
        "820001",
        "马踏镇部门",
    )
    assert t.funds.total == 3309840 and t.goals.annual == ["按时发放村组干部报酬"]
    assert "JX925" not in _codes(doc)


def test_a_wide_table_gives_one_indicator_per_entity_column() -> None:
    doc = read("""
2023年村级道路项目绩效目标表

| 一级指标 | 二级指标 | 三级指标 | 甲村 | 乙村 | 丙村 |
|---|---|---|---|---|---|
| 产出指标 | 数量指标 | 硬化道路长度 | 2公里 | 3公里 | 1.5公里 |
| 效益指标 | 社会效益指标 | 受益人口 | ≥300人 | ≥200人 | ≥150人 |
""")
    t = doc.tables[0]
    assert [(i.name, i.target.text) for i in t.indicators] == [
        ("硬化道路长度(甲村)", "2公里"),
        ("硬化道路长度(乙村)", "3公里"),
        ("硬化道路长度(丙村)", "1.5公里"),
        ("受益人口(甲村)", "≥300人"),
        ("受益人口(乙村)", "≥200人"),
        ("受益人口(丙村)", "≥150人"),
    ]
    assert "JX928" in _codes(doc)


def test_a_wide_table_with_its_entities_under_one_value_header() -> None:
    rows = [
        [
            Cell("一级指标", rowspan=2),
            Cell("二级指标", rowspan=2),
            Cell("三级指标", rowspan=2),
            Cell("指标值", colspan=2),
        ],
        [Cell("东村"), Cell("西村")],
        [Cell("产出指标"), Cell("数量指标"), Cell("新建水渠"), Cell("2条"), Cell("1条")],
    ]
    doc = assemble([TableBlock(rows)])
    assert [(i.name, i.target.text) for i in doc.tables[0].indicators] == [
        ("新建水渠(东村)", "2条"),
        ("新建水渠(西村)", "1条"),
    ]
    assert _codes(doc) == ["JX928"]


# ---- template rows ---------------------------------------------------------------------------


def test_template_placeholder_rows_are_dropped_with_a_warning() -> None:
    doc = read("""
某项目绩效自评表

| 一级指标 | 二级指标 | 三级指标 | 年度指标值 | 实际完成值 |
|---|---|---|---|---|
| 产出指标 | 数量指标 | 保障人数 | 2370人 | 2370人 |
| ^ | ^ | 指标2: | | |
| ^ | 质量指标 | 指标1 | | |
| 效益指标 | 社会效益指标 | …… | | |
| ^ | 生态效益指标 | 指标1:新建林地面积 | | |
""")
    t = doc.tables[0]
    # a named indicator with no value yet stays (指标1:新建林地面积, target null)
    assert [i.name for i in t.indicators] == ["保障人数", "指标1:新建林地面积"]
    dropped = [w for w in doc.warnings if w.code == "JX924"]
    assert len(dropped) == 2 and all(w.where for w in dropped)


# ---- prose --------------------------------------------------------------------------------


def test_targets_stated_only_in_prose_are_read_and_marked() -> None:
    doc = read("""
某县2023年农村道路建设项目绩效目标表

项目名称：农村道路建设项目

本项目预算资金120万元。项目绩效目标如下：（1）数量目标：新建农村道路绩效目标值是12公里；（2）质量目标：工程验收合格率不低于98%；（3）时效目标：项目完成时间为2023年12月底前；（4）满意度目标：群众满意度达到95%以上。
""")
    t = doc.tables[0]
    assert t.funds.total == 120 and t.money_unit == "万元"
    assert [(i.level2, i.name, i.target.text, i.target.op, i.target.number) for i in t.indicators] == [
        ("数量目标", "新建农村道路", "12公里", "=", 12),
        ("质量目标", "工程验收合格率", "不低于98%", "≥", 98),
        ("时效目标", "项目完成时间", "2023年12月底前", "=", 2023),
        ("满意度目标", "群众满意度", "95%以上", "≥", 95),
    ]
    assert [i.category2 for i in t.indicators] == ["数量指标", "质量指标", "时效指标", "服务对象满意度指标"]
    assert _codes(doc).count("JX926") == 4  # one per indicator read from prose
    assert t.confidence is not None and t.confidence < LOW and "JX929" in _codes(doc)


def test_prose_that_speaks_of_targets_it_does_not_structure_is_reported() -> None:
    doc = read("某项目绩效目标\n\n确保全年完成各项任务的95%左右，力争有所提高。\n")
    assert not any(t.indicators for t in doc.tables)
    assert "JX927" in _codes(doc)


def test_prose_beside_a_table_fills_only_what_the_table_left_empty() -> None:
    doc = read("""
項目年度績效目標(定量目標)

| 一級指標 | 二級指標 | 績效內容 | 績效目標值 | 實際完成值 |
|---|---|---|---|---|
| 產出目標 | 數量目標 | 活動次數 | >=28次 | 40次 |

本項目累計安排資金10萬元，總得分90。（1）時效目標：到位時間績效目標值是2023年12月前。
""")
    assert len(doc.tables) == 1
    t = doc.tables[0]
    assert t.title == "項目年度績效目標(定量目標)"  # a caption right above the table
    assert (t.funds.total, t.money_unit, t.total_score) == (10, "萬元", 90)
    assert [i.name for i in t.indicators] == ["活動次數"]  # the table's indicators, not the prose's


# ---- confidence ---------------------------------------------------------------------------


def test_confidence_falls_as_evidence_goes_missing() -> None:
    known = one("""
某项目绩效目标表

| 项目名称 | 某项目 |
|---|---|

| 一级指标 | 二级指标 | 三级指标 | 指标值 |
|---|---|---|---|
| 产出指标 | 数量指标 | 建设数量 | 3个 |
""")
    fuzzy = one("""
某项目绩效目标表

| 项目名称 | 某项目 |
|---|---|

| 一级 | 二级 | 三级 | 年度数值 | 累计完成率 |
|---|---|---|---|---|
| 产出指标 | 数量指标 | 建设数量 | 3个 | 100% |
""")
    headerless = one("""
某项目绩效目标表

| 产出指标 | 数量指标 | 建设数量 | 3个 |
|---|---|---|---|
| 效益指标 | 社会效益指标 | 受益人口 | 300人 |
""")
    prose = one("某项目绩效目标表\n\n群众满意度达到95%以上。\n")
    assert known.confidence == 1.0
    assert known.confidence > fuzzy.confidence > headerless.confidence > prose.confidence  # type: ignore[operator]
    assert prose.confidence is not None and prose.confidence < LOW
