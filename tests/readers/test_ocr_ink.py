"""Ink the OCR detector left out of its text boxes, read alone (readers/ocr_ink.py), on a real
scan: dev 34's scan.pdf, page 2, where the detector's box around ``683`` ends before its ``人``
(the corpus figures are in tests/ingest/test_corpus_scans.py)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pypdfium2 as pdfium
import pytest

from jixiao.readers import ocr
from jixiao.readers.ocr_ink import _uncovered
from jixiao.readers.pdf_grid import find_tables
from jixiao.readers.scan import ruling_lines, straighten

SCAN = Path(__file__).resolve().parents[1] / "corpus" / "dev" / "34" / "case-scan.pdf"
DPI = 200.0
PT = 72.0 / DPI
NUMBER_BOX = (996.0, 559.0, 1069.0, 602.0)  # pixels: PP-OCRv4's box around 683 on the upright page


@pytest.fixture(scope="module")
def page() -> tuple[Any, Any]:
    """The upright page and the ruled cell holding 683人."""
    image = pdfium.PdfDocument(SCAN)[1].render(scale=DPI / 72).to_numpy().copy()
    upright, _ = straighten(image, DPI)
    hlines, vlines = ruling_lines(upright, DPI)
    x, y = 1030 * PT, 580 * PT
    cell = next(
        c for t in find_tables(hlines, vlines) for c in t.cells if c.x0 < x < c.x1 and c.y0 < y < c.y1
    )
    return upright, cell


def test_a_character_beside_a_cells_text_that_no_box_covers_is_read_alone(page: tuple[Any, Any]) -> None:
    upright, cell = page
    found = _uncovered(upright, [NUMBER_BOX], cell, DPI, ocr.engine())
    assert [text for text, *_ in found] == ["人"]
    ((_, (x0, _y0, _x1, _y1), score),) = found
    assert x0 >= NUMBER_BOX[2] * PT - 1 and score >= 0.6  # right of the number, read sure


def test_ink_a_text_box_covers_is_not_read_again(page: tuple[Any, Any]) -> None:
    upright, cell = page
    whole = (NUMBER_BOX[0], NUMBER_BOX[1], NUMBER_BOX[2] + 40, NUMBER_BOX[3])  # the box had reached 人
    assert _uncovered(upright, [whole], cell, DPI, ocr.engine()) == []
