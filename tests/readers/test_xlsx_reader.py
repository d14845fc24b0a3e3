"""The .xlsx reader: values as displayed, merged ranges, regions, hidden sheets."""

from __future__ import annotations

import datetime as dt
import functools
import io
import os
import re
import subprocess
import sys
import zipfile
from collections.abc import Callable
from pathlib import Path

import openpyxl
import pytest

from jixiao.blocks import Paragraph, TableBlock
from jixiao.errors import CorruptFile
from jixiao.readers import read_blocks
from jixiao.readers import xlsx as xlsx_reader

from .ooxml import texts


def spies_on_the_source(test: Callable[..., None]) -> Callable[..., None]:
    """Two tests spy on xlsx._styled_cells by replacing the module's attribute.  Compiled (mypyc),
    the reader calls the function directly and never sees the spy: on a compiled install the test
    runs in a pytest of its own with the compiled modules loaded from their Python source
    (JIXIAO_FROM_SOURCE=1, docs/development.md) — never skipped."""
    if str(xlsx_reader.__file__).endswith(".py"):
        return test

    @functools.wraps(test)
    def from_source(monkeypatch: pytest.MonkeyPatch) -> None:
        node = f"{Path(__file__).resolve()}::{test.__name__}"
        env = {**os.environ, "JIXIAO_FROM_SOURCE": "1"}
        run = [sys.executable, "-m", "pytest", "-p", "no:cacheprovider", "-p", "no:cov", node]
        done = subprocess.run(run, env=env, capture_output=True, text=True, check=False)
        assert done.returncode == 0 and "1 passed" in done.stdout, done.stdout[-4000:] + done.stderr[-2000:]

    return from_source


def _save(wb: openpyxl.Workbook) -> bytes:
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def _budget_workbook() -> openpyxl.Workbook:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "目标表"
    ws["B1"] = "1.市外办履职保障经费绩效目标表"  # a title alone on its row, then a blank row
    ws.append([])
    ws.append([None, "一级指标", "二级指标", "指标值", "预算数", "完成日期"])
    ws.append([None, "产出指标", "数量指标", 1, 1585, dt.date(2025, 3, 1)])
    ws.append([None, None, "质量指标", 0.955, 1234567.891, dt.datetime(2025, 3, 1, 13, 5)])
    ws.append([None, "合计", None, None, 50, None])
    ws.merge_cells("B4:B5")
    ws.merge_cells("B6:D6")
    ws["D4"].number_format = "0%"
    ws["D5"].number_format = "0.00%"
    ws["E4"].number_format = "0.00"
    ws["E5"].number_format = "#,##0.00"
    ws["E6"].number_format = '0"万元"'
    ws["F4"].number_format = 'yyyy"年"m"月"d"日"'
    ws["F5"].number_format = "yyyy/m/d h:mm"
    hidden = wb.create_sheet("隐藏")
    hidden["A1"] = "不应读出"
    hidden.sheet_state = "hidden"
    second = wb.create_sheet("第二表")
    second["A1"] = "项目名称"
    second["B1"] = "外事工作经费"
    second["C1"] = True
    second["D1"] = 12
    second["E1"] = 0.1 + 0.2
    return wb


def test_values_as_displayed_merges_regions_and_sources():
    fmt, blocks = read_blocks("目标表.xlsx", data=_save(_budget_workbook()), name="目标表.xlsx")
    assert fmt == "xlsx"
    assert [type(b) for b in blocks] == [Paragraph, TableBlock, TableBlock]
    title, table, second = blocks
    assert (title.text, title.source) == ("1.市外办履职保障经费绩效目标表", "目标表!B1")
    assert table.source == "目标表!B3:F6"
    assert texts(table) == [
        ["一级指标", "二级指标", "指标值", "预算数", "完成日期"],
        ["产出指标", "数量指标", "100%", "1585.00", "2025年3月1日"],
        ["产出指标", "质量指标", "95.50%", "1,234,567.89", "2025/3/1 13:05"],
        ["合计", "合计", "合计", "50万元", ""],
    ]
    assert (table.rows[1][0].rowspan, table.rows[3][0].colspan) == (2, 3)
    assert table.rows[2][0].source == "目标表!C5"  # B5 is covered by the B4:B5 merge
    assert texts(second) == [["项目名称", "外事工作经费", "TRUE", "12", "0.3"]]
    assert second.rows[0][3].source == "第二表!D1"


def test_title_row_inside_a_table_region_stays_in_the_table():
    wb = openpyxl.Workbook()
    ws = wb.active
    ws["A1"] = "部门预算项目绩效目标申报表"
    ws.merge_cells("A1:C1")
    ws.append(["项目名称", "预算数", "年度目标"])
    ws.append(["甲", "1", "乙"])
    ws["A5"] = "合计行之后的说明"  # separated by a blank row: a paragraph
    ws["A7"] = "标题"
    ws.merge_cells("A7:C7")  # a region whose only cell spans its width: a paragraph
    blocks = xlsx_reader.read(_save(wb), "t.xlsx")
    assert [type(b) for b in blocks] == [TableBlock, Paragraph, Paragraph]
    assert texts(blocks[0])[0] == ["部门预算项目绩效目标申报表"] * 3
    assert [b.text for b in blocks[1:]] == ["合计行之后的说明", "标题"]


def test_blank_row_inside_vertical_merge_does_not_split():
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["产出指标", "数量", "1"])
    ws.append([None, None, None])  # blank, but A1:A3 runs through it
    ws.append([None, "质量", "2"])
    ws.merge_cells("A1:A3")
    [table] = xlsx_reader.read(_save(wb), "t.xlsx")
    assert texts(table) == [["产出指标", "数量", "1"], ["产出指标", "", ""], ["产出指标", "质量", "2"]]


def _rewrite_sheet(data: bytes, edit) -> bytes:
    src = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            part = src.read(info.filename)
            if info.filename == "xl/worksheets/sheet1.xml":
                part = edit(part)
            dst.writestr(info.filename, part)
    return out.getvalue()


@pytest.mark.parametrize(
    "edit",
    [
        # Other writers put s before r, or leave r out (the position is the order).
        lambda x: re.sub(rb'<c r="([A-Z]+[0-9]+)" s="([0-9]+)"', rb'<c s="\2" r="\1"', x),
        lambda x: re.sub(rb'<c r="[A-Z]+[0-9]+"', b"<c", x),
    ],
    ids=["s-before-r", "no-r"],
)
def test_number_formats_survive_other_writers_attribute_layouts(edit):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["预算数", 1585, 0.5])
    ws["B1"].number_format = "0.00"
    ws["C1"].number_format = "0%"
    original = _save(wb)
    data = _rewrite_sheet(original, edit)
    sheet = zipfile.ZipFile(io.BytesIO(data)).read("xl/worksheets/sheet1.xml")
    assert b'<c r="B1" s="' not in sheet  # the edit took effect
    [table] = xlsx_reader.read(data, "t.xlsx")
    assert texts(table) == [["预算数", "1585.00", "50%"]]


@pytest.mark.parametrize("styled_without_r", [False, True])
def test_number_formats_of_a_few_cells_in_a_large_sheet(styled_without_r):
    """A large sheet with few formatted cells: their tags are looked at one by one (a styled
    cell written without ``r`` sends the sheet to the parser)."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["预算数", 1585, 0.5])
    ws["B1"].number_format = "0.00"
    ws["C1"].number_format = "0%"
    ws.append([])
    for i in range(300):
        ws.append([f"说明{i}", "文字", "文字"])
    data = _save(wb)
    if styled_without_r:
        data = _rewrite_sheet(data, lambda x: re.sub(rb'<c r="[A-Z]+[0-9]+"( s=)', rb"<c\1", x))
    sheet = zipfile.ZipFile(io.BytesIO(data)).read("xl/worksheets/sheet1.xml")
    assert (b'<c r="B1" s="' not in sheet) is styled_without_r and len(re.findall(rb' s="', sheet)) == 2
    assert len(sheet) // 600 > 2  # few candidates for the sheet's size: each one's tag is looked at
    table = xlsx_reader.read(data, "t.xlsx")[0]
    assert texts(table) == [["预算数", "1585.00", "50%"]]


@spies_on_the_source
def test_plain_text_workbooks_never_scan_the_sheet(monkeypatch):
    calls = []
    monkeypatch.setattr(xlsx_reader, "_styled_cells", lambda *a: calls.append(a) or {})
    _, blocks = read_blocks("tests/corpus/seed/seed.xlsx")
    assert calls == [] and sum(isinstance(b, TableBlock) for b in blocks) == 6


@spies_on_the_source
def test_a_sheet_of_texts_is_not_scanned_even_when_styles_have_formats(monkeypatch):
    """The styled-cell scan waits for the sheet's first number: texts typed into cells that
    carry a number format read as typed, with no scan; a number on the other sheet is scanned."""
    calls = []
    scan = xlsx_reader._styled_cells
    monkeypatch.setattr(xlsx_reader, "_styled_cells", lambda *a: calls.append(a[3]) or scan(*a))
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "文本"
    ws.append(["预算数", "1585"])
    ws["B1"].number_format = "0.00"
    numbers = wb.create_sheet("数字")
    numbers.append(["预算数", 1585])
    numbers["B1"].number_format = "0.00"
    _, blocks = read_blocks("格式.xlsx", data=_save(wb), name="格式.xlsx")
    assert [texts(b) for b in blocks] == [[["预算数", "1585"]], [["预算数", "1585.00"]]]
    assert calls == ["数字"]


def test_missing_sheet_part_is_corrupt_and_named():
    data = _save(_budget_workbook())
    src = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as dst:
        for info in src.infolist():
            if info.filename != "xl/worksheets/sheet3.xml":
                dst.writestr(info.filename, src.read(info.filename))
    with pytest.raises(CorruptFile) as err:
        read_blocks("缺表.xlsx", data=out.getvalue(), name="缺表.xlsx")
    assert err.value.file == "缺表.xlsx"
    assert "xl/worksheets/sheet3.xml" in str(err.value) and "第二表" in str(err.value)


def test_empty_workbook_gives_no_blocks():
    assert xlsx_reader.read(_save(openpyxl.Workbook()), "空.xlsx") == []
