"""The copied-text reader (readers/copied.py) on texts of a browser's copy, made for each rule."""

from __future__ import annotations

from jixiao.blocks import Paragraph, TableBlock
from jixiao.readers.text import parse


def _table(text: str) -> TableBlock:
    (table,) = [b for b in parse(text) if isinstance(b, TableBlock)]
    return table


def test_every_row_that_lost_merged_cells_is_counted() -> None:
    # 二级 merged down over three rows: the second and third rows are short, not only the second
    table = _table(
        "一级指标\t二级指标\t三级指标\t指标值\n"
        "产出指标\t数量指标\t培训人次\t≥10人次\n"
        "培训天数\t≥3天\n"
        "培训课程\t≥5门\n"
        "效益指标\t社会效益指标\t群众知晓率\t≥90%\n"
    )
    assert table.merges_dropped
    (note,) = table.notes
    assert note.code == "JX904"
    assert "2 行" in note.message and "2 rows" in note.message.in_lang("en")


def test_a_table_with_no_short_row_is_marked_but_not_reported() -> None:
    table = _table("一级指标\t二级指标\t指标值\n产出指标\t数量指标\t≥10人次\n")
    assert table.merges_dropped and table.notes == []


def test_short_lines_over_a_tables_first_row_are_titles() -> None:
    blocks = parse("附表1\n绩效目标申报表\n(2021年度)\n项目名称\t修路项目\n主管部门\t交通局\n")
    assert [b.text for b in blocks if isinstance(b, Paragraph)] == ["附表1", "绩效目标申报表", "(2021年度)"]
    (table,) = [b for b in blocks if isinstance(b, TableBlock)]
    assert [c.text for c in table.rows[0]] == ["项目名称", "修路项目"]


def test_a_first_cell_wrapped_over_lines_is_kept_whole() -> None:
    # the row's first piece is the end of a cell begun on the lines above: 年度⏎预算⏎安排⏎(万元)
    table = _table("年度\n预算\n安排\n(万元)\t资金总额\t100\n其中:财政拨款\t100\n")
    assert table.rows[0][0].text == "年度\n预算\n安排\n(万元)"
    assert [c.text for c in table.rows[1]] == ["其中:财政拨款", "100"]
