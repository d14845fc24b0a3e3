"""A worksheet (a grid of displayed texts plus merged ranges) → Blocks.

Shared by the .xlsx and .xls readers.  The rules, chosen so that a sheet reads like
the Word document it was usually copied from:

- A sheet is split into *regions* at separator rows: a row with no text and no merged
  range touching it.  (A merged range never crosses a separator, so a table whose rows
  are held together by vertical merges is never cut.)
- Each region is trimmed to the columns that hold text or merged ranges.
- A region in which every row holds exactly one non-empty cell, spanning the region's
  whole width (a single column, or a merged title across the table) and without
  vertical merges, is *text*: one :class:`Paragraph` per row (source ``Sheet!A1``).
  Title rows directly above a table, with no blank row between, stay in the table —
  as they do in Word files where the title is the table's first merged row.
- Every other region is one :class:`TableBlock` (source ``Sheet!A3:G17``), cells
  ``Sheet!B7``; merged ranges → rowspan/colspan at their top-left cell, covered
  positions absent (text hidden under a merge is not shown by Excel and is dropped).
- Empty cells inside a region are kept as empty cells, so rows stay rectangular.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Iterator
from functools import lru_cache
from itertools import compress
from operator import itemgetter
from typing import Any

from ..blocks import Block, Cell, Paragraph, RowShape, TableBlock
from ._common import column_letters

Merge = tuple[int, int, int, int]  # first row, first col, last row, last col (0-based, inclusive)


def sheet_blocks(sheet: str, values: list[list[str]], merges: list[Merge]) -> list[Block]:
    """Turn one sheet's displayed texts (``values[row][col]``, 0-based from A1) into blocks."""
    nrows = max([len(values)] + [m[2] + 1 for m in merges])
    if nrows == 0:
        return []
    # rows with text or under a merged range (1), as bytes: the regions are runs found by bytes.find
    busy = bytearray(map(bool, map(str.strip, map("".join, values))))
    busy.extend(bytes(nrows - len(values)))
    for r0, _c0, r1, _c1 in merges:
        if r0 == r1:
            busy[r0] = 1
        else:
            busy[r0 : r1 + 1] = b"\x01" * (r1 - r0 + 1)

    # by first row only (half the cost of a full sort): the ranges of a region are a slice; where
    # their order matters (ranges sharing a top-left cell, which overlap) they are sorted in full
    merges = sorted(merges, key=itemgetter(0))
    firsts = [m[0] for m in merges]
    blocks: list[Block] = []
    cols: list[str] = []  # source prefix per column (Sheet!B), as wide as a region has needed
    start = busy.find(1)
    while start >= 0:
        end = busy.find(0, start)
        if end < 0:
            end = nrows
        inside = merges[bisect_left(firsts, start) : bisect_right(firsts, end - 1)]
        blocks.extend(_region(sheet, values, inside, start, end - 1, cols))
        start = busy.find(1, end)
    return blocks


def _region(
    sheet: str, values: list[list[str]], merges: list[Merge], top: int, bottom: int, cols: list[str]
) -> list[Block]:
    """One region (rows ``top``…``bottom``; ``merges`` are the ranges starting in it; ``cols`` the
    sheet's source prefixes per column, widened here when the region is wider)."""
    lo: int | None = min(map(itemgetter(1), merges)) if merges else None
    hi = max(map(itemgetter(3), merges)) if merges else -1
    # The columns with text widen that: only a row reaching past ``hi`` or starting left of ``lo``
    # can, so each row is looked at only that far (a table's merged title spans it all).
    for r in range(top, min(bottom, len(values) - 1) + 1):
        row = values[r]
        last = len(row) - 1  # the last cell with text, if right of hi
        while last > hi and (not row[last] or row[last].isspace()):
            last -= 1
        hi = last if last > hi else hi
        if lo is None or lo > 0:  # the first cell with text, if left of lo
            end = len(row) if lo is None else min(lo, len(row))
            first = 0
            while first < end and (not row[first] or row[first].isspace()):
                first += 1
            lo = first if first < end else lo
    if lo is None:
        return []
    cols.extend(f"{sheet}!{column_letters(c)}" for c in range(len(cols), hi + 1))
    if not any(m[2] > m[0] for m in merges):  # a region with vertical merges is a table
        anchor = {(m[0], m[1]): m for m in sorted(merges)}
        if _is_text(values, anchor, top, bottom, lo, hi):
            out: list[Block] = []
            for r in range(top, bottom + 1):
                row = values[r] if r < len(values) else []
                for c in range(lo, min(hi + 1, len(row))):
                    if row[c].strip():
                        out.append(Paragraph(row[c], source=f"{cols[c]}{r + 1}"))
            return out
    return [_table(values, merges, top, bottom, lo, hi, cols)]


def _table(
    values: list[list[str]], merges: list[Merge], top: int, bottom: int, lo: int, hi: int, cols: list[str]
) -> TableBlock:
    """A table region: its rows (covered positions absent) and, handed over with them, its dense
    grid (:meth:`TableBlock.keep_grid`), which is known here at little cost.

    ``shape`` holds, position by position and row after row, what is there (:data:`_PLAIN` and
    the codes after it): a cell starting, a merged range covering it from the left in the row the
    range starts in, or covering it from above (at the range's first column or right of it).  A
    row's cells are one comprehension over the positions that start one, its grid line a
    gathering of those cells and the line above (:func:`_plan`: both are the same for every row
    of the same shape).  Merged ranges overlap (Excel never writes that) when they mark fewer
    positions than they cover; the grid is then left to :meth:`TableBlock.grid`, and the rows
    follow the rule for any ranges: a position under any range is covered, the last range
    starting at a position gives its spans.
    """
    width = hi - lo + 1
    shape = bytearray(b"\x01") * (width * (bottom - top + 1))
    left, below = bytes(width), b"\x02" * width
    area = 0
    for r0, c0, r1, c1 in merges:
        at = (r0 - top) * width + c0 - lo
        span = c1 - c0 + 1
        area += span * (r1 - r0 + 1)
        if shape[at] == _PLAIN or shape[at] == _MERGED:  # (a position another range covers stays so)
            shape[at] = _MERGED
        if span > 1:
            shape[at + 1 : at + span] = left[: span - 1]
        for _ in range(r1 - r0):
            at += width
            shape[at] = _FIRST_BELOW
            if span > 1:
                shape[at + 1 : at + span] = below[: span - 1]
    overlap = area > len(shape) - shape.count(_PLAIN)  # every position of every range marked once?
    layout = bytes(shape.translate(_UNMARK))
    prefixes = cols[lo : hi + 1]
    rows: list[list[Cell]] = []
    if overlap:  # the last range starting at a position (in sorted order) gives its spans
        rowspans, colspans = [1] * len(layout), [1] * len(layout)
        for r0, c0, r1, c1 in sorted(merges):
            at = (r0 - top) * width + c0 - lo
            rowspans[at], colspans[at] = r1 - r0 + 1, c1 - c0 + 1
        for at, end, texts, number in _lines(values, top, bottom, lo, hi):
            rows.append(
                [
                    Cell(text, rowspan, colspan, prefix + number)
                    for text, rowspan, colspan, prefix in compress(
                        zip(texts, rowspans[at:end], colspans[at:end], prefixes, strict=True),
                        _plan(layout[at:end])[0],
                    )
                ]
            )
        return TableBlock(rows, source=f"{cols[lo]}{top + 1}:{column_letters(hi)}{bottom + 1}")
    grid: list[list[Cell | None]] = []
    plans: list[RowShape] = []
    above: list[Cell | None] = [None] * width  # (a first row takes nothing from above)
    line: list[Cell | None]
    for at, end, texts, number in _lines(values, top, bottom, lo, hi):
        starts, gather, plan = _plan(layout[at:end])
        if gather is None:  # a cell starts at every position
            cells = [Cell(text, 1, 1, prefix + number) for text, prefix in zip(texts, prefixes, strict=True)]
            line = list(cells)
        else:
            cells = [
                Cell(text, 1, 1, prefix + number)
                for text, prefix in compress(zip(texts, prefixes, strict=True), starts)
            ]
            picked = gather(above + cells)
            line = list(picked) if width > 1 else [picked]
        rows.append(cells)
        grid.append(line)
        plans.append(plan)
        above = line
    for r0, c0, r1, c1 in merges:
        cell = grid[r0 - top][c0 - lo]
        if cell is not None:  # (always: ranges that do not overlap leave no gap in the grid)
            cell.rowspan, cell.colspan = r1 - r0 + 1, c1 - c0 + 1
    table = TableBlock(rows, source=f"{cols[lo]}{top + 1}:{column_letters(hi)}{bottom + 1}")
    return table.keep_grid(grid, plans)


# Codes of a table's shape: a cell starts here (_PLAIN, or _MERGED while the ranges are marked);
# a merged range covers the position from the left in its first row (_LEFT), or from above, at
# its first column (_FIRST_BELOW) or right of it (_BELOW).
_LEFT, _PLAIN, _BELOW, _FIRST_BELOW, _MERGED = 0, 1, 2, 3, 5
_UNMARK = bytes.maketrans(bytes([_MERGED]), bytes([_PLAIN]))


def _lines(
    values: list[list[str]], top: int, bottom: int, lo: int, hi: int
) -> Iterator[tuple[int, int, list[str], str]]:
    """Each row of a table region: where its positions start and end in the
    region's shape, its texts (columns ``lo``…``hi``, padded with empty texts) and its row number
    as printed (``str(r + 1)``)."""
    width = hi - lo + 1
    blank = [""] * width
    n_values = len(values)
    at = 0
    for r in range(top, bottom + 1):
        texts = values[r][lo : hi + 1] if r < n_values else blank
        if len(texts) < width:
            texts = texts + blank[len(texts) :]
        end = at + width
        yield at, end, texts, str(r + 1)
        at = end


@lru_cache(maxsize=1024)
def _plan(shape: bytes) -> tuple[bytes, itemgetter[Any] | None, RowShape]:
    """For one row's ``shape``: where its cells start (1, else 0: an :func:`itertools.compress`
    selector); what picks its grid line out of the line above followed by its own cells (an
    item when the row is one column wide), or None when a cell starts at every position; and
    the :class:`~jixiao.blocks.RowShape` of its grid line (a position covered from above holds
    the cell of the line above; every other one a cell starting in this row)."""
    starts = bytes(kind == _PLAIN for kind in shape)
    fresh = [kind != _BELOW and kind != _FIRST_BELOW for kind in shape]
    heads = tuple(
        (col, fresh[col]) for col, kind in enumerate(shape) if kind == _PLAIN or kind == _FIRST_BELOW
    )
    row = RowShape(fresh, heads)
    if starts.count(1) == len(shape):
        return starts, None, row
    picks: list[int] = []
    new = len(shape)  # the row's own cells follow the line above
    for col, kind in enumerate(shape):
        if kind == _PLAIN:
            picks.append(new)
            new += 1
        elif kind == _LEFT:
            picks.append(picks[-1])
        else:
            picks.append(col)
    return starts, itemgetter(*picks), row


def _is_text(
    values: list[list[str]], anchor: dict[tuple[int, int], Merge], top: int, bottom: int, lo: int, hi: int
) -> bool:
    width = hi - lo + 1
    if any(m[2] > m[0] for m in anchor.values()):
        return False
    for r in range(top, bottom + 1):
        row = values[r] if r < len(values) else []
        found = [c for c in range(lo, min(hi + 1, len(row))) if row[c].strip()]
        if len(found) != 1:
            return False
        c = found[0]
        m = anchor.get((r, c))
        span = (m[3] - m[1] + 1) if m else 1
        if c != lo or span != width:
            return False
    return True
