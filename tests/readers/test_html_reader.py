"""The HTML reader: tables with spans, text outside tables, chrome, encodings, nesting."""

from __future__ import annotations

import pytest

from jixiao.blocks import Paragraph, TableBlock
from jixiao.readers import html as html_reader
from jixiao.readers import read_blocks

from .ooxml import texts

PAGE = """<!DOCTYPE html><html><head><meta charset="{charset}"><title>标题栏</title>
<style>td {{ color: red }}</style><script>var x = "<table><tr><td>脚本</td></tr></table>";</script></head>
<body>
<header><nav>首页 | 政务公开</nav></header>
<h2>1.市外办履职保障经费
    绩效目标表</h2>
<div>单位：万元<br>金额单位:元</div>
<table border="1">
  <thead><tr><th>一级指标</th><th>二级指标</th><th colspan="2">三级指标</th></tr></thead>
  <tfoot><tr><td colspan="4">合计</td></tr></tfoot>
  <tbody>
    <tr><td rowspan="2">产出指标</td><td>数量指标</td><td>任务</td><td>1个</td></tr>
    <tr><td>质量指标</td><td>运行率<br>（年度）</td><td>
        ≥95%
    </td></tr>
  </tbody>
</table>
<p>附注：其中：财政    资金</p>
<footer>版权所有</footer>
</body></html>"""


def test_tables_spans_paragraphs_and_chrome():
    blocks = html_reader.read(PAGE.format(charset="utf-8").encode(), "p.html")
    assert [type(b) for b in blocks] == [Paragraph, Paragraph, TableBlock, Paragraph]
    assert blocks[0].text == "1.市外办履职保障经费 绩效目标表"  # source line break → one space
    assert blocks[1].text == "单位：万元\n金额单位:元"
    assert blocks[3].text == "附注：其中：财政    资金"  # spaces on one line are kept as written
    table = blocks[2]
    assert texts(table) == [
        ["一级指标", "二级指标", "三级指标", "三级指标"],
        ["产出指标", "数量指标", "任务", "1个"],
        ["产出指标", "质量指标", "运行率\n（年度）", "≥95%"],
        ["合计"] * 4,  # tfoot rows come last, as a browser shows them
    ]
    assert table.rows[2][0].source == "表1:R3C2"
    assert not any("脚本" in getattr(b, "text", "") or "首页" in getattr(b, "text", "") for b in blocks)


def test_gbk_page_with_declared_charset_and_without():
    declared = PAGE.format(charset="gb2312").encode("gbk")
    undeclared = PAGE.replace('<meta charset="{charset}">', "").encode("gbk")
    for data in (declared, undeclared):
        fmt, blocks = read_blocks("gbk.htm", data=data, name="gbk.htm")
        assert fmt == "html"
        assert blocks[0].text.startswith("1.市外办履职保障经费")
        assert texts(blocks[2])[1][0] == "产出指标"


def test_wrong_declared_charset_falls_back_to_detection():
    data = PAGE.format(charset="utf-8").encode("gb18030")
    blocks = html_reader.read(data, "p.html")
    assert blocks[1].text == "单位：万元\n金额单位:元"


def test_nested_tables_follow_their_parent_and_layout_tables_dissolve():
    page = """<table><tr><td>
        <p>1.外事工作经费绩效目标表</p>
        <table><tr><td>项目名称</td><td>外事工作经费</td></tr>
               <tr><td>明细</td><td><table><tr><td>内1</td><td>内2</td></tr></table></td></tr></table>
    </td></tr></table>"""
    blocks = html_reader.read(page.encode(), "p.html")
    # the outer one-column table only lays the page out: its content reads as the body
    assert [type(b) for b in blocks] == [Paragraph, TableBlock, TableBlock]
    outer, nested = blocks[1], blocks[2]
    assert texts(outer) == [["项目名称", "外事工作经费"], ["明细", "内1\t内2"]]
    assert nested.source == "表1.1" and texts(nested) == [["内1", "内2"]]


def test_bad_spans_are_clamped():
    page = '<table><tr><td rowspan="0" colspan="abc">a</td><td colspan="99999">b</td></tr></table>'
    [table] = html_reader.read(page.encode(), "p.html")
    assert (table.rows[0][0].rowspan, table.rows[0][0].colspan) == (1, 1)
    assert table.rows[0][1].colspan == 1000


@pytest.mark.parametrize("data", [b"<html><body></body></html>", b"<html><!-- nothing --></html>"])
def test_page_without_content_gives_no_blocks(data):
    assert html_reader.read(data, "p.html") == []
