"""Excel writer (openpyxl): one printable sheet per form.

Each sheet: the title and year line in column A (centred across the table with
"centre across selection", not merged, as the published workbooks do), a blank row after
each, then the form with real merged cells, thin borders, wrapped text, column widths,
estimated row heights, A4, fit to one page wide, the print area, and the indicator
header row as the print title row (repeated at the top of every printed page).
Money and scores are numbers with a number format; everything else is text as printed,
stored as text (:func:`jixiao.spreadsheet.put`), never as a formula.
"""

from __future__ import annotations

import io
import math
import re

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from ..spreadsheet import put
from .layout import Form, FormCell

FONT_NAME = "宋体"
TOTAL_WIDTH = 96.0  # character units across an A4 portrait page
THIN = Side(style="thin", color="000000")
BORDER = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
_BAD_SHEET = re.compile(r"[\[\]:*?/\\]")


def _sheet_name(form: Form, k: int, used: set[str]) -> str:
    base = _BAD_SHEET.sub("", form.name or "").strip("'") or "表"
    name = f"{k}.{base}"[:31]
    n = 2
    while name in used:
        suffix = f"({n})"
        name = f"{k}.{base}"[: 31 - len(suffix)] + suffix
        n += 1
    used.add(name)
    return name


def _display_width(text: str) -> float:
    """Width in Excel character units: CJK and full-width characters count double."""
    return sum(2.0 if ord(ch) > 0x2E7F else 1.1 for ch in text)


def _lines_needed(text: str, width_chars: float) -> int:
    if not text:
        return 1
    usable = max(width_chars - 1.0, 1.0)
    return sum(max(1, math.ceil(_display_width(line) / usable)) for line in text.split("\n"))


def _write_cell(ws: Worksheet, row: int, col: int, fc: FormCell) -> None:
    cell = ws.cell(row=row, column=col)
    if fc.number is not None:
        cell.value = fc.number
        cell.number_format = fc.number_format or "General"
        horizontal = "right"
    else:
        put(cell, fc.text or None)  # text as printed, never a formula ("=100%")
        cell.number_format = "@"
        horizontal = "left" if fc.role == "text" else "center"
    cell.alignment = Alignment(horizontal=horizontal, vertical="center", wrap_text=True)
    cell.font = Font(name=FONT_NAME, size=10.5, bold=fc.role == "head")


def _write_form(ws: Worksheet, form: Form) -> None:
    total = sum(form.widths) or 1.0
    wide = form.ncols > 9
    scale = TOTAL_WIDTH * (1.45 if wide else 1.0) / total
    widths = [w * scale for w in form.widths]
    for c, w in enumerate(widths, 1):
        ws.column_dimensions[get_column_letter(c)].width = round(w, 2)
    r = 1
    heads = ([(form.title, 16, True)] if form.title else []) + [(x, 11, False) for x in form.lines]
    for text, size, bold in heads:
        for c in range(1, form.ncols + 1):
            ws.cell(row=r, column=c).alignment = Alignment(horizontal="centerContinuous", vertical="center")
        first = put(ws.cell(row=r, column=1), text)
        first.font = Font(name=FONT_NAME, size=size, bold=bold)
        ws.row_dimensions[r].height = 24 if bold else 16
        r += 2  # a blank row after each line, as in the published workbooks
    top = r
    heights: dict[int, float] = {}
    for rr, c, fc in form.placed():
        row = top + rr
        _write_cell(ws, row, c + 1, fc)
        if fc.rowspan > 1 or fc.colspan > 1:
            ws.merge_cells(
                start_row=row, start_column=c + 1, end_row=row + fc.rowspan - 1, end_column=c + fc.colspan
            )
        lines = _lines_needed(fc.text, sum(widths[c : c + fc.colspan]))
        per_row = 14.0 * lines / fc.rowspan + 4
        for dr in range(fc.rowspan):
            heights[row + dr] = max(heights.get(row + dr, 18.0), per_row)
    bottom = top + len(form.rows) - 1
    for row in range(top, bottom + 1):
        ws.row_dimensions[row].height = round(heights.get(row, 18.0), 1)
        for c in range(1, form.ncols + 1):
            ws.cell(row=row, column=c).border = BORDER
    last = get_column_letter(form.ncols)
    ws.print_area = f"A1:{last}{bottom}"
    if form.head_row is not None:
        ws.print_title_rows = f"{top + form.head_row}:{top + form.head_row}"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.orientation = "landscape" if wide else "portrait"
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    if ws.sheet_properties.pageSetUpPr is not None:
        ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.print_options.horizontalCentered = True
    ws.page_margins.left = ws.page_margins.right = 0.6
    ws.page_margins.top = ws.page_margins.bottom = 0.75
    if ws.oddFooter is not None:
        ws.oddFooter.center.text = "第 &P 页，共 &N 页"
    ws.sheet_view.showGridLines = False


def render_xlsx(forms: list[Form], title: str = "绩效目标表") -> bytes:
    """The forms as an .xlsx workbook, one sheet per form."""
    wb = Workbook()
    wb.properties.title = title
    used: set[str] = set()
    first = wb.active
    assert first is not None
    if not forms:
        first.title = "绩效目标表"
    for k, form in enumerate(forms, 1):
        ws = first if k == 1 else wb.create_sheet()
        ws.title = _sheet_name(form, k, used)
        _write_form(ws, form)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()
