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

from collections.abc import Iterable
from functools import lru_cache
from itertools import accumulate, chain, compress, cycle, pairwise, repeat
from operator import itemgetter
from typing import Any

from ..blocks import Block, Cell, Paragraph, RowShape, SheetCell, TableBlock
from ._common import column_letters

Merge = tuple[int, int, int, int]  # first row, first col, last row, last col (0-based, inclusive)


def sheet_blocks(sheet: str, values: list[list[str]], merges: list[Merge]) -> list[Block]:
    """Turn one sheet's displayed texts (``values[row][col]``, 0-based from A1) into blocks."""
    nrows = max(len(values), max(map(itemgetter(2), merges), default=-1) + 1)
    if nrows == 0:
        return []
    # rows with text or under a merged range (1), as bytes: the regions are runs found by bytes.find
    busy = bytearray(map(bool, map(str.strip, map("".join, values))))
    busy.extend(bytes(nrows - len(values)))
    tall_rows: list[int] = []  # the first rows of the ranges over more than one row
    for r0, _c0, r1, _c1 in merges:
        if r0 == r1:
            busy[r0] = 1
        else:
            busy[r0 : r1 + 1] = b"\x01" * (r1 - r0 + 1)
            tall_rows.append(r0)

    regions: list[tuple[int, int]] = []  # first and last row of each
    start = busy.find(1)
    while start >= 0:
        end = busy.find(0, start)
        if end < 0:
            end = nrows
        regions.append((start, end - 1))
        start = busy.find(1, end)
    # The ranges starting in each region, found by the region of their first row (sorting them by
    # first row to slice them per region cost ~1 ms more on a 500-table sheet): their order within
    # a region matters only where they overlap, and they are sorted in full there.
    region_of = [0] * nrows
    for k, (top, bottom) in enumerate(regions):
        region_of[top : bottom + 1] = [k] * (bottom + 1 - top)
    inside: list[list[Merge]] = [[] for _ in regions]
    for merge in merges:
        inside[region_of[merge[0]]].append(merge)
    tall = bytearray(len(regions))  # the regions holding a range over more than one row (1)
    for r0 in tall_rows:
        tall[region_of[r0]] = 1
    blocks: list[Block] = []
    cols: list[str] = []  # source prefix per column (Sheet!B), as wide as a region has needed
    for (top, bottom), ranges, has_tall in zip(regions, inside, tall, strict=True):
        blocks.extend(_region(sheet, values, ranges, top, bottom, cols, has_tall))
    return blocks


def _region(
    sheet: str,
    values: list[list[str]],
    merges: list[Merge],
    top: int,
    bottom: int,
    cols: list[str],
    tall: int,
) -> list[Block]:
    """One region (rows ``top``…``bottom``; ``merges`` are the ranges starting in it, ``tall`` 1 when
    one of them spans rows; ``cols`` the sheet's source prefixes per column, widened here when the
    region is wider)."""
    lo: int | None = min(map(itemgetter(1), merges)) if merges else None
    hi = max(map(itemgetter(3), merges)) if merges else -1
    # The columns with text widen that (only a row longer than ``hi`` or starting left of ``lo``
    # can: not the usual table, whose merged title spans the sheet's width from its first column;
    # looking at its rows anyway cost ~0.4 ms of a 500-table sheet).
    if lo is None or lo > 0 or max(map(len, values[top : bottom + 1]), default=0) > hi + 1:
        lo, hi = _widen(values, top, bottom, lo, hi)
    if lo is None:
        return []
    if hi >= len(cols):
        cols.extend(f"{sheet}!{column_letters(c)}" for c in range(len(cols), hi + 1))
    if not merges and lo == hi:  # texts in one column, nothing merged (a title over a table): text
        return [Paragraph(values[r][lo], source=f"{cols[lo]}{r + 1}") for r in range(top, bottom + 1)]
    if not tall:  # a region with vertical merges is a table
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


def _widen(values: list[list[str]], top: int, bottom: int, lo: int | None, hi: int) -> tuple[int | None, int]:
    """The columns ``lo``…``hi`` of a region widened to those holding text in rows ``top``…``bottom``
    (``lo`` None: none yet).  Only a row reaching past ``hi`` or starting left of ``lo`` can
    widen them, so each row is looked at only that far (a table's merged title spans it all)."""
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
    return lo, hi


def _table(
    values: list[list[str]], merges: list[Merge], top: int, bottom: int, lo: int, hi: int, cols: list[str]
) -> TableBlock:
    """A table region: its rows (covered positions absent) and, handed over with them, its dense
    grid (:meth:`TableBlock.keep_grid`), which is known here at little cost.

    ``shape`` holds, position by position and row after row, what is there (:data:`_PLAIN` and
    the codes after it): a cell starting, a merged range covering it from the left in the row the
    range starts in, or covering it from above (at the range's first column or right of it).  The
    table's cells are one pass over the positions that start one; a row's colspans and its grid
    line, a gathering of its cells and the line above, come from its shape (:func:`_plan`: the
    same for every row of the same shape); only the ranges over several rows are looked at again,
    for their rowspans.  Merged ranges overlap (Excel never writes that) when they mark fewer
    positions than they cover; the grid is then left to :meth:`TableBlock.grid`, and the rows
    follow the rule for any ranges: a position under any range is covered, the last range starting
    at a position gives its spans.
    """
    width = hi - lo + 1
    shape = bytearray(b"\x01") * (width * (bottom - top + 1))
    left, below = bytes(width), b"\x02" * width
    area = 0
    tall: list[Merge] = []  # the ranges over more than one row (most ranges are one row high)
    for merge in merges:
        r0, c0, r1, c1 = merge
        at = (r0 - top) * width + c0 - lo
        span = c1 - c0 + 1
        if shape[at] & 1:  # _PLAIN or _MERGED (a position another range covers stays so)
            shape[at] = _MERGED
        if span == 2:  # (most ranges: two cells of a row; a store, not a slice: ~2 ms of 500 tables)
            shape[at + 1] = _LEFT
        elif span > 2:
            shape[at + 1 : at + span] = left[: span - 1]
        if r1 == r0:
            area += span
            continue
        tall.append(merge)
        area += span * (r1 - r0 + 1)
        for _ in range(r1 - r0):
            at += width
            shape[at] = _FIRST_BELOW
            if span > 1:
                shape[at + 1 : at + span] = below[: span - 1]
    overlap = area > len(shape) - shape.count(_PLAIN)  # every position of every range marked once?
    layout = bytes(shape.translate(_UNMARK))
    plans = list(map(_plan, [layout[at : at + width] for at in range(0, len(layout), width)]))
    # Every cell of the table in one pass of C iterators over its positions, row after row (a
    # comprehension a row cost ~1.5 ms more on a 500-table sheet): the positions starting a cell
    # pick its text, spans and source (column prefix + row number); the rows are slices of them.
    starts = layout.translate(_STARTS)
    counts = list(map(len, map(itemgetter(0), plans)))  # cells starting in each row (one colspan a cell)
    numbers = chain.from_iterable(map(repeat, map(str, range(top + 1, bottom + 2)), counts))
    prefixes = compress(cycle(cols[lo : hi + 1]), starts)  # (each cell's source: prefix + number)
    rowspans: Iterable[int]
    colspans: Iterable[int]
    if overlap:  # the last range starting at a position (in sorted order) gives its spans
        rowspan_at, colspan_at = [1] * len(layout), [1] * len(layout)
        for r0, c0, r1, c1 in sorted(merges):
            at = (r0 - top) * width + c0 - lo
            rowspan_at[at], colspan_at[at] = r1 - r0 + 1, c1 - c0 + 1
        rowspans, colspans = compress(rowspan_at, starts), compress(colspan_at, starts)
    else:  # colspans from the row shapes, rowspans set below (most ranges are one row high)
        rowspans, colspans = repeat(1), chain.from_iterable(map(itemgetter(0), plans))
    texts = compress(_texts(values, top, bottom, lo, hi), starts)
    cells: list[Cell] = list(map(SheetCell, texts, rowspans, colspans, prefixes, numbers))
    ends = list(accumulate(counts))
    rows: list[list[Cell]] = [cells[start:end] for start, end in pairwise(chain((0,), ends))]
    source = f"{cols[lo]}{top + 1}:{column_letters(hi)}{bottom + 1}"
    if overlap:
        return TableBlock(rows, source=source)
    grid: list[list[Cell | None]] = []
    above: list[Cell | None] = [None] * width  # (a first row takes nothing from above)
    line: list[Cell | None]
    for row, (_spans, gather, _shape) in zip(rows, plans, strict=True):
        if gather is None:  # a cell starts at every position
            line = list(row)
        else:
            picked = gather(above + row)
            line = list(picked) if width > 1 else [picked]
        grid.append(line)
        above = line
    for r0, c0, r1, _c1 in tall:  # (their colspans came with the row they start in)
        cell = grid[r0 - top][c0 - lo]
        if cell is not None:  # (always: ranges that do not overlap leave no gap in the grid)
            cell.rowspan = r1 - r0 + 1
    return TableBlock(rows, source=source).keep_grid(grid, list(map(itemgetter(2), plans)))


# Codes of a table's shape: a cell starts here (_PLAIN, or _MERGED while the ranges are marked:
# the odd codes); a merged range covers the position from the left in its first row (_LEFT), or
# from above, at its first column (_FIRST_BELOW) or right of it (_BELOW).
_LEFT, _PLAIN, _BELOW, _FIRST_BELOW, _MERGED = 0, 1, 2, 4, 5
_UNMARK = bytes.maketrans(bytes([_MERGED]), bytes([_PLAIN]))
# an unmarked shape → where cells start (1, else 0: selectors of itertools.compress)
_STARTS = bytes.maketrans(bytes([_LEFT, _PLAIN, _BELOW, _FIRST_BELOW]), bytes([0, 1, 0, 0]))


def _texts(values: list[list[str]], top: int, bottom: int, lo: int, hi: int) -> Iterable[str]:
    """The texts of the rows ``top``…``bottom`` of a table region, columns ``lo``…``hi`` (padded
    with empty texts), row after row.  Usually the sheet's rows as they are: calamine gives every
    row the sheet's full width."""
    width = hi - lo + 1
    lines = values[top : bottom + 1]
    if len(lines) < bottom + 1 - top:  # rows below the last one with a value (under a merged range)
        lines += [[]] * (bottom + 1 - top - len(lines))
    if lo == 0 and min(map(len, lines)) == width == max(map(len, lines)):
        return chain.from_iterable(lines)
    blank = [""] * width
    return chain.from_iterable((row[lo : hi + 1] + blank)[:width] for row in lines)


@lru_cache(maxsize=1024)
def _plan(shape: bytes) -> tuple[tuple[int, ...], itemgetter[Any] | None, RowShape]:
    """For one row's ``shape``: the colspan of each cell starting in it (itself and the positions
    covered from the left after it, which only its range covers when ranges do not overlap); what
    picks its grid line out of the line above followed by its own cells (an item when the row is
    one column wide), or None when a cell starts at every position; and the
    :class:`~jixiao.blocks.RowShape` of its grid line (a position covered from above holds the cell
    of the line above; every other one a cell starting in this row)."""
    fresh = [kind != _BELOW and kind != _FIRST_BELOW for kind in shape]
    heads = tuple(
        (col, fresh[col]) for col, kind in enumerate(shape) if kind == _PLAIN or kind == _FIRST_BELOW
    )
    row = RowShape(fresh, heads)
    spans: list[int] = []
    run = False  # in a cell and the positions covered from the left after it
    for kind in shape:
        if kind == _PLAIN:
            spans.append(1)
            run = True
        elif kind == _LEFT and run:
            spans[-1] += 1
        else:
            run = False
    if len(spans) == len(shape):
        return tuple(spans), None, row
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
    return tuple(spans), itemgetter(*picks), row


def _is_text(
    values: list[list[str]], anchor: dict[tuple[int, int], Merge], top: int, bottom: int, lo: int, hi: int
) -> bool:
    width = hi - lo + 1  # (no range in ``anchor`` spans rows: the caller asks only then)
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
