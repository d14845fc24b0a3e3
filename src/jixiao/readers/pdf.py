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

import re
import threading
from collections import Counter
from dataclasses import dataclass
from typing import Any

import pypdfium2 as pdfium
import pypdfium2.raw as R

from ..blocks import Block, Paragraph, TableBlock
from ..errors import CorruptFile, MissingDependency, NoTextLayer, UnsupportedFormat
from . import safety
from .pdf_grid import PageCell, find_tables, join_lines, line_text, lines_of
from .pdf_page import PageContent, load_page
from .pdf_stitch import Part, PartCell, Stitched, append, block, continues

__all__ = ["read", "page_items", "stitch"]

_PDFIUM = threading.Lock()
UNMAPPED_SHARE = 0.3  # a page with this share of glyphs unmapped has no usable text
SCANNED_IMAGE_SHARE = 0.3  # a text-less page with an image this large is a scan
SCAN_DPI = (150.0, 300.0)  # a scanned page is rendered at its image's resolution, within these
_SPACES = re.compile(r"\s+")
_FURNITURE = re.compile(
    r"^(第\s*\d+\s*页(\s*[,，/]?\s*共\s*\d+\s*页)?|[-—–]*\s*\d{1,4}\s*[-—–]*|\d+\s*/\s*\d+|page\s+\d+(\s+of\s+\d+)?)$",
    re.IGNORECASE,
)


def read(data: bytes, name: str, jobs: int = 1) -> list[Block]:
    """Read a PDF into paragraphs and tables in reading order.

    Pages are read one at a time (PDFium calls under the lock, the geometry outside
    it), and only their cells and lines are kept, so memory does not grow with glyphs.
    Scanned pages are rendered as they come and OCR'd together at the end, ``jobs`` at a time.
    """
    if b"%%EOF" not in data[-4096:]:
        raise CorruptFile(name, "PDF 文件不完整（缺少 %%EOF，文件被截断？）/ the PDF is truncated (no %%EOF)")
    with _PDFIUM:
        pdf = _open(data, name)
    pages: list[list[Part | _Line] | None] = []
    scans: list[tuple[int, Any, float]] = []  # (page number, image, dpi) of the scanned pages
    try:
        with _PDFIUM:
            count = len(pdf)
        if count == 0:
            raise CorruptFile(name, "PDF 没有页面 / the PDF has no pages")
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
                    name, f"第{i + 1}页已损坏，无法读取 / page {i + 1} cannot be read", where=f"第{i + 1}页"
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
            name, "PDF 没有文字层（扫描件或纯图形），无法提取文字 / the PDF has no text layer", where="第1页"
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
        ocr.low_confidence_notes(blocks)
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
                "PDF 已加密，需要密码才能打开；请提供未加密的文件 / the PDF is encrypted and needs a password",
            ) from exc
        if code == R.FPDF_ERR_SECURITY:
            raise UnsupportedFormat(
                name, "PDF 使用了不支持的加密方式 / unsupported PDF security handler"
            ) from exc
        raise CorruptFile(name, f"PDF 文件已损坏，无法打开 / damaged PDF ({exc})") from exc


def _check_page(page: PageContent, name: str) -> int:
    """The number of visible glyphs; raise NoTextLayer for an unmapped page."""
    visible = sum(1 for g in page.chars if not g[0].isspace())
    where = f"第{page.number}页"
    if page.sampled >= 8 and page.unmapped >= UNMAPPED_SHARE * page.sampled:
        raise NoTextLayer(
            name,
            f"{where}的字形没有 Unicode 映射，无法提取文字（需 OCR 或重新导出 PDF）/ "
            f"page {page.number}: glyphs without a Unicode mapping",
            where=where,
        )
    return visible


# ---------------------------------------------------------------- one page


@dataclass(slots=True)
class _Line:
    page: int
    text: str
    y0: float
    y1: float
    x0: float
    x1: float
    height: float
    furniture: bool = False


def page_items(page: PageContent) -> list[Part | _Line]:
    """One page's tables (as :class:`Part` s) and its lines of text outside them, top to bottom."""
    tables = find_tables(page.hlines, page.vlines)
    loose = []
    for g in page.chars:
        cx, cy = (g[1] + g[3]) / 2, (g[2] + g[4]) / 2
        for t in tables:
            if t.x0 <= cx <= t.x1 and t.y0 <= cy <= t.y1:
                cell = t.cell_at(cx, cy)
                if cell is not None:
                    cell.chars.append(g)
                    break
        else:
            loose.append(g)
    items: list[tuple[float, Part | _Line]] = []
    for k, t in enumerate(tables, 1):
        used = sorted({c.row for c in t.cells} | {c.row_end for c in t.cells})
        index = {r: i for i, r in enumerate(used)}
        cells = [
            _cell(c, index[c.row], index[c.row_end], f"p{page.number}:表{k}", page.scores) for c in t.cells
        ]
        for c in t.cells:
            c.chars = []  # the glyphs are text now; do not keep them for the whole document
        items.append((t.y0, Part(page.number, page.height, t, cells, len(used) - 1)))
    for line in lines_of(loose):
        text = _collapse(line_text(line))
        if not text:
            continue
        y0 = min(g[2] for g in line)
        y1 = max(g[4] for g in line)
        h = max(max(g[4] - g[2] for g in line), 1.0)
        item = _Line(page.number, text, y0, y1, line[0][1], line[-1][3], h)
        item.furniture = bool(_FURNITURE.match(text)) and (y1 < page.height * 0.12 or y0 > page.height * 0.88)
        items.append((y0, item))
    items.sort(key=lambda it: it[0])
    return _join_wrapped([it for _, it in items])


def _cell(
    c: PageCell,
    r0: int,
    r1: int,
    source: str,
    scores: dict[tuple[str, float, float, float, float], float] | None,
) -> PartCell:
    """A cell's text (wrapped lines joined), whether its text may run on past its bottom, and
    (OCR) the confidence of its weakest glyph."""
    lines = lines_of(c.chars)
    if not lines:
        return PartCell(c.x0, c.x1, r0, r1, "", source)
    confidence = min((scores.get(g, 1.0) for g in c.chars), default=None) if scores is not None else None
    pad_x = max(min(g[1] for g in c.chars) - c.x0, 0.0)
    right = c.x1 - pad_x  # where the text area ends (the padding taken as symmetric)
    # a line is full when the next line's first glyph would not have fitted after it
    full = [
        line[-1][3] + nxt[0][3] - nxt[0][1] + 0.5 > right for line, nxt in zip(lines, lines[1:], strict=False)
    ]
    last = lines[-1]
    full.append(last[-1][3] + 0.8 * max(g[3] - g[1] for g in last) > right)
    text = _collapse(join_lines([line_text(line) for line in lines], full))
    pad_y = max(min(g[2] for g in lines[0]) - c.y0, 0.0)
    height = max(max(g[4] - g[2] for g in last), 1.0)
    slack = max(c.y1 - max(g[4] for g in last) - pad_y, 0.0) / height
    return PartCell(c.x0, c.x1, r0, r1, text, source, full[-1] and slack <= 1.0, slack, confidence)


def _join_wrapped(items: list[Part | _Line]) -> list[Part | _Line]:
    """Join a paragraph's wrapped lines: a line reaching the right edge, the next right below it."""
    lines = [it for it in items if isinstance(it, _Line) and not it.furniture]
    if not lines:
        return items
    right = max([ln.x1 for ln in lines] + [it.table.x1 for it in items if isinstance(it, Part)])
    out: list[Part | _Line] = []
    for it in items:
        prev = out[-1] if out else None
        if (
            isinstance(it, _Line)
            and isinstance(prev, _Line)
            and not it.furniture
            and not prev.furniture
            and prev.x1 >= right - 1.5 * prev.height
            and it.y0 - prev.y1 <= 0.8 * prev.height
            and it.x0 <= prev.x0 + 0.5 * prev.height
        ):
            prev.text = join_lines([prev.text, it.text])
            prev.y1, prev.x1 = it.y1, it.x1
            continue
        out.append(it)
    return out


def _collapse(text: str) -> str:
    return _SPACES.sub(" ", text).strip()


# ---------------------------------------------------------------- across pages


def stitch(pages: list[list[Part | _Line]]) -> list[Block]:
    """The pages' items in reading order as Blocks, tables continued across pages joined."""
    known: Counter[str] = Counter()  # texts seen whole: in cells away from a page break
    for items in pages:
        parts = [it for it in items if isinstance(it, Part)]
        for part in parts:
            for c in part.cells:
                if (
                    c.text
                    and not (part is parts[0] and c.r0 == 0)
                    and not (part is parts[-1] and c.r1 == part.nrows)
                ):
                    known[c.text] += 1
    out: list[Block | Stitched] = []
    open_table: Stitched | None = None
    for items in pages:
        content = [it for it in items if not (isinstance(it, _Line) and it.furniture)]
        for i, it in enumerate(content):
            if isinstance(it, _Line):
                out.append(Paragraph(it.text, source=f"p{it.page}:y{it.y0:.0f}"))
            elif i == 0 and open_table is not None and continues(open_table, it):
                append(open_table, it, known)
            else:
                open_table = Stitched.start(it)
                out.append(open_table)
        last = content[-1] if content else None
        if open_table is not None and open_table.last is not last:
            open_table = None
    return [block(b) if isinstance(b, Stitched) else b for b in out]
