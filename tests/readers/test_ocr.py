"""Scans read by OCR (readers/scan.py, readers/ocr.py and the scanned pages of readers/pdf.py).

Real RapidOCR on real scans: crops of the seed's scan (200 dpi, turned by ~1°, specks, blur,
a red seal over the first table) keep each OCR run to a second or two; each input is read
once per module and its result shared.  The corpus figures are in
tests/ingest/test_corpus_scans.py.
"""

from __future__ import annotations

import io
import json
from pathlib import Path

import cv2
import numpy as np
import pypdfium2 as pdfium
import pytest

from jixiao.blocks import Block, TableBlock
from jixiao.compare import compare_documents
from jixiao.errors import MissingDependency
from jixiao.ingest import ingest_bytes
from jixiao.readers import ocr, read_blocks, scan

CORPUS = Path(__file__).resolve().parents[1] / "corpus"
SEED = CORPUS / "seed"
FIRST_TABLE = (slice(190, 1120), slice(180, 1520))  # rows, columns of seed-scan.png: table 1 and its seal
SECOND_TABLE = (slice(1100, 1760), slice(180, 1520))


def _png(region: tuple[slice, slice]) -> bytes:
    image = cv2.imread(str(SEED / "seed-scan.png"))
    ok, buf = cv2.imencode(".png", image[region])
    assert ok
    return buf.tobytes()


@pytest.fixture(scope="module")
def first_table() -> tuple[str, list[Block]]:
    return read_blocks("table1.png", data=_png(FIRST_TABLE), name="table1.png")


def _table(blocks: list[Block]) -> TableBlock:
    tables = [b for b in blocks if isinstance(b, TableBlock)]
    assert len(tables) == 1
    return tables[0]


def test_a_scanned_table_comes_out_as_its_cells_with_the_merges(first_table: tuple[str, list[Block]]) -> None:
    fmt, blocks = first_table
    assert fmt == "png"
    grid = [[" ".join(c.text.split()) if c else "" for c in row] for row in _table(blocks).grid()]
    assert grid[0][0].startswith("302101天津市人民政府外事办公室") and grid[0][-1] == "单位：万元"
    assert grid[2][:3] == ["预算规模及资金用途", "预算数", "50.00"]
    assert grid[3][0] == "预算规模及资金用途"  # merged over two rows (合并单元格), from the ruling lines
    assert grid[5] == [
        "一级指标",
        "二级指标",
        "三级指标",
        "三级指标",
        "绩效指标描述",
        "绩效指标描述",
        "指标值",
    ]
    assert [row[0] for row in grid[6:12]] == ["产出指标"] * 6
    assert [row[-1] for row in grid[6:9]] == ["1个", "≥10人次", "≥95%"]


def test_every_scanned_cell_keeps_its_ocr_confidence(first_table: tuple[str, list[Block]]) -> None:
    cells = [c for row in _table(first_table[1]).rows for c in row if c.text]
    assert cells and all(c.confidence is not None and 0.0 < c.confidence <= 1.0 for c in cells)
    assert all(c.source and c.source.startswith("p1:表1:R") for c in cells)


def test_a_low_confidence_cell_is_a_warning_naming_page_and_cell(monkeypatch: pytest.MonkeyPatch) -> None:
    _, blocks = read_blocks("t.png", data=_png(SECOND_TABLE), name="t.png")
    table = _table(blocks)
    assert not table.notes  # a clean scan: nothing under the default threshold
    weakest = min(c.confidence or 1.0 for row in table.rows for c in row if c.text)
    table.notes.clear()
    monkeypatch.setattr(ocr, "LOW_CONFIDENCE", weakest + 1e-6)
    ocr.low_confidence_notes(blocks)
    assert table.notes and {n.code for n in table.notes} == {"JX903"}
    assert all(n.where and n.where.startswith("p1:表1:R") and "C" in n.where for n in table.notes)
    assert "置信度" in table.notes[0].message


def test_the_scan_ingests_to_the_expected_table(first_table: tuple[str, list[Block]]) -> None:
    doc = ingest_bytes(_png(FIRST_TABLE), "table1.png")
    expected = json.loads((SEED / "expected.json").read_text(encoding="utf-8"))
    expected["tables"] = expected["tables"][:1]
    result = compare_documents(expected, doc.to_dict(), cjk_space=True)
    assert result.ok, result.mismatches[:10]
    assert doc.source.format == "png"


def test_a_pdf_with_a_text_page_and_a_scanned_page_reads_both() -> None:
    """Page 1 printed (text layer), page 2 scanned: each page goes its own way, and the result
    is what the printed PDF gives for the same two pages."""
    mixed = pdfium.PdfDocument.new()
    mixed.import_pages(pdfium.PdfDocument(SEED / "seed.pdf"), [0])
    mixed.import_pages(pdfium.PdfDocument(SEED / "seed-scan.pdf"), [1])
    printed = pdfium.PdfDocument.new()
    printed.import_pages(pdfium.PdfDocument(SEED / "seed.pdf"), [0, 1])
    docs = []
    for pdf in (mixed, printed):
        buf = io.BytesIO()
        pdf.save(buf)
        docs.append(buf.getvalue())
    _, blocks = read_blocks("mixed.pdf", data=docs[0], name="mixed.pdf", jobs=2)
    cells = [c for b in blocks if isinstance(b, TableBlock) for row in b.rows for c in row if c.text]
    assert {c.confidence is None for c in cells if c.source and c.source.startswith("p1:")} == {True}
    assert {c.confidence is not None for c in cells if c.source and c.source.startswith("p2:")} == {True}
    got = ingest_bytes(docs[0], "mixed.pdf").to_dict()
    want = ingest_bytes(docs[1], "printed.pdf").to_dict()
    result = compare_documents(want, got, cjk_space=True)
    assert len(got["tables"]) == len(want["tables"]) >= 2
    assert result.share >= 0.98, result.mismatches[:10]


def test_pages_of_a_multipage_tiff_are_read_in_parallel_and_in_order() -> None:
    image = cv2.imread(str(SEED / "seed-scan.png"))
    ok, buf = cv2.imencodemulti(".tiff", [image[FIRST_TABLE], image[SECOND_TABLE]])
    assert ok
    fmt, blocks = read_blocks("two.tif", data=buf.tobytes(), name="two.tif", jobs=2)
    assert fmt == "tiff"
    tables = [b for b in blocks if isinstance(b, TableBlock)]
    assert [t.source for t in tables][:2] == ["p1:表1", "p2:表1"]
    assert tables[1].rows[1][1].text.startswith("市外办一般债券利息")


@pytest.mark.usefixtures("without_ocr")
def test_without_the_ocr_extra_a_scan_names_the_extra_to_install() -> None:
    with pytest.raises(MissingDependency) as err:
        ingest_bytes(_png(SECOND_TABLE), "扫描件.png")
    assert "pip install 'jixiao[ocr]'" in str(err.value)
    scanned = (SEED / "seed-scan.pdf").read_bytes()
    with pytest.raises(MissingDependency) as err:
        ingest_bytes(scanned, "扫描件.pdf")
    assert err.value.file == "扫描件.pdf" and err.value.where == "第1页"
    assert "jixiao[ocr]" in str(err.value)


def _lines_page(angle: float) -> np.ndarray:
    """A white page with a ruled 4×3 grid (no text), turned by ``angle`` degrees, and a red ring."""
    page = np.full((1100, 850, 3), 255, np.uint8)
    for y in range(200, 701, 125):
        cv2.line(page, (100, y), (750, y), (0, 0, 0), 2)
    for x in (100, 320, 540, 750):
        cv2.line(page, (x, 200), (x, 700), (0, 0, 0), 2)
    m = cv2.getRotationMatrix2D((425, 550), angle, 1.0)
    page = cv2.warpAffine(page, m, (850, 1100), borderValue=(255, 255, 255))
    seal = np.full_like(page, 255)
    cv2.circle(seal, (700, 230), 90, (150, 150, 235), 8)  # a seal ring over the top right corner …
    return np.minimum(page, seal)  # … stamped over the print: black stays black under it


def test_a_turned_scan_is_turned_back_and_its_seal_whitened() -> None:
    page = scan.clean(_lines_page(1.0), dpi=100)
    assert abs(abs(page.skew) - 1.0) < 0.15
    grey = cv2.cvtColor(page.image, cv2.COLOR_BGR2GRAY)
    b, g, r = cv2.split(page.image)
    assert int((cv2.subtract(r, cv2.max(g, b)) > 40).sum()) == 0  # no red left
    assert len(page.hlines) == 5 and len(page.vlines) == 4  # the ruling under the seal survives
    assert all(abs(a - 72.0) < 3 and abs(b - 540.0) < 3 for _, a, b in page.hlines)  # points, at 100 dpi
    assert grey.min() < 100  # the black print stays black


def test_an_upright_scan_is_not_turned() -> None:
    assert scan.clean(_lines_page(0.0), dpi=100).skew == 0.0
