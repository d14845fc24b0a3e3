"""What each writer promises beyond the round trip: formats, escaping, print settings, merges."""

from __future__ import annotations

import csv
import io
import json
import zipfile
from pathlib import Path

import openpyxl
import pytest
from lxml import etree

from jixiao.errors import JixiaoError
from jixiao.export import FORMATS, UnknownExportFormat, export_document, export_table, form_for
from jixiao.export.json_csv import CSV_HEADER
from jixiao.export.layout import fmt_number
from jixiao.ingest import ingest_file
from jixiao.model import Document, Indicator, Party, Project, Table
from jixiao.values import parse_value

from .helpers import CORPUS, load_expected

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def _seed() -> Document:
    return Document.from_dict(load_expected(CORPUS / "seed" / "expected.json"))


def _dev(case: str) -> Document:
    return Document.from_dict(load_expected(CORPUS / "dev" / case / "expected.json"))


def test_formats_declare_media_type_and_extension() -> None:
    assert set(FORMATS) == {"docx", "xlsx", "html", "pdf", "json", "csv"}
    for name, spec in FORMATS.items():
        assert spec.extension == f".{name}"
        assert "/" in spec.media_type
    assert FORMATS["pdf"].media_type == "application/pdf" and not FORMATS["pdf"].text
    assert FORMATS["csv"].text and FORMATS["html"].text and FORMATS["json"].text


def test_unknown_format_is_a_typed_error_naming_the_choices() -> None:
    with pytest.raises(UnknownExportFormat) as info:
        export_document(_seed(), "odt")
    assert isinstance(info.value, JixiaoError) and isinstance(info.value, ValueError)
    assert "odt" in str(info.value) and "docx" in str(info.value)


def test_json_is_the_jixiao1_document_with_chinese_as_is() -> None:
    doc = _seed()
    data = export_document(doc, "json")
    assert "市外办履职保障经费".encode() in data  # ensure_ascii=False
    assert Document.from_dict(json.loads(data)).to_dict() == doc.to_dict()
    one = json.loads(export_table(doc.tables[1], "json"))
    assert one["schema"] == "jixiao/1" and len(one["tables"]) == 1
    assert one["tables"][0]["project"]["name"] == "市外办一般债券利息-2025年债券利息"


def test_csv_has_bom_and_one_row_per_indicator_with_table_fields_repeated() -> None:
    doc = _dev("04")
    data = export_document(doc, "csv")
    assert data.startswith(b"\xef\xbb\xbf")
    rows = list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"))))
    table = doc.tables[0]
    assert list(rows[0]) == CSV_HEADER
    assert len(rows) == len(table.indicators)
    assert {r["project_name"] for r in rows} == {"委托业务项目"}
    assert {r["funds_fiscal"] for r in rows} == {"89.974"}
    first = rows[0]
    assert first["level1"] == table.indicators[0].level1
    assert (first["name"], first["target_op"], first["target_number"], first["target_unit"]) == (
        "基建工程委托业务项目数量",
        "≥",
        "50",
        "个",
    )
    assert first["weight"] == "8" and first["actual_text"] == "50" and first["target_qualitative"] == "false"


def test_csv_keeps_a_table_without_indicators() -> None:
    table = Table(kind="project_target", title="空表", project=Project(name="空"))
    rows = list(csv.reader(io.StringIO(export_table(table, "csv").decode("utf-8-sig"))))
    assert len(rows) == 2 and rows[1][CSV_HEADER.index("project_name")] == "空"


def _hostile() -> Table:
    name = '<script>alert("x")</script>&amp;'
    return Table(
        kind="project_target",
        title=f"{name}绩效目标表",
        unit=Party("302101", "某单位"),
        project=Project(name=name),
        money_unit="万元",
        indicators=[
            Indicator(level1="产出指标", level2="数量指标", name="<b>粗</b>", target=parse_value("≥1个"))
        ],
    )


def test_html_escapes_everything_and_reads_back_verbatim(tmp_path: Path) -> None:
    html = export_table(_hostile(), "html").decode("utf-8")
    assert "<script>" not in html and "<b>粗</b>" not in html
    assert "&lt;script&gt;alert(" in html and "&amp;amp;" in html
    assert html.count("<table") == 1 and "@page" in html and "A4" in html
    path = tmp_path / "x.html"
    path.write_text(html, encoding="utf-8")
    back = ingest_file(path).tables[0]
    assert back.project is not None and back.project.name == '<script>alert("x")</script>&amp;'
    assert back.indicators[0].name == "<b>粗</b>"


def test_merged_level_cells_stay_inside_their_group() -> None:
    """一级 merges over consecutive equal rows; 二级 merges only inside one 一级 run."""
    rows = [
        ("产出指标", "数量指标"),
        ("产出指标", "数量指标"),
        ("效益指标", "数量指标"),
        ("产出指标", "数量指标"),
    ]
    table = Table(
        kind="project_target",
        project=Project(name="p"),
        indicators=[
            Indicator(level1=a, level2=b, name=f"n{k}", target=parse_value("1个"))
            for k, (a, b) in enumerate(rows)
        ],
    )
    form = form_for(table)
    grid = form.rows[form.head_row + 1 :]
    assert (grid[0][0].text, grid[0][0].rowspan, grid[0][1].rowspan) == ("产出指标", 2, 2)
    assert grid[1][0].text == "n1"  # both level cells covered
    assert (grid[2][0].text, grid[2][0].rowspan, grid[2][1].rowspan) == ("效益指标", 1, 1)
    assert (grid[3][0].text, grid[3][0].rowspan) == ("产出指标", 1)


def test_docx_is_a4_with_east_asian_font_real_merges_and_borders() -> None:
    data = export_document(_seed(), "docx")
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        body = etree.fromstring(z.read("word/document.xml"))
        styles = etree.fromstring(z.read("word/styles.xml"))
    size = body.find(f".//{W}sectPr/{W}pgSz")
    assert (int(size.get(f"{W}w")), int(size.get(f"{W}h"))) == (11906, 16838)  # A4 in twips
    fonts = styles.findall(f".//{W}rFonts")
    assert any(f.get(f"{W}eastAsia") == "宋体" for f in fonts)
    tables = body.findall(f".//{W}tbl")
    assert len(tables) == 6
    first = tables[0]
    assert first.find(f".//{W}tblBorders/{W}insideH").get(f"{W}val") == "single"
    assert first.findall(f".//{W}vMerge[@{W}val='restart']")  # 预算规模及资金用途, 产出指标 …
    assert first.findall(f".//{W}gridSpan")
    assert first.find(f"{W}tr/{W}trPr/{W}tblHeader") is not None


def test_xlsx_is_printable_one_sheet_per_form() -> None:
    data = export_document(_dev("04"), "xlsx")
    ws = openpyxl.load_workbook(io.BytesIO(data)).worksheets[0]
    assert int(ws.page_setup.paperSize) == 9  # A4
    assert ws.sheet_properties.pageSetUpPr.fitToPage and ws.page_setup.fitToWidth == 1
    assert ws.page_setup.fitToHeight == 0
    title_row = int(ws.print_title_rows.split(":")[0].lstrip("$"))
    assert ws.cell(title_row, 2).value == "一级指标"
    assert ws.print_area and ws.merged_cells.ranges
    widths = [ws.column_dimensions[c].width for c in "ABCDEFGHI"]
    assert all(w and w > 4 for w in widths)
    cell = ws.cell(title_row + 1, 4)
    assert cell.alignment.wrap_text and cell.border.left.style == "thin"
    # money keeps its exact value as a number; text is text even when it starts with "="
    assert any(c.value == 89.974 and c.number_format == "0.000" for row in ws.iter_rows() for c in row)


def test_xlsx_text_starting_with_equals_is_not_a_formula() -> None:
    table = Table(
        kind="project_target",
        project=Project(name="p"),
        indicators=[
            Indicator(level1="产出指标", level2="数量指标", name="覆盖率", target=parse_value("=100%"))
        ],
    )
    ws = openpyxl.load_workbook(io.BytesIO(export_table(table, "xlsx"))).worksheets[0]
    values = [c.value for row in ws.iter_rows() for c in row]
    assert "=100%" in values
    assert all(c.data_type != "f" for row in ws.iter_rows() for c in row)


@pytest.mark.parametrize(
    ("x", "decimals", "shown"),
    [
        (50, 2, "50.00"),
        (89.974, 2, "89.974"),
        (8, 0, "8"),
        (0.1 + 0.2, 0, "0.3"),
        (1585.0, 2, "1585.00"),
        (3309840.0, 2, "3309840.00"),
        (None, 2, ""),
    ],
)
def test_numbers_print_exactly(x: float | None, decimals: int, shown: str) -> None:
    assert fmt_number(x, decimals) == shown


@pytest.mark.parametrize("kind", ["department_selfeval", "monitoring"])
def test_kinds_without_a_corpus_case_still_render_every_format(kind: str) -> None:
    doc = _dev("04")
    doc.tables[0].kind = kind
    doc.tables[0].total_score = 88.5
    doc.tables[0].grade = "良"
    for fmt in ("docx", "xlsx", "html", "pdf"):
        assert export_document(doc, fmt)
    html = export_document(doc, "html").decode()
    assert ("1-7月执行数" in html) == (kind == "monitoring")
    if kind == "department_selfeval":
        assert "总分" in html and "88.5" in html and "自评等级" in html and "良" in html


def test_monitoring_form_prints_the_checkpoint_columns() -> None:
    """A 监控表 made by jixiao.monitoring prints 1-N月执行情况, 全年预计完成情况, 完成目标可能性, 偏差原因."""
    from datetime import date

    from jixiao.monitoring import IndicatorProgress, MonitoringCheckpoint, to_table

    cp = MonitoringCheckpoint(
        as_of=date(2025, 8, 31),
        project="某项目",
        unit=Party("302101", "某单位"),
        budget=100,
        executed=40,
        indicators=[
            IndicatorProgress(
                name="培训人次",
                target=parse_value("≥100人次"),
                progress=parse_value("40人次"),
                expected=parse_value("90人次"),
                likelihood="有可能",
                reason_category="经费保障",
                reason="资金未到位",
                level1="产出指标",
                level2="数量指标",
            )
        ],
    )
    form = form_for(to_table(cp))
    header = [c.text for c in form.rows[form.head_row]]
    assert header[-6:] == [
        "三级指标",
        "年度指标值",
        "1-8月执行情况",
        "全年预计完成情况",
        "完成目标可能性",
        "偏差原因",
    ]
    row = [c.text for c in form.rows[form.head_row + 1]]
    assert row[-6:] == ["培训人次", "≥100人次", "40人次", "90人次", "有可能", "经费保障：资金未到位"]
    assert "备注" not in header  # the remark carries the checkpoint, it is not printed raw
    html = export_document(Document(tables=[to_table(cp)]), "html").decode()
    assert "1-8月执行数" in html and "40.00%" in html


@pytest.mark.parametrize("fmt", ["docx", "xlsx", "html", "pdf"])
def test_level_weights_print_in_the_level_cell_and_read_back(fmt: str, tmp_path: Path) -> None:
    """产出指标(50分): the weights the scorer uses survive an export."""
    doc = _dev("04")
    doc.tables[0].level_weights = {"产出指标": 50, "效益指标": 30}
    path = tmp_path / f"w.{fmt}"
    path.write_bytes(export_document(doc, fmt))
    back = ingest_file(path).tables[0]
    assert back.level_weights == {"产出指标": 50, "效益指标": 30}
    assert back.indicators[0].level1 == "产出指标"


@pytest.mark.parametrize("kind", ["project_target", "department_target", "project_selfeval", "monitoring"])
def test_control_characters_and_empty_tables_never_break_a_writer(kind: str, tmp_path: Path) -> None:
    """Text pasted from anywhere (\\x00, \\v, lone surrogates) is cleaned, not a crash; empty tables print."""
    dirty = Table(
        kind=kind,
        title="坏\x00字\x0b符绩效目标表\ud800",
        project=Project(name="a\x01b"),
        indicators=[
            Indicator(level1="产出\x02指标", level2="数量指标", name="x\x1fy", target=parse_value("1个"))
        ],
    )
    for fmt in FORMATS:
        assert export_table(Table(kind=kind), fmt)
        assert export_table(dirty, fmt)
    path = tmp_path / "dirty.docx"
    path.write_bytes(export_table(dirty, "docx"))
    back = ingest_file(path).tables[0]
    if kind != "department_target":  # a department form has no project
        assert back.project is not None and back.project.name == "ab"
    assert back.indicators[0].name == "xy"
