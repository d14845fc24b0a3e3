"""Word writer (python-docx): A4, 宋体 East Asian font, real merged cells, borders.

Merges are written as Word does (``w:gridSpan`` across, ``w:vMerge`` restart/continue
down), the XML that python-docx's ``cell.merge`` produces; writing the rows directly keeps
large tables fast.  Rows never split across pages (``w:cantSplit``).  Word repeats only
a table's *top* rows on later pages, and the indicator header of these forms sits in the
middle of the table, so the first row (the unit line or 项目名称) is the one repeated.
"""

from __future__ import annotations

import io
from typing import Any

from docx import Document as WordDocument
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt
from docx.table import _Cell

from .layout import Form, FormCell

EAST_ASIA_FONT = "宋体"
LATIN_FONT = "Times New Roman"
TITLE_PT = 16  # 三号
BODY_PT = 10.5  # 五号


def _set_fonts(rpr_owner: Any, east_asia: str = EAST_ASIA_FONT, latin: str = LATIN_FONT) -> None:
    """Set w:rFonts (ascii, hAnsi, eastAsia) on a style's or run's rPr."""
    rpr = rpr_owner.get_or_add_rPr()
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        rpr.insert(0, fonts)
    for attr, value in (("w:ascii", latin), ("w:hAnsi", latin), ("w:eastAsia", east_asia), ("w:cs", latin)):
        fonts.set(qn(attr), value)


def _el(tag: str, **attrs: str) -> Any:  # OxmlElement is typed as lxml's _Element, returns CT_* objects
    el = OxmlElement(tag)
    for k, v in attrs.items():
        el.set(qn(f"w:{k}"), v)
    return el


def _table_properties(tbl: Any, widths_twips: list[int]) -> None:
    tblPr = tbl.tblPr
    for child in list(tblPr):
        if child.tag != qn("w:tblStyle"):
            tblPr.remove(child)
    tblPr.append(_el("w:tblW", w=str(sum(widths_twips)), type="dxa"))
    tblPr.append(_el("w:jc", val="center"))
    borders = _el("w:tblBorders")
    for side in ("top", "left", "bottom", "right", "insideH", "insideV"):
        borders.append(_el(f"w:{side}", val="single", sz="4", space="0", color="000000"))
    tblPr.append(borders)
    tblPr.append(_el("w:tblLayout", type="fixed"))
    margins = _el("w:tblCellMar")
    for side, w in (("top", "30"), ("left", "60"), ("bottom", "30"), ("right", "60")):
        margins.append(_el(f"w:{side}", w=w, type="dxa"))
    tblPr.append(margins)
    grid = tbl.tblGrid
    for col in list(grid):
        grid.remove(col)
    for width in widths_twips:
        grid.append(_el("w:gridCol", w=str(width)))


def _tc(width: int, colspan: int, vmerge: str | None) -> Any:  # a CT_Tc
    tc = OxmlElement("w:tc")
    pr = OxmlElement("w:tcPr")
    pr.append(_el("w:tcW", w=str(width), type="dxa"))
    if colspan > 1:
        pr.append(_el("w:gridSpan", val=str(colspan)))
    if vmerge == "restart":
        pr.append(_el("w:vMerge", val="restart"))
    elif vmerge == "continue":
        pr.append(OxmlElement("w:vMerge"))
    pr.append(_el("w:vAlign", val="center"))
    tc.append(pr)
    tc.append(OxmlElement("w:p"))
    return tc


def _fill(cell: _Cell, fc: FormCell) -> None:
    lines = fc.text.split("\n") if fc.text else [""]
    align = WD_ALIGN_PARAGRAPH.LEFT if fc.role == "text" else WD_ALIGN_PARAGRAPH.CENTER
    if fc.number is not None:
        align = WD_ALIGN_PARAGRAPH.RIGHT
    for k, line in enumerate(lines):
        para = cell.paragraphs[0] if k == 0 else cell.add_paragraph()
        para.alignment = align
        para.paragraph_format.space_before = Pt(0)
        para.paragraph_format.space_after = Pt(0)
        if line:
            run = para.add_run(line)
            run.font.size = Pt(BODY_PT)
            if fc.role == "head":
                run.bold = True


def _add_table(doc: Any, form: Form, usable_twips: int) -> None:
    total = sum(form.widths) or 1.0
    widths = [max(200, int(usable_twips * w / total)) for w in form.widths]
    table = doc.add_table(rows=0, cols=form.ncols)
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    tbl = table._tbl
    _table_properties(tbl, widths)
    starts: dict[tuple[int, int], FormCell] = {}
    below: dict[tuple[int, int], FormCell] = {}  # positions continuing a vertical merge (left column)
    covered: set[tuple[int, int]] = set()
    for r, c, cell in form.placed():
        starts[(r, c)] = cell
        for dr in range(cell.rowspan):
            for dc in range(cell.colspan):
                covered.add((r + dr, c + dc))
            if dr:
                below[(r + dr, c)] = cell
    for r in range(len(form.rows)):
        tr = OxmlElement("w:tr")
        trPr = OxmlElement("w:trPr")
        trPr.append(OxmlElement("w:cantSplit"))
        if r == 0:
            trPr.append(OxmlElement("w:tblHeader"))
        tr.append(trPr)
        c = 0
        while c < form.ncols:
            if (r, c) in starts:
                fc = starts[(r, c)]
                tc = _tc(sum(widths[c : c + fc.colspan]), fc.colspan, "restart" if fc.rowspan > 1 else None)
                tr.append(tc)
                _fill(_Cell(tc, table), fc)
                c += fc.colspan
            elif (r, c) in below:
                fc = below[(r, c)]
                tr.append(_tc(sum(widths[c : c + fc.colspan]), fc.colspan, "continue"))
                c += fc.colspan
            else:  # a hole in the layout: keep the grid rectangular
                tr.append(_tc(widths[c], 1, None))
                c += 1
        tbl.append(tr)


def _paragraph(doc: Any, text: str, size: float, bold: bool, page_break: bool) -> None:
    para = doc.add_paragraph()
    para.alignment = WD_ALIGN_PARAGRAPH.CENTER
    para.paragraph_format.page_break_before = page_break
    para.paragraph_format.space_after = Pt(4)
    if text:
        run = para.add_run(text)
        run.font.size = Pt(size)
        run.bold = bold
        _set_fonts(run._r, "黑体" if bold else EAST_ASIA_FONT)


def render_docx(forms: list[Form], title: str = "绩效目标表") -> bytes:
    """The forms as a .docx: each form on its own page, title, year line, one table."""
    doc = WordDocument()
    doc.core_properties.title = title
    normal = doc.styles["Normal"]
    normal.font.size = Pt(BODY_PT)
    _set_fonts(normal.element)
    section = doc.sections[0]
    wide = any(f.ncols > 9 for f in forms)
    section.orientation = WD_ORIENT.LANDSCAPE if wide else WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = (Mm(297), Mm(210)) if wide else (Mm(210), Mm(297))
    section.top_margin = section.bottom_margin = Mm(25)
    section.left_margin = section.right_margin = Mm(20)
    usable = int((section.page_width - section.left_margin - section.right_margin) / 635)  # EMU → twips
    for k, form in enumerate(forms):
        heads = ([(form.title, TITLE_PT, True)] if form.title else []) + [
            (x, BODY_PT + 1, False) for x in form.lines
        ]
        if not heads and k:
            heads = [("", BODY_PT, False)]
        for j, (text, size, bold) in enumerate(heads):
            _paragraph(doc, text, size, bold, page_break=bool(k) and j == 0)
        _add_table(doc, form, usable)
    # python-docx starts with one empty paragraph; drop it when the body begins with ours
    body = doc.element.body
    first = body[0]
    if first.tag == qn("w:p") and not first.xpath(".//w:t") and len(body) > 2:
        body.remove(first)
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()
