"""The legacy .xls reader on a committed BIFF8 fixture (see fixtures/make_xls.py)."""

from __future__ import annotations

from pathlib import Path

import pytest

from jixiao.blocks import Paragraph, TableBlock
from jixiao.errors import CorruptFile
from jixiao.readers import read_blocks

from .ooxml import texts

FIXTURE = Path(__file__).parent / "fixtures" / "budget.xls"


def test_xls_values_as_displayed_with_merges():
    fmt, blocks = read_blocks(FIXTURE)
    assert fmt == "xls"
    assert [type(b) for b in blocks] == [Paragraph, TableBlock, TableBlock]
    title, table, second = blocks
    assert (title.text, title.source) == ("1.市外办履职保障经费绩效目标表", "目标表!A1")
    assert texts(table) == [
        ["一级指标", "二级指标", "三级指标", "指标值", "预算数"],
        ["产出指标", "数量指标", "履职保障工作任务", "1个", "50.00"],
        ["产出指标", "质量指标", "运行率", "95%", "1585.00"],
        ["效益指标", "社会效益指标", "完成日期", "2025年3月1日", "1,234,567.89"],
        ["合计"] * 5,
    ]
    assert table.rows[1][0].rowspan == 2 and table.rows[4][0].colspan == 5
    assert table.rows[2][0].source == "目标表!B5"
    # the hidden sheet 隐藏 is skipped
    assert texts(second) == [["项目名称", "外事工作经费", "TRUE", "12"]]


def test_truncated_xls_is_corrupt():
    data = FIXTURE.read_bytes()
    with pytest.raises(CorruptFile) as err:
        read_blocks("坏.xls", data=data[: len(data) // 3], name="坏.xls")
    assert err.value.file == "坏.xls"
