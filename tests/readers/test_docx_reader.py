"""The .docx reader: body order, merged cells, content controls, tracked changes, nesting."""

from __future__ import annotations

import io

import docx
import pytest

from jixiao.blocks import Paragraph, TableBlock
from jixiao.readers import docx as docx_reader
from jixiao.readers import read_blocks

from .ooxml import docx_bytes, p, tbl, tc, texts, tr


def _python_docx_file(build) -> bytes:
    document = docx.Document()
    build(document)
    buf = io.BytesIO()
    document.save(buf)
    return buf.getvalue()


def test_python_docx_merges_become_spans_in_body_order():
    def build(d):
        d.add_paragraph("1.市外办履职保障经费绩效目标表")
        t = d.add_table(rows=4, cols=3)
        for r, row in enumerate(
            [
                ["一级指标", "二级指标", "指标值"],
                ["产出指标", "数量指标", "1个"],
                ["", "质量指标", "≥95%"],
                ["合计", "", ""],
            ]
        ):
            for c, text in enumerate(row):
                t.cell(r, c).text = text
        t.cell(1, 0).merge(t.cell(2, 0))  # 一级 merged down
        t.cell(3, 0).merge(t.cell(3, 2))  # a row merged across
        d.add_paragraph("")  # empty paragraphs are not blocks
        d.add_paragraph("说明：单位万元")

    fmt, blocks = read_blocks("目标表.docx", data=_python_docx_file(build), name="目标表.docx")
    assert fmt == "docx"
    assert [type(b) for b in blocks] == [Paragraph, TableBlock, Paragraph]
    assert blocks[0].text == "1.市外办履职保障经费绩效目标表"
    assert blocks[2].text == "说明：单位万元"
    table = blocks[1]
    merged = table.rows[1][0]
    # python-docx moves the merged-away cell's (empty) paragraph into the merged cell
    assert (merged.text, merged.rowspan, merged.colspan) == ("产出指标\n", 2, 1)
    assert [c.text for c in table.rows[2]] == ["质量指标", "≥95%"]  # covered position absent
    assert (table.rows[3][0].colspan, len(table.rows[3])) == (3, 1)
    assert table.rows[3][0].text.split("\n")[0] == "合计"
    assert texts(table)[2] == ["产出指标\n", "质量指标", "≥95%"]
    assert table.source == "表1"
    assert table.rows[2][0].source == "表1:R3C2"  # grid column, not list index


def test_vmerge_counts_continuations_in_same_grid_column():
    body = tbl(
        tr(tc("一级"), tc("二级", span=2), tc("值")),
        tr(tc("产出指标", vmerge="restart"), tc("数量", span=2), tc("1")),
        tr(tc("", vmerge="continue"), tc("质量", span=2), tc("2")),
        tr(tc("", vmerge="continue"), tc("时效", span=2), tc("3")),
        tr(tc("效益指标"), tc("社会", span=2), tc("4")),
    )
    [table] = docx_reader.read(docx_bytes(body), "t.docx")
    assert table.rows[1][0].rowspan == 3
    assert [len(r) for r in table.rows] == [3, 3, 2, 2, 3]
    assert table.rows[1][1].source == "表1:R2C2" and table.rows[1][2].source == "表1:R2C4"
    assert [row[0].text for row in table.grid()] == ["一级", "产出指标", "产出指标", "产出指标", "效益指标"]


def test_continuation_text_is_kept_and_orphan_continuation_is_a_cell():
    body = tbl(
        tr(tc("无起点", vmerge="continue"), tc("a")),
        tr(tc("上", vmerge="restart"), tc("b")),
        tr(tc("下", vmerge="continue"), tc("c")),
    )
    [table] = docx_reader.read(docx_bytes(body), "t.docx")
    assert table.rows[0][0].text == "无起点" and table.rows[0][0].rowspan == 1
    assert (table.rows[1][0].text, table.rows[1][0].rowspan) == ("上\n下", 2)


def test_grid_before_keeps_columns_and_hmerge_widens():
    body = tbl(
        tr(tc("A"), tc("B"), tc("C")),
        tr(tc("只在第三列"), before=2),
        tr(tc("左", hmerge="restart"), tc("", hmerge="continue"), tc("右")),
        tr(tc("x"), after=2),
    )
    [table] = docx_reader.read(docx_bytes(body), "t.docx")
    grid = texts(table)
    assert grid[1] == ["", "", "只在第三列"]
    assert table.rows[1][2].source == "表1:R2C3"
    assert (table.rows[2][0].text, table.rows[2][0].colspan) == ("左", 2)
    assert grid[2] == ["左", "左", "右"]
    assert grid[3] == ["x", None, None]


def test_breaks_tabs_tracked_changes_and_fallbacks():
    run = (
        '<w:p><w:pPr><w:tabs><w:tab w:val="left" w:pos="720"/></w:tabs></w:pPr>'
        "<w:r><w:t>第一行</w:t><w:br/><w:t>第二行</w:t><w:tab/><w:t>列</w:t><w:cr/><w:t>尾</w:t></w:r>"
        "<w:ins><w:r><w:t>新增</w:t></w:r></w:ins>"
        "<w:del><w:r><w:delText>删除</w:delText></w:r></w:del>"
        "<w:del><w:r><w:t>也删除</w:t></w:r></w:del>"
        "<w:r><w:t>A</w:t><w:noBreakHyphen/><w:t>B</w:t></w:r>"
        '<mc:AlternateContent><mc:Choice Requires="wps"><w:r><w:t>[框]</w:t></w:r></mc:Choice>'
        "<mc:Fallback><w:r><w:t>[框]</w:t></w:r></mc:Fallback></mc:AlternateContent>"
        "</w:p>"
    )
    blocks = docx_reader.read(docx_bytes(run + tbl(tr(tc(run + p("第二段"))))), "t.docx")
    expected = "第一行\n第二行\t列\n尾新增A-B[框]"
    assert blocks[0].text == expected
    assert blocks[1].rows[0][0].text == expected + "\n第二段"


def test_content_controls_in_body_rows_and_cells():
    body = (
        "<w:sdt><w:sdtPr/><w:sdtContent>"
        + p("控件段落")
        + "</w:sdtContent></w:sdt>"
        + "<w:tbl>"
        + tr(tc("a"), "<w:sdt><w:sdtContent>" + tc("b") + "</w:sdtContent></w:sdt>")
        + "<w:sdt><w:sdtContent>"
        + tr(tc("c"), tc("<w:sdt><w:sdtContent>" + p("d") + "</w:sdtContent></w:sdt>"))
        + "</w:sdtContent></w:sdt>"
        + "</w:tbl>"
    )
    blocks = docx_reader.read(docx_bytes(body), "t.docx")
    assert blocks[0].text == "控件段落"
    assert texts(blocks[1]) == [["a", "b"], ["c", "d"]]


def test_nested_table_follows_parent_and_stays_in_parent_text():
    inner = tbl(tr(tc("内1"), tc("内2")), tr(tc("内3"), tc("内4")))
    body = tbl(tr(tc("外"), tc(p("前") + inner + p("后")))) + p("之后")
    blocks = docx_reader.read(docx_bytes(body), "t.docx")
    assert [type(b) for b in blocks] == [TableBlock, TableBlock, Paragraph]
    outer, nested, after = blocks
    assert outer.rows[0][1].text == "前\n内1\t内2\n内3\t内4\n后"
    assert nested.source == "表1.1"
    assert texts(nested) == [["内1", "内2"], ["内3", "内4"]]
    assert nested.rows[1][1].source == "表1.1:R2C2"
    assert after.text == "之后"


def test_paragraph_sources_count_every_body_paragraph():
    blocks = docx_reader.read(docx_bytes(p("一") + p() + p("三")), "t.docx")
    assert [(b.text, b.source) for b in blocks] == [("一", "段1"), ("三", "段3")]


def test_seed_docx_tables_mirror_the_tianjin_layout():
    _, blocks = read_blocks("tests/corpus/seed/seed.docx")
    tables = [b for b in blocks if isinstance(b, TableBlock)]
    assert len(tables) == 6
    first = texts(tables[0])
    assert first[0][0] == "302101天津市人民政府外事办公室" and first[0][5] == "单位：万元"
    assert first[5] == [
        "一级指标",
        "二级指标",
        "三级指标",
        "三级指标",
        "绩效指标描述",
        "绩效指标描述",
        "指标值",
    ]
    assert tables[0].rows[6][0].rowspan == 6  # 产出指标 merged over six indicator rows


@pytest.mark.parametrize("member", ["word/document.xml"])
def test_missing_body_is_corrupt(member):
    from jixiao.errors import CorruptFile

    data = docx_bytes(
        document=f'<w:document xmlns:w="{"http://schemas.openxmlformats.org/wordprocessingml/2006/main"}"/>'.encode()
    )
    with pytest.raises(CorruptFile) as err:
        docx_reader.read(data, "空.docx")
    assert err.value.file == "空.docx" and err.value.where == member


def test_deleted_rows_dropped_and_property_changes_ignored():
    deleted_row = (
        '<w:tr><w:trPr><w:del w:id="1" w:author="a"/></w:trPr>'
        + tc('<w:p><w:del w:id="2" w:author="a"><w:r><w:delText>删除行</w:delText></w:r></w:del></w:p>')
        + tc("")
        + "</w:tr>"
    )
    changed = (
        '<w:tc><w:tcPr><w:gridSpan w:val="2"/><w:tcPrChange w:id="3" w:author="a">'
        '<w:tcPr><w:gridSpan w:val="1"/><w:vMerge w:val="restart"/></w:tcPr></w:tcPrChange></w:tcPr>'
        + p("现在跨两列")
        + "</w:tc>"
    )
    body = tbl(tr(tc("a"), tc("b")), deleted_row, "<w:tr>" + changed + "</w:tr>", tr(tc("c"), tc("d")))
    [table] = docx_reader.read(docx_bytes(body), "t.docx")
    assert texts(table) == [["a", "b"], ["现在跨两列", "现在跨两列"], ["c", "d"]]
    assert table.rows[1][0].rowspan == 1
