"""Rulings → cells → merged cells, and the text of a wrapped cell, on small drawn examples."""

from __future__ import annotations

from jixiao.blocks import Paragraph, TableBlock
from jixiao.readers import read_blocks
from jixiao.readers.pdf_grid import find_tables, join_lines, line_text, lines_of

from . import make


def _grid(hs, vs):
    return [
        sorted((round(c.x0), round(c.y0), round(c.x1), round(c.y1)) for c in t.cells)
        for t in find_tables(hs, vs)
    ]


def test_merged_cells_from_missing_rulings() -> None:
    # 3×3 grid (y down): row 0 has cols 1–2 merged; col 0 has rows 1–2 merged
    hs = [(0, 0, 300), (20, 0, 300), (40, 100, 300), (60, 0, 300)]
    vs = [(0, 0, 60), (100, 0, 60), (200, 20, 60), (300, 0, 60)]
    assert _grid(hs, vs) == [
        [
            (0, 0, 100, 20),
            (0, 20, 100, 60),
            (100, 0, 300, 20),
            (100, 20, 200, 40),
            (100, 40, 200, 60),
            (200, 20, 300, 40),
            (200, 40, 300, 60),
        ]
    ]


def test_per_cell_segments_are_merged_into_lines() -> None:
    """Word draws one short segment per cell edge; they make the same table as long lines."""
    hs = [(y, x, x + 100) for y in (0, 20, 40) for x in (0, 100)]
    vs = [(x, y, y + 20) for x in (0, 100, 200) for y in (0, 20)]
    assert _grid(hs, vs) == [[(0, 0, 100, 20), (0, 20, 100, 40), (100, 0, 200, 20), (100, 20, 200, 40)]]


def test_separate_tables_and_stray_lines() -> None:
    hs = [(0, 0, 100), (20, 0, 100), (100, 0, 100), (120, 0, 100), (200, 0, 300)]  # the last: an underline
    vs = [(0, 0, 20), (100, 0, 20), (0, 100, 120), (100, 100, 120)]
    assert _grid(hs, vs) == [[(0, 0, 100, 20)], [(0, 100, 100, 120)]]


def test_table_without_outer_side_borders() -> None:
    """Open left and right sides (only inner verticals drawn) still end where the rules end."""
    hs = [(0, 0, 300), (20, 0, 300), (40, 0, 300)]
    vs = [(100, 0, 40), (200, 0, 40)]
    cells = _grid(hs, vs)[0]
    assert (0, 0, 100, 20) in cells and (200, 20, 300, 40) in cells and len(cells) == 6


def test_cjk_lines_join_without_space_latin_with() -> None:
    assert join_lines(["服务对象满", "意度指标"]) == "服务对象满意度指标"
    assert join_lines(["annual", "target"]) == "annual target"
    assert join_lines(["8,82", "7,620.53"], [True, False]) == "8,827,620.53"  # a full line broke a number
    assert join_lines(["number 1", "is reviewed"], [False, False]) == "number 1 is reviewed"
    assert join_lines(["≥95", "%"], [True, False]) == "≥95%"


def test_glyphs_to_lines_and_spaces() -> None:
    glyphs = [
        ("单", 10, 0, 20, 10),
        ("位", 20, 0, 30, 10),
        ("万", 60, 0, 70, 10),  # a gap: a space
        ("元", 70, 0.5, 80, 10.5),
        ("第", 10, 14, 20, 24),
    ]
    lines = lines_of(glyphs)
    assert [line_text(line) for line in lines] == ["单位 万元", "第"]


def _rules(xs_full, xs_lower, ys, t=0.75):
    top, bottom = max(ys), min(ys)
    rules = [(min(xs_full), y - t / 2, max(xs_full), y + t / 2) for y in ys]
    rules += [(x - t / 2, bottom, x + t / 2, top) for x in xs_full]
    rules += [(x - t / 2, bottom, x + t / 2, sorted(ys)[-2]) for x in xs_lower]
    return rules


def test_thin_filled_rectangles_are_rulings() -> None:
    """Word and Chrome draw borders as thin filled rectangles, not stroked lines."""
    rules = _rules([72, 200, 460], [330], [700, 680, 660, 640])
    cells = [
        ("Item", 76, 686),
        ("Annual target", 204, 686),
        ("Name", 76, 666),
        ("Value", 204, 666),
        ("Unit", 334, 666),
        ("Cost", 76, 646),
        ("<= 90", 204, 646),
        ("10k yuan", 334, 646),
    ]
    data = make.filled_rule_grid(cells, rules)
    blocks = read_blocks("filled.pdf", data=data, name="filled.pdf")[1]
    assert len(blocks) == 1 and isinstance(blocks[0], TableBlock)
    assert [[(c.text, c.rowspan, c.colspan) for c in row] for row in blocks[0].rows] == [
        [("Item", 1, 1), ("Annual target", 1, 2)],
        [("Name", 1, 1), ("Value", 1, 1), ("Unit", 1, 1)],
        [("Cost", 1, 1), ("<= 90", 1, 1), ("10k yuan", 1, 1)],
    ]


def test_text_outside_tables_is_paragraphs_in_reading_order() -> None:
    rules = _rules([72, 200, 460], [], [700, 680])
    cells = [
        ("Title of the form", 72, 730),
        ("Cell", 76, 686),
        ("Other", 204, 686),
        ("Signed: Zhang San", 72, 600),
    ]
    blocks = read_blocks("p.pdf", data=make.filled_rule_grid(cells, rules), name="p.pdf")[1]
    assert [type(b) for b in blocks] == [Paragraph, TableBlock, Paragraph]
    assert blocks[0].text == "Title of the form" and blocks[2].text == "Signed: Zhang San"


def _typed(text: str, x: float, y: float) -> list[tuple[str, float, float, float, float]]:
    """Glyph boxes of one printed line: CJK 10pt wide, everything else 5pt."""
    out = []
    for ch in text:
        w = 10.0 if ch > "\u2e80" else 5.0
        out.append((ch, x, y, x + w, y + 10))
        x += w
    return out


def test_a_line_wraps_when_the_next_lines_first_word_did_not_fit() -> None:
    """The right margin is measured on the page (the longest line ends at 400).  A line ending
    20pt short of it was still wrapped when the next line starts with a 20pt number (``2023``
    cannot be split); a line ending 15pt short, followed by a CJK character that would have
    fitted (10pt), ended its paragraph; a CJK character with the comma that may not start a
    line (20pt) did not fit.  Every next line starts at the left margin."""
    from jixiao.readers.pdf_layout import page_items
    from jixiao.readers.pdf_page import PageContent

    chars = _typed("甲" * 40, 0, 0)  # 0 → 400: the right margin
    chars += _typed("乙" * 10, 0, 13)  # wrapped from the line above; ends short: a paragraph ends
    chars += _typed("丙" * 37 + "为", 0, 26)  # ends at 380
    chars += _typed("2023年12月前,完成", 0, 39)  # its first word did not fit: one paragraph
    chars += _typed("丁" * 37 + "为,", 0, 65)  # ends at 385
    chars += _typed("戊" * 5, 0, 78)  # 戊 would have fitted: a new paragraph
    chars += _typed("己" * 38, 0, 104)  # ends at 380
    chars += _typed("庚，辛", 0, 117)  # ， may not start a line: 庚， went down together
    page = PageContent(1, 400, 800, 0, chars=chars)
    assert [it.text for it in page_items(page)] == [
        "甲" * 40 + "乙" * 10,
        "丙" * 37 + "为2023年12月前,完成",
        "丁" * 37 + "为,",
        "戊" * 5,
        "己" * 38 + "庚，辛",
    ]
