"""The official forms as format-neutral grids: a :class:`Form` per domain table.

Every writer (docx, xlsx, html → pdf) renders the same :class:`Form`, so the
layout of a 绩效目标表 / 自评表 / 监控表 is decided once, here and in
:mod:`jixiao.export.forms`.  A form is a title, a few lines printed above the
table (年度, 单位：万元), and one grid of :class:`FormCell` that uses the HTML
merge convention of :mod:`jixiao.blocks`: a merged cell appears once, at its
top-left position, with ``rowspan``/``colspan``; covered positions are absent.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field

from ..model import Table


@dataclass(slots=True)
class FormCell:
    """One printed cell.

    ``role``: ``label`` (a field name such as 项目名称), ``head`` (a column header of a
    grid), ``value`` (a short value, centred), ``text`` (free text, left-aligned).
    ``number`` is the numeric value behind a money/score cell (spreadsheets keep it).
    ``keys`` name the model fields the cell prints — ``project``, ``funds.total``,
    ``3.target`` (the 4th indicator's 指标值), every row of a merged 一级 cell — so a reader of
    the form (the web, placing each finding on its cell) knows what it shows.
    """

    text: str = ""
    rowspan: int = 1
    colspan: int = 1
    role: str = "value"
    number: float | None = None
    number_format: str | None = None
    keys: tuple[str, ...] = ()


@dataclass(slots=True)
class Form:
    """A table laid out for printing: ``rows`` of cells on ``len(widths)`` grid columns.

    ``head_row`` is the index of the indicator grid's header row (一级指标 | 二级指标 …);
    writers repeat it where the format allows.
    """

    title: str | None
    lines: list[str]
    widths: list[float]
    rows: list[list[FormCell]] = field(default_factory=list)
    head_row: int | None = None
    name: str = "表"

    @property
    def ncols(self) -> int:
        return len(self.widths)

    def placed(self) -> list[tuple[int, int, FormCell]]:
        """Every cell with its (row, column) position in the grid, top-left of its span."""
        out: list[tuple[int, int, FormCell]] = []
        covered: set[tuple[int, int]] = set()
        for r, row in enumerate(self.rows):
            c = 0
            for cell in row:
                while (r, c) in covered:
                    c += 1
                out.append((r, c, cell))
                for dr in range(cell.rowspan):
                    for dc in range(cell.colspan):
                        covered.add((r + dr, c + dc))
                c += cell.colspan
        return out

    def clean(self) -> None:
        """Make every printed text writable in XML (docx, xlsx): see :func:`printable`."""
        self.title = printable(self.title) if self.title is not None else None
        self.lines = [printable(x) for x in self.lines]
        self.name = printable(self.name)
        for row in self.rows:
            for cell in row:
                cell.text = printable(cell.text)

    def check(self) -> None:
        """Raise AssertionError if a row does not fill the grid exactly (a layout bug)."""
        filled: dict[int, int] = {}
        for r, _c, cell in self.placed():
            for dr in range(cell.rowspan):
                filled[r + dr] = filled.get(r + dr, 0) + cell.colspan
        for r in range(len(self.rows)):
            assert filled.get(r, 0) == self.ncols, f"row {r} fills {filled.get(r, 0)} of {self.ncols}"


_BREAKS = re.compile(r"\r\n?|[\x0b\x0c\x85\u2028\u2029]")
_UNPRINTABLE = re.compile(r"[\x00-\x08\x0e-\x1f\x7f\ud800-\udfff\ufffe\uffff]")


def printable(value: str) -> str:
    """Text as printed, minus what XML cannot hold: control characters are dropped, the odd
    line breaks (\\r, \\v, \\f, U+2028) become \\n.  Tabs and ordinary text are kept."""
    return _UNPRINTABLE.sub("", _BREAKS.sub("\n", value))


# ---- printing numbers ---------------------------------------------------------------------


def fmt_number(x: float | int | None, decimals: int = 0) -> str:
    """Print ``x`` with at least ``decimals`` decimals and as many more as it needs to be exact.

    ``fmt_number(50, 2)`` → ``"50.00"`` (money as in the seed); ``fmt_number(89.974, 2)`` →
    ``"89.974"``; ``fmt_number(8)`` → ``"8"``.  Reading the text back gives ``x`` again.
    """
    if x is None:
        return ""
    if isinstance(x, bool):  # pragma: no cover - not a number in our model
        return str(x)
    value = float(x)
    if not math.isfinite(value):
        return str(x)
    for d in range(decimals, 16):
        text = f"{value:.{d}f}"
        if math.isclose(float(text), value, rel_tol=1e-12, abs_tol=1e-12):
            return text
    return repr(value)


def decimal_format(shown: str) -> str:
    """The spreadsheet number format that displays a number as ``shown`` (``89.974`` → ``0.000``)."""
    decimals = len(shown.split(".", 1)[1]) if "." in shown else 0
    return "0." + "0" * decimals if decimals else "0"


def keyed(cell: FormCell, *keys: str) -> FormCell:
    """``cell`` marked as printing the model fields ``keys`` (see :class:`FormCell`)."""
    cell.keys = keys
    return cell


def money(x: float | None) -> FormCell:
    """A money cell: 2 decimals (``50.00``), more when the amount has them."""
    if x is None:
        return FormCell("")
    shown = fmt_number(x, 2)
    return FormCell(shown, number=x, number_format=decimal_format(shown))


def score(x: float | None) -> FormCell:
    """A 分值 / 得分 / 权重 cell."""
    if x is None:
        return FormCell("")
    shown = fmt_number(x)
    return FormCell(shown, number=x, number_format=decimal_format(shown))


def percent(rate: float | None) -> FormCell:
    """An 执行率 (0..1) printed as a percentage with 2 decimals: ``0.9997`` → ``99.97%``."""
    if rate is None:
        return FormCell("")
    return FormCell(fmt_number(rate * 100, 2) + "%")


def text(value: str | None, role: str = "text", colspan: int = 1, rowspan: int = 1) -> FormCell:
    return FormCell(value or "", rowspan=rowspan, colspan=colspan, role=role)


def label(value: str, colspan: int = 1, rowspan: int = 1) -> FormCell:
    return FormCell(value, rowspan=rowspan, colspan=colspan, role="label")


def head(value: str, colspan: int = 1, rowspan: int = 1) -> FormCell:
    return FormCell(value, rowspan=rowspan, colspan=colspan, role="head")


def party_text(code: str | None, name: str | None, sep: str = "") -> str:
    """A unit or department as printed: ``302101天津市人民政府外事办公室`` or ``219-池州市…``."""
    if code and name:
        return f"{code}{sep}{name}"
    return name or code or ""


def numbered(items: list[str]) -> str:
    """Goals printed one per line and numbered ``1.xxx``."""
    return "\n".join(f"{i}.{item}" for i, item in enumerate(items, 1))


def year_line(table: Table) -> str | None:
    """``(2023年度)`` under the title, unless the title already shows the year."""
    if table.year is None:
        return None
    if table.title and str(table.year) in table.title:
        return None
    return f"({table.year}年度)"


def money_unit_suffix(table: Table) -> str:
    return f"({table.money_unit})" if table.money_unit else ""
