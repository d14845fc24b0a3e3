"""The Markdown reader: pipe tables with the ``^`` merge-up convention, lines as paragraphs."""

from __future__ import annotations

from jixiao.blocks import Paragraph, TableBlock
from jixiao.readers import markdown, read_blocks

from .ooxml import texts

DOC = """# 1.市外办履职保障经费绩效目标表 #

单位：万元

| 一级指标 | 二级指标 | 指标值 |
|:---|---|---:|
| 产出指标 | 数量指标 | ≥10人次 |
| ^        | 质量指标 | ≥95% |
| ^        | ^        | a \\| b<br>c |
| 效益指标 | 社会效益指标 | 提升 |
说明文字
"""


def test_pipe_table_with_merge_up_cells():
    fmt, blocks = read_blocks("规则.md", data=DOC.encode(), name="规则.md")
    assert fmt == "markdown"
    assert [type(b) for b in blocks] == [Paragraph, Paragraph, TableBlock, Paragraph]
    assert [(b.text, b.source) for b in blocks if isinstance(b, Paragraph)] == [
        ("1.市外办履职保障经费绩效目标表", "L1"),
        ("单位：万元", "L3"),
        ("说明文字", "L11"),
    ]
    table = blocks[2]
    assert table.source == "L5"
    assert texts(table) == [
        ["一级指标", "二级指标", "指标值"],
        ["产出指标", "数量指标", "≥10人次"],
        ["产出指标", "质量指标", "≥95%"],
        ["产出指标", "质量指标", "a | b\nc"],
        ["效益指标", "社会效益指标", "提升"],
    ]
    assert (table.rows[1][0].rowspan, table.rows[2][0].rowspan) == (3, 2)
    assert table.rows[3][0].source == "L9C3"


def test_caret_without_a_cell_above_is_text():
    [table] = markdown.parse("| ^ | b |\n|---|---|\n| c | ^ |\n")
    assert texts(table) == [["^", "b"], ["c", "b"]]


def test_pipes_without_separator_are_text():
    blocks = markdown.parse("a | b\nc | d\n")
    assert [b.text for b in blocks] == ["a | b", "c | d"]


def test_gbk_markdown_is_decoded():
    _, blocks = read_blocks("gbk.md", data=DOC.encode("gbk"), name="gbk.md")
    assert blocks[0].text == "1.市外办履职保障经费绩效目标表"
