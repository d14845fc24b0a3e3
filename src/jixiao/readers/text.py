"""Plain text and tika-server text exports → Blocks.

tika-server renders a .docx as text where (the seed's form):

- a line starting with a tab opens a cell, and each further tab on the line opens
  another cell;
- a line without a leading tab continues the open cell (a line break inside it);
- a blank line ends a row; rows in a row form a table;
- a line of text when no cell is open is a paragraph and ends the table; so does a
  whitespace-only prefix before the first tab (an empty paragraph between tables);
- ``[bookmark: NAME]`` markers are removed from the text and kept as anchors;
- vertical merges arrive as empty cells (the assembler recovers them).

Plain text with no tabs is simply paragraphs.  A table a person copied from a browser or a
PDF viewer (tab-separated rows that do not start with a tab, ``|`` rows, one cell per line)
is read by :mod:`.copied`.  The encoding is detected: UTF-8
(with or without BOM), UTF-16 with BOM, then GB18030 (a superset of GBK and
GB2312, common in Chinese government files), then charset-normalizer.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from ..blocks import Block, Cell, Paragraph, TableBlock
from . import safety
from ._common import decode

_BOOKMARK = re.compile(r"\[bookmark:\s*([^\]]*)\]")


def read(data: bytes, name: str) -> list[Block]:
    return parse(decode(data, name), safety.Budget(name))


_LINE_BREAK = re.compile(r"\r\n|[\n\r\v\f\x1c\x1d\x1e\x85\u2028\u2029]")


def lines(text: str) -> Iterator[str]:
    """``text.splitlines()`` one line at a time: a reader that stops early builds no more."""
    start = 0
    for m in _LINE_BREAK.finditer(text):
        yield text[start : m.start()]
        start = m.end()
    if start < len(text):
        yield text[start:]


def parse(text: str, budget: safety.Budget | None = None) -> list[Block]:
    """Parse decoded tika/plain text into Blocks, charging ``budget`` per row and paragraph
    (copied tables: :mod:`.copied`, charged per table and paragraph)."""
    budget = budget or safety.Budget("<text>")
    from . import copied  # (copied reads | rows with the Markdown reader, which decodes with this one)

    if copied.is_copied(text.splitlines()):
        pasted = copied.parse(text)
        for b in pasted:
            if isinstance(b, TableBlock):
                budget.table(len(b.rows), sum(map(len, b.rows)), b.source)
            else:
                budget.add(1, 1, b.source)
        return pasted
    blocks: list[Block] = []
    rows: list[list[Cell]] = []
    row: list[Cell] = []
    anchors: list[str] = []
    open_cell = False
    table_start = 0
    more: list[str] = []  # the open cell's further lines, joined once (+= per line is quadratic)

    def close_cell() -> None:
        if more:
            row[-1].text += "\n" + "\n".join(more)
            more.clear()

    def end_row() -> None:
        nonlocal row, open_cell
        if row:
            close_cell()
            budget.add(1, len(row), row[0].source)
            rows.append(row)
        row = []
        open_cell = False

    def end_table() -> None:
        nonlocal rows, anchors
        end_row()
        if rows:
            budget.found_tables(1, f"L{table_start}")
            blocks.append(TableBlock(rows, source=f"L{table_start}", anchors=anchors))
            anchors = []
        rows = []

    for lineno, raw in enumerate(lines(text), start=1):
        line = raw.rstrip("\r\n")
        found = _BOOKMARK.findall(line)
        if found:
            line = _BOOKMARK.sub("", line)
        if not line.strip() and "\t" not in line:
            if found:
                anchors.extend(found)
            end_row()
            continue
        if "\t" in line:
            prefix, *cells = line.split("\t")
            if prefix:
                if open_cell and prefix.strip():
                    more.append(prefix)
                else:
                    end_table()
                    if prefix.strip():
                        budget.add(1, 1, f"L{lineno}")
                        blocks.append(Paragraph(prefix.strip(), source=f"L{lineno}", anchors=found))
                        found = []
            if not rows and not row:
                table_start = lineno
                anchors.extend(found)
            if row:
                close_cell()
            budget.fits(rows=1, cells=len(row) + len(cells), where=f"L{lineno}")  # before building them
            for k, cell in enumerate(cells):
                row.append(Cell(cell, source=f"L{lineno}:{k + 1}"))
            open_cell = True
            continue
        if open_cell:
            more.append(line)
            continue
        end_table()
        budget.add(1, 1, f"L{lineno}")
        blocks.append(Paragraph(line.strip(), source=f"L{lineno}", anchors=found))
    end_table()
    return blocks
