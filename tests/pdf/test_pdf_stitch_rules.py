"""The page-break rules on their own: which cells at the top of a page go on from the page before."""

from __future__ import annotations

from collections import Counter

from jixiao.readers.pdf_grid import PageTable
from jixiao.readers.pdf_stitch import Part, PartCell, Stitched, append, block, continues

XS = [0, 60, 120, 240, 300, 340, 400]  # 一级 | 二级 | 三级 | 指标值 | 分值 | 偏差原因


def _part(page: int, rows: list[list[tuple[str, int]]], slack: float = 0.0, cut: bool = False) -> Part:
    """Rows of (text, rowspan) per column; a rowspan of 0 marks a column covered from above."""
    cells = []
    for r, row in enumerate(rows):
        for c, (text, span) in enumerate(row):
            if span:
                cells.append(PartCell(XS[c], XS[c + 1], r, r + span, text, f"p{page}", cut, slack))
    table = PageTable(0, 50 if page > 1 else 500, 400, 700, XS, [], [], [])
    return Part(page, 792, table, cells, len(rows))


def _stitch(first: Part, second: Part) -> list[list[tuple[str, int, int]]]:
    table = Stitched.start(first)
    assert continues(table, second)
    append(table, second, Counter())
    return [[(c.text, c.rowspan, c.colspan) for c in row] for row in block(table).rows]


def test_a_new_row_with_blank_score_columns_is_not_a_split_row() -> None:
    """一级 and 二级 carried over (empty, leading) plus blank 分值/偏差 cells make most of the
    row empty, but the texts above ended well short of their cells' bottoms: a new row."""
    first = _part(
        1,
        [
            [("产出指标", 2), ("数量指标", 2), ("培训人次", 1), ("≥100人次", 1), ("", 1), ("", 1)],
            [("", 0), ("", 0), ("培训合格率", 1), ("≥95%", 1), ("", 1), ("", 1)],
        ],
        slack=3.0,
    )
    second = _part(2, [[("", 1), ("", 1), ("培训天数", 1), ("≥5天", 1), ("", 1), ("", 1)]])
    rows = _stitch(first, second)
    assert rows[0][0] == ("产出指标", 3, 1) and rows[0][1] == ("数量指标", 3, 1)  # carried over
    assert rows[2] == [("培训天数", 1, 1), ("≥5天", 1, 1), ("", 1, 1), ("", 1, 1)]  # its own row


def test_a_row_cut_by_the_page_break_is_one_row() -> None:
    first = _part(
        1,
        [[("产出指标", 1), ("数量指标", 1), ("培训合格", 1), ("≥95%", 1), ("10", 1), ("因疫情部分培训", 1)]],
        slack=0.2,
        cut=True,
    )
    second = _part(2, [[("", 1), ("", 1), ("率", 1), ("", 1), ("", 1), ("改为线上", 1)]])
    assert _stitch(first, second) == [
        [
            ("产出指标", 1, 1),
            ("数量指标", 1, 1),
            ("培训合格率", 1, 1),
            ("≥95%", 1, 1),
            ("10", 1, 1),
            ("因疫情部分培训改为线上", 1, 1),
        ]
    ]


def test_a_repeated_header_row_is_dropped() -> None:
    header = [("一级指标", 1), ("二级指标", 1), ("三级指标", 1), ("指标值", 1), ("分值", 1), ("偏差原因", 1)]
    first = _part(
        1,
        [header, [("产出指标", 1), ("数量指标", 1), ("培训人次", 1), ("≥100人次", 1), ("10", 1), ("", 1)]],
        slack=3.0,
    )
    second = _part(
        2, [header, [("效益指标", 1), ("社会效益指标", 1), ("满意度", 1), ("≥90%", 1), ("10", 1), ("", 1)]]
    )
    rows = _stitch(first, second)
    assert [r[0][0] for r in rows] == ["一级指标", "产出指标", "效益指标"]


def test_empty_cells_under_a_split_row_stay_rows_of_their_own() -> None:
    """A row cut by the page break goes on in the first row of the new page only: the empty
    偏差原因 cells of the rows under it are ruled off from each other, so each is its own
    cell, not the rest of the empty cell above (LibreOffice, dev cases 20 and 38)."""
    first = _part(
        1,
        [[("产出指标", 1), ("成本指标", 1), ("出差单位", 1), ("≤0", 1), ("4", 1), ("", 1)]],
        slack=0.1,
    )
    second = _part(
        2,
        [
            [("", 1), ("", 1), ("成本", 1), ("", 1), ("", 1), ("", 1)],
            [("产出指标", 1), ("成本指标", 1), ("出差总成本", 1), ("≤1", 1), ("4", 1), ("", 1)],
            [("产出指标", 1), ("成本指标", 1), ("办公费总成本", 1), ("≤2", 1), ("4", 1), ("", 1)],
        ],
    )
    rows = _stitch(first, second)
    assert len(rows) == 3
    assert rows[0] == [
        ("产出指标", 1, 1),
        ("成本指标", 1, 1),
        ("出差单位成本", 1, 1),
        ("≤0", 1, 1),
        ("4", 1, 1),
        ("", 1, 1),
    ]
    assert rows[1][-1] == ("", 1, 1) and rows[2][-1] == ("", 1, 1)


def _template_break(room: float, level2: str = "分)") -> list[list[tuple[str, int, int]]]:
    """Page 1 ends with the row 保障人数 (room pt left on its last line); page 2 starts with the
    template row 指标2: (its first word 11pt), under 一级/二级 cells whose text runs over."""
    first = _part(1, [[("产出指标(30", 1), ("数量指标(10", 1), ("保障人数", 1), ("10", 1), ("", 1), ("", 1)]])
    first.cells[2].room = room
    first.cells[1].room = 5.0  # 数量指标(10 filled its last line
    second = _part(
        2,
        [
            [("分)", 2), (level2, 1), ("指标2:", 1), ("", 1), ("", 1), ("", 1)],
            [("", 0), ("质量指标", 1), ("公用经费标准", 1), ("5", 1), ("5", 1), ("", 1)],
        ],
    )
    for c in second.cells:
        c.lead = 11.0 if c.text else 0.0
    table = Stitched.start(first)
    assert continues(table, second)
    append(table, second, Counter({"指标2:": 3}))  # the form prints 指标2: in other rows too
    return [[(c.text, c.rowspan, c.colspan) for c in row] for row in block(table).rows]


def test_a_template_row_at_the_top_of_a_page_is_a_row_of_its_own() -> None:
    """保障人数 had room for 指 on its last line, and 指标2: is a text the form repeats: the
    text above ended at the break, 指标2: starts a new row.  The 一级/二级 names go on (their
    brackets close on the new page) — dev case 24."""
    assert _template_break(room=32.0) == [
        [
            ("产出指标(30分)", 3, 1),
            ("数量指标(10分)", 2, 1),
            ("保障人数", 1, 1),
            ("10", 1, 1),
            ("", 1, 1),
            ("", 1, 1),
        ],
        [("指标2:", 1, 1), ("", 1, 1), ("", 1, 1), ("", 1, 1)],
        [("质量指标", 1, 1), ("公用经费标准", 1, 1), ("5", 1, 1), ("5", 1, 1), ("", 1, 1)],
    ]


def test_a_name_cut_at_a_full_line_goes_on_in_the_row_the_break_split() -> None:
    """The same page break with the last line above filled to the cell's edge: the break may
    have cut the name, so the mostly empty first row is the rest of the row above."""
    rows = _template_break(room=2.0)
    assert rows[0][2] == ("保障人数指标2:", 1, 1) and len(rows) == 2


def test_a_name_whose_bracket_ocr_lost_goes_on_when_it_was_cut() -> None:
    """A scan's OCR read the 二级 piece as ``分`` (its ``)`` lost): the bracket left open above,
    a last line filled to the cell's edge and to its bottom still say the name goes on."""
    rows = _template_break(room=32.0, level2="分")
    assert rows[0][:3] == [("产出指标(30分)", 3, 1), ("数量指标(10分", 2, 1), ("保障人数", 1, 1)]
    assert rows[1][0] == ("指标2:", 1, 1)
