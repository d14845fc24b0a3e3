"""Markdown → Blocks: pipe tables and lines of text.  Used for small, readable fixtures.

- A pipe table is a row line holding ``|``, then a separator line (``|---|:--:|``), then
  row lines holding ``|``; it ends at the first line without ``|`` (or a blank line).
  The header row is the table's first row; the separator is not a row.  Leading and
  trailing pipes are optional; ``\\|`` is a literal pipe; ``<br>`` in a cell is a line
  break.  Source ``L5`` (the header line); cells ``L7C2`` (line, column, 1-based).
- **Merged cells**: a cell holding only ``^`` means "merged with the cell above": the
  cell above (or the merged cell it already belongs to) grows by one row and the ``^``
  position is absent, exactly the HTML convention the other readers give::

      | 一级指标 | 二级指标 | 指标值 |
      |---|---|---|
      | 产出指标 | 数量指标 | ≥10个 |
      | ^        | 质量指标 | ≥95%  |

  A ``^`` with nothing above it is kept as the text "^".  No column spans.
- Every other non-empty line is a :class:`Paragraph` (source ``L12``); heading marks
  (``## 标题 ##``) are removed.
- Decoding as for plain text (UTF-8, UTF-16 with BOM, GB18030, detection).
"""

from __future__ import annotations

import re

from ..blocks import Block, Cell, Paragraph, TableBlock
from . import safety
from ._common import decode, split_row

_SEPARATOR = re.compile(r"^\s*\|?\s*:?-{1,}:?\s*(\|\s*:?-{1,}:?\s*)*\|?\s*$")
_HEADING = re.compile(r"^\s{0,3}#{1,6}(?:\s+|$)(.*?)(?:\s+#+)?\s*$")
MERGE_UP = "^"


def read(data: bytes, name: str) -> list[Block]:
    return parse(decode(data, name), safety.Budget(name))


def parse(text: str, budget: safety.Budget | None = None) -> list[Block]:
    """Parse Markdown text into blocks, charging ``budget`` per table and paragraph."""
    budget = budget or safety.Budget("<markdown>")
    lines = text.splitlines()
    blocks: list[Block] = []
    i = 0
    while i < len(lines):
        line = lines[i]
        if "|" in line and i + 1 < len(lines) and _SEPARATOR.match(lines[i + 1]) and "-" in lines[i + 1]:
            end = i + 2
            while end < len(lines) and "|" in lines[end] and lines[end].strip():
                end += 1
            budget.fits(rows=end - i - 1, where=f"L{i + 1}")
            table = _table(lines, i, end)
            budget.table(len(table.rows), sum(map(len, table.rows)), table.source)
            blocks.append(table)
            i = end
            continue
        if line.strip():
            heading = _HEADING.match(line)
            content = heading.group(1) if heading else line
            if content.strip():
                budget.add(1, 1, f"L{i + 1}")
                blocks.append(Paragraph(content, source=f"L{i + 1}"))
        i += 1
    return blocks


def _table(lines: list[str], header: int, end: int) -> TableBlock:
    rows: list[list[Cell]] = []
    above: dict[int, Cell] = {}  # column → the cell (merged or not) that ends at the previous row
    for n in [header, *range(header + 2, end)]:
        row: list[Cell] = []
        current: dict[int, Cell] = {}
        for c, text in enumerate(split_row(lines[n])):
            if text == MERGE_UP and c in above:
                owner = above[c]
                owner.rowspan += 1
                current[c] = owner
                continue
            cell = Cell(text, source=f"L{n + 1}C{c + 1}")
            row.append(cell)
            current[c] = cell
        above = current
        rows.append(row)
    return TableBlock(rows, source=f"L{header + 1}")
