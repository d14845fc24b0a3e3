"""The spreadsheet readers build a table's dense grid together with its rows
(TableBlock.keep_grid); it must be exactly what expanding the rows' spans gives."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from jixiao.assemble.rows import iter_rows, line_shape
from jixiao.blocks import TableBlock
from jixiao.readers._common import column_letters
from jixiao.readers._sheet import _table, sheet_blocks


@st.composite
def sheets(draw: st.DrawFn) -> tuple[list[list[str]], list[tuple[int, int, int, int]]]:
    """A small sheet of texts (some blank, some spaces) with non-overlapping merged ranges."""
    nrows = draw(st.integers(1, 8))
    ncols = draw(st.integers(1, 6))
    text = st.sampled_from(["", "", " ", "项目", "≥95%", "x"])
    values = [[draw(text) for _ in range(ncols)] for _ in range(nrows)]
    merges: list[tuple[int, int, int, int]] = []
    taken: set[tuple[int, int]] = set()
    for _ in range(draw(st.integers(0, 5))):
        r0, c0 = draw(st.integers(0, nrows - 1)), draw(st.integers(0, ncols - 1))
        r1, c1 = draw(st.integers(r0, nrows - 1)), draw(st.integers(c0, ncols - 1))
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
    shaped = iter_rows(blocks)
    for b in tables:
        assert b._shapes is None  # handed over once, with the grid
    plain = iter_rows([TableBlock(b.rows, b.source) if isinstance(b, TableBlock) else b for b in blocks])

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
