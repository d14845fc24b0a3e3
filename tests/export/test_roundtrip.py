"""Round trip: every corpus table, written as .docx/.xlsx/.html/.pdf, reads back field for field.

The source side is the case's expected.json (not ingest), so this tests the writers and
the readers + assembler together: what jixiao writes, jixiao reads.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from jixiao.model import Document

from .helpers import CORPUS, FORM_FORMATS, assert_same, corpus_cases, load_expected, round_trip

CASES = [(case, fmt) for case in corpus_cases() for fmt in FORM_FORMATS]


@pytest.mark.parametrize(("case", "fmt"), CASES, ids=[f"{c.parent.name}-{f}" for c, f in CASES])
def test_corpus_table_survives_export_and_reingest(case: Path, fmt: str, tmp_path: Path) -> None:
    expected = load_expected(case)
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


def test_pdf_level_cells_repeated_after_a_page_break_read_back(tmp_path: Path) -> None:
    """Found by the hypothesis test: a 一级 run cut by the page break prints 效益指标 again at the
    top of page 2, as a new cell.  It must read back as two cells, not one "效益指标效益指标"."""
    case = Path(__file__).parent / "cases" / "pdf_level_repeated_after_page_break.json"
    expected = load_expected(case)
    back = round_trip(Document.from_dict(expected), "pdf", tmp_path)
    assert_same(expected, back, "repeated level cells after a page break")


def test_pdf_period_blocks_running_over_pages_keep_their_period(tmp_path: Path) -> None:
    """Found by the hypothesis test: a self-evaluation whose 中期/年度 blocks run over five pages.
    A page that starts with a 年度绩效指标 line must not lose it (the PDF stitcher drops rows
    equal to the first rows of the table it continues, which here is that same line)."""
    case = Path(__file__).parent / "cases" / "pdf_period_blocks_across_pages.json"
    expected = load_expected(case)
    back = round_trip(Document.from_dict(expected), "pdf", tmp_path)
    assert_same(expected, back, "中期/年度 blocks across PDF pages")
