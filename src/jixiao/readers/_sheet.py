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

from ..blocks import Block, Cell, Paragraph, TableBlock
from ._common import column_letters

Merge = tuple[int, int, int, int]  # first row, first col, last row, last col (0-based, inclusive)


def sheet_blocks(sheet: str, values: list[list[str]], merges: list[Merge]) -> list[Block]:
    """Turn one sheet's displayed texts (``values[row][col]``, 0-based from A1) into blocks."""
    nrows = max([len(values)] + [m[2] + 1 for m in merges])
    if nrows == 0:
        return []
    touched = [False] * nrows
    for r0, _c0, r1, _c1 in merges:
        for r in range(r0, r1 + 1):
            touched[r] = True
    filled = [any(v.strip() for v in row) for row in values] + [False] * (nrows - len(values))

    blocks: list[Block] = []
    start = None
    for r in range(nrows + 1):
        busy = r < nrows and (filled[r] or touched[r])
        if busy and start is None:
            start = r
        elif not busy and start is not None:
            blocks.extend(_region(sheet, values, merges, start, r - 1))
            start = None
    return blocks


def _region(
    sheet: str, values: list[list[str]], all_merges: list[Merge], top: int, bottom: int
) -> list[Block]:
    merges = [m for m in all_merges if top <= m[0] <= bottom]
    lo, hi = None, -1
    for r in range(top, min(bottom, len(values) - 1) + 1):
        row = values[r]
        for c, v in enumerate(row):
            if v and v.strip():
                lo = c if lo is None or c < lo else lo
                hi = c if c > hi else hi
    for _r0, c0, _r1, c1 in merges:
        lo = c0 if lo is None or c0 < lo else lo
        hi = c1 if c1 > hi else hi
    if lo is None:
        return []
    letters = [column_letters(c) for c in range(hi + 1)]
    anchor = {(m[0], m[1]): m for m in merges}
    covered: set[tuple[int, int]] = set()
    for r0, c0, r1, c1 in merges:
        for r in range(r0, r1 + 1):
            for c in range(c0, c1 + 1):
                if (r, c) != (r0, c0):
                    covered.add((r, c))

    if _is_text(values, anchor, top, bottom, lo, hi):
        out: list[Block] = []
        for r in range(top, bottom + 1):
            row = values[r] if r < len(values) else []
            for c in range(lo, min(hi + 1, len(row))):
                if row[c].strip():
                    out.append(Paragraph(row[c], source=f"{sheet}!{letters[c]}{r + 1}"))
        return out

    rows: list[list[Cell]] = []
    for r in range(top, bottom + 1):
        row = values[r] if r < len(values) else []
        width = len(row)
        line: list[Cell] = []
        for c in range(lo, hi + 1):
            if covered and (r, c) in covered:
                continue
            text = row[c] if c < width else ""
            m = anchor.get((r, c)) if anchor else None
            if m is None:
                line.append(Cell(text, 1, 1, f"{sheet}!{letters[c]}{r + 1}"))
            else:
                line.append(
                    Cell(text, m[2] - m[0] + 1, min(m[3], hi) - m[1] + 1, f"{sheet}!{letters[c]}{r + 1}")
                )
        rows.append(line)
    return [TableBlock(rows, source=f"{sheet}!{letters[lo]}{top + 1}:{letters[hi]}{bottom + 1}")]


def _is_text(values: list[list[str]], anchor: dict, top: int, bottom: int, lo: int, hi: int) -> bool:
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
