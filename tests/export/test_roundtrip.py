"""Round trip: every corpus table, written as .docx/.xlsx/.html/.pdf, reads back field for field.

The source side is the case's expected.json (not ingest), so this tests the writers and
the readers + assembler together: what jixiao writes, jixiao reads.  Where we believe an
expected.json is wrong (tests/ingest/known.py: dev/24's '-' placeholder and 'M.8万元'), the
corrected values are written and read back, as the golden and variant tests use them.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from jixiao.model import Document

from .helpers import (
    CORPUS,
    FORM_FORMATS,
    assert_same,
    corpus_cases,
    load_corrected,
    load_expected,
    round_trip,
)

CASES = [(case, fmt) for case in corpus_cases() for fmt in FORM_FORMATS]


@pytest.mark.parametrize(("case", "fmt"), CASES, ids=[f"{c.parent.name}-{f}" for c, f in CASES])
def test_corpus_table_survives_export_and_reingest(case: Path, fmt: str, tmp_path: Path) -> None:
    expected = load_corrected(case)
    back = round_trip(Document.from_dict(expected), fmt, tmp_path, stem=case.parent.name)
    assert_same(expected, back, f"{case.parent.name} as {fmt}")


@pytest.mark.parametrize("fmt", FORM_FORMATS)
def test_period_indicators_print_in_their_own_block_and_keep_their_period(fmt: str, tmp_path: Path) -> None:
    """中期/实施期 indicators go under a 中期绩效指标 line (LAYOUTS.md A8) and read back as such."""
    expected = load_expected(CORPUS / "dev" / "04" / "expected.json")
    for ind in expected["tables"][0]["indicators"][:3]:
        ind["period"] = "period"
    back = round_trip(Document.from_dict(expected), fmt, tmp_path)
    assert_same(expected, back, f"period indicators as {fmt}")
    assert [i.period for i in back.tables[0].indicators][:4] == ["period", "period", "period", "annual"]


CASES_DIR = Path(__file__).parent / "cases"
PDF_CASES = {
    # a 一级 run cut by a page break prints 效益指标 again at the top of page 2, as a new cell:
    # it must not read back as one "效益指标效益指标" cell
    "pdf_level_repeated_after_page_break": "repeated level cells after a page break",
    # 中期/年度 blocks over five pages: a page must not start with a 年度绩效指标 line that the
    # stitcher would drop as a repeat of the table's first row
    "pdf_period_blocks_across_pages": "中期/年度 blocks across PDF pages",
    # many one-row 中期/年度 blocks: glued rows must not leave a page so short that the next
    # page reads as a new table (with the 三级/描述 columns merged differently)
    "pdf_short_period_blocks_after_page_break": "short 中期/年度 blocks after a page break",
}


@pytest.mark.parametrize("name", list(PDF_CASES))
def test_pdf_cases_found_by_hypothesis_read_back(name: str, tmp_path: Path) -> None:
    """Generated documents that once failed the PDF round trip, kept as fixed cases."""
    expected = load_expected(CASES_DIR / f"{name}.json")
    back = round_trip(Document.from_dict(expected), "pdf", tmp_path)
    assert_same(expected, back, PDF_CASES[name])
