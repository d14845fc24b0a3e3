"""Tables that continue across pages (跨页表格), stitched back into one table.

The pieces of a table printed on consecutive pages are joined when the next page
starts with a table whose outer edges and column boundaries match the previous
page's last table.  At the break:

- header rows repeated on the new page (重复标题行) are dropped;
- a cell that continues across the break becomes one cell again.  Three cases:
  a vertical merge carried over (一级指标 spanning into the new page: its piece on
  the new page is empty and comes first in the row), a *row* split by the page
  break (every cell of the row continues; most of its continuation is empty, or
  each continuing text was cut at a full last line reaching the cell's bottom),
  and a tall merged cell whose text runs over (its text, joined, is a text seen
  whole elsewhere in the document — printed forms repeat their labels).

Rows are kept as page-local indices stacked one page after another; a row
boundary no cell starts at (the seam of a split row) disappears when the final
:class:`~jixiao.blocks.TableBlock` is built.
"""

from __future__ import annotations

from bisect import bisect_left
from collections import Counter
from dataclasses import dataclass

from ..blocks import Cell, TableBlock
from .pdf_grid import TOL, PageTable, join_lines

EMPTY_SHARE = 0.6  # a continuation row at least this empty is the rest of a split row
SLACK = 2.5  # lines of room under a text that was cut by a page break, at most (widow control moves 2)


@dataclass(slots=True)
class PartCell:
    x0: float
    x1: float
    r0: int
    r1: int
    text: str
    source: str
    cut: bool = False  # its last line is full and reaches the cell's bottom: text may go on
    slack: float = 0.0  # lines of room left below its last line (0 for an empty cell)
    confidence: float | None = None  # OCR confidence of its text (pages read by OCR)
    room: float = 0.0  # pt left free on its last line, before the text area's right edge
    lead: float = 0.0  # pt its first word takes (what had to fit on the line before)


@dataclass(slots=True)
class Part:
    """The piece of a table printed on one page."""

    page: int
    height: float  # of the page
    table: PageTable
    cells: list[PartCell]
    nrows: int


@dataclass(slots=True)
class Stitched:
    cells: list[PartCell]
    nrows: int
    x0: float
    x1: float
    edges: list[float]
    first: Part
    last: Part

    @classmethod
    def start(cls, part: Part) -> Stitched:
        cells = [_copy(c) for c in part.cells]
        return cls(cells, part.nrows, part.table.x0, part.table.x1, edges(cells), part, part)


def _copy(c: PartCell) -> PartCell:
    return PartCell(c.x0, c.x1, c.r0, c.r1, c.text, c.source, c.cut, c.slack, c.confidence, c.room, c.lead)


def _weakest(a: float | None, b: float | None) -> float | None:
    return b if a is None else a if b is None else min(a, b)


def edges(cells: list[PartCell]) -> list[float]:
    return sorted({c.x0 for c in cells} | {c.x1 for c in cells})


def _near(x: float, values: list[float]) -> bool:
    return any(abs(x - e) <= TOL for e in values)


def continues(table: Stitched, part: Part) -> bool:
    """Does ``part``, first on its page, continue ``table``, last on the page before?"""
    prev = table.last
    if prev.page + 1 != part.page:
        return False
    if prev.table.y1 < prev.height * 0.6 or part.table.y0 > part.height * 0.4:
        return False
    if abs(table.x0 - part.table.x0) > 2 * TOL or abs(table.x1 - part.table.x1) > 2 * TOL:
        return False
    # the column boundaries of its first row are boundaries the table already has (rows
    # further down may bring new ones: a browser sizes the columns of every table anew)
    first = [c for c in part.cells if c.r0 == 0]
    return all(_near(e, table.edges) for e in edges(first))


def _row(cells: list[PartCell], r: int) -> list[tuple[int, int, str]]:
    return sorted((round(c.x0), round(c.x1), c.text) for c in cells if c.r0 == r)


def append(table: Stitched, part: Part, known: Counter[str]) -> None:
    """Append ``part`` to ``table``; ``known`` counts every cell text of the document."""
    cells = [_copy(c) for c in part.cells]
    nrows = part.nrows
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
    sliver = [c for c in table.cells if c.r0 == base - 1]
    if sliver and len(sliver) < len(table.cells) and not any(c.text for c in sliver):
        # an empty sliver of the row that moved to the new page (browsers draw one): drop it
        table.cells = [c for c in table.cells if c.r0 != base - 1]
    bottom = [c for c in table.cells if c.r1 == base]
    top = sorted((c for c in cells if c.r0 == 0), key=lambda c: c.x0)
    pairs = [(c, _above(c, bottom)) for c in top]
    split = _split_row(pairs, known)
    going = [(c, a) for c, a in pairs if a is not None and _goes_on(c, a, pairs, split, known)]
    merged: set[int] = set()
    for c, above in going:
        above.r1 = base + c.r1
        above.text = join_lines([above.text, c.text])
        above.cut = c.cut
        above.confidence = _weakest(above.confidence, c.confidence)
        merged.add(id(c))
        if c.text or split:
            continue  # the rest of a row cut by the break is that row's first row only: the
            # empty cells under it have ruling lines of their own, they are cells of new rows
        # a carried-over merged cell drawn in several empty pieces (browsers): take them all
        below = c
        while (
            nxt := next(
                (
                    d
                    for d in cells
                    if d.r0 == below.r1 and abs(d.x0 - c.x0) <= TOL and abs(d.x1 - c.x1) <= TOL and not d.text
                ),
                None,
            )
        ) is not None:
            above.r1 = base + nxt.r1
            merged.add(id(nxt))
            below = nxt
    for c in cells:
        if id(c) in merged:
            continue
        c.r0 += base
        c.r1 += base
        table.cells.append(c)
    table.nrows = base + nrows
    table.edges = sorted(set(table.edges) | set(edges(cells)))
    table.last = part


def _above(c: PartCell, bottom: list[PartCell]) -> PartCell | None:
    for b in bottom:
        if abs(b.x0 - c.x0) <= TOL and abs(b.x1 - c.x1) <= TOL:
            return b
    return None


def _goes_on(
    c: PartCell,
    above: PartCell,
    pairs: list[tuple[PartCell, PartCell | None]],
    split: bool,
    known: Counter[str],
) -> bool:
    """Is the top cell ``c`` of the new page the rest of the cell ``above`` it?"""
    if not c.text:
        leading = all(
            not other.text for other, _ in pairs[: next(i for i, p in enumerate(pairs) if p[0] is c)]
        )
        return leading or split
    if split:
        return True
    return bool(above.text) and (_evidence(c, above, known) > 0 or _merged_alongside(c, above, pairs))


def _merged_alongside(c: PartCell, above: PartCell, pairs: list[tuple[PartCell, PartCell | None]]) -> bool:
    """Is ``c`` the rest of the merged cell ``above``, whose text was cut at its bottom, because a
    merged cell carried over beside it (an empty leading piece) spans the same rows as ``above`` on
    the page before and the same rows as ``c`` on this one, more than one on either page?  (A
    年度目标 merged over a project's rows, beside its 项目名称: the page break cuts both, and only
    the 年度目标 had text left.)"""
    if not above.cut or max(above.r1 - above.r0, c.r1 - c.r0) < 2:
        return False  # text that ended short of the bottom, or cells of one row each: not a merge
    for i, (e, a) in enumerate(pairs):
        if e is c:
            return False
        if (
            a is not None
            and not e.text
            and all(not other.text for other, _ in pairs[:i])
            and (a.r0, a.r1) == (above.r0, above.r1)
            and (e.r0, e.r1) == (c.r0, c.r1)
        ):
            return True
    return False


def _evidence(c: PartCell, above: PartCell, known: Counter[str]) -> int:
    """+1: the text above leaves a bracket open and the piece below closes it (``数量指标(10``
    ⏎ ``分)``) or was cut from it (the text above fills its piece to the bottom and the first
    word below would not have fitted on its last line: OCR may lose the ``)``), or the joined
    text is seen whole elsewhere (printed forms repeat their labels); -1: both pieces are
    seen whole elsewhere and the joined text is not; else 0."""
    if _open_brackets(above.text) > 0 and (_open_brackets(c.text) < 0 or _no_room(c, above)):
        return 1
    joined = known[join_lines([above.text, c.text])] > 0
    pieces = known[above.text] > 0 and known[c.text] > 0
    if joined and not pieces:
        return 1
    if pieces and not joined:
        return -1
    return 0


def _open_brackets(text: str) -> int:
    return sum(text.count(b) for b in "(（") - sum(text.count(b) for b in ")）")


def _ended(c: PartCell, above: PartCell, known: Counter[str]) -> bool:
    """Did the text ``above`` end at the page break, ``c`` being a text of a row of its own?

    The first word of ``c`` would have fitted in the room left on the last line above (so a
    line break did not put it on the new page), and ``c`` is a text the form prints whole
    elsewhere while the two joined are not (a template row's ``指标2:``)."""
    return 0 < c.lead <= above.room and known[c.text] > 0 and not known[join_lines([above.text, c.text])]


def _split_row(pairs: list[tuple[PartCell, PartCell | None]], known: Counter[str]) -> bool:
    """Is the first row of the new page the rest of a row the page break cut in two?"""
    if not pairs:
        return False
    empty = sum(1 for c, _ in pairs if not c.text)
    going = [(c, a) for c, a in pairs if c.text and a is not None and a.text]
    if any(a.slack > SLACK for _, a in going):
        return False  # a text above ended well short of its cell's bottom: that row was complete
    if any(_ended(c, a, known) for c, a in going):
        return False  # a text above ended at the break and a cell of a new row starts below it
    if empty >= EMPTY_SHARE * len(pairs):
        return True
    if not going:
        return False
    score = sum(_evidence(c, a, known) for c, a in going)
    if score:
        return score > 0
    # each text above was cut: its last line full (as a glyph of its own font measures it, or as
    # the first word below does: the test a cell's inner lines are joined by) at the cell's bottom
    return all(a.cut or _no_room(c, a) for c, a in going) and (empty > 0 or len(going) >= 2)


def _no_room(c: PartCell, above: PartCell) -> bool:
    """The text ``above`` fills its piece to the bottom and the first word of ``c`` would not have
    fitted on its last line."""
    return above.slack <= 1.0 and c.lead > above.room


def block(table: Stitched) -> TableBlock:
    """The cells of a (stitched) table → a TableBlock with rows, colspans and rowspans."""
    column: dict[float, int] = {}  # a cell edge → its grid column boundary
    last = None
    ncol = -1
    for e in sorted({c.x0 for c in table.cells} | {c.x1 for c in table.cells}):
        if last is None or e - last > TOL:
            ncol += 1
        column[e] = ncol
        last = e

    def col(x: float) -> int:
        return column[x]

    starts = sorted({c.r0 for c in table.cells})
    row_of = {r: i for i, r in enumerate(starts)}
    nrow = len(starts)
    placed: list[list[Cell | None]] = [[None] * ncol for _ in range(nrow)]
    covered = [[False] * ncol for _ in range(nrow)]
    origin = table.first.cells[0].source if table.first.cells else f"p{table.first.page}"
    for c in sorted(table.cells, key=lambda c: (c.r0, c.x0)):
        r = row_of[c.r0]
        c0, c1 = col(c.x0), col(c.x1)
        span = max(bisect_left(starts, c.r1) - r, 1)  # row starts in [r0, r1)
        if c1 <= c0 or covered[r][c0]:
            continue
        placed[r][c0] = Cell(
            c.text,
            rowspan=span,
            colspan=c1 - c0,
            source=f"{c.source}:R{r + 1}C{c0 + 1}",
            confidence=c.confidence,
        )
        for rr in range(r, min(r + span, nrow)):
            for cc in range(c0, c1):
                covered[rr][cc] = True
    rows: list[list[Cell]] = []
    for r in range(nrow):
        row: list[Cell] = []
        for k in range(ncol):
            cell = placed[r][k]
            if cell is not None:
                row.append(cell)
            elif not covered[r][k]:
                row.append(Cell("", source=f"{origin}:R{r + 1}C{k + 1}"))
        rows.append(row)
    return TableBlock(rows, source=origin)
