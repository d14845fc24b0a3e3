"""PDF → Blocks, built for ruled government tables (绩效目标表 printed by Word, WPS, LibreOffice).

- Glyphs and ruling lines come from PDFium (:mod:`.pdf_page`); cells are recovered
  from the lines, merged cells (合并单元格) from the cell geometry (:mod:`.pdf_grid`).
- Text is assigned to cells by glyph position; the wrapped lines of a cell are joined
  without a separator between CJK characters (a line break in a cell is layout).
- Text outside tables becomes one :class:`Paragraph` per printed line (a line that
  runs to the right edge and is followed closely by the next one is joined with it).
- A table continuing on the next page (跨页表格) is stitched back into one
  :class:`TableBlock` when the page starts with a table whose columns match the
  previous page's last table: a repeated header row is dropped, a cell continuing
  across the break (a vertical merge, or a row split by the page break) becomes one
  cell again.
- A scanned page (an image and no text) is rendered and read by OCR (:mod:`.ocr`, the
  ``jixiao[ocr]`` extra), page by page: a PDF with text pages and scanned pages reads
  both, and the scanned pages' tables stitch with the others.  Glyphs without a Unicode
  mapping raise :class:`~jixiao.errors.NoTextLayer` naming the page; an encrypted or
  damaged file raises :class:`~jixiao.errors.UnsupportedFormat` / :class:`~jixiao.errors.CorruptFile`.

PDFium is not thread-safe, so one lock serialises the PDFium part of every read.
"""

from __future__ import annotations

import threading
from typing import Any

import pypdfium2 as pdfium
import pypdfium2.raw as R

from ..blocks import Block, TableBlock
from ..errors import CorruptFile, MissingDependency, NoTextLayer, UnsupportedFormat
from ..text import bi
from . import safety
from .pdf_layout import PageItems, page_items, stitch
from .pdf_page import PageContent, load_page

__all__ = ["read"]

_PDFIUM = threading.Lock()
UNMAPPED_SHARE = 0.3  # a page with this share of glyphs unmapped has no usable text
SCANNED_IMAGE_SHARE = 0.3  # a text-less page with an image this large is a scan
SCAN_DPI = (150.0, 300.0)  # a scanned page is rendered at its image's resolution, within these


def read(data: bytes, name: str, jobs: int = 1) -> list[Block]:
    """Read a PDF into paragraphs and tables in reading order.

    Pages are read one at a time (PDFium calls under the lock, the geometry outside
    it), and only their cells and lines are kept, so memory does not grow with glyphs.
    Scanned pages are rendered as they come and OCR'd together at the end, ``jobs`` at a time.
    """
    if b"%%EOF" not in data[-4096:]:
        raise CorruptFile(
            name,
            bi(
                "PDF 文件不完整（缺少 %%EOF，文件被截断？）",
                "the PDF is incomplete (no %%EOF: a truncated file?)",
            ),
        )
    with _PDFIUM:
        pdf = _open(data, name)
    pages: list[PageItems | None] = []
    scans: list[tuple[int, Any, float]] = []  # (page number, image, dpi) of the scanned pages
    try:
        with _PDFIUM:
            count = len(pdf)
        if count == 0:
            raise CorruptFile(name, bi("PDF 没有页面", "the PDF has no pages"))
        budget = safety.Budget(name)
        if count > budget.limits.pages:  # refused before any page is read
            raise budget.refuse("pages", f"第{budget.limits.pages + 1}页")
        visible = 0
        for i in range(count):
            try:
                with _PDFIUM:
                    page = load_page(pdf.raw, i)
            except ValueError as exc:
                raise CorruptFile(
                    name,
                    bi(f"第{i + 1}页已损坏，无法读取", f"page {i + 1} is damaged and cannot be read"),
                    where=f"第{i + 1}页",
                ) from exc
            if _scanned(page):
                scans.append(_render(pdf, page, name))
                pages.append(None)
                continue
            visible += _check_page(page, name)
            pages.append(page_items(page))
    finally:
        with _PDFIUM:
            pdf.close()
    if not visible and not scans:
        raise NoTextLayer(
            name,
            bi(
                "PDF 没有文字层（扫描件或纯图形），无法提取文字",
                "the PDF has no text layer (a scan or only graphics): no text can be extracted",
            ),
            where="第1页",
        )
    if scans:
        from . import ocr

        read = ocr.read_pages(scans, name, jobs)
        pages = [page_items(read[i + 1]) if p is None else p for i, p in enumerate(pages)]
    blocks = stitch([p for p in pages if p is not None])
    for b in blocks:  # the pages bound the work; the blocks are charged like every reader's
        if isinstance(b, TableBlock):
            budget.table(len(b.rows), sum(map(len, b.rows)), b.source)
        else:
            budget.add(1, 1, b.source)
    if scans:
        ocr.mend(blocks)
    return blocks


def _scanned(page: PageContent) -> bool:
    """A page with no visible glyph and a large image: a scan, to be read by OCR."""
    return page.image_area >= SCANNED_IMAGE_SHARE and not any(not g[0].isspace() for g in page.chars)


def _render(pdf: pdfium.PdfDocument, page: PageContent, name: str) -> tuple[int, Any, float]:
    """A scanned page as an image (BGR array) at its image's own resolution; the OCR extra is
    checked first, so a missing one is reported before any page is rendered."""
    from . import ocr

    try:
        ocr.require()
    except MissingDependency as exc:
        raise MissingDependency(name, exc.reason, where=f"第{page.number}页") from exc
    dpi = min(max(page.image_dpi or 200.0, SCAN_DPI[0]), SCAN_DPI[1])
    with _PDFIUM:
        bitmap = pdf[page.number - 1].render(scale=dpi / 72.0)
        image = bitmap.to_numpy().copy()
    return page.number, image, dpi


def _open(data: bytes, name: str) -> pdfium.PdfDocument:
    try:
        return pdfium.PdfDocument(data)
    except pdfium.PdfiumError as exc:
        code = getattr(exc, "err_code", None)
        if code == R.FPDF_ERR_PASSWORD:
            raise UnsupportedFormat(
                name,
                bi(
                    "PDF 已加密，需要密码才能打开；请提供未加密的文件",
                    "the PDF is encrypted and needs a password; give an unencrypted file",
                ),
            ) from exc
        if code == R.FPDF_ERR_SECURITY:
            raise UnsupportedFormat(
                name,
                bi("PDF 使用了不支持的加密方式", "the PDF uses an unsupported encryption (security handler)"),
            ) from exc
        raise CorruptFile(
            name, bi("PDF 文件已损坏，无法打开", f"the PDF is damaged and cannot be opened ({exc})")
        ) from exc


def _check_page(page: PageContent, name: str) -> int:
    """The number of visible glyphs; raise NoTextLayer for an unmapped page."""
    visible = sum(1 for g in page.chars if not g[0].isspace())
    where = f"第{page.number}页"
    if page.sampled >= 8 and page.unmapped >= UNMAPPED_SHARE * page.sampled:
        raise NoTextLayer(
            name,
            bi(
                f"{where}的字形没有 Unicode 映射，无法提取文字（需 OCR 或重新导出 PDF）",
                f"page {page.number}: glyphs without a Unicode mapping, no text can be extracted (OCR it or export the PDF again)",
            ),
            where=where,
        )
    return visible
