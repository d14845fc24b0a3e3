"""Blocks: the one intermediate model between file formats and the domain.

Every reader turns a file into a list of blocks — :class:`Paragraph` or
:class:`TableBlock` — and knows nothing of budgets.  A table is a list of rows;
a row is a list of :class:`Cell`.  Merged cells follow the HTML convention: a
merged cell appears once, at its top-left position, with ``rowspan``/``colspan``
> 1, and the positions it covers are simply absent from later rows.  Formats
that lose merge information (tika text exports) give empty cells instead; the
assembler recovers those merges.

Every block and cell carries ``source``, a short human-readable location
(``表2:R5C3``, ``Sheet1!B7``, ``p3``, ``L120``) used by findings and errors.  A cell read by
OCR also carries its ``confidence`` (0..1); a block carries the :class:`Note` s its reader
made about it (a low OCR confidence, a guessed merge), which become the Document's warnings.
"""

from __future__ import annotations

import gc
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field


@dataclass(frozen=True, slots=True)
class Note:
    """A reader's remark on what it read (a JX9xx warning of the Document): a cell OCR read
    with low confidence, a merged cell recovered by guessing.  ``where`` names the place."""

    code: str
    message: str
    where: str | None = None


@dataclass(slots=True)
class Cell:
    text: str
    rowspan: int = 1
    colspan: int = 1
    source: str | None = None
    confidence: float | None = None  # 0..1 for a cell read by OCR; None when read from text


class SheetCell(Cell):
    """A :class:`Cell` of a spreadsheet, whose ``source`` (``Sheet1!B7``) is made when asked.

    A sheet reader makes tens of thousands of cells of which the assembler asks the source of
    about one a row; building ``Sheet1!B7`` for each cost ~5 ms of reading a 500-table .xlsx
    (bench/bench_xlsx.py).  So the cell keeps the two parts every cell of its column and of its
    row share — the column's prefix (``Sheet1!B``) and the row's number (``7``) — and joins them
    when read.  Setting ``source`` replaces both (so copies, pickles and ``dataclasses.replace``
    work as for any Cell).
    """

    __slots__ = ("_at", "_row")

    def __init__(
        self,
        text: str,
        rowspan: int = 1,
        colspan: int = 1,
        source: str | None = None,
        row: str = "",
        confidence: float | None = None,
    ) -> None:
        self.text = text
        self.rowspan = rowspan
        self.colspan = colspan
        self._at = source
        self._row = row
        self.confidence = confidence

    @property
    def source(self) -> str | None:
        at = self._at
        return at + self._row if at is not None else None

    @source.setter
    def source(self, value: str | None) -> None:
        self._at, self._row = value, ""


@dataclass(slots=True)
class Paragraph:
    text: str
    source: str | None = None
    anchors: list[str] = field(default_factory=list)
    notes: list[Note] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class RowShape:
    """How a line of a table's dense grid is made, as a reader that placed every cell knows it.

    ``fresh[col]``: whether the cell at ``col`` starts in this line (False: a merged cell from the
    line above carried down); ``heads``: (column, fresh) of each distinct cell, left to right, at
    the first column it covers in this line.  Shared by every line of the same shape: read only.
    """

    fresh: list[bool]
    heads: tuple[tuple[int, bool], ...]


@dataclass(slots=True)
class TableBlock:
    rows: list[list[Cell]]
    source: str | None = None
    anchors: list[str] = field(default_factory=list)
    notes: list[Note] = field(default_factory=list)
    # the format drops merged cells (copied text): a merged cell is in its first row only, so a
    # row is short by the cells merged into it from above; the assembler aligns such rows
    merges_dropped: bool = False
    _dense: list[list[Cell | None]] | None = field(default=None, init=False, repr=False, compare=False)
    _shapes: list[RowShape] | None = field(default=None, init=False, repr=False, compare=False)

    def keep_grid(self, dense: list[list[Cell | None]], shapes: list[RowShape] | None = None) -> TableBlock:
        """Hand over the dense grid a reader built together with ``rows`` (it must equal what
        :meth:`grid` would expand them to); the first :meth:`grid` call returns it as it is.
        ``shapes``, one per line, say how each line is made (they must agree with the lines).

        A spreadsheet reader places every cell by position and knows its merged ranges, so it
        has the grid anyway; expanding the spans again cost ~8% of ingesting a 500-table
        .xlsx (bench/bench_xlsx.py).  The grid is given away once, so no two callers share
        (and could change) the same lists; later calls expand ``rows`` as usual.
        """
        self._dense, self._shapes = dense, shapes
        return self

    def grid_shapes(self) -> tuple[list[list[Cell | None]], list[RowShape] | None]:
        """:meth:`grid`, and the :class:`RowShape` of each line when the grid is the one the reader
        kept and it told them (else None): the row stream then need not find, cell by cell, which
        cells are distinct and which continue from above."""
        shapes = self._shapes if self._dense is not None else None
        self._shapes = None
        return self.grid(), shapes

    def grid(self) -> list[list[Cell | None]]:
        """Expand spans into a dense grid; covered positions hold the merged (same) Cell.

        Rows are padded with ``None`` to the widest row.  A cell spanning rows is carried in
        its columns of the rows below (spans running past the last row are dropped).
        """
        if self._dense is not None:
            dense, self._dense = self._dense, None
            return dense
        out: list[list[Cell | None]] = []
        carry: list[Cell | None] = []  # per column: the cell still spanning down into this row
        left: list[int] = []  # per column: how many more rows it covers
        n = 0  # len(carry)
        for row in self.rows:
            line: list[Cell | None] = []
            c = 0
            for cell in row:
                while c < n and carry[c] is not None:
                    line.append(carry[c])
                    left[c] -= 1
                    if not left[c]:
                        carry[c] = None
                    c += 1
                span = cell.colspan
                if span > 1:
                    line.extend([cell] * span)
                    for k in range(c + 1, min(c + span, n)):  # a malformed span over a merge
                        if carry[k] is not None:
                            left[k] -= 1
                            if not left[k]:
                                carry[k] = None
                else:
                    span = 1
                    line.append(cell)
                if cell.rowspan > 1:
                    if n < c + span:
                        carry.extend([None] * (c + span - n))
                        left.extend([0] * (c + span - n))
                        n = c + span
                    for k in range(c, c + span):
                        carry[k] = cell
                        left[k] = cell.rowspan - 1
                c += span
            while c < n and carry[c] is not None:
                line.append(carry[c])
                left[c] -= 1
                if not left[c]:
                    carry[c] = None
                c += 1
            out.append(line)
        width = max((len(x) for x in out), default=0)
        for line in out:
            if len(line) < width:
                line.extend([None] * (width - len(line)))
        return out


Block = Paragraph | TableBlock


_gc_lock = threading.Lock()
_gc_pauses = 0  # how many paused_gc() blocks are open, in any thread
_gc_was_enabled = False


@contextmanager
def paused_gc() -> Iterator[None]:
    """Pause the cyclic garbage collector while a reader or the assembler builds blocks.

    A large table makes tens of thousands of small container objects (Cells, rows, grid
    lines) that live until the Document is built; every collector pass walks all of them
    again, which cost ~15% of ingesting a 500-table .xlsx (bench/bench_xlsx.py).  They hold
    no reference cycles, so reference counting frees them as before; anything cyclic is
    collected once the collector runs again.  Nested and concurrent pauses are counted: the
    collector is re-enabled when the last one ends, and only if it was enabled before.
    """
    global _gc_pauses, _gc_was_enabled
    with _gc_lock:
        if _gc_pauses == 0:
            _gc_was_enabled = gc.isenabled()
            gc.disable()
        _gc_pauses += 1
    try:
        yield
    finally:
        with _gc_lock:
            _gc_pauses -= 1
            if _gc_pauses == 0 and _gc_was_enabled:
                gc.freeze()  # what was made in the pause goes to the oldest generation, and the
                gc.unfreeze()  # young count restarts: no pass walks all of it the moment gc is back
                gc.enable()
