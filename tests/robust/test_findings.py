"""What the perturbation harness found, each fixed in the assembler and shown here on an input of
our own (STYLE.md 8: a Markdown table, or Blocks where the fixture needs merged cells)."""

from __future__ import annotations

from jixiao.assemble import assemble
from jixiao.blocks import Cell, Paragraph, TableBlock
from jixiao.model import Document

from ..ingest.md import one, read

_HEAD = """
某项目绩效目标表

| 项目名称 | 某项目 |
|---|---|
"""


def _codes(doc: Document) -> set[str]:
    return {w.code for w in doc.warnings}


def test_a_blank_value_header_is_read_by_content_and_said() -> None:
    doc = read(
        _HEAD
        + """
| 一级指标 | 二级指标 | 三级指标 |  |
|---|---|---|---|
| 产出指标 | 数量指标 | 新建道路 | ≥2公里 |
| ^ | 质量指标 | 验收合格率 | 100% |
| 效益指标 | 社会效益指标 | 受益人口 | ≥300人 |
"""
    )
    t = doc.tables[0]
    assert [i.target.text for i in t.indicators] == ["≥2公里", "100%", "≥300人"]
    said = [w.message for w in doc.warnings if w.code == "JX921"]
    assert said and "表头空白" in said[0] and "指标值" in said[0]
    assert t.confidence is not None and t.confidence < 1.0


def test_a_blank_name_header_is_read_by_content() -> None:
    t = one(
        _HEAD
        + """
| 一级指标 | 二级指标 |  | 指标值 |
|---|---|---|---|
| 产出指标 | 数量指标 | 新建道路 | ≥2公里 |
| ^ | 质量指标 | 验收合格率 | 100% |
| 效益指标 | 社会效益指标 | 受益人口 | ≥300人 |
"""
    )
    assert [(i.level2, i.name) for i in t.indicators] == [
        ("数量指标", "新建道路"),
        ("质量指标", "验收合格率"),
        ("社会效益指标", "受益人口"),
    ]


def test_a_blank_header_over_units_only_is_not_guessed() -> None:
    """A column of 公里 | 万亩 under a blank header: values with no figures, or a unit column — a
    person cannot tell.  The reader reads no target, says so (JX922) and is less sure."""
    doc = read(
        _HEAD
        + """
| 一级指标 | 二级指标 | 三级指标 |  |
|---|---|---|---|
| 产出指标 | 数量指标 | 新建堤防长度 | 公里 |
| ^ | ^ | 灌区节水改造面积 | 万亩 |
"""
    )
    t = doc.tables[0]
    assert [i.target.text for i in t.indicators] == [None, None]
    assert "JX922" in _codes(doc)
    assert t.confidence is not None and t.confidence < 0.9


def test_a_serial_number_column_is_never_the_value() -> None:
    t = one(
        _HEAD
        + """
| 序号 | 一级指标 | 二级指标 | 三级指标 |  |
|---|---|---|---|---|
| 1 | 产出指标 | 数量指标 | 新建道路 | ≥2公里 |
| 2 | ^ | 质量指标 | 验收合格率 | 100% |
| 3 | 效益指标 | 社会效益指标 | 受益人口 | ≥300人 |
"""
    )
    assert [i.target.text for i in t.indicators] == ["≥2公里", "100%", "≥300人"]


def test_level_columns_named_exactly_keep_their_content() -> None:
    """A1's central template: 实施效果指标 in the 一级 column, 产出指标 in the 二级 one.  A column its
    header names exactly keeps its role when the header leaves something else to settle (a 序号)."""
    t = one(
        _HEAD
        + """
| 序号 | 一级指标 | 二级指标 | 三级指标 | 指标值 |
|---|---|---|---|---|
| 1 | 实施效果指标 | 产出指标 | 建设项目个数 | 1 |
| 2 | ^ | 效益指标 | 综合利用率 | ≥90% |
"""
    )
    assert [(i.level1, i.level2) for i in t.indicators] == [
        ("实施效果指标", "产出指标"),
        ("实施效果指标", "效益指标"),
    ]


def test_a_level2_header_over_two_columns_with_a_blank_value_header() -> None:
    """A6: 二级指标 printed over the 二级 and the name columns, and the value column's header blank."""
    rows = [
        [Cell("一级指标"), Cell("二级指标", colspan=2), Cell("绩效标准"), Cell("")],
        [
            Cell("产出指标", rowspan=2),
            Cell("数量指标"),
            Cell("维修次数"),
            Cell("反映维修情况"),
            Cell("2280次"),
        ],
        [Cell("质量指标"), Cell("验收合格率"), Cell("反映验收情况"), Cell(">92%")],
    ]
    doc = assemble([Paragraph("某项目绩效目标表"), TableBlock(rows)])
    assert [(i.level2, i.name, i.description, i.target.text) for i in doc.tables[0].indicators] == [
        ("数量指标", "维修次数", "反映维修情况", "2280次"),
        ("质量指标", "验收合格率", "反映验收情况", ">92%"),
    ]


def test_a_grid_of_names_and_comparators_with_a_blank_value_header() -> None:
    """No level columns (a department self-evaluation): 指标名称 | 计量单位 | 指标性质 | <blank>."""
    t = one(
        _HEAD
        + """
| 指标名称 | 计量单位 | 指标性质 |  | 权重 |
|---|---|---|---|---|
| 管护任务完成率 | % | ≥ | 95 | 20 |
| 造林面积 | 亩 | ≥ | 300 | 20 |
"""
    )
    assert [(i.name, i.target.text, i.weight) for i in t.indicators] == [
        ("管护任务完成率", "≥95%", 20),
        ("造林面积", "≥300亩", 20),
    ]


def test_a_figure_with_its_own_wan_in_a_table_printed_in_yuan() -> None:
    """``854万`` under a ``(元)`` label is 8,540,000 元: the cell's own unit outranks the label's."""
    t = one(
        """
某项目绩效目标表

| 项目名称 | 某项目 |
|---|---|
| 年度资金总额(元) | 854万 |
| 其中：财政拨款(元) | 854万 |

| 一级指标 | 二级指标 | 三级指标 | 指标值 |
|---|---|---|---|
| 产出指标 | 数量指标 | 新建道路 | ≥2公里 |
"""
    )
    assert t.money_unit == "元"
    assert (t.funds.total, t.funds.fiscal) == (8_540_000, 8_540_000)


def test_a_year_line_with_the_year_in_brackets() -> None:
    """``(2020)年度`` printed under where the title would be: the table's year."""
    t = one(
        """
(2020)年度

| 项目名称 | 某项目 |
|---|---|

| 一级指标 | 二级指标 | 三级指标 | 指标值 |
|---|---|---|---|
| 产出指标 | 数量指标 | 新建道路 | ≥2公里 |
"""
    )
    assert t.year == 2020


_FLAT = """
部门预算项目绩效目标申报表

金额单位：元

| {0}单位名称 | {1}项目名称 | {2}预算数 | {3}年度目标 | {4}一级指标 | {5}二级指标 | {6}三级指标 | {7}指标值 |
|---|---|---|---|---|---|---|---|
| 820-马踏镇部门 | {sub} | 3,969,840.00 | | | | | |
| 820001-马踏镇人民政府 | 村组干部报酬 | 3,309,840.00 | 按时发放 | 产出指标 | 数量指标 | 村组干部人数 | ≥230人 |
| 820001-马踏镇人民政府 | 村组干部报酬 | 3,309,840.00 | 按时发放 | 效益指标 | 社会效益指标 | 维护社会稳定 | ≥95% |
"""


def test_a_flat_grid_with_numbered_headers() -> None:
    """A3 with its headers numbered (``1.单位名称``): the same projects, the same indicators."""
    numbers = [f"{n}." for n in range(1, 9)]
    t = one(_FLAT.format(*numbers, sub=""))
    assert t.project is not None and t.project.name == "村组干部报酬"
    assert [i.target.text for i in t.indicators] == ["≥230人", "≥95%"]


def test_a_flat_subtotal_row_unmerged_is_still_the_department() -> None:
    """The 部门 subtotal row's cell spanning 单位名称 and 项目名称, unmerged: its text printed twice."""
    t = one(_FLAT.format(*[""] * 8, sub="820-马踏镇部门"))
    assert t.department is not None and (t.department.code, t.department.name) == ("820", "马踏镇部门")
    assert t.project is not None and t.project.name == "村组干部报酬"


def test_numbered_header_block_labels() -> None:
    """``一、项目名称`` / ``2.主管部门``: a list number before a label does not hide its field."""
    t = one(
        """
某项目绩效目标表

| 一、项目名称 | 某项目 | 2.主管部门 | 某局 |
|---|---|---|---|
| 三、年度金额(万元) | 50 | | |

| 一级指标 | 二级指标 | 三级指标 | 指标值 |
|---|---|---|---|
| 产出指标 | 数量指标 | 新建道路 | ≥2公里 |
"""
    )
    assert t.project is not None and t.project.name == "某项目"
    assert t.department is not None and t.department.name == "某局"
    assert t.funds.total == 50


def test_a_numbered_cost_block() -> None:
    """A6's 项目预算成本构成 printed as a numbered section: its 合计 is still the budget."""
    t = one(
        """
某项目绩效目标表

| 项目名称 | 某项目 | |
|---|---|---|
| 四、项目预算成本构成 | 金额 | 测算依据 |
| 保安服务费 | 191 | 依据招标文件 |
| 保洁服务费 | 99 | 依据招标文件 |
| 合计 | 290 | |
| 五、绩效目标 | 办公大楼服务对象满意 | |

| 一级指标 | 二级指标 | 三级指标 | 指标值 |
|---|---|---|---|
| 产出指标 | 数量指标 | 维修次数 | 2280次 |
"""
    )
    assert t.funds.total == 290


def test_a_grid_of_comparators_and_values_with_a_blank_name_header() -> None:
    """指标性质 | 指标值 print an indicator grid even when no header names the 指标名称 column."""
    t = one(
        _HEAD
        + """
|  | 计量单位 | 指标性质 | 指标值 | 权重 |
|---|---|---|---|---|
| 管护任务完成率 | % | ≥ | 95 | 20 |
| 造林面积 | 亩 | ≥ | 300 | 20 |
"""
    )
    assert [(i.name, i.target.text) for i in t.indicators] == [
        ("管护任务完成率", "≥95%"),
        ("造林面积", "≥300亩"),
    ]


def test_a_long_term_half_with_a_blank_name_header() -> None:
    """A2's 长期 | 年度 halves: the blank header between the 长期 half's 二级 and 指标值 is its 三级."""
    t = one(
        _HEAD
        + """
| 一级指标 | 二级指标(长期) |  | 指标值(长期) | 二级指标(年度) | 三级指标(年度) | 指标值(年度) |
|---|---|---|---|---|---|---|
| 产出指标 | 数量指标 | 累计新建道路 | ≥10公里 | 数量指标 | 新建道路 | ≥2公里 |
"""
    )
    assert [(i.period, i.name, i.target.text) for i in t.indicators] == [
        ("period", "累计新建道路", "≥10公里"),
        ("annual", "新建道路", "≥2公里"),
    ]


def test_indicator_rows_with_no_header_beside_a_side_label() -> None:
    """绩效指标 merged down beside the indicator rows (no header printed): a side label, never the 三级."""
    rows = [
        [Cell("项目名称"), Cell("某项目", colspan=4)],
        [
            Cell("绩效指标", rowspan=2),
            Cell("产出指标", rowspan=2),
            Cell("数量指标", rowspan=2),
            Cell("猪肉产量稳定率"),
            Cell("≥95%"),
        ],
        [Cell("能繁母猪稳定率"), Cell("90%")],
    ]
    doc = assemble([Paragraph("某项目绩效目标表"), TableBlock(rows)])
    assert [(i.level1, i.level2, i.name, i.target.text) for i in doc.tables[0].indicators] == [
        ("产出指标", "数量指标", "猪肉产量稳定率", "≥95%"),
        ("产出指标", "数量指标", "能繁母猪稳定率", "90%"),
    ]
