"""Text in the spreadsheets jixiao writes stays text: no table text ever becomes a formula.

A table's texts come from uploaded files, so they are someone else's input.  A spreadsheet
program runs a cell that starts with ``=`` (and ``+ - @`` and, in some programs, a leading
tab or carriage return) as a formula — ``=HYPERLINK("http://…"&A1)`` sends the sheet away.
This module is the one place that writes such text safely (CWE-1236, OWASP "CSV Injection"):

- :func:`put` sets an openpyxl cell: numbers stay numbers, text is stored as a string cell
  (openpyxl turns any string starting with ``=`` into a formula unless told otherwise), and
  the control characters an .xlsx cannot hold are dropped instead of failing the export;
- :func:`csv_field` prefixes a CSV field that starts with ``= + - @``, tab or carriage
  return with an apostrophe, as OWASP advises, so a spreadsheet shows it as text.
"""

from __future__ import annotations

from typing import Any

from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def put(cell: Any, value: Any) -> Any:
    """Set ``cell`` (an openpyxl cell) to ``value``: text as text, never a formula."""
    if isinstance(value, str):
        cell.value = ILLEGAL_CHARACTERS_RE.sub("", value)
        cell.data_type = "s"
    else:
        cell.value = value
    return cell


def csv_field(text: str) -> str:
    """A CSV field a spreadsheet shows as the text it is: ``'=1+1`` for ``=1+1``."""
    return "'" + text if text.startswith(FORMULA_STARTS) else text
