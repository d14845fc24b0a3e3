"""HTML writer: standalone, printable pages (inline CSS, ``@page`` A4), one ``<table>`` per form.

Everything printed is escaped by Jinja2's autoescape (names may contain ``<script>``).
With ``repeat_header=True`` (the PDF writer) the indicator grid is its own table whose
``<thead>`` holds the grid's header row, so WeasyPrint repeats it on every page; the two
tables touch and print as one form.
"""

from __future__ import annotations

from dataclasses import dataclass, field
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


def _can_split(form: Form) -> bool:
    """The grid header can go to a ``<thead>`` when no merged cell crosses into or out of it."""
    if form.head_row is None or form.head_row == 0:
        return False
    for r, _c, cell in form.placed():
        if r < form.head_row <= r + cell.rowspan - 1:
            return False
        if r == form.head_row and cell.rowspan > 1:
            return False
    return True


def _parts(form: Form, repeat_header: bool) -> list[_Part]:
    rows = [[_cell(c) for c in row] for row in form.rows]
    if repeat_header and _can_split(form):
        h = form.head_row
        assert h is not None
        return [_Part(rows[:h]), _Part(rows[h + 1 :], thead=[rows[h]])]
    return [_Part(rows)]


def _view(form: Form, repeat_header: bool) -> dict[str, Any]:
    total = sum(form.widths) or 1.0
    return {
        "title": form.title,
        "lines": form.lines,
        "widths": [round(100.0 * w / total, 3) for w in form.widths],
        "parts": _parts(form, repeat_header),
    }


def render_forms(forms: list[Form], title: str = "绩效目标表", repeat_header: bool = False) -> str:
    """The forms as one standalone HTML page (every form starts a new printed page)."""
    wide = any(f.ncols > 9 for f in forms)
    return (
        _env()
        .get_template("forms.html.j2")
        .render(
            title=title,
            forms=[_view(f, repeat_header) for f in forms],
            fonts=FONTS,
            orientation="landscape" if wide else "portrait",
        )
    )
