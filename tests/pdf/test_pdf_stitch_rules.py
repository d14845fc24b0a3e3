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


def _goal_break(cut: bool) -> list[list[tuple[str, int, int]]]:
    """Columns 项目名称 | 年度目标 | 一级 | 二级 | 三级 | 指标值: a project's name and its goal merged over
    its rows, the page break cutting both; only the goal had text left for the new page, where a
    new indicator row starts beside it."""
    first = _part(
        1,
        [
            [
                ("基层组织活动经费", 2),
                ("包括必要的办公用品费", 2),
                ("满意度指标", 1),
                ("服务对象满意度", 1),
                ("群众满意度", 1),
                ("≥95%", 1),
            ],
            [("", 0), ("", 0), ("效益指标", 1), ("经济效益指标", 1), ("集体经济发展", 1), ("≥95%", 1)],
        ],
        slack=3.0,
    )
    first.cells[1].cut, first.cells[1].slack = cut, 0.1  # the goal fills its piece to the bottom
    second = _part(
        2,
        [
            [
                ("", 2),
                ("村社区办公经费等。", 2),
                ("效益指标", 1),
                ("可持续影响指标", 1),
                ("可持续发展", 1),
                ("≥95%", 1),
            ],
            [("", 0), ("", 0), ("产出指标", 1), ("质量指标", 1), ("正常运转", 1), ("≥95%", 1)],
        ],
        slack=3.0,
    )
    return _stitch(first, second)


def test_a_goal_merged_beside_a_carried_over_name_goes_on() -> None:
    """The goal's piece on the new page spans the same rows as the name's empty piece carried over,
    as they did on the page before, and the text above was cut at its bottom: one merged cell
    (a repeated header moved the page break into a project's rows; found printing dev case 03's
    perturbed pages to PDF, tests/robust/test_formats.py)."""
    rows = _goal_break(cut=True)
    assert rows[0][:2] == [("基层组织活动经费", 4, 1), ("包括必要的办公用品费村社区办公经费等。", 4, 1)]
    assert [r[0][0] for r in rows[1:]] == ["效益指标", "效益指标", "产出指标"]


def test_a_goal_that_ended_above_the_break_is_a_cell_of_its_own() -> None:
    """The same pages with the goal's text ending short of its cell's bottom: the text on the new
    page is another cell's."""
    rows = _goal_break(cut=False)
    assert rows[0][1] == ("包括必要的办公用品费", 2, 1)
    assert rows[2][0] == ("村社区办公经费等。", 2, 1)


def test_a_name_beside_blank_cells_of_one_row_is_a_cell_of_its_own() -> None:
    """Blank 一级 and 二级 cells of one row each on both pages (a form printed unmerged) do not make
    the name cut at the bottom above and the name below one merged cell: 指标14 and 指标15 stay
    two rows (dev case 34 printed unmerged, then to PDF)."""
    first = _part(
        1, [[("", 1), ("", 1), ("指标14:早孕建册数", 1), ("120人", 1), ("2", 1), ("1", 1)]], slack=3.0
    )
    first.cells[2].cut, first.cells[2].slack = True, 0.0
    second = _part(2, [[("", 1), ("", 1), ("指标15:老年人体检数", 1), ("5662人", 1), ("2", 1), ("1.4", 1)]])
    rows = _stitch(first, second)
    assert [r[-4][0] for r in rows] == ["指标14:早孕建册数", "指标15:老年人体检数"]


def _row_break(room: float) -> list[list[tuple[str, int, int]]]:
    """Page 1 ends with a row whose texts reach their cells' bottoms with ``room`` pt left on their
    last lines (each line holds three characters of 11 pt); page 2 starts with the rest of them."""
    first = _part(
        1, [[("满意度", 1), ("服务对", 1), ("", 1), ("学生、", 1), ("≥90%", 1), ("", 1)]], slack=0.1
    )
    for c in first.cells:
        c.room = room if c.text else 0.0
    second = _part(
        2, [[("指标", 1), ("象满意度指标", 1), ("", 1), ("家长、社会满意度", 1), ("", 1), ("", 1)]]
    )
    for c in second.cells:
        c.lead = 11.0 if c.text else 0.0
    return _stitch(first, second)


def test_a_row_whose_next_words_would_not_have_fitted_is_one_row() -> None:
    """10 pt left on each last line and 11 pt first words below: the lines were full, the page break
    cut the row (the glyph estimate alone, 0.8 of a glyph, called them not full; dev cases 12 and 24
    printed to PDF with the break moved by a 备注 column or a missing title)."""
    rows = _row_break(room=10.0)
    assert len(rows) == 1
    assert [c[0] for c in rows[0][:4]] == ["满意度指标", "服务对象满意度指标", "", "学生、家长、社会满意度"]


def test_a_row_with_room_for_the_next_words_ended_above_the_break() -> None:
    rows = _row_break(room=14.0)
    assert len(rows) == 2 and rows[1][0] == ("指标", 1, 1)
