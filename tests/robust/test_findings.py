"""What the perturbation harness found, each fixed in the assembler and shown here on an input of
our own (STYLE.md 8: a Markdown table, or Blocks where the fixture needs merged cells)."""

from __future__ import annotations

import pytest

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


_GRID = """
| 一级指标 | 二级指标 | 三级指标 | 指标值 |
|---|---|---|---|
| 产出指标 | 数量指标 | 森林抚育面积 | ≥21万亩 |
| 效益指标 | 生态效益指标 | 森林覆盖率 | ≥55% |
"""


def _kind_said(doc: Document) -> list[str]:
    return [str(w.message) for w in doc.warnings if w.code == "JX929" and "表种类" in str(w.message)]


def test_a_department_form_with_no_title_is_read_by_what_it_holds_and_said() -> None:
    """No title: a 主管部门 and no 项目名称 row say 部门整体; the reader says it decided so."""
    doc = read("| 主管部门 | 某区林业局 |\n|---|---|\n" + _GRID)
    t = doc.tables[0]
    assert t.kind == "department_target" and t.project is None
    assert _kind_said(doc) and t.confidence is not None and t.confidence < 0.9


def test_a_department_label_says_so_without_a_title() -> None:
    doc = read("| 部门(单位)名称 | 某区林业局 |\n|---|---|\n| 年度主要任务 | 森林资源管护 |\n" + _GRID)
    assert doc.tables[0].kind == "department_target"
    assert _kind_said(doc)


def test_a_project_form_with_no_title_stays_a_project_unsaid() -> None:
    doc = read("| 项目名称 | 森林抚育 |\n|---|---|\n| 主管部门 | 某区林业局 |\n" + _GRID)
    assert doc.tables[0].kind == "project_target"
    assert not _kind_said(doc)


def test_a_title_and_a_form_that_disagree_are_said() -> None:
    """The title says 部门整体 and a project is named: the title's kind, and a person checks it."""
    doc = read("某局部门整体支出绩效目标表\n\n| 项目名称 | 森林抚育 |\n|---|---|\n" + _GRID)
    assert doc.tables[0].kind == "department_target"
    assert _kind_said(doc)
    doc = read(
        "某项目支出绩效目标表\n\n| 部门职责 | 森林资源管护 |\n|---|---|\n| 主管部门 | 某局 |\n" + _GRID
    )
    assert doc.tables[0].kind == "project_target"
    assert _kind_said(doc)


_HALVES = {
    "targets first": (
        "| 一级指标 | 二级指标(长期) | 指标值(长期) |  | 二级指标(年度) | 三级指标(年度) | 指标值(年度) |",
        "| 产出指标 | 数量指标 | ≥10公里 | 累计新建道路 | 数量指标 | 新建道路 | ≥2公里 |",
    ),
    "both blank": (
        "| 一级指标 | 二级指标(长期) |  |  | 二级指标(年度) | 三级指标(年度) | 指标值(年度) |",
        "| 产出指标 | 数量指标 | 累计新建道路 | ≥10公里 | 数量指标 | 新建道路 | ≥2公里 |",
    ),
    "levels last": (
        "|  | 指标值(长期) | 二级指标(年度) | 三级指标(年度) | 指标值(年度) | 一级指标 | 二级指标(长期) |",
        "| 累计新建道路 | ≥10公里 | 数量指标 | 新建道路 | ≥2公里 | 产出指标 | 数量指标 |",
    ),
}


@pytest.mark.parametrize("layout", list(_HALVES))
def test_a_long_term_half_with_blank_headers_beside_its_columns(layout: str) -> None:
    """A2's 长期 half printed with its 三级 header blank after its 指标值 (targets first), with its
    三级 and 指标值 headers both blank, or before its 指标值 (levels last): the blank-headed columns
    next to the half's own are its own — never the 年度 half's names read twice (a silent
    misreading the combined perturbations found: 14 indicators for 7, no warning)."""
    head, row = _HALVES[layout]
    t = one(_HEAD + f"\n{head}\n|{'---|' * 7}\n{row}\n")
    assert [(i.period, i.name, i.target.text) for i in t.indicators] == [
        ("period", "累计新建道路", "≥10公里"),
        ("annual", "新建道路", "≥2公里"),
    ]


def test_level_headers_over_blank_name_and_value_headers() -> None:
    """一级指标 | 二级指标 | (blank) | 指标解释 | (blank): a header still — its words are no goals, the
    解释 column is read — and the blank-headed columns are settled by content, and said."""
    doc = read(
        _HEAD
        + """| 年度目标 | 完成道路建设 |

| 一级指标 | 二级指标 |  | 指标解释 |  |
|---|---|---|---|---|
| 产出指标 | 数量指标 | 新建道路 | 新建道路长度 | ≥2公里 |
| ^ | 质量指标 | 验收合格率 | 验收合格的比例 | 100% |
"""
    )
    t = doc.tables[0]
    assert t.goals.annual == ["完成道路建设"]
    assert [(i.name, i.description, i.target.text) for i in t.indicators] == [
        ("新建道路", "新建道路长度", "≥2公里"),
        ("验收合格率", "验收合格的比例", "100%"),
    ]
    assert "JX921" in _codes(doc)


def test_a_serial_column_with_no_header_is_no_value() -> None:
    t = one(
        _HEAD
        + """
| 1 | 产出指标 | 数量指标 | 新建道路 | 2公里 |
|---|---|---|---|---|
| 2 | 产出指标 | 质量指标 | 验收合格率 | 100% |
| 3 | 效益指标 | 社会效益指标 | 受益人口 | 300人 |
"""
    )
    assert [(i.name, i.target.text) for i in t.indicators] == [
        ("新建道路", "2公里"),
        ("验收合格率", "100%"),
        ("受益人口", "300人"),
    ]


def test_notes_under_a_grid_are_no_indicators_nor_goals() -> None:
    """注：… and 填报人：… printed under the grid, one cell across the table."""
    rows = [
        [Cell("项目名称"), Cell("某项目", colspan=3)],
        [Cell("年度目标"), Cell("完成道路建设", colspan=3)],
        [Cell("一级指标"), Cell("二级指标"), Cell("三级指标"), Cell("指标值")],
        [Cell("产出指标"), Cell("数量指标"), Cell("新建道路"), Cell("≥2公里")],
        [Cell("注：指标值为年度目标值。", colspan=4)],
        [Cell("填报人：张三　联系电话：12345678", colspan=4)],
    ]
    t = assemble([Paragraph("某项目绩效目标表"), TableBlock(rows)]).tables[0]
    assert [i.name for i in t.indicators] == ["新建道路"]
    assert t.goals.annual == ["完成道路建设"]


def test_a_name_and_its_value_in_one_cell() -> None:
    """培训人数：≥100人 with no 指标值 column: the name and the value a person reads there."""
    t = one(
        _HEAD
        + """
| 一级指标 | 二级指标 | 三级指标 |
|---|---|---|
| 产出指标 | 数量指标 | 培训人数：≥100人 |
| ^ | 时效指标 | 提交报告及时性：在项目计划完成时间内完成 |
| ^ | ^ | 指标1： |
"""
    )
    assert [(i.name, i.target.text) for i in t.indicators] == [
        ("培训人数", "≥100人"),
        ("提交报告及时性", "在项目计划完成时间内完成"),
    ]


def test_a_level2_header_over_two_columns_with_no_level1_column() -> None:
    """二级指标 over the 二级 and the 三级 (A6), no 一级 column, the 指标值 header blank: a header."""
    rows = [
        [Cell("项目名称"), Cell("某项目", colspan=3)],
        [Cell("二级指标", colspan=2), Cell("指标解释"), Cell("")],
        [Cell("数量指标"), Cell("维修次数"), Cell("反映维修情况"), Cell("2280次")],
        [Cell("质量指标"), Cell("验收合格率"), Cell("反映验收情况"), Cell("≥95%")],
    ]
    t = assemble([Paragraph("某项目绩效目标表"), TableBlock(rows)]).tables[0]
    assert [(i.level2, i.name, i.description, i.target.text) for i in t.indicators] == [
        ("数量指标", "维修次数", "反映维修情况", "2280次"),
        ("质量指标", "验收合格率", "反映验收情况", "≥95%"),
    ]
