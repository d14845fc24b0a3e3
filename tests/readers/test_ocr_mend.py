"""The steps of the scan path after (or instead of) OCR, on small inputs: no OCR runs here.

A lone comparison mark told by its shape (readers/scan.py :func:`lone_mark`), bracket pairs set
right once a cell is whole (readers/ocr.py :func:`pair_brackets`, :func:`mend`), and what the
assembler forgives of OCR (a money unit's closing bracket lost at a line's end).  Their effect
on whole scans is in tests/ingest/test_corpus_scans.py.
"""

from __future__ import annotations

import cv2
import numpy as np
import pytest

from jixiao.assemble.fields import money_unit_of, split_goals
from jixiao.blocks import Block, Cell, TableBlock
from jixiao.readers import ocr, scan


def _ink(draw: str, size: int = 30) -> np.ndarray:
    """A mark drawn as a 10.5 pt one prints at 200 dpi (about 19 × 17 pixels), ink non-zero."""
    img = np.zeros((size, size), np.uint8)
    if draw in ("≥", "≤"):
        tip, ends = (24, 5) if draw == "≥" else (5, 24)
        cv2.line(img, (ends, 5), (tip, 11), 255, 2)
        cv2.line(img, (tip, 11), (ends, 17), 255, 2)
        cv2.line(img, (5, 22), (24, 22), 255, 2)
    elif draw == "=":
        cv2.line(img, (5, 10), (24, 10), 255, 2)
        cv2.line(img, (5, 18), (24, 18), 255, 2)
    elif draw == "一":
        cv2.line(img, (3, 14), (26, 14), 255, 2)
    elif draw == "二":  # two bars of unequal width: a character, not a mark
        cv2.line(img, (9, 9), (20, 9), 255, 2)
        cv2.line(img, (3, 20), (26, 20), 255, 2)
    elif draw == "N":
        cv2.putText(img, "N", (4, 24), cv2.FONT_HERSHEY_SIMPLEX, 0.8, 255, 2)
    ys, xs = np.nonzero(img)
    return img[ys.min() : ys.max() + 1, xs.min() : xs.max() + 1]


@pytest.mark.parametrize("mark", ["≥", "≤", "="])
def test_a_lone_comparison_mark_is_told_by_its_shape(mark: str) -> None:
    assert scan.lone_mark(_ink(mark)) == mark


@pytest.mark.parametrize("other", ["一", "二", "N"])
def test_other_ink_is_left_to_the_recogniser(other: str) -> None:
    assert scan.lone_mark(_ink(other)) is None


def test_a_speck_beside_the_mark_does_not_hide_it() -> None:
    ink = np.pad(_ink("≥"), 3)
    ink[0, 0] = 255  # a speck of the scan: too small to be a stroke
    assert scan.lone_mark(ink) == "≥"


@pytest.mark.parametrize(
    ("read", "printed"),
    [
        ("足额保障率(参保率）", "足额保障率(参保率)"),  # the closing one at the start of the next line's box
        ("足额保障率（参保率)", "足额保障率(参保率)"),
        ("络与安全硬件购置（国产）", "络与安全硬件购置（国产）"),  # printed full-width: both read so
        ("县(市、区)的覆盖率", "县(市、区)的覆盖率"),
        ("（一(二）", "（一(二)"),  # pairs nest: each settles with its own partner
        ("率（参", "率（参"),  # an unclosed bracket has no partner to follow
    ],
)
def test_a_bracket_pair_read_with_two_widths_is_made_half_width(read: str, printed: str) -> None:
    assert ocr.pair_brackets(read) == printed


def test_mend_sets_only_the_cells_ocr_read() -> None:
    typed, scanned = Cell("率(参保率）"), Cell("率(参保率）", confidence=0.93)
    blocks: list[Block] = [TableBlock([[typed, scanned]])]
    ocr.mend(blocks)
    assert (typed.text, scanned.text) == ("率(参保率）", "率(参保率)")


@pytest.mark.parametrize(
    ("label", "unit"),
    [
        ("项目资金（万元", "万元"),
        ("项目资金(万元)", "万元"),
        ("项目资金（万元）", "万元"),
        ("年度预算数（元", "元"),
    ],
)
def test_a_money_unit_whose_closing_bracket_ocr_lost_is_still_the_unit(label: str, unit: str) -> None:
    assert money_unit_of(label) == unit


def test_a_bracket_that_goes_on_is_not_a_money_unit() -> None:
    assert money_unit_of("其中（万元以上部分）") is None


def test_a_goal_list_a_scan_joined_without_spaces_still_splits_at_its_goal_numbers() -> None:
    # the text layer has a space at each line's end; OCR sees none, so 目标2 follows 8人 directly
    joined = "达成以下目标:目标1:聘用人员1人,出差8人目标2:聘用人员在岗率100%目标3:2021年12月31日前完成"
    assert split_goals(joined) == [
        "达成以下目标:",
        "聘用人员1人,出差8人",
        "聘用人员在岗率100%",
        "2021年12月31日前完成",
    ]


def test_a_numbered_list_a_scan_joined_splits_where_the_numbers_count_on() -> None:
    joined = "1、改善果园路建设2公里、寨山石坪果园路2公里2、水泥路硬化路面、边沟3、极大的改善"
    assert split_goals(joined) == [
        "改善果园路建设2公里、寨山石坪果园路2公里",
        "水泥路硬化路面、边沟",
        "极大的改善",
    ]


@pytest.mark.parametrize(
    ("text", "goals"),
    [
        ("完成年度目标1:5亿元", ["完成年度目标1:5亿元"]),
        ("目标1:人数达标目标3:未列", ["人数达标目标3:未列"]),  # 3 does not count on from 1
        ("1、完成任务2、3项", ["完成任务2、3项"]),  # numbers listed (2、3), not a goal
        ("第1、2项完成", ["第1、2项完成"]),
    ],
)
def test_a_goal_number_inside_the_text_is_not_a_new_goal(text: str, goals: list[str]) -> None:
    # glued to the text before it, 目标N: starts a goal only when it counts on from the one before
    assert split_goals(text) == goals


def test_a_degree_sign_after_chinese_is_the_full_stop_ocr_misread() -> None:
    assert ocr._stops(["以", "上", "°"]) == ["以", "上", "。"]
    assert ocr._stops(["3", "7", "°", "C"]) == ["3", "7", "°", "C"]  # after a number it is a degree
