"""What printing the perturbed pages as .xlsx found (test_formats.py), fixed in the assembler and
shown here on Blocks of our own.  (What the .pdf found is fixed in the PDF reader's page-break
rules: tests/pdf/test_pdf_stitch_rules.py.)"""

from __future__ import annotations

from jixiao.assemble import assemble
from jixiao.blocks import Cell, TableBlock

_GRID = [
    [Cell("一级指标"), Cell("二级指标"), Cell("三级指标"), Cell("指标值")],
    [Cell("产出指标"), Cell("数量指标"), Cell("新建道路"), Cell("≥2公里")],
    [Cell("效益指标"), Cell("社会效益指标"), Cell("受益人口"), Cell("≥300人")],
]


def test_a_caption_under_a_line_of_prose_across_a_sheet_titles_its_table() -> None:
    """A unit's own sheet merges each line above the table across it: a sentence of the report
    (``…如下:``) and then the caption.  The caption in the second row across titles the table, as it
    does when it is the first (dev case 44 printed as a unit's sheet)."""
    rows = [
        [Cell("人才驿站补助资金到位率绩效目标值为100%,如下:", colspan=4)],
        [Cell("项目年度绩效目标(定量目标)", colspan=4)],
        *_GRID,
    ]
    t = assemble([TableBlock(rows)]).tables[0]
    assert t.title == "项目年度绩效目标(定量目标)"
    assert [i.name for i in t.indicators] == ["新建道路", "受益人口"]


def test_a_line_across_that_names_no_targets_titles_nothing() -> None:
    rows = [[Cell("人才驿站补助资金到位率绩效目标值为100%,如下:", colspan=4)], *_GRID]
    t = assemble([TableBlock(rows)]).tables[0]
    assert t.title is None and len(t.indicators) == 2
