"""Blocks → a flat stream of rows, the unit the assembler works on.

A paragraph becomes a one-cell row.  A table row becomes its dense grid row
(merged cells repeated by identity), with ``distinct`` giving each merged cell
once, left to right, and ``fresh`` telling whether a cell starts in this row or
continues a vertical merge from the row above.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import cast

from ..blocks import Block, Cell, Paragraph
from ..values import BLANKS, normalize_text
from .vocabulary import GRID_HEAD, label_key, text_kinds


@dataclass(slots=True)
class Row:
    cells: list[Cell | None]
    fresh: list[bool]
    source: str
    paragraph: bool = False
    table_index: int = -1
    _distinct: list[tuple[int, Cell, bool]] | None = None
    _texts: list[str] | None = None
    _labels: list[tuple[int, str]] | None = None
    _kinds: int | None = None

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
        """Each cell once (first column of its span), with its column and freshness (computed once)."""
        if self._distinct is not None:
            return self._distinct
        out: list[tuple[int, Cell, bool]] = []
        prev: Cell | None = None
        for col, cell in enumerate(self.cells):
            if cell is None or cell is prev:
                prev = cell
                continue
            out.append((col, cell, self.fresh[col]))
            prev = cell
        self._distinct = out
        return out

    def texts(self) -> list[str]:
        """Non-blank distinct texts, whitespace collapsed (computed once, shared: do not modify)."""
        if self._texts is None:
            self._texts = [t for _, c, _ in self.distinct() if (t := normalize_text(c.text)) not in BLANKS]
        return self._texts

    def kinds(self) -> int:
        """What the row's distinct cells could head: :func:`~.vocabulary.text_kinds` of them, or'ed
        (computed once)."""
        if self._kinds is None:
            kinds = 0
            for _, c, _ in self.distinct():
                kinds |= text_kinds(c.text)
            self._kinds = kinds
        return self._kinds

    def grid_hint(self) -> bool:
        """Whether a distinct cell could head an indicator grid (:func:`~.vocabulary.grid_hint`)."""
        return bool(self.kinds() & GRID_HEAD)

    def labels(self) -> list[tuple[int, str]]:
        """(column, label key) of the non-blank distinct cells (computed once, shared: do not modify)."""
        if self._labels is None:
            self._labels = [
                (col, label_key(c.text))
                for col, c, _ in self.distinct()
                if normalize_text(c.text) not in BLANKS
            ]
        return self._labels


@lru_cache(maxsize=1 << 15)
def _shown(text: str) -> tuple[str | None, int]:
    """A cell's text as the row stream keeps it: whitespace collapsed (None when blank), and what
    it could head (:func:`~.vocabulary.text_kinds`) (cached: one look-up per cell instead of two)."""
    shown = normalize_text(text)
    return (None if shown in BLANKS else shown), text_kinds(text)


def iter_rows(blocks: list[Block]) -> list[Row]:
    rows: list[Row] = []
    table_no = 0
    for block in blocks:
        if isinstance(block, Paragraph):
            if block.text.strip():
                rows.append(
                    Row([Cell(block.text, source=block.source)], [True], block.source or "", paragraph=True)
                )
            continue
        table_no += 1
        # A spreadsheet reader tells how each line is made (RowShape); other lines are looked at
        # cell by cell (line_shape).
        grid, shapes = block.grid_shapes()
        above: list[Cell | None] = []
        heads: Sequence[tuple[int, bool]]
        for r, line in enumerate(grid, 1):
            if shapes is not None:
                shape = shapes[r - 1]
                fresh, heads = shape.fresh, shape.heads
            else:
                fresh, heads = line_shape(line, above)
                above = line
            # the distinct cells, their texts, what they could head and the first cell with a
            # source, in one pass (every row is asked for all of them)
            cells = cast("list[Cell]", line)  # (a head is never an empty position)
            distinct = [(col, cells[col], new) for col, new in heads]
            texts: list[str] = []
            kinds = 0
            first: str | None = None  # the first source
            for _, cell, _ in distinct:
                shown, kind = _shown(cell.text)
                if shown is not None:
                    texts.append(shown)
                kinds |= kind
                if first is None and cell.source:
                    first = cell.source
            if first is not None and not first.startswith("表"):
                where = f"表{table_no}:R{r}({first})"
            else:
                where = f"表{table_no}:R{r}"
            # (by position: cheaper than keywords) cells, fresh, source, paragraph, table, distinct,
            # texts, labels (only header-block rows are asked for them), kinds
            rows.append(Row(line, fresh, where, False, table_no, distinct, texts, None, kinds))
    return rows


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
