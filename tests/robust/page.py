"""A corpus case.html as a list of parts (paragraphs and tables, each table a grid of slots) that a
perturbation rewrites and that prints back as HTML.

A table is a grid: every row has one slot per column, and a merged cell is the same :class:`Slot`
object in every position it covers.  Printing finds each slot's rectangle again (``rowspan``,
``colspan``); where a perturbation broke a rectangle (a column moved out of a span), the rest of
the slot prints as cells of their own with the same text — what a person re-typing the table does.
"""

from __future__ import annotations

import html
from collections.abc import Iterator
from dataclasses import dataclass, field

import lxml.html


@dataclass(eq=False)
class Slot:
    """One printed cell; the same object in every grid position a merged cell covers."""

    text: str


@dataclass
class Grid:
    rows: list[list[Slot]]

    @property
    def width(self) -> int:
        return max((len(r) for r in self.rows), default=0)

    def texts(self, r: int) -> list[str]:
        return [s.text for s in self.rows[r]]


@dataclass
class Page:
    parts: list[str | Grid] = field(default_factory=list)  # a str is a paragraph

    def grids(self) -> list[Grid]:
        return [p for p in self.parts if isinstance(p, Grid)]


def _text(el: lxml.html.HtmlElement) -> str:
    for br in el.iter("br"):  # a line break inside a cell reads as one space
        br.tail = "\n" + (br.tail or "")
    return " ".join(el.text_content().split())


def _grid(table: lxml.html.HtmlElement) -> Grid:
    rows: list[list[Slot | None]] = []
    for r, tr in enumerate(table.iter("tr")):
        while len(rows) <= r:
            rows.append([])
        c = 0
        for td in tr:
            if td.tag not in ("td", "th"):
                continue
            while c < len(rows[r]) and rows[r][c] is not None:
                c += 1
            slot = Slot(_text(td))
            rs, cs = int(td.get("rowspan", "1")), int(td.get("colspan", "1"))
            for dr in range(rs):
                while len(rows) <= r + dr:
                    rows.append([])
                row = rows[r + dr]
                while len(row) < c + cs:
                    row.append(None)
                for dc in range(cs):
                    row[c + dc] = slot
            c += cs
    width = max(len(r) for r in rows)
    return Grid(
        [
            [s if s is not None else Slot("") for s in r] + [Slot("") for _ in range(width - len(r))]
            for r in rows
        ]
    )


def parse(data: bytes) -> Page:
    root = lxml.html.fromstring(data)
    body = root.find("body")
    page = Page()
    for el in body if body is not None else root:
        if el.tag == "table":
            page.parts.append(_grid(el))
        elif isinstance(el.tag, str):
            page.parts.append(_text(el))
    return page


def spans(grid: Grid) -> Iterator[tuple[int, int, int, int, Slot]]:
    """Each printed cell as (row, column, rowspan, colspan, slot), row by row: a slot's rectangle
    found again, and what a perturbation broke off it printed as cells of their own (the HTML,
    .docx and .xlsx printers share this)."""
    done: set[tuple[int, int]] = set()
    width = grid.width
    rows = [r + [Slot("") for _ in range(width - len(r))] for r in grid.rows]
    for r, row in enumerate(rows):
        for c, slot in enumerate(row):
            if (r, c) in done:
                continue
            cs = 1
            while c + cs < width and rows[r][c + cs] is slot and (r, c + cs) not in done:
                cs += 1
            rs = 1
            while r + rs < len(rows) and all(
                rows[r + rs][c + k] is slot and (r + rs, c + k) not in done for k in range(cs)
            ):
                rs += 1
            for dr in range(rs):
                for dc in range(cs):
                    done.add((r + dr, c + dc))
            yield r, c, rs, cs, slot


def _table_html(grid: Grid) -> str:
    cells: list[list[str]] = [[] for _ in grid.rows]
    for r, _, rs, cs, slot in spans(grid):
        attrs = (f' rowspan="{rs}"' if rs > 1 else "") + (f' colspan="{cs}"' if cs > 1 else "")
        cells[r].append(f"<td{attrs}>{html.escape(slot.text)}</td>")
    rows = ["\n".join(["<tr>", *row, "</tr>"]) for row in cells]
    return "\n".join(['<table border="1" cellspacing="0" cellpadding="2">', *rows, "</table>"])


def render(page: Page) -> bytes:
    body = [f"<p>{html.escape(p)}</p>" if isinstance(p, str) else _table_html(p) for p in page.parts]
    doc = '<!DOCTYPE html>\n<html lang="zh-CN"><head><meta charset="utf-8"></head><body>\n'
    return (doc + "\n".join(body) + "\n</body></html>\n").encode("utf-8")
