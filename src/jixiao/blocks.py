"""Blocks: the one intermediate model between file formats and the domain.

Every reader turns a file into a list of blocks — :class:`Paragraph` or
:class:`TableBlock` — and knows nothing of budgets.  A table is a list of rows;
a row is a list of :class:`Cell`.  Merged cells follow the HTML convention: a
merged cell appears once, at its top-left position, with ``rowspan``/``colspan``
> 1, and the positions it covers are simply absent from later rows.  Formats
that lose merge information (tika text exports) give empty cells instead; the
assembler recovers those merges.

Every block and cell carries ``source``, a short human-readable location
(``表2:R5C3``, ``Sheet1!B7``, ``p3``, ``L120``) used by findings and errors.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(slots=True)
class Cell:
    text: str
    rowspan: int = 1
    colspan: int = 1
    source: str | None = None


@dataclass(slots=True)
class Paragraph:
    text: str
    source: str | None = None
    anchors: list[str] = field(default_factory=list)


@dataclass(slots=True)
class TableBlock:
    rows: list[list[Cell]]
    source: str | None = None
    anchors: list[str] = field(default_factory=list)

    def grid(self) -> list[list[Cell | None]]:
        """Expand spans into a dense grid; covered positions hold the merged (same) Cell.

        Rows are padded with ``None`` to the widest row.
        """
        out: list[list[Cell | None]] = []
        pending: dict[tuple[int, int], Cell] = {}
        for r, row in enumerate(self.rows):
            line: list[Cell | None] = []
            c = 0
            for cell in row:
                while (r, c) in pending:
                    line.append(pending.pop((r, c)))
                    c += 1
                for dr in range(max(cell.rowspan, 1)):
                    for dc in range(max(cell.colspan, 1)):
                        if dr == 0:
                            line.append(cell)
                        else:
                            pending[(r + dr, c + dc)] = cell
                c += max(cell.colspan, 1)
            while (r, c) in pending:
                line.append(pending.pop((r, c)))
                c += 1
            out.append(line)
        # spans running past the last row are dropped; pad to a rectangle
        width = max((len(x) for x in out), default=0)
        for line in out:
            line.extend([None] * (width - len(line)))
        return out


Block = Paragraph | TableBlock
