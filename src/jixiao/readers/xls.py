"""Legacy Excel .xls (BIFF8) → Blocks, with xlrd.

xlrd with ``formatting_info=True`` gives, per cell, the value, its type and its style
(XF), hence its number format, and the merged ranges — everything needed to show a
cell as Excel does ("100%", "1585.00", "2025年3月1日").  python-calamine reads .xls
too but gives no number formats; .xls files are small and old, so xlrd's speed is
fine.  Hidden and very hidden sheets are skipped; blocks per sheet as in
:mod:`jixiao.readers._sheet`.
"""

from __future__ import annotations

import xlrd

from ..blocks import Block, TableBlock
from ..errors import CorruptFile
from ..text import bi
from . import _numfmt, safety
from ._sheet import Merge, sheet_blocks

_EMPTY = (xlrd.XL_CELL_EMPTY, xlrd.XL_CELL_BLANK)


def read(data: bytes, name: str) -> list[Block]:
    try:
        book = xlrd.open_workbook(file_contents=data, formatting_info=True, on_demand=True, logfile=_Null())
    except Exception as exc:  # xlrd.XLRDError, CompDocError, struct errors on damaged files
        raise CorruptFile(
            name, bi(f"无法读取 .xls 工作簿: {exc}", f"cannot read the .xls workbook: {exc}")
        ) from exc
    budget = safety.Budget(name)
    try:
        codes = _format_codes(book)
        blocks: list[Block] = []
        for index in range(book.nsheets):
            try:
                sheet = book.sheet_by_index(index)
            except Exception as exc:
                raise CorruptFile(
                    name, bi(f"工作表损坏: {exc}", f"damaged worksheet: {exc}"), where=f"sheet {index + 1}"
                ) from exc
            if sheet.visibility != 0:
                continue
            budget.add(sheet.nrows, sheet.nrows * sheet.ncols, sheet.name)  # before its texts are built
            found = _sheet(book, sheet, codes)
            budget.found_tables(sum(1 for b in found if isinstance(b, TableBlock)), sheet.name)
            blocks.extend(found)
        return blocks
    finally:
        book.release_resources()


class _Null:
    """xlrd prints warnings to a log file; keep them off stdout."""

    def write(self, _text: str) -> None:
        pass


def _format_codes(book: xlrd.book.Book) -> list[str]:
    """XF index → number format code."""
    out = []
    for xf in book.xf_list:
        key = xf.format_key
        fmt = book.format_map.get(key)
        code = fmt.format_str if fmt is not None and fmt.format_str else _numfmt.BUILTIN.get(key, "General")
        if key in (14, 22) or 27 <= key <= 36 or 50 <= key <= 58:
            code = _numfmt.BUILTIN[key]  # locale-dependent built-ins: show them as zh-CN Excel does
        out.append(code)
    return out


def _sheet(book: xlrd.book.Book, sheet: xlrd.sheet.Sheet, codes: list[str]) -> list[Block]:
    date1904 = book.datemode == 1
    values: list[list[str]] = []
    for r in range(sheet.nrows):
        types = sheet.row_types(r)
        raw = sheet.row_values(r)
        line: list[str] = []
        for c, (kind, value) in enumerate(zip(types, raw, strict=False)):
            if kind in _EMPTY:
                line.append("")
            elif kind == xlrd.XL_CELL_TEXT:
                line.append(value)
            elif kind == xlrd.XL_CELL_BOOLEAN:
                line.append("TRUE" if value else "FALSE")
            elif kind == xlrd.XL_CELL_ERROR:
                line.append(xlrd.error_text_from_code.get(value, "#ERR"))
            else:  # number or date: show with the cell's format
                xf = sheet.cell_xf_index(r, c)
                code = codes[xf] if 0 <= xf < len(codes) else "General"
                line.append(_numfmt.format_cached(float(value), code, date1904))
        values.append(line)
    merges: list[Merge] = [
        (rlo, clo, rhi - 1, chi - 1) for rlo, rhi, clo, chi in sheet.merged_cells if rhi > rlo and chi > clo
    ]
    return sheet_blocks(sheet.name, values, merges)
