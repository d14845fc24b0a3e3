"""HTML pages → Blocks, with lxml.html.

- Every ``<table>`` → :class:`TableBlock` (source ``表N``; cells ``表N:R3C2``, C the grid
  column after earlier rowspans/colspans), ``rowspan``/``colspan`` from the attributes
  (clamped to 1…1000).  ``<thead>``/``<tbody>`` rows in document order, ``<tfoot>`` rows
  last, as a browser shows them.
- Nested tables: as in the .docx reader, the nested table's text stays in the parent cell
  (cells joined by ``\\t``, rows by ``\\n``) and the nested table follows its parent as its
  own block (``表N.k``).  A *layout* table — every row a single cell, holding other
  tables — is not a data table: its content is read as if it were the page body.
- Text outside tables → :class:`Paragraph` per block element (``p``, ``div``, ``h1``…,
  ``li``, …), source ``段N``; ``<br>`` → ``\\n`` inside the paragraph or cell.
- Chrome is ignored: ``script``, ``style``, ``noscript``, ``template``, ``head``, ``nav``,
  ``header``, ``footer``, ``select``, ``button``, ``iframe``.
- Whitespace: a whitespace run holding a line break is source formatting and becomes one
  space; lines are stripped; other spaces are kept as written (the assembler collapses).
- Encoding: a BOM, else the declared ``<meta charset>`` / ``http-equiv`` / XML
  declaration (GB2312 and GBK read as their superset GB18030), else UTF-8, else
  charset-normalizer's guess, else GB18030.
"""

from __future__ import annotations

import re

import lxml.html
from lxml import etree

from ..blocks import Block, Cell, Paragraph, TableBlock
from ..errors import CorruptFile, EncodingError
from ..text import bi
from . import safety

_SKIP = frozenset(
    {
        "script",
        "style",
        "noscript",
        "template",
        "head",
        "nav",
        "header",
        "footer",
        "select",
        "button",
        "iframe",
        "object",
        "title",
    }
)
_BLOCK = frozenset(
    {
        "p",
        "div",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "li",
        "ul",
        "ol",
        "dl",
        "dt",
        "dd",
        "section",
        "article",
        "main",
        "aside",
        "blockquote",
        "pre",
        "address",
        "figure",
        "figcaption",
        "form",
        "fieldset",
        "center",
        "hr",
        "body",
        "html",
        "caption",
        "legend",
        "details",
        "summary",
    }
)
_CELL = ("td", "th")
_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_\-:.]+)""", re.I)
_XML_DECL = re.compile(rb"""^\s*<\?xml[^>]*encoding\s*=\s*["']([A-Za-z0-9_\-.]+)["']""", re.I)
_BREAK_WS = re.compile(r"[ \t\r\f]*[\n\r][ \t\n\r\f]*")
_GB = {"gb2312", "gbk", "gb_2312-80", "x-gbk", "cp936", "euc-cn", "gb18030", "hz-gb-2312"}
_MAX_SPAN = 1000


def decode(data: bytes, name: str) -> str:
    """Decode an HTML page to text: BOM, declared charset, UTF-8, detection, GB18030."""
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8", errors="replace")
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16", errors="replace")
    head = data[:8192]
    m = _CHARSET.search(head) or _XML_DECL.search(head)
    if m:
        declared = m.group(1).decode("ascii", "ignore").lower()
        encoding = "gb18030" if declared in _GB else declared
        try:
            return data.decode(encoding)
        except (LookupError, UnicodeDecodeError):
            pass  # a wrong declaration is common: detect instead
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    from charset_normalizer import from_bytes

    best = from_bytes(data[: 1 << 20]).best()
    if best is not None and best.encoding:
        encoding = (
            "gb18030"
            if best.encoding.lower().replace("_", "") in {"gb2312", "gbk", "gb18030"}
            else best.encoding
        )
        try:
            return data.decode(encoding)
        except (LookupError, UnicodeDecodeError):
            pass
    try:
        return data.decode("gb18030")
    except UnicodeDecodeError as exc:
        raise EncodingError(
            name, bi(f"无法识别网页编码: {exc}", f"cannot detect the page encoding: {exc}")
        ) from exc


def read(data: bytes, name: str) -> list[Block]:
    text = decode(data, name)
    text = re.sub(r"^\s*<\?xml[^>]*>", "", text)  # lxml refuses str input with an encoding declaration
    if not text.strip():
        raise CorruptFile(name, bi("网页为空", "the page is empty"))
    budget = safety.Budget(name)
    _precount(text, budget)
    parser = lxml.html.HTMLParser(remove_comments=True, remove_pis=True, no_network=True)
    try:
        root = lxml.html.document_fromstring(text, parser=parser)
    except (etree.ParserError, ValueError) as exc:
        raise CorruptFile(name, bi(f"无法解析网页: {exc}", f"cannot parse the HTML: {exc}")) from exc
    walker = _Walker(budget)
    walker.container(root)
    walker.flush()
    return walker.blocks


def _precount(text: str, budget: safety.Budget) -> None:
    """Refuse a page whose tags alone hold more tables, rows or cells than a file may, before it
    is parsed into a tree (C-level counts of the opening tags, lower and upper case; ``<th``
    also counts ``<thead`` and ``<tr`` ``<track``: a little over, never under, for the usual
    spellings).  The blocks are charged again, exactly, as they are built."""
    tables = text.count("<table") + text.count("<TABLE")
    rows = text.count("<tr") + text.count("<TR")
    cells = sum(map(text.count, ("<td", "<TD", "<th", "<TH")))
    budget.fits(rows=rows, cells=cells, tables=tables)


def _tag(el: etree._Element) -> str:
    tag = el.tag
    return tag.lower() if isinstance(tag, str) else ""


def _clean(text: str) -> str:
    """Source line breaks → one space; strip each line."""
    text = _BREAK_WS.sub(" ", text.replace("\x00", ""))
    return text


class _Walker:
    def __init__(self, budget: safety.Budget) -> None:
        self.budget = budget
        self.blocks: list[Block] = []
        self.buf: list[str] = []
        self.n_tables = 0
        self.n_paras = 0

    def flush(self) -> None:
        text = "\n".join(line.strip(" \t") for line in "".join(self.buf).split("\n")).strip("\n")
        self.buf = []
        if text.strip():
            self.n_paras += 1
            self.budget.add(1, 1, f"段{self.n_paras}")
            self.blocks.append(Paragraph(text, source=f"段{self.n_paras}"))

    def container(self, el: etree._Element) -> None:
        """Walk a body-level element: paragraphs and tables in document order."""
        if el.text:
            self.buf.append(_clean(el.text))
        for child in el:
            tag = _tag(child)
            if tag in _SKIP or not tag:
                pass
            elif tag == "table":
                self.flush()
                if _is_layout(child):
                    for row in _rows(child):
                        for cell in row:
                            self.container(cell)
                            self.flush()
                else:
                    self.n_tables += 1
                    pending: list[tuple[str, etree._Element]] = []
                    self._add(_table(child, f"表{self.n_tables}", pending))
                    self._nested(pending)
            elif tag == "br":
                self.buf.append("\n")
            elif tag in _BLOCK:
                self.flush()
                self.container(child)
                self.flush()
            else:
                self.container(child)
            if child.tail:
                self.buf.append(_clean(child.tail))

    def _nested(self, pending: list[tuple[str, etree._Element]]) -> None:
        for label, tbl in pending:
            more: list[tuple[str, etree._Element]] = []
            self._add(_table(tbl, label, more))
            self._nested(more)

    def _add(self, table: TableBlock) -> None:
        self.budget.table(len(table.rows), sum(map(len, table.rows)), table.source)
        self.blocks.append(table)


def _rows(table: etree._Element) -> list[list[etree._Element]]:
    """The rows of ``table`` (not of nested tables) as lists of td/th, tfoot rows last."""
    body: list[list[etree._Element]] = []
    foot: list[list[etree._Element]] = []
    for child in table:
        tag = _tag(child)
        if tag == "tr":
            body.append([c for c in child if _tag(c) in _CELL])
        elif tag in ("thead", "tbody", "tfoot"):
            target = foot if tag == "tfoot" else body
            for tr in child:
                if _tag(tr) == "tr":
                    target.append([c for c in tr if _tag(c) in _CELL])
    return body + foot


def _is_layout(table: etree._Element) -> bool:
    rows = _rows(table)
    if not rows or any(len(r) > 1 for r in rows):
        return False
    return any(_tag(d) == "table" for r in rows for c in r for d in c.iter())


def _span(el: etree._Element, attr: str) -> int:
    raw = (el.get(attr) or "1").strip()
    digits = re.match(r"\d+", raw)
    n = int(digits.group()) if digits else 1
    return min(max(n, 1), _MAX_SPAN)


def _cell_text(cell: etree._Element, label: str, pending: list[tuple[str, etree._Element]]) -> str:
    parts: list[str] = []

    def walk(el: etree._Element) -> None:
        if el.text:
            parts.append(_clean(el.text))
        for child in el:
            tag = _tag(child)
            if tag in _SKIP or not tag:
                pass
            elif tag == "br":
                parts.append("\n")
            elif tag == "table":
                pending.append((f"{label}.{len(pending) + 1}", child))
                parts.append("\n" + _flat_text(child) + "\n")
            elif tag in _BLOCK or tag == "tr":
                parts.append("\n")
                walk(child)
                parts.append("\n")
            else:
                walk(child)
            if child.tail:
                parts.append(_clean(child.tail))

    walk(cell)
    lines = [line.strip(" \t") for line in "".join(parts).split("\n")]
    # block boundaries give empty lines; keep <br> breaks but drop boundary noise at the ends
    return "\n".join(_squeeze(lines)).strip("\n")


def _squeeze(lines: list[str]) -> list[str]:
    out: list[str] = []
    for line in lines:
        if line or (out and out[-1]):
            out.append(line)
    return out


def _flat_text(table: etree._Element) -> str:
    rows = []
    for row in _rows(table):
        rows.append(
            "\t".join(_clean("".join(c.itertext())).strip() for c in row)
        )  # comments/PIs were removed
    return "\n".join(rows)


def _table(table: etree._Element, label: str, pending: list[tuple[str, etree._Element]]) -> TableBlock:
    out: list[list[Cell]] = []
    occupied: dict[int, int] = {}  # grid column → rows still covered by a rowspan from above
    for r, row in enumerate(_rows(table), start=1):
        line: list[Cell] = []
        col = 0
        for el in row:
            while occupied.get(col, 0) > 0:
                col += 1
            rowspan = _span(el, "rowspan")
            colspan = _span(el, "colspan")
            line.append(Cell(_cell_text(el, label, pending), rowspan, colspan, f"{label}:R{r}C{col + 1}"))
            if rowspan > 1:
                for c in range(col, col + colspan):
                    occupied[c] = rowspan  # decremented below, this row included
            col += colspan
        for c in list(occupied):
            occupied[c] -= 1
            if occupied[c] <= 0:
                del occupied[c]
        out.append(line)
    return TableBlock(out, source=label)
