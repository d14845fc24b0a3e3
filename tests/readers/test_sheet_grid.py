"""The spreadsheet readers build a table's dense grid together with its rows
(TableBlock.keep_grid); it must be exactly what expanding the rows' spans gives.  And the blocks
of a sheet, built with shortcuts, must be what its rules give, position by position."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from jixiao.assemble.rows import iter_rows, line_shape
from jixiao.blocks import TableBlock
from jixiao.readers._common import column_letters
from jixiao.readers._sheet import _table, sheet_blocks


@st.composite
def sheets(draw: st.DrawFn, ragged: bool = False) -> tuple[list[list[str]], list[tuple[int, int, int, int]]]:
    """A small sheet of texts (some blank, some spaces) with non-overlapping merged ranges.
    ``ragged``: rows of any length (a reader may drop trailing empty cells), and ranges that may
    reach below the last row with a value."""
    nrows = draw(st.integers(1, 8))
    ncols = draw(st.integers(1, 6))
    text = st.sampled_from(["", "", " ", "项目", "≥95%", "x"])
    values = [
        [draw(text) for _ in range(draw(st.integers(0, ncols)) if ragged else ncols)] for _ in range(nrows)
    ]
    last = nrows if ragged else nrows - 1  # the last row a range may reach
    merges: list[tuple[int, int, int, int]] = []
    taken: set[tuple[int, int]] = set()
    for _ in range(draw(st.integers(0, 5))):
        r0, c0 = draw(st.integers(0, last)), draw(st.integers(0, ncols - 1))
        r1, c1 = draw(st.integers(r0, last)), draw(st.integers(c0, ncols - 1))
        cells = {(r, c) for r in range(r0, r1 + 1) for c in range(c0, c1 + 1)}
        if len(cells) > 1 and not cells & taken:
            taken |= cells
            merges.append((r0, c0, r1, c1))
    return values, merges


def _shape(grid: list) -> list[list[tuple[str, int, int, str | None] | None]]:
    return [[None if c is None else (c.text, c.rowspan, c.colspan, c.source) for c in row] for row in grid]


def _identity(grid: list) -> list[list[int]]:
    """Which positions hold the same Cell object (a merged cell repeats by identity)."""
    seen: dict[int, int] = {}
    return [[-1 if c is None else seen.setdefault(id(c), len(seen)) for c in row] for row in grid]


@settings(max_examples=400, deadline=None)
@given(sheets())
def test_the_kept_grid_is_the_expanded_rows(sheet):
    values, merges = sheet
    for block in sheet_blocks("S", values, merges):
        if not isinstance(block, TableBlock):
            continue
        kept = block.grid()
        expanded = TableBlock(block.rows, block.source).grid()
        assert _shape(kept) == _shape(expanded)
        assert _identity(kept) == _identity(expanded)
        assert _shape(block.grid()) == _shape(expanded)  # a second call expands again
        assert block.grid() is not block.grid()


def _expected_blocks(values: list[list[str]], merges: list[tuple[int, int, int, int]]) -> list[tuple]:
    """The rules of jixiao.readers._sheet, position by position: regions of rows with text or a
    merged range, split at the others; a region whose every row holds one text, in its first
    column and as wide as the region (by itself or merged), with no range over several rows, is
    text; any other is a table of every position no range covers but at its first cell."""

    def text(r: int, c: int) -> str:
        return values[r][c] if r < len(values) and c < len(values[r]) else ""

    def cell(r: int, c: int, merge: tuple[int, int, int, int] | None) -> tuple[str, int, int, str]:
        rowspan, colspan = (merge[2] - merge[0] + 1, merge[3] - merge[1] + 1) if merge else (1, 1)
        return text(r, c), rowspan, colspan, f"S!{column_letters(c)}{r + 1}"

    nrows = max([len(values)] + [m[2] + 1 for m in merges])
    busy = [any(t.strip() for t in values[r]) if r < len(values) else False for r in range(nrows)]
    for r0, _, r1, _ in merges:
        busy[r0 : r1 + 1] = [True] * (r1 + 1 - r0)
    out: list[tuple] = []
    r = 0
    while r < nrows:
        if not busy[r]:
            r += 1
            continue
        top = r
        while r < nrows and busy[r]:
            r += 1
        rows = range(top, r)
        inside = [m for m in merges if m[0] in rows]
        columns = {c for m in inside for c in (m[1], m[3])}
        columns |= {
            c for i in rows for c in range(len(values[i]) if i < len(values) else 0) if text(i, c).strip()
        }
        lo, hi = min(columns), max(columns)
        start = {(m[0], m[1]): m for m in inside}
        found = [[c for c in range(lo, hi + 1) if text(i, c).strip()] for i in rows]
        if all(m[2] == m[0] for m in inside) and all(
            f == [lo] and (start[(i, lo)][3] if (i, lo) in start else lo) == hi
            for i, f in zip(rows, found, strict=True)
        ):
            out.extend(("P", text(i, lo), f"S!{column_letters(lo)}{i + 1}") for i in rows)
            continue
        covered = {(i, c) for m in inside for i in range(m[0], m[2] + 1) for c in range(m[1], m[3] + 1)}
        covered -= set(start)
        table = [
            [cell(i, c, start.get((i, c))) for c in range(lo, hi + 1) if (i, c) not in covered] for i in rows
        ]
        out.append(("T", f"S!{column_letters(lo)}{top + 1}:{column_letters(hi)}{r}", table))
    return out


@settings(max_examples=600, deadline=None)
@given(sheets(ragged=True))
def test_sheet_blocks_follow_the_rules_position_by_position(sheet):
    """Every shortcut of sheet_blocks (a title alone in its region, a region's rows read as they
    are, ranges found by region, colspans from the row shapes) gives what the rules give."""
    values, merges = sheet
    got: list[tuple] = []
    for block in sheet_blocks("S", values, merges):
        if isinstance(block, TableBlock):
            got.append(
                (
                    "T",
                    block.source,
                    [[(c.text, c.rowspan, c.colspan, c.source) for c in row] for row in block.rows],
                )
            )
        else:
            got.append(("P", block.text, block.source))
    assert got == _expected_blocks(values, merges)


@st.composite
def any_ranges(draw: st.DrawFn) -> tuple[list[list[str]], list[tuple[int, int, int, int]]]:
    """A small table of texts with merged ranges that may overlap (Excel never writes that; a
    damaged or hand-made file may)."""
    nrows = draw(st.integers(1, 6))
    ncols = draw(st.integers(1, 5))
    values = [[f"{r}{c}" for c in range(ncols)] for r in range(nrows)]
    merges: list[tuple[int, int, int, int]] = []
    for _ in range(draw(st.integers(0, 5))):
        r0, c0 = draw(st.integers(0, nrows - 1)), draw(st.integers(0, ncols - 1))
        r1, c1 = draw(st.integers(r0, nrows - 1)), draw(st.integers(c0, ncols - 1))
        if (r0, c0) != (r1, c1):
            merges.append((r0, c0, r1, c1))
    return values, sorted(merges)


@settings(max_examples=400, deadline=None)
@given(any_ranges())
def test_table_rows_follow_the_rule_for_any_ranges(table):
    """_table tells overlapping ranges by counting the positions they mark; either way its rows
    follow the rule: a position under any range is covered, the last range starting at a
    position gives its spans, and the grid it hands over is the rows' expansion."""
    values, merges = table
    nrows, ncols = len(values), len(values[0])
    covered: set[tuple[int, int]] = set()
    spans: dict[tuple[int, int], tuple[int, int]] = {}
    for r0, c0, r1, c1 in merges:
        covered |= {(r, c) for r in range(r0, r1 + 1) for c in range(c0, c1 + 1)} - {(r0, c0)}
        spans[(r0, c0)] = (r1 - r0 + 1, c1 - c0 + 1)
    cols = [f"S!{column_letters(c)}" for c in range(ncols)]
    expected = [
        [
            (values[r][c], *spans.get((r, c), (1, 1)), f"{cols[c]}{r + 1}")
            for c in range(ncols)
            if (r, c) not in covered
        ]
        for r in range(nrows)
    ]
    block = _table(values, merges, 0, nrows - 1, 0, ncols - 1, cols)
    assert [[(c.text, c.rowspan, c.colspan, c.source) for c in row] for row in block.rows] == expected
    expanded = TableBlock(block.rows, block.source).grid()
    assert _shape(block.grid()) == _shape(expanded)


@settings(max_examples=400, deadline=None)
@given(sheets())
def test_the_row_shapes_agree_with_the_grid(sheet):
    """The spreadsheet readers tell the row stream how each grid line is made (RowShape); the
    rows it makes from them are the rows it finds cell by cell in the same grid."""
    values, merges = sheet
    for block in sheet_blocks("S", values, merges):
        if isinstance(block, TableBlock):
            grid, shapes = block.grid_shapes()
            assert shapes is not None and len(shapes) == len(grid)
            above: list = []
            for line, shape in zip(grid, shapes, strict=True):
                assert (shape.fresh, list(shape.heads)) == line_shape(line, above)
                above = line
            assert block.grid_shapes()[1] is None  # handed over once, with the kept grid
    blocks = sheet_blocks("S", values, merges)
    tables = [b for b in blocks if isinstance(b, TableBlock)]
    shaped = list(iter_rows(blocks))  # (a generator: the rows are made as they are asked for)
    for b in tables:
        assert b._shapes is None  # handed over once, with the grid
    plain = list(
        iter_rows([TableBlock(b.rows, b.source) if isinstance(b, TableBlock) else b for b in blocks])
    )

    def seen(rows):
        ids: dict[int, int] = {}
        return [
            (
                [None if c is None else ids.setdefault(id(c), len(ids)) for c in row.cells],
                row.fresh,
                [(col, ids.setdefault(id(c), len(ids)), new) for col, c, new in row.distinct()],
                row.texts(),
                row.kinds(),
                row.source,
                row.table_index,
                row.paragraph,
            )
            for row in rows
        ]

    assert seen(shaped) == seen(plain)


def test_a_sheet_cell_copies_pickles_and_replaces_like_any_cell():
    """A sheet's cells join their source when asked (blocks.SheetCell); a copy, a pickle and
    ``dataclasses.replace`` of one keep it, and it can be set like any Cell's."""
    import copy
    import dataclasses
    import pickle

    (table,) = sheet_blocks("表一", [["项目", "≥95%"], ["x", ""]], [])
    assert isinstance(table, TableBlock)
    cell = table.rows[1][0]
    assert (cell.text, cell.source, cell.confidence) == ("x", "表一!A2", None)
    for other in (copy.deepcopy(cell), pickle.loads(pickle.dumps(cell)), dataclasses.replace(cell)):
        assert other == cell and other.source == "表一!A2"
    wide = dataclasses.replace(cell, colspan=2)
    assert (wide.colspan, wide.source) == (2, "表一!A2")
    cell.source, cell.confidence = "L3C1", 0.5
    assert (cell.source, cell.confidence) == ("L3C1", 0.5)
