"""PDFs the reader cannot read give a typed error naming the file and the page; rotated pages read upright."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

import pypdfium2 as pdfium
import pytest

from jixiao.blocks import TableBlock
from jixiao.errors import CorruptFile, MissingDependency, NoTextLayer, UnsupportedFormat
from jixiao.ingest import ingest_bytes, ingest_file
from jixiao.readers import read_blocks

from . import make

SEED = Path(__file__).resolve().parents[1] / "corpus" / "seed" / "seed.pdf"


def _read(data: bytes, name: str = "表.pdf") -> list:
    return read_blocks(name, data=data, name=name)[1]


def _grids(blocks: list) -> list:
    return [
        [[(c.text, c.rowspan, c.colspan) for c in row] for row in b.rows]
        if isinstance(b, TableBlock)
        else b.text
        for b in blocks
    ]


@pytest.fixture(scope="module")
def seed() -> bytes:
    return SEED.read_bytes()


@pytest.fixture(scope="module")
def first_page(seed: bytes) -> bytes:
    out = pdfium.PdfDocument.new()
    out.import_pages(pdfium.PdfDocument(seed), [0])
    buf = io.BytesIO()
    out.save(buf)
    return buf.getvalue()


def test_ruled_lines_without_text_is_no_text_layer() -> None:
    data = make.lines_only()
    assert make.char_count(data) == 0
    with pytest.raises(NoTextLayer, match="线条.pdf.*没有文字层"):
        _read(data, "线条.pdf")


def test_a_scanned_page_is_read_by_ocr() -> None:
    """A page that is one big image goes to OCR (readers/ocr.py); a blank one holds nothing."""
    assert _read(make.scanned(), "扫描.pdf") == []
    doc = ingest_bytes(make.scanned(), "扫描.pdf")
    assert [w.code for w in doc.warnings] == ["JX901"]


def test_a_scanned_page_after_text_pages_is_named_when_ocr_is_missing(
    first_page: bytes, request: Any
) -> None:
    """Nothing is lost silently: without the ocr extra, a scanned page 2 stops the read, naming
    page 2 and the extra to install; with it, page 1's text is read as it is."""
    text_only = _grids(_read(first_page, "混合.pdf"))
    assert _grids(_read(make.scanned(first_page), "混合.pdf")) == text_only
    request.getfixturevalue("without_ocr")
    with pytest.raises(MissingDependency) as info:
        _read(make.scanned(first_page), "混合.pdf")
    assert info.value.where == "第2页" and info.value.file == "混合.pdf"
    assert "jixiao[ocr]" in str(info.value)


def test_glyphs_without_unicode_mapping() -> None:
    data = make.unmapped_font()
    assert make.char_count(data) >= 40  # PDFium sees glyphs; it just cannot say which characters they are
    with pytest.raises(NoTextLayer, match="Unicode") as info:
        _read(data, "乱码.pdf")
    assert info.value.where == "第1页"


def test_encrypted_pdf_asks_for_an_unencrypted_file() -> None:
    data = make.encrypted(b"secret", b"hello")
    assert pdfium.PdfDocument(data, password="secret")[0].get_textpage().get_text_range() == "hello"
    with pytest.raises(UnsupportedFormat, match="加密.pdf.*加密"):
        _read(data, "加密.pdf")


def test_truncated_pdf(seed: bytes) -> None:
    with pytest.raises(CorruptFile, match="截断.pdf.*截断"):
        _read(seed[: len(seed) // 2], "截断.pdf")


def test_garbage_after_the_header(seed: bytes) -> None:
    data = seed[:1024] + bytes(range(256)) * 64 + b"\n%%EOF\n"
    with pytest.raises(CorruptFile, match="坏.pdf"):
        _read(data, "坏.pdf")


def test_ingest_names_the_file_on_disk(tmp_path: Path, seed: bytes) -> None:
    path = tmp_path / "截断的目标表.pdf"
    path.write_bytes(seed[:5000])
    with pytest.raises(CorruptFile, match="截断的目标表.pdf"):
        ingest_file(path)


@pytest.mark.parametrize("rotate", [90, 270])
@pytest.mark.parametrize("turned", [True, False], ids=["landscape-content", "rotate-only"])
def test_rotated_page_reads_like_the_upright_one(first_page: bytes, rotate: int, turned: bool) -> None:
    """/Rotate 90 and 270, with the content drawn turned (in a form XObject) or not."""
    upright = _grids(_read(first_page))
    data = make.rotated(first_page, 0, rotate, turn_content=turned)
    assert pdfium.PdfDocument(data)[0].get_rotation() == rotate
    assert _grids(_read(data)) == upright
    assert sum(isinstance(b, list) for b in upright) == 3  # the fixture really has tables


def test_rotated_page_ingests_to_the_same_tables(first_page: bytes) -> None:
    upright = ingest_bytes(first_page, "p1.pdf").to_dict()["tables"]
    turned = ingest_bytes(make.rotated(first_page, 0, 90), "p1-rotated.pdf").to_dict()["tables"]
    strip = lambda ts: [{k: v for k, v in t.items() if k != "source"} for t in ts]  # noqa: E731
    assert [t["project"]["name"] for t in turned] == [t["project"]["name"] for t in upright]
    assert [len(t["indicators"]) for t in turned] == [len(t["indicators"]) for t in upright]
    assert [[i["target"] for i in t["indicators"]] for t in strip(turned)] == [
        [i["target"] for i in t["indicators"]] for t in strip(upright)
    ]
