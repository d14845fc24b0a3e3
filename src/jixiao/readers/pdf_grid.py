"""Ruling lines → tables of cells, and glyphs → the text of a cell or a line.

Pure geometry: no PDF library here.  Coordinates are the reading frame of
:mod:`jixiao.readers.pdf_page` (points, y downwards).

How a table is found (表格识别):

1. collinear segments are merged (Word draws one segment per cell edge, LibreOffice
   one per run of edges);
2. horizontal and vertical lines that cross or touch form one table;
3. the distinct line positions of a table cut it into a grid of slots; two
   neighbouring slots belong to the same cell when no line separates them, so a
   merged cell (合并单元格) comes out as one cell spanning several grid columns/rows;
4. a group of slots not closed by lines on every side is outside the table.
"""

from __future__ import annotations

import unicodedata
from bisect import bisect_right
from dataclasses import dataclass, field

TOL = 2.0  # pt: positions closer than this are the same line
GAP = 2.5  # pt: collinear pieces closer than this are one line


@dataclass(slots=True)
class PageCell:
    """A cell of a table found on one page: its box and, later, its glyphs."""

    x0: float
    y0: float
    x1: float
    y1: float
    row: int = 0  # first grid row (page-local)
    row_end: int = 1  # one past the last grid row
    chars: list[tuple[str, float, float, float, float]] = field(default_factory=list)


@dataclass(slots=True)
class PageTable:
    x0: float
    y0: float
    x1: float
    y1: float
    xs: list[float]
    ys: list[float]
    cells: list[PageCell]
    slot_cell: list[list[int]]  # [row][col] → index into cells, or -1

    def cell_at(self, x: float, y: float) -> PageCell | None:
        c = bisect_right(self.xs, x) - 1
        r = bisect_right(self.ys, y) - 1
        if 0 <= r < len(self.ys) - 1 and 0 <= c < len(self.xs) - 1:
            k = self.slot_cell[r][c]
            if k >= 0:
                return self.cells[k]
        return None


def merge_lines(lines: list[tuple[float, float, float]]) -> list[tuple[float, float, float]]:
    """Merge collinear, overlapping or nearly touching segments ``(pos, start, end)``."""
    out: list[tuple[float, float, float]] = []
    if not lines:
        return out
    lines = sorted(lines)
    group: list[tuple[float, float, float]] = []
    anchor = lines[0][0]
    for line in lines:
        if line[0] - anchor > TOL / 2:
            out.extend(_merge_group(group))
            group = []
            anchor = line[0]
        group.append(line)
    out.extend(_merge_group(group))
    return out


def _merge_group(group: list[tuple[float, float, float]]) -> list[tuple[float, float, float]]:
    pos = sum(g[0] for g in group) / len(group)
    merged: list[tuple[float, float, float]] = []
    for _, a, b in sorted(group, key=lambda g: g[1]):
        if merged and a <= merged[-1][2] + GAP:
            if b > merged[-1][2]:
                merged[-1] = (pos, merged[-1][1], b)
        else:
            merged.append((pos, a, b))
    return merged


def _cluster(values: list[float], tol: float = TOL) -> list[float]:
    out: list[float] = []
    run: list[float] = []
    for v in sorted(values):
        if run and v - run[-1] > tol:
            out.append(sum(run) / len(run))
            run = []
        run.append(v)
    if run:
        out.append(sum(run) / len(run))
    return out


def _covered(spans: list[tuple[float, float]], p: float) -> bool:
    for a, b in spans:
        if a - TOL <= p <= b + TOL:
            return True
    return False


def find_tables(
    hlines: list[tuple[float, float, float]], vlines: list[tuple[float, float, float]]
) -> list[PageTable]:
    """The ruled tables drawn by these lines, top to bottom."""
    hs = merge_lines(hlines)
    vs = merge_lines(vlines)
    if not hs or len(vs) < 2:
        return []
    parent = list(range(len(hs) + len(vs)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for i, (y, x0, x1) in enumerate(hs):
        for j, (x, y0, y1) in enumerate(vs):
            if x0 - TOL <= x <= x1 + TOL and y0 - TOL <= y <= y1 + TOL:
                a, b = find(i), find(len(hs) + j)
                if a != b:
                    parent[a] = b
    groups: dict[int, tuple[list[tuple[float, float, float]], list[tuple[float, float, float]]]] = {}
    for i, h in enumerate(hs):
        groups.setdefault(find(i), ([], []))[0].append(h)
    for j, v in enumerate(vs):
        groups.setdefault(find(len(hs) + j), ([], []))[1].append(v)
    tables = [t for g in groups.values() if g[0] and len(g[1]) >= 2 if (t := _table(*g))]
    tables.sort(key=lambda t: (t.y0, t.x0))
    return tables


def _table(hs: list[tuple[float, float, float]], vs: list[tuple[float, float, float]]) -> PageTable | None:
    xs = _cluster([v[0] for v in vs])
    ys = _cluster([h[0] for h in hs])
    # an open side (no outer border) still ends where the other lines end
    left, right = min(h[1] for h in hs), max(h[2] for h in hs)
    top, bottom = min(v[1] for v in vs), max(v[2] for v in vs)
    open_x: set[int] = set()
    open_y: set[int] = set()
    if left < xs[0] - 3 * TOL:
        xs.insert(0, left)
        open_x.add(0)
    if right > xs[-1] + 3 * TOL:
        xs.append(right)
        open_x.add(len(xs) - 1)
    if top < ys[0] - 3 * TOL:
        ys.insert(0, top)
        open_y.add(0)
    if bottom > ys[-1] + 3 * TOL:
        ys.append(bottom)
        open_y.add(len(ys) - 1)
    ncol, nrow = len(xs) - 1, len(ys) - 1
    if ncol < 1 or nrow < 1:
        return None
    vcov = _coverage(xs, vs, open_x)
    hcov = _coverage(ys, hs, open_y)
    xmid = [(xs[c] + xs[c + 1]) / 2 for c in range(ncol)]
    ymid = [(ys[r] + ys[r + 1]) / 2 for r in range(nrow)]
    parent = list(range(nrow * ncol))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for r in range(nrow):
        for c in range(ncol):
            if c + 1 < ncol and not _covered(vcov[c + 1], ymid[r]):
                a, b = find(r * ncol + c), find(r * ncol + c + 1)
                if a != b:
                    parent[a] = b
            if r + 1 < nrow and not _covered(hcov[r + 1], xmid[c]):
                a, b = find(r * ncol + c), find((r + 1) * ncol + c)
                if a != b:
                    parent[a] = b
    boxes: dict[int, list[int]] = {}
    for r in range(nrow):
        for c in range(ncol):
            g = find(r * ncol + c)
            box = boxes.get(g)
            if box is None:
                boxes[g] = [r, c, r, c, 1]
            else:
                box[0], box[1] = min(box[0], r), min(box[1], c)
                box[2], box[3] = max(box[2], r), max(box[3], c)
                box[4] += 1
    cells: list[PageCell] = []
    slot_cell = [[-1] * ncol for _ in range(nrow)]
    for r0, c0, r1, c1, _n in sorted(boxes.values()):
        if not _closed(r0, c0, r1, c1, vcov, hcov, xmid, ymid):
            continue
        k = len(cells)
        claimed = False
        for r in range(r0, r1 + 1):
            for c in range(c0, c1 + 1):
                if slot_cell[r][c] < 0:
                    slot_cell[r][c] = k
                    claimed = True
        if claimed:
            cells.append(PageCell(xs[c0], ys[r0], xs[c1 + 1], ys[r1 + 1], r0, r1 + 1))
    if not cells:
        return None
    return PageTable(
        min(c.x0 for c in cells),
        min(c.y0 for c in cells),
        max(c.x1 for c in cells),
        max(c.y1 for c in cells),
        xs,
        ys,
        cells,
        slot_cell,
    )


def _coverage(
    pos: list[float], lines: list[tuple[float, float, float]], open_sides: set[int]
) -> list[list[tuple[float, float]]]:
    """For each grid position, the spans its lines cover (an open side counts as ruled)."""
    spans: list[list[tuple[float, float]]] = [[] for _ in pos]
    for p, a, b in lines:
        i = bisect_right(pos, p)
        if i > 0 and (i == len(pos) or p - pos[i - 1] <= pos[i] - p):
            i -= 1
        spans[i].append((a, b))
    for i in open_sides:
        spans[i] = [(-1e9, 1e9)]
    return spans


def _closed(
    r0: int,
    c0: int,
    r1: int,
    c1: int,
    vcov: list[list[tuple[float, float]]],
    hcov: list[list[tuple[float, float]]],
    xmid: list[float],
    ymid: list[float],
) -> bool:
    """Is the box of slots [r0..r1]×[c0..c1] ruled on all four sides (at each slot's middle)?

    The first and last rows may be open at the table's top and bottom: a merged cell cut
    by a page break is not closed there by every producer (WeasyPrint leaves it open).
    """
    for r in range(r0, r1 + 1):
        if not (_covered(vcov[c0], ymid[r]) and _covered(vcov[c1 + 1], ymid[r])):
            return False
    last = len(hcov) - 1
    for c in range(c0, c1 + 1):
        if r0 > 0 and not _covered(hcov[r0], xmid[c]):
            return False
        if r1 + 1 < last and not _covered(hcov[r1 + 1], xmid[c]):
            return False
    return True


# ---------------------------------------------------------------- text layout


def is_wide(ch: str) -> bool:
    """CJK and full-width characters: a line break next to one is layout, not a space."""
    return unicodedata.east_asian_width(ch) in ("W", "F")


def lines_of(
    chars: list[tuple[str, float, float, float, float]],
) -> list[list[tuple[str, float, float, float, float]]]:
    """Group glyphs into text lines, top to bottom, each left to right.

    A glyph belongs to the line whose first glyph's middle is within 0.4 of the typical
    (median) glyph height of its own middle: a glyph whose box is only its ink (``一``
    from a font without ascent/descent) or comes from a fallback font stays in its line.
    """
    if not chars:
        return []
    heights = sorted(g[4] - g[2] for g in chars)
    reach = 0.4 * max(heights[len(heights) // 2], 1.0)
    ordered = sorted(chars, key=lambda g: g[2] + g[4])
    lines: list[list[tuple[str, float, float, float, float]]] = []
    anchor = 0.0
    for g in ordered:
        mid = (g[2] + g[4]) / 2
        if lines and mid - anchor <= reach:
            lines[-1].append(g)
        else:
            lines.append([g])
            anchor = mid
    for line in lines:
        line.sort(key=lambda g: g[1])
    return lines


def line_text(line: list[tuple[str, float, float, float, float]]) -> str:
    """The text of one line; a gap wider than a third of the glyph height is a space."""
    out: list[str] = []
    prev = None
    for g in line:
        if prev is not None and g[0] != " " and out and out[-1] != " ":
            gap = g[1] - prev[3]
            if gap > 0.3 * max(prev[4] - prev[2], g[4] - g[2], 1.0):
                out.append(" ")
        if g[0] == " " and (not out or out[-1] == " "):
            prev = g
            continue
        out.append(g[0])
        prev = g
    return "".join(out).strip()


def join_lines(texts: list[str], full: list[bool] | None = None) -> str:
    """Join the wrapped lines of one cell.

    Nothing goes between CJK characters (a line break in a cell is layout, not content).
    Between Latin letters and digits, a line that ended short of the cell's edge broke at
    a space, so a space goes back; a line filled to the edge was broken inside a word or
    number (``8,82`` ⏎ ``7,620.53``), so nothing does.  Without ``full``, a space goes
    only between two letters.
    """
    out = ""
    for i, t in enumerate(texts):
        if not t:
            continue
        if out and _needs_space(out[-1], t[0], None if full is None else full[i - 1]):
            out += " "
        out += t
    return out


def _needs_space(a: str, b: str, full: bool | None) -> bool:
    if a.isspace() or b.isspace() or is_wide(a) or is_wide(b):
        return False
    if full is None:
        return a.isalpha() and b.isalpha() and a.isascii() and b.isascii()
    return not full and (a.isalnum() or b.isalnum())
