"""HTML writer: standalone, printable pages (inline CSS, ``@page`` A4), one ``<table>`` per form.

Everything printed is escaped by Jinja2's autoescape (names may contain ``<script>``).
With ``repeat_header=True`` (the PDF writer) the indicator grid is its own table whose
``<thead>`` holds the grid's header row, so WeasyPrint repeats it on every page; the two
tables touch and print as one form.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from functools import lru_cache
from typing import Any

from jinja2 import Environment, PackageLoader, select_autoescape

from .layout import Form, FormCell

# Official forms print in 宋体/仿宋; Noto CJK (fonts-noto-cjk) is the free fallback and the
# font the PDF writer embeds.
FONTS = '"Noto Serif CJK SC", "Source Han Serif SC", "SimSun", "宋体", "Songti SC", "Noto Sans CJK SC", serif'


@dataclass(slots=True)
class _Cell:
    lines: list[str]
    role: str
    rowspan: int
    colspan: int


@dataclass(slots=True)
class _Part:
    rows: list[list[_Cell]]
    thead: list[list[_Cell]] = field(default_factory=list)
    groups: list[list[list[_Cell]]] = field(default_factory=list)


@lru_cache(maxsize=1)
def _env() -> Environment:
    return Environment(
        loader=PackageLoader("jixiao.export", "templates"),
        autoescape=select_autoescape(default=True, default_for_string=True),
        trim_blocks=False,
        lstrip_blocks=False,
    )


def _cell(c: FormCell) -> _Cell:
    role = "number" if c.number is not None else c.role
    return _Cell(lines=c.text.split("\n") if c.text else [], role=role, rowspan=c.rowspan, colspan=c.colspan)


# At most this many grid rows print as one unbreakable group; a longer run of one 一级 is
# cut, and its merged cells are repeated in each piece.
MAX_GROUP_ROWS = 8


def _recut(form: Form, first: int, last: int, cuts: list[int]) -> list[list[list[FormCell]]]:
    """Rows ``first..last`` of the form cut before each row in ``cuts``.

    A merged cell that crosses a cut is repeated, with its text, in every piece it covers,
    so each piece is a self-contained group of rows (``<tbody>``) that can start a page.
    """
    bounds = [first, *sorted(c for c in cuts if first < c <= last), last + 1]
    pieces: list[list[list[FormCell]]] = []
    placed = form.placed()
    for a, b in zip(bounds, bounds[1:], strict=False):
        rows: list[list[tuple[int, FormCell]]] = [[] for _ in range(b - a)]
        for r, c, cell in placed:
            top, bottom = max(r, a), min(r + cell.rowspan, b)
            if top >= bottom:
                continue
            span = bottom - top
            piece = cell if (top == r and span == cell.rowspan) else replace(cell, rowspan=span)
            rows[top - a].append((c, piece))
        pieces.append([[cell for _, cell in sorted(row, key=lambda x: x[0])] for row in rows])
    return pieces


def _groups(form: Form, first: int) -> list[int]:
    """Cut points from ``first`` on: between rows no merged cell crosses (其一级 groups),
    and inside a group every ``MAX_GROUP_ROWS`` rows."""
    reach = list(range(len(form.rows)))
    for r, _c, cell in form.placed():
        if r >= first:
            for rr in range(r, r + cell.rowspan):
                reach[rr] = max(reach[rr], r + cell.rowspan - 1)
    cuts: list[int] = []
    start, end = first, first
    for r in range(first, len(form.rows)):
        end = max(end, reach[r])
        # a header or a 中期/年度 line keeps with the next row, and a 中期/年度 line with the row
        # before it (no page starts with one) — unless the group is already long: a page that
        # ends early reads as the end of the table
        glued = _is_heading(form.rows[r]) or (
            r + 1 < len(form.rows) and _is_section_line(form, form.rows[r + 1])
        )
        if (r == end and not glued) or r - start + 1 >= MAX_GROUP_ROWS:
            if r + 1 < len(form.rows):
                cuts.append(r + 1)
            start, end = r + 1, r + 1
    return cuts


def _is_heading(row: list[FormCell]) -> bool:
    return bool(row) and all(c.role == "head" for c in row if c.text)


def _is_section_line(form: Form, row: list[FormCell]) -> bool:
    """A 中期绩效指标 / 年度绩效指标 line across the whole grid."""
    return len(row) == 1 and row[0].role == "head" and row[0].colspan == form.ncols


def _parts(form: Form, repeat_header: bool) -> list[_Part]:
    if not repeat_header or form.head_row is None or form.head_row == 0:
        return [_Part([[_cell(c) for c in row] for row in form.rows])]
    h = form.head_row
    last = len(form.rows) - 1
    if any(_is_section_line(form, row) for row in form.rows[h - 1 :]):
        # several 中期/年度 blocks, each with its own header: no single header to repeat.  The
        # grid table starts with a header row, not a 中期/年度 line: a reader drops rows that
        # repeat a table's first rows at the top of a page.
        top = _recut(form, 0, h - 1, [])[0]
        groups = _recut(form, h, last, _groups(form, h))
        return [
            _Part([[_cell(c) for c in row] for row in top]),
            _Part([], groups=[[[_cell(c) for c in row] for row in g] for g in groups]),
        ]
    top = _recut(form, 0, h - 1, [])[0]
    thead = _recut(form, h, h, [])[0]
    groups = _recut(form, h + 1, last, _groups(form, h + 1)) if last > h else []
    return [
        _Part([[_cell(c) for c in row] for row in top]),
        _Part(
            [],
            thead=[[_cell(c) for c in row] for row in thead],
            groups=[[[_cell(c) for c in row] for row in g] for g in groups],
        ),
    ]


def _ems(text: str) -> float:
    """Printed width of ``text`` in em: CJK and full-width characters 1, others about ½."""
    return sum(1.0 if ord(ch) > 0x2E7F else 0.55 for ch in text)


def title_size(title: str | None, wide: bool) -> float:
    """The title's font size (pt): 16 pt (三号), smaller for a long title so that it stays on
    one line (a title wrapped over two lines reads back from a PDF as two paragraphs)."""
    if not title:
        return 16.0
    usable_pt = (267.0 if wide else 180.0) / 0.3528 * 0.94
    return round(max(8.0, min(16.0, usable_pt / max(_ems(title), 1.0))), 1)


def _nbsp(cell: _Cell) -> _Cell:
    cell.lines = [line.replace(" ", "\u00a0") for line in cell.lines]
    return cell


def _view(form: Form, repeat_header: bool, wide: bool) -> dict[str, Any]:
    total = sum(form.widths) or 1.0
    parts = _parts(form, repeat_header)
    if repeat_header:  # PDF: a space inside a name must not become a line break (it would be lost)
        for part in parts:
            for rows in [part.rows, part.thead, *part.groups]:
                for row in rows:
                    for cell in row:
                        _nbsp(cell)
    return {
        "title": form.title,
        "title_pt": title_size(form.title, wide),
        "lines": form.lines,
        "widths": [round(100.0 * w / total, 3) for w in form.widths],
        "parts": parts,
    }


def render_forms(forms: list[Form], title: str = "绩效目标表", repeat_header: bool = False) -> str:
    """The forms as one standalone HTML page (every form starts a new printed page)."""
    wide = any(f.ncols > 9 for f in forms)
    return (
        _env()
        .get_template("forms.html.j2")
        .render(
            title=title,
            forms=[_view(f, repeat_header, wide) for f in forms],
            fonts=FONTS,
            repeat_header=repeat_header,
            orientation="landscape" if wide else "portrait",
        )
    )
