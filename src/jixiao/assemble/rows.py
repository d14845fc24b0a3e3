"""Blocks → a flat stream of rows, the unit the assembler works on.

A paragraph becomes a one-cell row.  A table row becomes its dense grid row
(merged cells repeated by identity), with ``distinct`` giving each merged cell
once, left to right, and ``fresh`` telling whether a cell starts in this row or
continues a vertical merge from the row above.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import cast

from ..blocks import Block, Cell, Paragraph
from ..values import BLANKS, normalize_text
from .kinds import GRID_HEAD, text_kinds
from .vocabulary import label_key


@dataclass(slots=True)
class Row:
    cells: list[Cell | None]
    fresh: list[bool]
    source: str
    paragraph: bool = False
    table_index: int = -1
    heads: Sequence[tuple[int, bool]] = (
        (0, True),
    )  # (column, fresh) of each distinct cell (a paragraph's one)
    _distinct: list[tuple[int, Cell, bool]] | None = None
    _texts: list[str] | None = None
    _labels: list[tuple[int, str]] | None = None
    _kinds: int | None = None
    merges_dropped: bool = False  # its table's format dropped merged cells (TableBlock.merges_dropped)

    def text(self, col: int) -> str:
        """Text at a dense column (empty when absent), whitespace collapsed."""
        if 0 <= col < len(self.cells):
            cell = self.cells[col]
            if cell is not None:
                return normalize_text(cell.text)
        return ""

    def raw(self, col: int) -> str | None:
        if 0 <= col < len(self.cells):
            cell = self.cells[col]
            if cell is not None:
                return cell.text
        return None

    def distinct(self) -> list[tuple[int, Cell, bool]]:
        """Each cell once (first column of its span), with its column and freshness (computed once:
        most rows are never asked, see :func:`iter_rows`)."""
        if self._distinct is None:
            cells = cast("list[Cell]", self.cells)  # (a head is never an empty position)
            self._distinct = [(col, cells[col], new) for col, new in self.heads]
        return self._distinct

    def texts(self) -> list[str]:
        """Non-blank distinct texts, whitespace collapsed (computed once, shared: do not modify)."""
        if self._texts is None:
            self._texts, self._kinds = texts_and_kinds(self.cells, self.heads)
        return self._texts

    def kinds(self) -> int:
        """What the row's distinct cells could head: :func:`~.kinds.text_kinds` of them, or'ed
        (computed once)."""
        if self._kinds is None:
            self._texts, self._kinds = texts_and_kinds(self.cells, self.heads)
        return self._kinds

    def grid_hint(self) -> bool:
        """Whether a distinct cell could head an indicator grid (the :data:`~.kinds.GRID_HEAD` bit)."""
        return bool(self.kinds() & GRID_HEAD)

    def labels(self) -> list[tuple[int, str]]:
        """(column, label key) of the non-blank distinct cells (computed once, shared: do not modify)."""
        if self._labels is None:
            cells = cast("list[Cell]", self.cells)  # (by the heads: no distinct() needed)
            self._labels = [
                (col, label_key(text))
                for col, _ in self.heads
                if normalize_text(text := cells[col].text) not in BLANKS
            ]
        return self._labels


# Cell text → shown(text): asked of every distinct cell of every row (and of the cells an indicator
# row is read from), looked up straight in a dict (an lru_cache call costs twice a dict look-up:
# ~1 ms of a 500-table .xlsx); emptied when full.
SHOWN: dict[str, tuple[str | None, int]] = {}
_SHOWN_MAX = 1 << 15


def shown(text: str) -> tuple[str | None, int]:
    """A cell's text as the row stream keeps it: whitespace collapsed (None when blank), and what
    it could head (:func:`~.kinds.text_kinds`), kept in :data:`SHOWN` (look there first:
    ``SHOWN.get(text) or shown(text)``)."""
    normal = normalize_text(text)
    found = (None if normal in BLANKS else normal), text_kinds(text)
    if len(SHOWN) >= _SHOWN_MAX:
        SHOWN.clear()
    SHOWN[text] = found
    return found


def texts_and_kinds(line: list[Cell | None], heads: Sequence[tuple[int, bool]]) -> tuple[list[str], int]:
    """The shown texts of a line's distinct cells (blanks left out) and what they could head, or'ed."""
    texts: list[str] = []
    kinds = 0
    for col, _ in heads:
        text = line[col].text  # type: ignore[union-attr]  # (a head is never an empty position)
        text_shown, kind = SHOWN.get(text) or shown(text)
        if text_shown is not None:
            texts.append(text_shown)
        kinds |= kind
    return texts, kinds


class Cursor:
    """Where the row stream is: the dense grid of the table being read and the index of the
    current line in it, so that a step that must look ahead (a grid header whose columns are
    read by content, columns.py) can; None between tables."""

    __slots__ = ("lines", "line")

    def __init__(self) -> None:
        self.lines: list[list[Cell | None]] | None = None
        self.line = 0

    def ahead(self, limit: int = 40) -> list[list[Cell | None]]:
        """The lines after the current one, at most ``limit`` of them."""
        if self.lines is None:
            return []
        return self.lines[self.line + 1 : self.line + 1 + limit]


def iter_rows(blocks: list[Block], cursor: Cursor | None = None) -> Iterator[Row]:
    """The rows of ``blocks``, made as they are asked for: a row the assembler is done with is
    freed before the next is made, instead of every row of every table being alive at once
    (~5 ms of a 500-table .xlsx).  ``cursor``, when given, follows the stream."""
    table_no = 0
    here = cursor or Cursor()
    for block in blocks:
        if isinstance(block, Paragraph):
            here.lines = None
            if block.text.strip():
                yield Row([Cell(block.text, source=block.source)], [True], block.source or "", paragraph=True)
            continue
        table_no += 1
        table = f"表{table_no}:R"  # (each row's source starts so)
        # A spreadsheet reader tells how each line is made (RowShape); other lines are looked at
        # cell by cell (line_shape).
        grid, shapes = block.grid_shapes()
        here.lines = grid
        above: list[Cell | None] = []
        heads: Sequence[tuple[int, bool]]
        for r, line in enumerate(grid, 1):
            here.line = r - 1
            if shapes is not None:
                shape = shapes[r - 1]
                fresh, heads = shape.fresh, shape.heads
            else:
                fresh, heads = line_shape(line, above)
                above = line
            # the texts of the distinct cells and what they could head, in one pass (every row is
            # asked for them; its distinct() only when an assembler step needs the cells, which
            # most rows do not: ~4 ms of a 500-table .xlsx)
            texts, kinds = texts_and_kinds(line, heads)
            cells: list[Cell] = line  # type: ignore[assignment]  # (a head is never an empty position)
            first: str | None = None  # the first source (the first cell's, in all but odd tables)
            for col, _ in heads:
                if first := cells[col].source:
                    break
            if first and not first.startswith("表"):
                where = f"{table}{r}({first})"
            else:
                where = f"{table}{r}"
            # (by position: cheaper than keywords) cells, fresh, source, paragraph, table, heads,
            # distinct (when asked), texts, labels (only header-block rows are asked for them), kinds
            row = Row(line, fresh, where, False, table_no, heads, None, texts, None, kinds)
            if block.merges_dropped:
                row.merges_dropped = True
            yield row


def line_shape(
    line: list[Cell | None], above: list[Cell | None]
) -> tuple[list[bool], list[tuple[int, bool]]]:
    """How a dense grid line is made, found cell by cell (what :class:`~jixiao.blocks.RowShape`
    tells when the reader knows it): whether each position's cell starts in this line (not the
    same Cell as the line above's there; an empty position counts as fresh), and (column,
    fresh) of each distinct cell at the first column it covers (consecutive positions holding
    the same Cell are one)."""
    n_above = len(above)
    fresh: list[bool] = []
    heads: list[tuple[int, bool]] = []
    prev: Cell | None = None
    for col, cell in enumerate(line):
        if cell is None:
            fresh.append(True)
            prev = None
            continue
        new = col >= n_above or cell is not above[col]
        fresh.append(new)
        if cell is not prev:
            heads.append((col, new))
            prev = cell
    return fresh, heads
