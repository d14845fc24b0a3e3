"""Merged cells a copied table lost, put back by the assembler (assemble/merges.py): texts of a
browser's copy made for each mechanism, read end to end."""

from __future__ import annotations

from jixiao.ingest import ingest_bytes
from jixiao.model import Document


def _read(text: str) -> Document:
    return ingest_bytes(text.encode(), "copied.txt")


def _rows(doc: Document) -> list[tuple[str | None, str | None, str | None, str | None]]:
    return [
        (i.level1, i.level2, i.name, i.target.text if i.target else None)
        for t in doc.tables
        for i in t.indicators
    ]


def test_a_header_cell_over_the_two_level_columns_is_widened() -> None:
    # 评价内容 was over 一级 | 二级: the header has one cell fewer than the first row under it
    doc = _read(
        "项目名称\t培训项目\n"
        "评价内容\t绩效内容\t绩效目标值\t备注\n"
        "产出目标\t数量目标\t培训人数\t≥10人\t无\n"
        "质量目标\t培训合格率\t≥95%\t无\n"
        "效益目标\t社会效益目标\t群众知晓率\t≥90%\t无\n"
    )
    assert _rows(doc) == [
        ("产出目标", "数量目标", "培训人数", "≥10人"),
        ("产出目标", "质量目标", "培训合格率", "≥95%"),
        ("效益目标", "社会效益目标", "群众知晓率", "≥90%"),
    ]


def test_a_level_header_over_a_section_column_is_widened() -> None:
    # 一级指标 was over a 绩效指标 section column and the 一级 one
    doc = _read(
        "项目名称\t某项目\n"
        "一级指标\t二级指标\t三级指标\t单位\t指标值\n"
        "绩效指标\t产出指标\t数量指标\t猪肉产量稳定率\t%\t≥95%\n"
        "能繁母猪稳定率\t%\t90%\n"
    )
    assert _rows(doc) == [
        ("产出指标", "数量指标", "猪肉产量稳定率", "≥95%"),
        ("产出指标", "数量指标", "能繁母猪稳定率", "90%"),
    ]


def test_a_column_merged_down_at_the_right_leaves_the_rows_under_the_header() -> None:
    # 二级指标 was over 二级 | the name; a 保障措施 column, headed a row above, merged down the rows
    doc = _read(
        "项目名称\t某项目\n"
        "绩效指标\t保障措施\n"
        "一级指标\t二级指标\t绩效标准\t当年预期实现值\n"
        "产出指标\t数量指标\t维修次数\t反映维修情况\t20次\t按制度执行\n"
        "巡查次数\t反映巡查情况\t200次\n"
        "质量指标\t验收合格率\t反映验收质量\t≥92%\n"
    )
    assert _rows(doc) == [
        ("产出指标", "数量指标", "维修次数", "20次"),
        ("产出指标", "数量指标", "巡查次数", "200次"),
        ("产出指标", "质量指标", "验收合格率", "≥92%"),
    ]
    assert [i.description for i in doc.tables[0].indicators] == [
        "反映维修情况",
        "反映巡查情况",
        "反映验收质量",
    ]


def test_columns_read_by_content_see_the_short_rows_aligned() -> None:
    # bare 一级 | 二级 | 三级 headers are settled by the columns' content, read where the rows go
    doc = _read(
        "项目名称\t某项目\n"
        "一级\t二级\t三级\t年度数值\t备注\n"
        "产出值\t数量值\t就读人数\t≤6962人\t\n"
        "质量值\t办学水平提高\t=100%\t\n"
        "时效值\t教育均衡化发展\t有效\t\n"
        "效益值\t社会效益值\t教学质量提高\t=100%\t\n"
        "可持续影响值\t学生受益情况\t=100%\t\n"
    )
    assert [(a, b) for a, b, _, _ in _rows(doc)] == [
        ("产出值", "数量值"),
        ("产出值", "质量值"),
        ("产出值", "时效值"),
        ("效益值", "社会效益值"),
        ("效益值", "可持续影响值"),
    ]


def test_money_and_goal_rows_go_where_the_rows_above_hold_their_kind_of_cells() -> None:
    # 预算执行情况 merged down at the left, 原因 merged down at the right: the 财政资金 row is short
    # at both ends, and its figures go under the 总额 row's figures, not under the header's end
    doc = _read(
        "项目名称\t某项目\n"
        "项目基本情况\t项目年度目标完成情况\t项目年度目标\t年度目标完成情况\n"
        "完成全年培训任务。\t已完成。\n"
        "预算执行情况(10分)\t年度预算数(万元)\t年初预算\t调整后预算数\t预算执行数\t预算执行率\t权重\t得分\t原因\n"
        "总额\t200\t250\t240\t96.00%\t10\t9.6\t预算执行率未达到百分之百的说明原因\n"
        "其中:财政资金\t180\t230\t220\t95.65%\t/\t/\n"
        "其他资金\t\t\t\t\t/\t/\n"
    )
    (table,) = doc.tables
    funds = table.funds
    assert (funds.initial, funds.adjusted, funds.executed, funds.weight, funds.score) == (
        200,
        250,
        240,
        10,
        9.6,
    )
    assert funds.fiscal == 230
    assert table.goals.annual == ["完成全年培训任务。"]
    assert table.outcome == "已完成。"
