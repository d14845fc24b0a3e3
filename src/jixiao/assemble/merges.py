"""Merged cells a copied table lost, put back by the grid's header (合并单元格的恢复).

A browser's copy of a table (``case-copied.txt``, :mod:`jixiao.readers.copied`) gives each cell
once, in the row it starts in, so merged cells leave two marks the reader reports honestly
(``TableBlock.merges_dropped``) but cannot undo, since only the header's meaning tells where the
lost cells were:

- **a header narrower than its grid** — a header cell over two columns (``评价内容`` over
  一级 | 二级, ``二级指标`` over 二级 | the indicator's name, ``一级指标`` over a section column
  and the 一级 one) is one cell, so the header has fewer cells than the first row under it,
  which starts every merged cell of the grid and is full.  :func:`widen_header` tries each
  header cell over more columns (and the rest as columns with no header at the right, a 保障措施
  column headed a row above) and keeps the header whose columns hold what their roles say
  (content.py), as the exact formats' header would have been;
- **a short row** — a row under a header (an indicator grid's, a money grid's, a goals
  header's) lacks the cells merged into it from above: at its left (一级/二级, a 预算执行情况
  section merged down) and sometimes at its right too (a 原因 or 保障措施 cell merged down the
  rows).  :class:`Aligner` puts each row's cells where the rows above hold the same kind of
  cells (figures under figures, level names under level names: content.py's kinds), and when
  no place fits clearly better, under the header's last columns; the empty columns then fill
  down like the empty merged cells of a tika export.  :func:`aligned` places the lines a
  header's columns are read from (columns.py) the same way, so that content is read where the
  rows will be.

No cell is invented: cells only move right, and the table keeps the reader's JX904 note saying
that its merged cells were guessed.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import replace

from ..blocks import Cell
from .content import (
    BLANK,
    COMPARATOR,
    DIRECTION,
    KIND,
    LEVEL1,
    LEVEL2,
    NUMBER,
    PLACEHOLDER,
    TEXT,
    UNIT,
    VALUE,
    WORDS,
    cell_kind,
    content_roles,
    profile,
)
from .grid import GridSpec
from .rows import Row, line_shape, texts_and_kinds

# roles whose column's content tells whether a header was widened right (content_roles)
_TOLD = ("level1", "level2", "name", "target")
_LOOK = 12  # lines under the header read to choose a widening


def widen_header(
    row: Row,
    spec: GridSpec,
    ahead: Sequence[Sequence[Cell | None]],
    detect: Callable[[Row], GridSpec | None],
) -> tuple[Row, GridSpec]:
    """The header ``row`` of a copied table widened to the grid under it, and its spec (``row``
    and ``spec`` as they are when the first line below is no wider than the header)."""
    width = _used(row.cells)
    below = next((line for line in ahead if _used(line)), None)
    if below is None or _used(below) <= width:
        return row, spec
    lost = _used(below) - width
    best = (_fit(spec, ahead), row, spec)
    for col, _ in row.heads:
        for extra in range(1, lost + 1):
            wide = _widened(row, col, extra)
            candidate = detect(wide)
            if candidate is None:
                continue
            score = _fit(candidate, ahead)
            if score > best[0] + 1e-9:
                best = (score, wide, candidate)
    return best[1], best[2]


def _widened(row: Row, col: int, extra: int) -> Row:
    """``row`` with its cell at ``col`` over ``1 + extra`` columns (as the exact format had it)."""
    cells = list(row.cells)
    cell = cells[col]
    assert cell is not None  # (a head is a cell)
    span = 1
    while col + span < len(cells) and cells[col + span] is cell:
        span += 1
    wide = replace(cell, colspan=span + extra)
    line: list[Cell | None] = [*cells[:col], *([wide] * (span + extra)), *cells[col + span :]]
    fresh, heads = line_shape(line, [])
    texts, kinds = texts_and_kinds(line, heads)
    out = Row(line, fresh, row.source, False, row.table_index, heads, None, texts, None, kinds)
    out.merges_dropped = True
    return out


def _fit(spec: GridSpec, ahead: Sequence[Sequence[Cell | None]]) -> float:
    """How well the lines under a header hold what its columns' roles say (summed over the
    roles content can tell), the short lines aligned to the header."""
    lines = aligned(ahead[:_LOOK], _end(spec))
    width = max((len(line) for line in lines), default=0)
    fit = [content_roles(p) for p in profile(lines, width)]
    cols: dict[str, int] = {}
    for g in spec.groups:
        for role, c in g.cols.items():
            cols.setdefault(role, c)
    if spec.level1 is not None:
        cols["level1"] = spec.level1
    return sum(fit[c].get(role, 0.0) for role, c in cols.items() if role in _TOLD and c < width)


def _end(spec: GridSpec) -> int:
    """The column after the header's last cell."""
    return max(spec.header_cells, default=-1) + 1


def aligned(lines: Sequence[Sequence[Cell | None]], end: int) -> list[list[Cell | None]]:
    """``lines`` (the grid's under a header ending at ``end``) each where :class:`Aligner` puts it."""
    aligner = Aligner(end)
    out: list[list[Cell | None]] = []
    for line in lines:
        moved = aligner.offset(line)
        cells: list[Cell | None] = [None] * moved
        cells.extend(line)
        aligner.remember(cells)
        out.append(cells)
    return out


def _used(cells: Sequence[Cell | None]) -> int:
    """The cells a line of a copied table has (its grid line is padded to the table's width)."""
    used = len(cells)
    while used and cells[used - 1] is None:
        used -= 1
    return used


_SPECIFIC = LEVEL1 | LEVEL2 | VALUE | NUMBER | UNIT | COMPARATOR | DIRECTION | KIND | PLACEHOLDER
_PLAIN = WORDS | TEXT
_MARGIN = 1.0  # cells: how much better than under the header's end another place must fit


def _alike(cell: Cell | None, other: Cell | None) -> float:
    """How alike two cells of a column are: 1 when they hold the same kind of thing (level names
    of one level, targets, numbers, units, comparators …), 0.5 for two plain texts, else 0."""
    if cell is None or other is None:
        return 0.0
    a, b = cell_kind(cell.text), cell_kind(other.text)
    if (a | b) & BLANK:
        return 0.0
    if a & b & _SPECIFIC:
        return 1.0
    if (a | b) & _SPECIFIC:
        return 0.0
    return 0.5 if a & b & _PLAIN or (a & _PLAIN and b & _PLAIN) else 0.0


class Aligner:
    """Places the short rows under one header of a copied table: a row lacks the cells merged
    into it from above — at its left (一级/二级, a 预算执行情况 section merged down) and sometimes
    at its right too (a 原因 or 保障措施 cell merged down the rows).  Each row's cells go where
    the rows above hold the same kind of cells (figures under figures, words under words); when
    no place fits better, under the header's last columns."""

    def __init__(self, end: int) -> None:
        self.end = end  # the column after the header's last cell
        self.above: list[Cell | None] = []  # each column's latest cell, in the rows placed so far

    @classmethod
    def of(cls, spec: GridSpec) -> Aligner:
        """The aligner of the rows under an indicator grid's header."""
        return cls(_end(spec))

    @classmethod
    def under(cls, header: Row) -> Aligner:
        """The aligner of the rows under a header row (a money grid's, a goals header's)."""
        return cls(_used(header.cells))

    def offset(self, cells: Sequence[Cell | None]) -> int:
        """By how many columns the cells of a row move right."""
        used = _used(cells)
        if not used:
            return 0
        width = max(self.end, len(self.above))
        default = max(0, self.end - used)
        above = self.above

        def fit(at: int) -> float:
            return sum(_alike(cells[i], above[at + i]) for i in range(used) if at + i < len(above))

        best, best_at = fit(default) + _MARGIN, default
        for at in range(width - used, -1, -1):  # (a row loses its leading cells more often)
            score = fit(at)
            if score > best:
                best, best_at = score, at
        return best_at

    def align(self, row: Row) -> Row:
        """``row`` with its cells moved to their columns (a new Row; ``row`` when none moves)."""
        moved = self.offset(row.cells)
        if moved:
            used = _used(row.cells)
            width = max(len(row.cells), moved + used)
            cells = ([None] * moved + row.cells[:used] + [None] * width)[:width]
            fresh = ([True] * moved + row.fresh[:used] + [True] * width)[:width]
            heads = [(col + moved, new) for col, new in row.heads]
            row = Row(
                cells, fresh, row.source, False, row.table_index, heads, None, row.texts(), None, row.kinds()
            )
            row.merges_dropped = True
        return row

    def placed(self, row: Row) -> None:
        """Remember the cells of a row that was read where :meth:`align` put it."""
        self.remember(row.cells)

    def remember(self, cells: Sequence[Cell | None]) -> None:
        """Keep each column's latest cell with text (what the next rows are compared with)."""
        if len(self.above) < len(cells):
            self.above.extend([None] * (len(cells) - len(self.above)))
        for col, cell in enumerate(cells):
            if cell is not None and cell.text.strip():
                self.above[col] = cell
