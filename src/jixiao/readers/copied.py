"""Copied text → Blocks: a table a person copied from a browser or a PDF viewer and pasted.

Three shapes are read (a tika export, whose lines start with a tab, is :mod:`.text`'s):

- **tab-separated rows** — what a browser gives (Chromium's ``innerText``): one line per
  row, a tab between cells.  A cell holding line breaks spreads over several lines: the
  short lines just before a row (``年度⏎预算⏎安排⏎(万元)⇥资金总额``) begin its first cell
  (before a table's first row only when the row's first piece is the end of a cell, short or
  opening with a bracket: else they are titles over the table, ``附表1``, ``(2021年度)``),
  other lines between two rows continue the last cell of the row above (an empty last
  cell is continued by nothing: such a line is a row of one cell);
- **``|``-separated rows** (``a | b | c``, with or without outer pipes; a Markdown
  separator line ``|---|---|`` is skipped);
- **one cell per line, a blank line between rows** — what some PDF viewers give.  A
  group of lines is a row only next to other groups of at least two lines; a lone line is
  a paragraph.

Copying drops merged cells: a cell merged down (一级指标 over five rows) is in its first row
only, so the rows below it are short by that cell; a cell merged across makes its row short
too.  The reader keeps the rows as they are — it never invents a cell — and marks the table
(``TableBlock.merges_dropped``); the assembler, which knows the header's meaning, puts the
merges back (:mod:`jixiao.assemble.merges`).  A table with a row shorter than the widest row
above it carries a JX904 note saying how many rows' cells were placed by guessing.

Sources: a table ``L12``, a cell ``L14C3`` (line, column, 1-based).
"""

from __future__ import annotations

import re

from ..blocks import Block, Cell, Note, Paragraph, TableBlock
from ..text import bi
from ._common import split_row

_SEPARATOR = re.compile(r"^\s*\|?\s*:?-{2,}:?\s*(\|\s*:?-{2,}:?\s*)*\|?\s*$")
_SENTENCE_END = re.compile(r"[。；;，,：:！!？?]$")
SHORT_LINE = 8  # characters: a line this short before a row is the beginning of its first cell
CUT_PIECE = 3  # characters: a word this short starting a line can be the rest of a cut cell
_CJK = re.compile(r"[\u3400-\u9fff]")
_OPENING = "(（[［【"


def is_copied(lines: list[str]) -> bool:
    """Is this text a copied table (not a tika export): does it have rows of cells that do not
    start with a tab, or ``|`` rows?"""
    tabbed = [ln for ln in lines if "\t" in ln and ln.strip()]
    if tabbed:
        return sum(1 for ln in tabbed if ln.startswith("\t")) * 2 < len(tabbed)
    return sum(1 for ln in lines if _pipe_cells(ln) is not None) >= 2


def parse(text: str) -> list[Block]:
    """Parse copied text: runs of lines separated by blank lines, each a table or paragraphs."""
    lines = text.splitlines()
    blocks: list[Block] = []
    groups = _groups(lines)
    cell_groups = [
        len(g) >= 2 and not any("\t" in lines[i] or _pipe_cells(lines[i]) for i in g) for g in groups
    ]
    k = 0
    while k < len(groups):
        group = groups[k]
        if any("\t" in lines[i] for i in group):
            blocks.extend(_tab_table(lines, group))
        elif sum(1 for i in group if _pipe_cells(lines[i]) is not None) >= 2:
            blocks.extend(_pipe_table(lines, group))
        elif cell_groups[k] and (
            (k + 1 < len(groups) and cell_groups[k + 1]) or (k > 0 and cell_groups[k - 1])
        ):
            end = k
            while end + 1 < len(groups) and cell_groups[end + 1]:
                end += 1
            blocks.append(_line_table(lines, groups[k : end + 1]))
            k = end + 1
            continue
        else:
            blocks.extend(Paragraph(lines[i].strip(), source=f"L{i + 1}") for i in group)
        k += 1
    return blocks


def _groups(lines: list[str]) -> list[list[int]]:
    """Runs of non-blank lines (their indices), split at blank lines."""
    out: list[list[int]] = []
    run: list[int] = []
    for i, line in enumerate(lines):
        if line.strip():
            run.append(i)
        elif run:
            out.append(run)
            run = []
    if run:
        out.append(run)
    return out


def _pipe_cells(line: str) -> list[str] | None:
    if "|" not in line or _SEPARATOR.match(line):
        return None
    cells = split_row(line)
    return cells if len(cells) >= 2 else None


def _marked(rows: list[list[Cell]], source: str) -> TableBlock:
    """A table of rows as copied; when rows are shorter than the row above, it says so."""
    table = TableBlock(rows, source=source)
    table.merges_dropped = True
    short = 0  # rows with fewer cells than the widest row above them: each lost merged cells
    widest = 0
    for row in rows:
        short += len(row) < widest
        widest = max(widest, len(row))
    if short:
        table.notes.append(
            Note(
                "JX904",
                bi(
                    f"复制的表格丢失了合并单元格，{short} 行的单元格位置是推断的，请核对",
                    f"the copied table lost its merged cells: the cells of {short} rows were placed by guessing; please check them",
                ),
                source,
            )
        )
    return table


def _tab_table(lines: list[str], group: list[int]) -> list[Block]:
    """One run of lines holding tab-separated rows (and lines of cells that hold line breaks)."""
    out: list[Block] = []
    rows: list[list[Cell]] = []
    pending: list[int] = []  # lines without a tab since the last row
    first = next(i for i in group if "\t" in lines[i])
    width = max(lines[i].count("\t") + 1 for i in group)  # the widest row: a full one
    for i in group:
        line = lines[i]
        if "\t" not in line:
            pending.append(i)
            continue
        texts = [t.strip() for t in line.split("\t")]
        if not pending and rows and _continues(rows[-1], texts, width):
            # a line break inside a cell in the middle of the row: the row goes on on this line
            rows[-1][-1].text += "\n" + texts[0]
            rows[-1].extend(Cell(t, source=f"L{i + 1}C{c + 2}") for c, t in enumerate(texts[1:]))
            continue
        lead = _leading(lines, pending)
        if not rows and not _fragment(texts[0]):
            lead = []  # a table's first row: the short lines over it are titles (附表1, (2021年度))
        if rows:
            _settle(lines, pending[: len(pending) - len(lead)], rows)
        else:  # lines before the first row that do not begin it: paragraphs
            out.extend(
                Paragraph(lines[j].strip(), source=f"L{j + 1}") for j in pending[: len(pending) - len(lead)]
            )
        if lead:
            texts[0] = "\n".join([*(lines[j].strip() for j in lead), texts[0]])
        rows.append([Cell(t, source=f"L{i + 1}C{c + 1}") for c, t in enumerate(texts)])
        pending = []
    _settle(lines, pending, rows)
    out.append(_marked(rows, f"L{first + 1}"))
    return out


def _continues(row: list[Cell], texts: list[str], width: int) -> bool:
    """Is this line the rest of ``row``, cut by a line break inside a cell (``年初预算⏎数``,
    ``年度⏎指标值``)?  The piece on this line is a word of at most :data:`CUT_PIECE` Chinese
    characters, the piece before it ends in one, and together the lines are no wider than the
    table's widest row."""
    last, piece = row[-1].text, texts[0]
    return (
        len(row) + len(texts) - 1 <= width
        and 0 < len(piece) <= CUT_PIECE
        and all(_CJK.match(ch) for ch in piece)
        and bool(last)
        and _CJK.match(last[-1]) is not None
    )


def _leading(lines: list[str], pending: list[int]) -> list[int]:
    """The last lines before a row that begin its first cell: short ones, ending no sentence."""
    k = len(pending)
    while k > 0:
        text = lines[pending[k - 1]].strip()
        if len(text) > SHORT_LINE or _SENTENCE_END.search(text):
            break
        k -= 1
    return pending[k:]


def _fragment(piece: str) -> bool:
    """Could this first piece of a row be the end of a cell begun on the lines above (``(万元)``
    after 年度⏎预算⏎安排, ``目标`` after 年度⏎总体)?  Short, or opening with a bracket."""
    return len(piece) <= CUT_PIECE or piece[:1] in _OPENING


def _settle(lines: list[str], pending: list[int], rows: list[list[Cell]]) -> None:
    """Lines between two rows that do not begin the next one: the rest of the last cell of the
    row above, or (when that cell is empty) rows of one cell."""
    if not pending:
        return
    last = rows[-1][-1] if rows and rows[-1] else None
    if last is not None and last.text:
        last.text += "\n" + "\n".join(lines[i].strip() for i in pending)
        return
    rows.extend([Cell(lines[i].strip(), source=f"L{i + 1}C1")] for i in pending)


def _pipe_table(lines: list[str], group: list[int]) -> list[Block]:
    out: list[Block] = []
    rows: list[list[Cell]] = []
    start: int | None = None
    for i in group:
        cells = _pipe_cells(lines[i])
        if cells is None:
            if _SEPARATOR.match(lines[i]):
                continue
            if rows:
                rows[-1][-1].text += "\n" + lines[i].strip()
            else:
                out.append(Paragraph(lines[i].strip(), source=f"L{i + 1}"))
            continue
        start = i if start is None else start
        rows.append([Cell(t, source=f"L{i + 1}C{c + 1}") for c, t in enumerate(cells)])
    out.append(_marked(rows, f"L{(start or 0) + 1}"))
    return out


def _line_table(lines: list[str], groups: list[list[int]]) -> TableBlock:
    rows = [[Cell(lines[i].strip(), source=f"L{i + 1}C{c + 1}") for c, i in enumerate(g)] for g in groups]
    return _marked(rows, f"L{groups[0][0] + 1}")
