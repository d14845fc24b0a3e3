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
- A scanned page, or glyphs without a Unicode mapping, raise
  :class:`~jixiao.errors.NoTextLayer` naming the page; an encrypted or damaged file
  raises :class:`~jixiao.errors.UnsupportedFormat` / :class:`~jixiao.errors.CorruptFile`.

PDFium is not thread-safe, so one lock serialises the PDFium part of every read.
"""

from __future__ import annotations

import re
import threading
from dataclasses import dataclass, field

import pypdfium2 as pdfium
import pypdfium2.raw as R

from ..blocks import Block, Cell, Paragraph, TableBlock
from ..errors import CorruptFile, NoTextLayer, UnsupportedFormat
from .pdf_grid import TOL, PageTable, find_tables, join_lines, line_text, lines_of
from .pdf_page import PageContent, load_page

__all__ = ["read"]

_PDFIUM = threading.Lock()
UNMAPPED_SHARE = 0.3  # a page with this share of glyphs unmapped has no usable text
SCANNED_IMAGE_SHARE = 0.3  # a text-less page with an image this large is a scan
_SPACES = re.compile(r"\s+")
_FURNITURE = re.compile(
    r"^(第\s*\d+\s*页(\s*[,，/]?\s*共\s*\d+\s*页)?|[-—–]*\s*\d{1,4}\s*[-—–]*|\d+\s*/\s*\d+|page\s+\d+(\s+of\s+\d+)?)$",
    re.IGNORECASE,
)


def read(data: bytes, name: str) -> list[Block]:
    """Read a PDF into paragraphs and tables in reading order."""
    if b"%%EOF" not in data[-4096:]:
        raise CorruptFile(name, "PDF 文件不完整（缺少 %%EOF，文件被截断？）/ the PDF is truncated (no %%EOF)")
    with _PDFIUM:
        pages = _load(data, name)
    _check_text(pages, name)
    return _Stitcher(name).run(pages)


def _load(data: bytes, name: str) -> list[PageContent]:
    try:
        pdf = pdfium.PdfDocument(data)
    except pdfium.PdfiumError as exc:
        code = getattr(exc, "err_code", None)
        if code == R.FPDF_ERR_PASSWORD:
            raise UnsupportedFormat(
                name,
                "PDF 已加密，需要密码才能打开；请提供未加密的文件 / the PDF is encrypted "
                "and needs a password",
            ) from exc
        if code == R.FPDF_ERR_SECURITY:
            raise UnsupportedFormat(
                name, "PDF 使用了不支持的加密方式 / unsupported PDF security handler"
            ) from exc
        raise CorruptFile(name, f"PDF 文件已损坏，无法打开 / damaged PDF ({exc})") from exc
    try:
        count = len(pdf)
        if count == 0:
            raise CorruptFile(name, "PDF 没有页面 / the PDF has no pages")
        pages = []
        for i in range(count):
            try:
                pages.append(load_page(pdf.raw, i))
            except ValueError as exc:
                raise CorruptFile(
                    name, f"第{i + 1}页已损坏，无法读取 / page {i + 1} cannot be read", where=f"第{i + 1}页"
                ) from exc
        return pages
    finally:
        pdf.close()


def _check_text(pages: list[PageContent], name: str) -> None:
    visible = [sum(1 for g in p.chars if not g[0].isspace()) for p in pages]
    for page, n in zip(pages, visible, strict=True):
        where = f"第{page.number}页"
        if page.sampled >= 8 and page.unmapped >= UNMAPPED_SHARE * page.sampled:
            raise NoTextLayer(
                name,
                f"{where}的字形没有 Unicode 映射，无法提取文字（需 OCR 或重新导出 PDF）/ "
                f"page {page.number}: glyphs without a Unicode mapping",
                where=where,
            )
        if n == 0 and page.image_area >= SCANNED_IMAGE_SHARE:
            raise NoTextLayer(
                name,
                f"{where}是扫描图像，没有文字层（需 OCR）/ page {page.number} is a scanned "
                "image without a text layer",
                where=where,
            )
    if not any(visible):
        raise NoTextLayer(
            name, "PDF 没有文字层（扫描件或纯图形），无法提取文字 / the PDF has no text layer", where="第1页"
        )


# ---------------------------------------------------------------- one page


@dataclass(slots=True)
class _Cell:
    x0: float
    x1: float
    r0: int
    r1: int
    text: str
    source: str


@dataclass(slots=True)
class _Part:
    """The piece of a table printed on one page."""

    page: PageContent
    table: PageTable
    cells: list[_Cell]
    nrows: int


@dataclass(slots=True)
class _Line:
    page: PageContent
    text: str
    y0: float
    y1: float
    x0: float
    x1: float
    height: float
    furniture: bool = False


def _page_items(page: PageContent) -> list[_Part | _Line]:
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
    items: list[tuple[float, _Part | _Line]] = []
    for k, t in enumerate(tables, 1):
        used = sorted({c.row for c in t.cells} | {c.row_end for c in t.cells})
        index = {r: i for i, r in enumerate(used)}
        cells = []
        for c in t.cells:
            text = _collapse(join_lines([line_text(line) for line in lines_of(c.chars)]))
            cells.append(_Cell(c.x0, c.x1, index[c.row], index[c.row_end], text, f"p{page.number}:表{k}"))
        items.append((t.y0, _Part(page, t, cells, len(used) - 1)))
    for line in lines_of(loose):
        text = _collapse(line_text(line))
        if not text:
            continue
        y0 = min(g[2] for g in line)
        y1 = max(g[4] for g in line)
        h = max(max(g[4] - g[2] for g in line), 1.0)
        item = _Line(page, text, y0, y1, line[0][1], line[-1][3], h)
        item.furniture = bool(_FURNITURE.match(text)) and (y1 < page.height * 0.12 or y0 > page.height * 0.88)
        items.append((y0, item))
    items.sort(key=lambda it: it[0])
    return _join_wrapped([it for _, it in items])


def _join_wrapped(items: list[_Part | _Line]) -> list[_Part | _Line]:
    """Join a paragraph's wrapped lines: a line reaching the right edge, the next right below it."""
    lines = [it for it in items if isinstance(it, _Line) and not it.furniture]
    if not lines:
        return items
    right = max([ln.x1 for ln in lines] + [it.table.x1 for it in items if isinstance(it, _Part)])
    out: list[_Part | _Line] = []
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


@dataclass(slots=True)
class _Table:
    cells: list[_Cell]
    nrows: int
    x0: float
    x1: float
    edges: list[float]
    first: _Part
    last: _Part
    parts: int = 1
    block: TableBlock | None = field(default=None)


class _Stitcher:
    def __init__(self, name: str) -> None:
        self.name = name

    def run(self, pages: list[PageContent]) -> list[Block]:
        out: list[Block | _Table] = []
        open_table: _Table | None = None
        for page in pages:
            items = _page_items(page)
            content = [it for it in items if not (isinstance(it, _Line) and it.furniture)]
            for i, it in enumerate(content):
                if isinstance(it, _Line):
                    out.append(Paragraph(it.text, source=f"p{page.number}:y{it.y0:.0f}"))
                    continue
                if i == 0 and open_table is not None and _continues(open_table, it):
                    _append(open_table, it)
                else:
                    open_table = _Table(
                        list(it.cells), it.nrows, it.table.x0, it.table.x1, _edges(it.cells), it, it
                    )
                    out.append(open_table)
            last = content[-1] if content else None
            if not isinstance(last, _Part) or open_table is None or open_table.last is not last:
                open_table = None
        return [_block(b) if isinstance(b, _Table) else b for b in out]


def _edges(cells: list[_Cell]) -> list[float]:
    return sorted({c.x0 for c in cells} | {c.x1 for c in cells})


def _near(x: float, edges: list[float]) -> bool:
    return any(abs(x - e) <= TOL for e in edges)


def _continues(table: _Table, part: _Part) -> bool:
    """Does ``part``, first on its page, continue ``table``, last on the page before?"""
    prev = table.last
    if prev.page.number + 1 != part.page.number:
        return False
    if prev.table.y1 < prev.page.height * 0.6 or part.table.y0 > part.page.height * 0.4:
        return False
    if abs(table.x0 - part.table.x0) > 2 * TOL or abs(table.x1 - part.table.x1) > 2 * TOL:
        return False
    inner = [e for e in _edges(part.cells) if not (_near(e, [part.table.x0, part.table.x1]))]
    matched = sum(1 for e in inner if _near(e, table.edges))
    return matched >= 0.75 * len(inner)


def _row(cells: list[_Cell], r: int) -> list[tuple[int, int, str]]:
    return sorted((round(c.x0), round(c.x1), c.text) for c in cells if c.r0 == r)


def _append(table: _Table, part: _Part) -> None:
    cells = [_Cell(c.x0, c.x1, c.r0, c.r1, c.text, c.source) for c in part.cells]
    nrows = part.nrows
    # a header row repeated on the new page (重复标题行)
    skip = 0
    while skip < min(3, nrows - 1, table.nrows):
        mine = _row(cells, skip)
        if not mine or not any(t for _, _, t in mine) or mine != _row(table.cells, skip):
            break
        skip += 1
    if skip:
        cells = [c for c in cells if c.r0 >= skip]
        for c in cells:
            c.r0 -= skip
            c.r1 -= skip
        nrows -= skip
    base = table.nrows
    bottom = [c for c in table.cells if c.r1 == base]
    top = sorted((c for c in cells if c.r0 == 0), key=lambda c: c.x0)
    empty = sum(1 for c in top if not c.text)
    # a row split by the page break leaves most of its continuation empty; otherwise only the
    # leading empty cells continue (vertical merges such as 一级指标 carried over)
    split = bool(top) and empty >= 0.6 * len(top)
    continuing = top if split else [c for c in _leading(top)]
    merged: set[int] = set()
    for c in continuing:
        above = next((b for b in bottom if abs(b.x0 - c.x0) <= TOL and abs(b.x1 - c.x1) <= TOL), None)
        if above is None:
            continue
        above.r1 = base + c.r1
        above.text = _collapse(join_lines([above.text, c.text]))
        merged.add(id(c))
    for c in cells:
        if id(c) in merged:
            continue
        c.r0 += base
        c.r1 += base
        table.cells.append(c)
    table.nrows = base + nrows
    table.edges = sorted(set(table.edges) | set(_edges(cells)))
    table.last = part
    table.parts += 1


def _leading(top: list[_Cell]) -> list[_Cell]:
    out = []
    for c in top:
        if c.text:
            break
        out.append(c)
    return out


def _block(table: _Table) -> TableBlock:
    """The cells of a (stitched) table → a TableBlock with rows, colspans and rowspans."""
    xs: list[float] = []
    for e in sorted([c.x0 for c in table.cells] + [c.x1 for c in table.cells]):
        if not xs or e - xs[-1] > TOL:
            xs.append(e)

    def col(x: float) -> int:
        return min(range(len(xs)), key=lambda i: abs(xs[i] - x))

    starts = sorted({c.r0 for c in table.cells})
    row_of = {r: i for i, r in enumerate(starts)}
    nrow, ncol = len(starts), len(xs) - 1
    placed: list[list[Cell | None]] = [[None] * ncol for _ in range(nrow)]
    covered = [[False] * ncol for _ in range(nrow)]
    for c in sorted(table.cells, key=lambda c: (c.r0, c.x0)):
        r = row_of[c.r0]
        c0, c1 = col(c.x0), col(c.x1)
        span_r = sum(1 for s in starts if c.r0 <= s < c.r1)
        if c1 <= c0 or covered[r][c0]:
            continue
        cell = Cell(c.text, rowspan=max(span_r, 1), colspan=c1 - c0, source=f"{c.source}:R{r + 1}C{c0 + 1}")
        placed[r][c0] = cell
        for rr in range(r, min(r + max(span_r, 1), nrow)):
            for cc in range(c0, c1):
                covered[rr][cc] = True
    rows: list[list[Cell]] = []
    for r in range(nrow):
        row: list[Cell] = []
        for c in range(ncol):
            if placed[r][c] is not None:
                row.append(placed[r][c])
            elif not covered[r][c]:
                row.append(Cell("", source=f"{table.first.cells[0].source}:R{r + 1}C{c + 1}"))
        rows.append(row)
    return TableBlock(rows, source=table.first.cells[0].source if table.first.cells else None)
