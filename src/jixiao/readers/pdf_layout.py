"""A page's content (glyphs and ruling lines, from a PDF's text layer or from OCR) → Blocks.

:func:`page_items` finds a page's tables from its ruling lines (:mod:`.pdf_grid`), puts each
glyph in its cell, and keeps the text outside the tables as lines (page furniture such as
"第 1 页" marked); :func:`stitch` turns the pages' items into Blocks in reading order, joining
a table continued on the next page (:mod:`.pdf_stitch`).  The PDF reader (:mod:`.pdf`) and
the OCR reader (:mod:`.ocr`) both end here, so a scanned page's table stitches with a
printed one.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

from ..blocks import Block, Paragraph
from .pdf_grid import PageCell, find_tables, is_wide, join_lines, line_text, lines_of
from .pdf_page import PageContent
from .pdf_stitch import Part, PartCell, Stitched, append, block, continues

__all__ = ["Line", "PageItems", "page_items", "stitch"]

_SPACES = re.compile(r"\s+")
_NO_START = frozenset("，。、；：？！）》」』】〕〉…,.;:?!)]}%")  # may not start a line
_FURNITURE = re.compile(
    r"^(第\s*\d+\s*页(\s*[,，/]?\s*共\s*\d+\s*页)?|[-—–]*\s*\d{1,4}\s*[-—–]*|\d+\s*/\s*\d+|page\s+\d+(\s+of\s+\d+)?)$",
    re.IGNORECASE,
)


@dataclass(slots=True)
class Line:
    page: int
    text: str
    y0: float
    y1: float
    x0: float
    x1: float
    height: float
    lead: float = 0.0  # width of its first word: what would have had to fit on the line before
    furniture: bool = False


PageItems = list[Part | Line]  # one page's tables and loose lines, top to bottom


def page_items(page: PageContent) -> PageItems:
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
    items: list[tuple[float, Part | Line]] = []
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
        item = Line(page.number, text, y0, y1, line[0][1], line[-1][3], h, _lead(line))
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
    cut = full[-1] and slack <= 1.0
    room = max(right - last[-1][3], 0.0)
    return PartCell(c.x0, c.x1, r0, r1, text, source, cut, slack, confidence, room, _lead(lines[0]))


def _lead(line: list[tuple[str, float, float, float, float]]) -> float:
    """The width of a line's first word, the piece a line break could not have split: one
    CJK character or a run of Latin letters, digits and signs (``2023``, ``100%,``), with the
    punctuation after it that may not start a line (避头标点: ``，`` ``。`` ``)`` …)."""
    glyphs = [g for g in line if not g[0].isspace()]
    if not glyphs:
        return 0.0
    end = glyphs[0][3]
    latin = not is_wide(glyphs[0][0])
    for g in glyphs[1:]:
        if g[1] - end > 0.3 * max(g[4] - g[2], 1.0) or not (
            g[0] in _NO_START or (latin and not is_wide(g[0]))
        ):
            break
        end = g[3]
    return end - glyphs[0][1]


def _join_wrapped(items: list[Part | Line]) -> list[Part | Line]:
    """Join a paragraph's wrapped lines (段落折行).

    A line was wrapped when the next line's first word would not have fitted after it
    before the right margin, and the next line goes on right below it at the same left
    edge (no first-line indent).  The right margin is measured on the page: the furthest
    right any of its lines or tables reaches.
    """
    lines = [it for it in items if isinstance(it, Line) and not it.furniture]
    if not lines:
        return items
    right = max([ln.x1 for ln in lines] + [it.table.x1 for it in items if isinstance(it, Part)])
    out: list[Part | Line] = []
    for it in items:
        prev = out[-1] if out else None
        if (
            isinstance(it, Line)
            and isinstance(prev, Line)
            and not it.furniture
            and not prev.furniture
            and prev.x1 + it.lead > right - 0.25 * prev.height
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


def stitch(pages: list[list[Part | Line]]) -> list[Block]:
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
        content = [it for it in items if not (isinstance(it, Line) and it.furniture)]
        for i, it in enumerate(content):
            if isinstance(it, Line):
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
