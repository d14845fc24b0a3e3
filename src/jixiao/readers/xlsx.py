"""Excel .xlsx → Blocks: python-calamine for the values, our own look at the styles.

Design (measured, see bench/README.md): openpyxl builds a Python object per cell and is
an order of magnitude slower, so values and merged ranges come from python-calamine
(Rust).  Calamine gives raw values without their number formats, but a table must read
"100%", not "1.0", so:

1. ``xl/styles.xml`` is parsed with lxml: the number format code of every cell style
   (``cellXfs``).  Styles whose format shows a number as General would (General, ``@``)
   are dropped; if none is left — the usual case for budget tables typed as text — the
   sheets are never scanned.
2. Otherwise, once a sheet turns out to hold a number, date or boolean (a sheet of texts
   never is), its XML is scanned with one bytes regex for ``<c r="B7" s="3"`` — the
   cells whose style has a real format — and each numeric/date cell from calamine is
   rendered with :func:`jixiao.readers._numfmt.format_value`.  Sheets written without
   ``r`` attributes or with a namespace prefix fall back to an lxml iterparse.

Every part is read through :func:`jixiao.readers.safety.read_member` first (declared
size enforced, DTDs rejected anywhere in any part), so calamine never sees a bomb or an
entity; each sheet's reach is known before calamine builds its grid
(:mod:`jixiao.readers._sheet_extent`), and its rows and cells are charged to the file's
:class:`~jixiao.readers.safety.Budget` before they become Python objects.  Hidden and
very hidden sheets and chart sheets are skipped.  How a sheet becomes blocks (regions
split at blank rows, title rows as paragraphs) is in :mod:`jixiao.readers._sheet`.
"""

from __future__ import annotations

import io
import posixpath
import re
import zipfile
from functools import lru_cache
from itertools import starmap
from operator import add
from typing import TYPE_CHECKING, cast

from lxml import etree

from ..blocks import Block, TableBlock, paused_gc
from ..errors import CorruptFile, IngestError
from ..text import bi
from . import _numfmt, safety
from ._common import column_index, parse_xml
from ._sheet import Merge, sheet_blocks
from ._sheet_extent import SheetExtent

if TYPE_CHECKING:
    from python_calamine import CalamineWorkbook, SheetMetadata

_NS = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
_REL_NS = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
_PKG_REL = "{http://schemas.openxmlformats.org/package/2006/relationships}"
WORKBOOK = "xl/workbook.xml"
WORKBOOK_RELS = "xl/_rels/workbook.xml.rels"


def read(data: bytes, name: str) -> list[Block]:
    """Read every visible worksheet of a .xlsx into blocks, sheet by sheet."""
    with paused_gc():
        return _read(data, name)


def _read(data: bytes, name: str) -> list[Block]:
    budget = safety.Budget(name)
    zf = safety.open_zip(data, name)
    with zf:
        sheets, date1904, support = _workbook(zf, name)
        formats: dict[int, str] = {}
        for kind, path in support.items():
            part = safety.read_member(zf, path, name)  # calamine reads these too: vet them first
            if kind == "styles":
                formats = _styles(part, name, path)
        parts: dict[str, bytes] = {}
        for sheet_name, path in sheets:  # how far each reaches, known before calamine builds it
            extent = SheetExtent(budget, sheet_name)
            parts[sheet_name] = safety.read_member(zf, path, name, watch=extent.watch)
            extent.check(parts[sheet_name])
        safety.vet_parts(zf, name, {WORKBOOK, WORKBOOK_RELS, *support.values(), *(p for _, p in sheets)})
    try:
        import python_calamine

        book = python_calamine.CalamineWorkbook.from_filelike(io.BytesIO(data))
    except Exception as exc:  # calamine raises its own error types for damaged workbooks
        raise CorruptFile(name, bi(f"无法读取工作簿: {exc}", f"cannot read the workbook: {exc}")) from exc
    blocks: list[Block] = []
    try:
        visible = {m.name for m in book.sheets_metadata if _is_visible_sheet(m)}
        for sheet_name, _path in sheets:
            if sheet_name not in visible:
                continue
            blocks.extend(_sheet(book, sheet_name, parts[sheet_name], formats, date1904, budget))
    finally:
        book.close()
    return blocks


def _is_visible_sheet(meta: SheetMetadata) -> bool:
    return str(meta.visible).endswith("Visible") and str(meta.typ).endswith("WorkSheet")


def _sheet(
    book: CalamineWorkbook,
    sheet_name: str,
    xml: bytes,
    formats: dict[int, str],
    date1904: bool,
    budget: safety.Budget,
) -> list[Block]:
    name = budget.name
    try:
        sheet = book.get_sheet_by_name(sheet_name)
        end = sheet.end  # the grid's last row and column: charged before it becomes Python objects
        if end is not None:
            budget.add(end[0] + 1, (end[0] + 1) * (end[1] + 1), sheet_name)
        rows = sheet.to_python(skip_empty_area=False)
        merged = sheet.merged_cell_ranges or []
    except IngestError:
        raise
    except Exception as exc:
        raise CorruptFile(
            name, bi(f"工作表损坏: {exc}", f"damaged worksheet: {exc}"), where=sheet_name
        ) from exc
    values = cast("list[list[str]]", rows)  # calamine's rows, in place: a row with other values is shown
    fmt = _numfmt.format_cached  # (each distinct value and format worked out once)
    get = None  # the styled cells' formats, looked for at the first number (a sheet of texts never)
    join = "".join
    for r, texts in enumerate(values):
        try:
            join(texts)  # a TypeError means the row holds a number, date or boolean
        except TypeError:
            if get is None:
                get = (_styled_cells(xml, formats, name, sheet_name) if formats else {}).get
            values[r] = [
                v if v.__class__ is str else fmt(v, get((r, c), "General"), date1904)
                for c, v in enumerate(rows[r])
            ]
    merges = cast("list[Merge]", list(starmap(add, merged)))  # ((r0, c0), (r1, c1)) → (r0, c0, r1, c1)
    blocks = sheet_blocks(sheet_name, values, merges)
    budget.found_tables(sum(1 for b in blocks if b.__class__ is TableBlock), sheet_name)
    return blocks


def _workbook(zf: zipfile.ZipFile, name: str) -> tuple[list[tuple[str, str]], bool, dict[str, str]]:
    """The visible worksheets (name, part path) in workbook order, the 1904 date system flag,
    and the shared strings and styles parts ({"sharedStrings": path, "styles": path})."""
    root = parse_xml(safety.read_member(zf, WORKBOOK, name), name, WORKBOOK)
    rels: dict[str, str] = {}
    support: dict[str, str] = {}
    if WORKBOOK_RELS in zf.NameToInfo:
        rel_root = parse_xml(safety.read_member(zf, WORKBOOK_RELS, name), name, WORKBOOK_RELS)
        for rel in rel_root.iter(_PKG_REL + "Relationship"):
            target = rel.get("Target", "")
            path = (
                target.lstrip("/")
                if target.startswith("/")
                else posixpath.normpath(posixpath.join("xl", target))
            )
            rels[rel.get("Id", "")] = path
            kind = rel.get("Type", "").rsplit("/", 1)[-1]
            if kind in ("sharedStrings", "styles") and path in zf.NameToInfo:
                support[kind] = path
    pr = root.find(_NS + "workbookPr")
    date1904 = pr is not None and pr.get("date1904", "0").lower() in ("1", "true")
    sheets: list[tuple[str, str]] = []
    for el in root.iter(_NS + "sheet"):
        sheet_path = rels.get(el.get(_REL_NS + "id", ""))
        sheet_name = el.get("name", "")
        if sheet_path is None:
            raise CorruptFile(
                name,
                bi(f"工作表“{sheet_name}”没有对应的部件", f"the sheet “{sheet_name}” has no part"),
                where="xl/workbook.xml",
            )
        if el.get("state", "visible") != "visible" or "chartsheets/" in sheet_path:
            continue
        if sheet_path not in zf.NameToInfo:
            raise CorruptFile(
                name,
                bi(f"缺少工作表部件 {sheet_path}", f"the sheet part {sheet_path} is missing"),
                where=sheet_name,
            )
        sheets.append((sheet_name, sheet_path))
    return sheets, date1904, support


def _styles(part: bytes, name: str, path: str) -> dict[int, str]:
    """Cell style index → number format code, for the styles that are not plain General/text."""
    root = parse_xml(part, name, path)
    codes = dict(_numfmt.BUILTIN)
    numfmts = root.find(_NS + "numFmts")
    if numfmts is not None:
        for fmt in numfmts.iter(_NS + "numFmt"):
            try:
                codes[int(fmt.get("numFmtId", "-1"))] = fmt.get("formatCode", "General")
            except ValueError:
                continue
    out: dict[int, str] = {}
    xfs = root.find(_NS + "cellXfs")
    if xfs is None:
        return out
    for i, xf in enumerate(xfs.iter(_NS + "xf")):
        try:
            code = codes.get(int(xf.get("numFmtId", "0")), "General")
        except ValueError:
            continue
        if not _numfmt.is_plain(code):
            out[i] = code
    return out


def _styled_cells(
    xml: bytes, formats: dict[int, str], name: str, sheet_name: str
) -> dict[tuple[int, int], str]:
    """(row, col) → format code for cells whose style has a real number format.

    The fast path needs every styled ``<c>`` to start with its ``r`` attribute, as Excel,
    LibreOffice, WPS and openpyxl write it; anything else goes through lxml.

    Usually few cells have a real format (the amounts), so the fast path looks for their
    ``s="…"`` attributes — a search for a literal — and matches :func:`_cell_pattern` only at
    the start of each one's tag, which finds exactly what matching it over the whole sheet
    finds (a match never leaves its tag) at a third of the cost.  Only those tags need ``r``
    first: a cell without a style is placed by calamine alone (checking every tag of the sheet
    cost ~2 ms of a 500-table .xlsx).  With many such cells, matching over the whole sheet is
    cheaper again, and is done, after checking that every cell tag starts with ``r``.
    """
    if b'<c r="' not in xml:
        return _styled_cells_slow(xml, formats, name, sheet_name)
    styles = tuple(sorted(formats))
    pattern = _cell_pattern(styles)
    out: dict[tuple[int, int], str] = {}
    ends = [m.end() for m in _style_pattern(styles).finditer(xml)]
    if len(ends) > len(xml) // 600:  # (~1 µs a candidate against ~1.5 ns a byte of the whole)
        if _OTHER_CELL_START.search(xml):
            return _styled_cells_slow(xml, formats, name, sheet_name)
        for col, row, style in pattern.findall(xml):
            out[(int(row) - 1, column_index(col.decode()))] = formats[int(style)]
        return out
    for end in ends:
        tag = xml.rfind(b"<", 0, end)  # the tag this s="…" is in (or the text it is in)
        if _OTHER_CELL_START.match(xml, tag):  # a styled cell without r first
            return _styled_cells_slow(xml, formats, name, sheet_name)
        m = pattern.match(xml, tag)
        if m is not None and m.end() == end:  # the s of this cell's tag (not of a row, nor in a text)
            col, row, style = m.groups()
            out[(int(row) - 1, column_index(col.decode()))] = formats[int(style)]
    return out


_OTHER_CELL_START = re.compile(rb'<c(?:>| (?!r="))')  # a cell with no attributes, or not r first


@lru_cache(maxsize=64)
def _style_pattern(styles: tuple[int, ...]) -> re.Pattern[bytes]:
    """A regex matching the `` s="…"`` attributes naming one of ``styles``, anywhere."""
    return re.compile(rb' s="(?:' + b"|".join(str(i).encode() for i in styles) + rb')"')


@lru_cache(maxsize=64)
def _cell_pattern(styles: tuple[int, ...]) -> re.Pattern[bytes]:
    """A regex matching only the ``<c r=…>`` tags whose ``s`` is one of ``styles``."""
    ids = b"|".join(str(i).encode() for i in styles)
    return re.compile(rb'<c r="([A-Z]{1,3})([0-9]{1,7})"(?: [a-zA-Z:]+="[^"]*")*? s="(' + ids + rb')"')


def _styled_cells_slow(
    xml: bytes, formats: dict[int, str], name: str, sheet_name: str
) -> dict[tuple[int, int], str]:
    """The same by parsing: for prefixed namespaces or cells without ``r`` attributes."""
    out: dict[tuple[int, int], str] = {}
    row_no, col_no = -1, -1
    try:
        for _event, el in etree.iterparse(
            io.BytesIO(xml),
            events=("start",),
            resolve_entities=False,
            no_network=True,
            load_dtd=False,
            huge_tree=False,
        ):
            local = etree.QName(el).localname
            if local == "row":
                r = el.get("r")
                row_no = int(r) - 1 if r and r.isdigit() else row_no + 1
                col_no = -1
            elif local == "c":
                ref = el.get("r")
                m = re.match(r"([A-Z]{1,3})([0-9]+)$", ref or "")
                if m:
                    col_no, row_no = column_index(m.group(1)), int(m.group(2)) - 1
                else:
                    col_no += 1
                style = el.get("s")
                if style and style.isdigit() and int(style) in formats:
                    out[(row_no, col_no)] = formats[int(style)]
    except etree.XMLSyntaxError as exc:
        raise CorruptFile(
            name, bi(f"工作表 XML 格式错误: {exc}", f"malformed sheet XML: {exc}"), where=sheet_name
        ) from exc
    return out
