"""The readers' remarks as findings (review/rules_reading.py): on the table read there, in both
languages, and never grading the table."""

from __future__ import annotations

from pathlib import Path

from jixiao.ingest import ingest_bytes
from jixiao.model import Document, Warning
from jixiao.review import check_document

TWO_TABLES = """
甲项目绩效目标表

| 项目名称 | 甲项目 |
|---|---|

| 一级指标 | 二级指标 | 三级指标 | 指标值 |
|---|---|---|---|
| 产出指标 | 数量指标 | 建设数量 | 3个 |

乙项目绩效目标表

| 项目名称 | 乙项目 |
|---|---|

| 一级 | 二级 | 三级 | 年度数值 |
|---|---|---|---|
| 产出指标 | 数量指标 | 培训人次 | 200人次 |
"""


def test_a_remark_is_a_finding_on_the_table_read_where_it_was_made() -> None:
    doc = ingest_bytes(TWO_TABLES.encode(), "two.md")
    assert [t.project.name for t in doc.tables if t.project] == ["甲项目", "乙项目"]
    (meaning,) = [w for w in doc.warnings if w.code == "JX920"]
    assert meaning.where and meaning.where.startswith("表4:R1")  # the reader's 4th table: the Document's 2nd
    (finding,) = [f for f in check_document(doc).findings if f.code == "JX920"]
    assert finding.table == 1 and finding.severity == "info"
    assert "年度数值" in finding.message("zh") and meaning.where in finding.message("zh")
    assert finding.message("en").startswith("Header read by meaning: 「年度数值」")


def test_copied_text_that_lost_its_merges_is_reported_on_its_table() -> None:
    text = (
        "测试项目绩效目标表\n\n项目名称\t测试项目\n\n一级指标\t二级指标\t三级指标\t指标值\n"
        "产出指标\t数量指标\t完成任务数量\t≥10个\n质量指标\t验收合格率\t≥95%\n"
    )
    report = check_document(ingest_bytes(text.encode(), "copied.txt"))
    (guessed,) = [f for f in report.findings if f.code == "JX904"]
    assert guessed.table == 0 and guessed.severity == "warning"
    assert "合并单元格" in guessed.message("zh") and "merged cells" in guessed.message("en")


def test_a_remark_read_back_from_json_keeps_its_text() -> None:
    doc = Document.from_dict(ingest_bytes(TWO_TABLES.encode(), "two.md").to_dict())
    (finding,) = [f for f in check_document(doc).findings if f.code == "JX920"]
    assert finding.table == 1 and "年度数值" in finding.message("en")


def test_reading_remarks_never_grade_a_table() -> None:
    clean = Path(__file__).parent / "fixtures" / "JX901" / "passes.md"
    doc = ingest_bytes(clean.read_bytes(), clean.name)
    assert [r.grade for r in check_document(doc).reviews] == ["优"]
    doc.warnings += [
        Warning(
            "JX922",
            "表头未识别，该列未读取：「累计完成率」（header not understood, column not read）",
            "表2:R1",
        ),
        Warning(
            "JX929", "表1 读取置信度 0.40，请人工核对（low confidence 0.40: check this table by hand）", "表1"
        ),
    ] * 3
    report = check_document(doc)
    assert [(f.code, f.table, f.severity) for f in report.findings] == [("JX922", 0, "warning")] * 3 + [
        ("JX929", 0, "warning")
    ] * 3
    assert [r.grade for r in report.reviews] == ["优"]  # six warnings, none of them on the targets
    # (written as warnings were before they were Text: "中文（English）", split into the two)
    assert (
        report.findings[0].message("en")
        == "Header not understood, column not read: 「累计完成率」 (at 表2:R1)"
    )
    assert report.findings[0].message("zh") == "表头未识别，该列未读取：「累计完成率」（位置：表2:R1）"
