"""A perturbed page (:mod:`page`) printed as the other files units publish: .docx, .xlsx and .pdf.

The files look like the corpus's own (tests/corpus/README.md): the .docx is python-docx's blank
document with each paragraph as printed and each table in the ``Table Grid`` style, its merged
cells real merges (``cell.merge``), and an empty paragraph between two tables that follow each
other (Word keeps one there: two tables that touch are one table to it); the .xlsx is one sheet,
each paragraph in column A on a row of its own with a blank row after it, each table's merged
cells real merged ranges, a blank row after each table, wrapped text in 13-wide columns.

``own=True`` prints the .xlsx as a unit's own sheet: a cell that prints a plain number (``95``,
``1,200.50``, ``98%``) holds that number with a number format that prints it the same way (``0``,
``#,##0.00``, ``0%``), as Excel stores what a person types, and each paragraph (the title, the
year, 金额单位) is merged and centred across the sheet's width, right above what follows it.

The .pdf is the .docx printed by LibreOffice headless (as the corpus's case.pdf were): slow, so a
session converts its whole sample in one LibreOffice run (:func:`pdfs`).
"""

from __future__ import annotations

import io
import os
import re
import subprocess
import tempfile
from pathlib import Path

import docx
import openpyxl
from openpyxl.styles import Alignment
from openpyxl.utils import get_column_letter

from jixiao.readers.office import convert_command, soffice

from .page import Grid, Page, spans


def to_docx(page: Page) -> bytes:
    document = docx.Document()
    previous: str | Grid | None = None
    for part in page.parts:
        if isinstance(part, str):
            document.add_paragraph(part)
        else:
            if isinstance(previous, Grid):
                document.add_paragraph("")
            _docx_table(document, part)
        previous = part
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def _docx_table(document: docx.document.Document, grid: Grid) -> None:
    table = document.add_table(rows=len(grid.rows), cols=grid.width)
    table.style = "Table Grid"
    width = grid.width
    cells = table._cells  # every grid position's cell, taken before any merge (table.cell() walks
    # the whole table each call); the merges below leave each rectangle's corners in place
    for r, c, rs, cs, slot in spans(grid):
        cell = cells[r * width + c]
        if rs > 1 or cs > 1:
            cell = cell.merge(cells[(r + rs - 1) * width + c + cs - 1])
        cell.text = slot.text


_PLAIN = re.compile(r"-?(\d{1,3}(,\d{3})+|\d+)(\.(\d+))?")


def _number(text: str) -> tuple[float | int, str] | None:
    """The number a person typing ``text`` into Excel leaves in the cell, with the number format that
    prints it back as ``text``; None for what Excel keeps as text (a leading zero, words, units)."""
    percent = text.endswith("%")
    body = text[:-1] if percent else text
    m = _PLAIN.fullmatch(body)
    if m is None or re.match(r"-?0\d", body):
        return None
    decimals = len(m.group(4) or "")
    grouped = "," in body
    fmt = (
        ("#,##0" if grouped else "0") + ("." + "0" * decimals if decimals else "") + ("%" if percent else "")
    )
    value = float(body.replace(",", ""))
    if percent:
        return round(value / 100, decimals + 2), fmt
    return (int(value) if not decimals else value), fmt


def to_xlsx(page: Page, *, own: bool = False) -> bytes:
    """The page as one sheet; ``own``: as a unit's own sheet (figures held as numbers, each
    paragraph merged and centred across the sheet's width right above what follows it)."""
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "Sheet1"
    wrap = Alignment(wrap_text=True, vertical="center")
    row, width = 1, max((g.width for g in page.grids()), default=1)
    for part in page.parts:
        if isinstance(part, str):
            sheet.cell(row, 1, part)
            if own and width > 1:
                sheet.cell(row, 1).alignment = Alignment(horizontal="center", vertical="center")
                sheet.merge_cells(start_row=row, start_column=1, end_row=row, end_column=width)
            row += 1 if own else 2
            continue
        for r, c, rs, cs, slot in spans(part):
            cell = sheet.cell(row + r, c + 1)
            typed = _number(slot.text) if own else None
            if typed is not None:
                cell.value, cell.number_format = typed
            else:
                cell.value = slot.text or None
                if slot.text.startswith("="):
                    cell.data_type = "s"  # typed text, not a formula (openpyxl takes '=100%' for one)
            cell.alignment = wrap
            if rs > 1 or cs > 1:
                sheet.merge_cells(
                    start_row=row + r, start_column=c + 1, end_row=row + r + rs - 1, end_column=c + cs
                )
        row += len(part.rows) + 1
    for c in range(1, width + 1):
        sheet.column_dimensions[get_column_letter(c)].width = 13
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def pdfs(pages: dict[str, Page], folder: Path) -> dict[str, bytes]:
    """Each page printed to PDF from its .docx, in one LibreOffice run (its start is most of the
    time): name → PDF bytes.  A run that gives up on a file ("source file could not be loaded", now
    and then on a loaded machine) leaves the files after it too: those go to another run."""
    program = soffice()
    assert program, "LibreOffice (soffice) must be installed: apt-get install libreoffice-writer"
    for name, page in pages.items():
        (folder / f"{name}.docx").write_bytes(to_docx(page))
    out = folder / "pdf"
    for _ in range(3):
        missing = [name for name in pages if not (out / f"{name}.pdf").exists()]
        if not missing:
            break
        _convert(program, [folder / f"{name}.docx" for name in missing], out)
    return {name: (out / f"{name}.pdf").read_bytes() for name in pages}


def _convert(program: str, sources: list[Path], out: Path) -> None:
    """jixiao.readers.office's command (a profile and a home of its own), to PDF."""
    with tempfile.TemporaryDirectory(prefix="jixiao-robust-lo-") as home:
        command = convert_command(program, Path(home, "profile"), "pdf", out, sources)
        env = dict(os.environ, HOME=home, SAL_USE_VCLPLUGIN="svp")
        subprocess.run(command, check=True, timeout=600, env=env, capture_output=True)
