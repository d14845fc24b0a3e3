"""Word .docx (WordprocessingML) → Blocks, walking ``word/document.xml`` with lxml.

No python-docx: it builds a proxy object per cell and is several times slower.  One
streaming parse of the part (:mod:`._xmlstream`): each finished body element is walked
directly and dropped, so memory follows the largest table, not the document.

What comes out, in body order:

- each non-empty body paragraph (段) → :class:`Paragraph`, source ``段N`` (N counts
  every body paragraph, empty ones too, so it matches Word's paragraph numbering);
- each table (表) → :class:`TableBlock`, source ``表N``; cells ``表N:R5C3`` where R is the
  row and C the *grid* column (1-based), so a cell after a ``gridSpan=2`` cell is C3.

Text: runs' ``w:t``; ``w:tab`` → ``\\t``; ``w:br`` / ``w:cr`` → ``\\n``; a cell's
paragraphs joined with ``\\n``; ``w:noBreakHyphen`` → ``-``.  Tracked changes: inserted
text and rows (``w:ins``) are kept, deleted text and rows (``w:del``, ``w:moveFrom``)
dropped, and cell properties are the current ones (``w:tcPrChange`` ignored).  Content
controls (``w:sdt``) and custom XML wrappers are transparent at body, row and cell
level.  ``mc:AlternateContent`` keeps its ``mc:Choice`` and drops the ``mc:Fallback``
copy, so text boxes are read once.  Headers, footers, footnotes and comments are not read.

Merged cells (HTML convention):

- ``w:gridSpan`` → ``colspan``; legacy ``w:hMerge`` continue cells widen the cell on
  their left;
- ``w:vMerge`` restart … continue → ``rowspan`` = 1 + the continuation cells directly
  below in the same grid column; continuation cells are absent from the output.  Text
  a continuation cell happens to hold is appended to the merged cell (nothing lost).
  A continuation with nothing to continue is read as an ordinary cell;
- ``w:gridBefore`` = n → n empty filler cells at the start of the row, so later cells
  keep their grid column; ``w:gridAfter`` needs nothing (``TableBlock.grid`` pads).

Nested tables: the nested table's text also stays in the parent cell (its cells
joined with ``\\t``, its rows with ``\\n``), and the nested table is emitted as its own
:class:`TableBlock` right after its parent (source ``表N.k``), so no reader of either
block loses anything.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any, TypeAlias

from lxml import etree

from ..blocks import Block, Cell, Paragraph, TableBlock
from ..errors import CorruptFile
from ..text import bi
from . import safety
from ._docx_count import refuse_by_count
from ._xmlstream import BodyStream

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_MC = "{http://schemas.openxmlformats.org/markup-compatibility/2006}"

BODY = _W + "body"
P = _W + "p"
TBL = _W + "tbl"
TR = _W + "tr"
TC = _W + "tc"
TRPR = _W + "trPr"
TCPR = _W + "tcPr"
GRID_BEFORE = _W + "gridBefore"
GRID_SPAN = _W + "gridSpan"
VMERGE = _W + "vMerge"
HMERGE = _W + "hMerge"
VAL = _W + "val"
SDT = _W + "sdt"
SDT_CONTENT = _W + "sdtContent"
CUSTOM_XML = _W + "customXml"
T = _W + "t"
TAB = _W + "tab"
BR = _W + "br"
CR = _W + "cr"
NB_HYPHEN = _W + "noBreakHyphen"
RUN = _W + "r"
DEL = _W + "del"
MOVE_FROM = _W + "moveFrom"
TCPR_CHANGE = _W + "tcPrChange"
TRPR_CHANGE = _W + "trPrChange"
FALLBACK = _MC + "Fallback"

_TEXT_TAGS = (T, TAB, BR, CR, NB_HYPHEN)
_WRAPPERS = (SDT, CUSTOM_XML)  # transparent containers; their content is in sdtContent / children


DOCUMENT = "word/document.xml"
_WRAPPER_CONTENT = {SDT: SDT_CONTENT, CUSTOM_XML: None}


def read(data: bytes, name: str) -> list[Block]:
    """Read a .docx file's body into paragraphs and tables, in document order.

    ``word/document.xml`` is parsed as it is inflated (:class:`~._xmlstream.BodyStream`): the
    body's finished paragraphs and tables are walked and dropped chunk by chunk, tables are
    counted as they start, and the file's :class:`~.safety.Budget` is charged per table and
    paragraph, so a document over the limits stops where it goes over them.  A part over
    ``safety.PRUNE_AFTER_BYTES`` has its tables counted from its bytes first
    (:mod:`._docx_count`), so one over the table limit is refused without being parsed."""
    budget = safety.Budget(name)
    walker = _Walker(budget)
    marks = _Marks()

    def done(elements: list[etree._Element]) -> None:
        for el in elements:
            _drop_deleted(el, marks)
        walker.block_level(el for el in elements if el.getparent() is not None)

    def started(tables: int) -> None:
        if tables > budget.limits.tables:
            raise budget.refuse("tables", DOCUMENT)

    zf = safety.open_zip(data, name)
    with zf:
        safety.vet_parts(zf, name, {DOCUMENT})
        refuse_by_count(zf, DOCUMENT, name, budget)  # a large part over the table limit, unparsed
        stream = BodyStream(name, DOCUMENT, BODY, _WRAPPER_CONTENT, (TBL,), done, started)
        stream.run(marks.watch(safety.stream_member(zf, DOCUMENT, name)))
    if stream.body is None:
        raise CorruptFile(
            name,
            bi("word/document.xml 缺少 w:body", "word/document.xml has no w:body (no document body)"),
            where=DOCUMENT,
        )
    return walker.blocks


class _Marks:
    """Whether the part so far held tracked deletions, superseded properties or AlternateContent
    fallbacks (bytes tests on each chunk and across chunk boundaries), so that elements are
    searched for them only in documents that have them."""

    def __init__(self) -> None:
        self.deleted = self.changed = self.fallback = False

    def watch(self, chunks: Iterable[bytes]) -> Iterator[bytes]:
        tail = b""
        for chunk in chunks:
            edge = tail + chunk[:16]
            self.deleted = self.deleted or any(m in c for m in (b"del", b"moveFrom") for c in (chunk, edge))
            self.changed = self.changed or b"PrChange" in chunk or b"PrChange" in edge
            self.fallback = self.fallback or b"Fallback" in chunk or b"Fallback" in edge
            tail = chunk[-16:]
            yield chunk


def _drop_deleted(root: etree._Element, marks: _Marks) -> None:
    """Remove tracked deletions, superseded properties and AlternateContent fallbacks."""
    if marks.deleted:
        for el in list(root.iter(DEL, MOVE_FROM)):
            parent = el.getparent()
            if parent is None:
                continue
            if parent.tag == TRPR:  # a deleted table row: drop the row
                row = parent.getparent()
                if row is not None and (table := row.getparent()) is not None:
                    table.remove(row)
            else:
                parent.remove(el)
    if marks.changed:  # the properties before a tracked change hold stale gridSpan/vMerge
        for el in list(root.iter(TCPR_CHANGE, TRPR_CHANGE)):
            parent = el.getparent()
            if parent is not None:
                parent.remove(el)
    if marks.fallback:
        for el in list(root.iter(FALLBACK)):
            parent = el.getparent()
            if parent is not None:
                parent.remove(el)


def paragraph_text(p: etree._Element) -> str:
    """The printed text of one ``w:p``."""
    parts: list[str] = []
    for el in p.iter(_TEXT_TAGS):
        tag = el.tag
        if tag == T:
            text = el.text
            if text:
                parts.append(text)
        elif tag == TAB:
            parent = el.getparent()  # not a tab stop definition in w:pPr/w:tabs:
            if parent is not None and parent.tag == RUN:
                parts.append("\t")
        elif tag == NB_HYPHEN:
            parts.append("-")
        else:  # BR, CR
            parts.append("\n")
    return "".join(parts)


def _children(parent: etree._Element, tag: str) -> Iterator[etree._Element]:
    """Children of ``parent`` with ``tag``, looking through content controls and customXml."""
    for child in parent:
        ctag = child.tag
        if ctag == tag:
            yield child
        elif ctag in _WRAPPERS:
            inner = child.find(SDT_CONTENT) if ctag == SDT else child
            if inner is not None:
                yield from _children(inner, tag)


class _Walker:
    """Body-level elements → blocks, in order, charging the file's budget per table and paragraph."""

    def __init__(self, budget: safety.Budget) -> None:
        self.blocks: list[Block] = []
        self.n_tables = 0
        self.n_paras = 0
        self.budget = budget

    def block_level(self, children: Iterable[etree._Element]) -> None:
        for child in children:
            tag = child.tag
            if tag == P:
                self.n_paras += 1
                text = paragraph_text(child)
                if text.strip():
                    self.budget.add(1, 1, f"段{self.n_paras}")
                    self.blocks.append(Paragraph(text, source=f"段{self.n_paras}"))
            elif tag == TBL:
                self.n_tables += 1
                pending: list[tuple[str, etree._Element]] = []
                self._add(_table(child, f"表{self.n_tables}", pending))
                self._nested(pending)
            elif tag == SDT:
                inner = child.find(SDT_CONTENT)
                if inner is not None:
                    self.block_level(inner)
            elif tag == CUSTOM_XML:
                self.block_level(child)

    def _add(self, table: TableBlock) -> None:
        self.budget.table(len(table.rows), sum(map(len, table.rows)), table.source)
        self.blocks.append(table)

    def _nested(self, pending: list[tuple[str, etree._Element]]) -> None:
        for label, tbl in pending:
            more: list[tuple[str, etree._Element]] = []
            self._add(_table(tbl, label, more))
            self._nested(more)


def _int_val(el: etree._Element | None, default: int) -> int:
    if el is None:
        return default
    try:
        return max(int(el.get(VAL, default)), 0)
    except ValueError:
        return default


def _cell_text(tc: etree._Element, label: str, pending: list[tuple[str, etree._Element]]) -> str:
    parts: list[str] = []
    for child in tc:
        tag = child.tag
        if tag == P:
            parts.append(paragraph_text(child))
        elif tag == TBL:
            pending.append((f"{label}.{len(pending) + 1}", child))
            parts.append(_flat_text(child))
        elif tag in _WRAPPERS:
            inner = child.find(SDT_CONTENT) if tag == SDT else child
            if inner is not None:
                parts.append(_cell_text(inner, label, pending))
    return "\n".join(parts)


def _flat_text(tbl: etree._Element) -> str:
    """A nested table's text for its parent cell: cells joined by tab, rows by newline."""
    rows = []
    for tr in _children(tbl, TR):
        cells = []
        for tc in _children(tr, TC):
            cells.append("\n".join(paragraph_text(p) for p in tc.iter(P)))
        rows.append("\t".join(cells))
    return "\n".join(rows)


def _table(tbl: etree._Element, label: str, pending: list[tuple[str, etree._Element]]) -> TableBlock:
    # Pass 1: each row as a list of [gridcol, colspan, vmerge, text]; vmerge is
    # None (no merge), "restart" or "continue".
    if next(tbl.iterdescendants(TBL), None) is None:
        rows = _rows_flat(tbl)
    else:
        rows = _rows_nested(tbl, label, pending)
    return _merge_rows(rows, label)


# Pass-1 rows are small mutable lists, for speed:
_RawCell: TypeAlias = list[Any]  # [colspan, vmerge, hmerge continuation, paragraphs as lists of runs]
_GridCell: TypeAlias = list[Any]  # [grid column, colspan, vmerge "restart" | "continue" | None, text]

_FLAT_TAGS = (T, P, TC, TR, GRID_SPAN, VMERGE, TAB, BR, CR, NB_HYPHEN, GRID_BEFORE, HMERGE)


def _rows_flat(tbl: etree._Element) -> list[list[_GridCell]]:
    """Pass 1 for a table without nested tables: one C-level walk over the tags that matter.

    Content controls and customXml wrappers need no care here: the walk goes through them.
    """
    raw: list[tuple[list[int], list[_RawCell]]] = []  # ([gridBefore], cells)
    cells: list[_RawCell] = []
    before = [0]
    paras: list[list[str]] = []
    cur: list[str] = []
    for el in tbl.iter(_FLAT_TAGS):
        tag = el.tag
        if tag == T:
            text = el.text
            if text:
                cur.append(text)
        elif tag == P:
            cur = []
            paras.append(cur)
        elif tag == TC:
            paras = []
            cells.append([1, None, False, paras])
        elif tag == TR:
            cells, before = [], [0]
            raw.append((before, cells))
        elif tag == GRID_SPAN:
            if cells:
                cells[-1][0] = _int_val(el, 1) or 1
        elif tag == VMERGE:
            if cells:
                cells[-1][1] = "restart" if el.get(VAL) == "restart" else "continue"
        elif tag == TAB:
            parent = el.getparent()
            if parent is not None and parent.tag == RUN:
                cur.append("\t")
        elif tag == BR or tag == CR:
            cur.append("\n")
        elif tag == NB_HYPHEN:
            cur.append("-")
        elif tag == GRID_BEFORE:
            before[0] = _int_val(el, 0)
        elif tag == HMERGE:
            if cells and el.get(VAL) != "restart":
                cells[-1][2] = True
    rows: list[list[_GridCell]] = []
    for (n_before,), row_cells in raw:
        row: list[_GridCell] = [[c, 1, None, ""] for c in range(n_before)]
        col = n_before
        for span, vmerge, hmerge, cell_paras in row_cells:
            text = "\n".join(["".join(p) for p in cell_paras])
            if hmerge and row:
                _widen(row[-1], span, text)
            else:
                row.append([col, span, vmerge, text])
            col += span
        rows.append(row)
    return rows


def _widen(prev: _GridCell, span: int, text: str) -> None:
    """A legacy hMerge continuation: widen the cell on its left, keeping any text."""
    prev[1] += span
    if text.strip():
        prev[3] = f"{prev[3]}\n{text}" if prev[3] else text


def _rows_nested(
    tbl: etree._Element, label: str, pending: list[tuple[str, etree._Element]]
) -> list[list[_GridCell]]:
    """Pass 1 for a table holding nested tables: walk rows and cells by structure."""
    rows: list[list[_GridCell]] = []
    for tr in _children(tbl, TR):
        col = 0
        row: list[_GridCell] = []
        trpr = tr.find(TRPR)
        if trpr is not None:
            before = _int_val(trpr.find(GRID_BEFORE), 0)
            for _ in range(before):
                row.append([col, 1, None, ""])
                col += 1
        for tc in _children(tr, TC):
            span = 1
            vmerge = None
            tcpr = tc.find(TCPR)
            if tcpr is not None:
                span = _int_val(tcpr.find(GRID_SPAN), 1) or 1
                vm = tcpr.find(VMERGE)
                if vm is not None:
                    vmerge = "restart" if vm.get(VAL) == "restart" else "continue"
                hm = tcpr.find(HMERGE)
                if hm is not None and hm.get(VAL) != "restart" and row:
                    _widen(row[-1], span, _cell_text(tc, label, pending))
                    col += span
                    continue
            row.append([col, span, vmerge, _cell_text(tc, label, pending)])
            col += span
        rows.append(row)
    return rows


def _merge_rows(rows: list[list[_GridCell]], label: str) -> TableBlock:
    # Pass 2: vertical merges → rowspan; drop continuation cells.
    out: list[list[Cell]] = []
    open_merges: dict[int, Cell] = {}  # grid column → the merged cell still growing downward
    for r, row in enumerate(rows, start=1):
        line: list[Cell] = []
        still_open: dict[int, Cell] = {}
        for col, span, vmerge, text in row:
            if vmerge == "continue":
                owner = open_merges.get(col)
                if owner is not None and owner.colspan == span:
                    owner.rowspan += 1
                    if text.strip():
                        owner.text = f"{owner.text}\n{text}" if owner.text else text
                    still_open[col] = owner
                    continue
            cell = Cell(text, 1, span, f"{label}:R{r}C{col + 1}")
            line.append(cell)
            if vmerge is not None:
                still_open[col] = cell
        open_merges = still_open
        out.append(line)
    return TableBlock(out, source=label)
