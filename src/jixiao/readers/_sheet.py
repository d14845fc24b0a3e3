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

from ..blocks import Block, Cell, Paragraph, TableBlock
from ._common import column_letters

Merge = tuple[int, int, int, int]  # first row, first col, last row, last col (0-based, inclusive)
_NO_SPANS: dict[int, tuple[int, int]] = {}
_NOTHING: frozenset[int] = frozenset()


def sheet_blocks(sheet: str, values: list[list[str]], merges: list[Merge]) -> list[Block]:
    """Turn one sheet's displayed texts (``values[row][col]``, 0-based from A1) into blocks."""
    nrows = max([len(values)] + [m[2] + 1 for m in merges])
    if nrows == 0:
        return []
    touched = [False] * nrows
    for r0, _c0, r1, _c1 in merges:
        for r in range(r0, r1 + 1):
            touched[r] = True
    join = "".join
    filled = [bool(join(row).strip()) for row in values] + [False] * (nrows - len(values))

    merges = sorted(merges)
    firsts = [m[0] for m in merges]
    blocks: list[Block] = []
    start = None
    for r in range(nrows + 1):
        busy = r < nrows and (filled[r] or touched[r])
        if busy and start is None:
            start = r
        elif not busy and start is not None:
            inside = merges[bisect_left(firsts, start) : bisect_right(firsts, r - 1)]
            blocks.extend(_region(sheet, values, inside, start, r - 1))
            start = None
    return blocks


def _region(sheet: str, values: list[list[str]], merges: list[Merge], top: int, bottom: int) -> list[Block]:
    """One region (rows ``top``…``bottom``; ``merges`` are the ranges starting in it)."""
    lo, hi = None, -1
    for r in range(top, min(bottom, len(values) - 1) + 1):
        row = values[r]
        last = len(row) - 1  # the last and first cells with text
        while last >= 0 and (not row[last] or row[last].isspace()):
            last -= 1
        if last < 0:
            continue
        if lo is None or lo > 0:  # once a row starts in column A, no row can start further left
            first = 0
            while not row[first] or row[first].isspace():
                first += 1
            lo = first if lo is None or first < lo else lo
        hi = last if last > hi else hi
    for _r0, c0, _r1, c1 in merges:
        lo = c0 if lo is None or c0 < lo else lo
        hi = c1 if c1 > hi else hi
    if lo is None:
        return []
    cols = [f"{sheet}!{column_letters(c)}" for c in range(hi + 1)]  # source prefix per column
    anchor = {(m[0], m[1]): m for m in merges}
    covered: dict[int, set[int]] = {}  # row → columns hidden under a merge
    spans: dict[int, dict[int, tuple[int, int]]] = {}  # row → {column: (rowspan, colspan)}
    for r0, c0, r1, c1 in merges:
        starts = spans.get(r0)
        if starts is None:
            starts = spans[r0] = {}
        starts[c0] = (r1 - r0 + 1, min(c1, hi) - c0 + 1)
        if c1 > c0:
            cover = covered.get(r0)
            if cover is None:
                cover = covered[r0] = set()
            cover.update(range(c0 + 1, c1 + 1))
        for r in range(r0 + 1, r1 + 1):
            cover = covered.get(r)
            if cover is None:
                cover = covered[r] = set()
            cover.update(range(c0, c1 + 1))

    if _is_text(values, anchor, top, bottom, lo, hi):
        out: list[Block] = []
        for r in range(top, bottom + 1):
            row = values[r] if r < len(values) else []
            for c in range(lo, min(hi + 1, len(row))):
                if row[c].strip():
                    out.append(Paragraph(row[c], source=f"{cols[c]}{r + 1}"))
        return out

    rows: list[list[Cell]] = []
    n_values = len(values)
    for r in range(top, bottom + 1):
        row = values[r] if r < n_values else []
        if len(row) < hi + 1:
            row = row + [""] * (hi + 1 - len(row))
        number = str(r + 1)
        hidden = covered.get(r, _NOTHING)
        starts = spans.get(r, _NO_SPANS)
        if not hidden and not starts:
            rows.append([Cell(row[c], 1, 1, cols[c] + number) for c in range(lo, hi + 1)])
            continue
        rows.append(
            [
                Cell(row[c], 1, 1, cols[c] + number)
                if c not in starts
                else Cell(row[c], starts[c][0], starts[c][1], cols[c] + number)
                for c in range(lo, hi + 1)
                if c not in hidden
            ]
        )
    return [TableBlock(rows, source=f"{cols[lo]}{top + 1}:{column_letters(hi)}{bottom + 1}")]


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
