"""Choosing tables (选表): which of a document's tables hold performance targets.

A published file often prints other tables beside the target table: the allocation of the
money to towns or villages (序号 | 乡镇 | 金额), a budget-detail list (项目 | 金额 | 测算依据).
Read as a header block, such a list gives a project named 金额.  :func:`context_table` tells
them apart by content before a row of theirs is read:

- nothing in it speaks of performance: no grid, money-grid or goal header, no 一级/二级 level
  name, no 绩效/指标/目标 word, no title;
- it is a list: a first row of column labels, then at least two rows, one column of which
  holds amounts in most of them;
- its rows are not label | value pairs: their first cells are no labels of the header block.

Such a table is kept as context (a JX925 warning names it), never read as targets.  The test
stops at the first cell that speaks of performance, so a target table costs a look-up or two.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from ..blocks import Cell
from ..script import fold_script
from ..values import BLANKS, normalize_text, parse_amount
from .content import level_category
from .fields import is_title
from .header import field_of, split_inline_pairs
from .kinds import text_kinds
from .meaning import meaning
from .vocabulary import half_width, label_key

_PERFORMANCE = re.compile(r"绩效|指标|目标|自评|评价")
_SPACES = re.compile(r"\s+")  # 年 度 目 标, spaced to fill its cell


def context_table(head: list[str], lines: Sequence[Sequence[Cell | None]]) -> str | None:
    """The column labels of a table that is context, not targets (``序号 | 乡镇 | 金额``), or None.

    ``head`` is the texts of the table's first row of two or more texts (a caption or a 单位：万元
    line above it is no header), ``lines`` the lines below it.  Asked of every table: the cheap
    tests of shape come first (a header of short labels, then rows with amounts in one column),
    the look at every cell last."""
    if len(head) < 2 or len(lines) < 2 or not all(_label_like(t) for t in head):
        return None
    rows = [_texts(line) for line in lines]
    data = [r for r in rows if any(r)]
    if len(data) < 2:
        return None
    width = max(len(r) for r in data)
    amounts = max(
        (sum(1 for r in data if c < len(r) and parse_amount(r[c]) is not None) for c in range(width)),
        default=0,
    )
    if amounts < 0.6 * len(data):
        return None
    labelled = sum(1 for r in data if any(_is_label(t) for t in r[:2]))
    if labelled > 0.2 * len(data):
        return None  # label | value rows (a money part: 收入构成 | 财政拨款 | 900): a header block's
    if any(_speaks_of_performance(t) for r in [head, *rows] for t in r if t):
        return None
    return " | ".join(head)


def _texts(line: Sequence[Cell | None]) -> list[str]:
    """A line's distinct cells' texts, whitespace collapsed, blanks as ""."""
    out: list[str] = []
    last: Cell | None = None
    for cell in line:
        if cell is None or cell is last:
            continue
        last = cell
        text = normalize_text(cell.text)
        out.append("" if text in BLANKS else text)
    return out


def _is_label(text: str) -> bool:
    """A label of the header block or a section of it (项目名称, 财政拨款, 收入构成), alone or
    with its value in the same cell (``项 目 名 称：某项目``)."""
    if not text:
        return False
    key = label_key(split_inline_pairs([text])[0])
    return field_of(key) is not None or meaning("section", key).role is not None


def _label_like(text: str) -> bool:
    """A column label: short, no figure before a bracket, and no ``label：value`` pair."""
    return (
        bool(text)
        and len(text) <= 20
        and not any(c.isdigit() for c in text.split("(")[0])
        and len(split_inline_pairs([text])) == 1
    )


def _speaks_of_performance(text: str) -> bool:
    if text_kinds(text) or is_title(text):
        return True
    if len(text) <= 30 and level_category(text) != (None, None):
        return True
    return _PERFORMANCE.search(_SPACES.sub("", fold_script(half_width(text)))) is not None
