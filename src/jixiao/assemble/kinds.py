"""What a cell could head (表头类别): by its spelling in the vocabulary, then by meaning.

Asked of every cell once (cached per distinct text): a row's detectors — the indicator grid's
header, the money grid's, the goals' sub-header, the cost block — need only be asked when one of
its cells could answer them (:func:`text_kinds`).  The spellings are vocabulary.py's tables; a
text not spelled there is scored by meaning.py.
"""

from __future__ import annotations

import re
from functools import lru_cache

from .meaning import meaning
from .vocabulary import FORMULA, FUNDS_COLUMNS, GOAL_COLUMNS, label_key, month_range, unnumbered

_GRID_HINT = re.compile(r"(?:[一二三]级指标|指标内容|指标名称|具体指标|指标性质|计算符号)")


# What a cell could head (a bit each, :func:`text_kinds`): a row's detectors need only be asked
# when one of its cells could answer them.
GRID_HEAD = 1  # an indicator grid header (grid.detect_header)
FUNDS_HEAD = 2  # a money-grid column (funds.detect_header)
GOAL_HEAD = 4  # a goals sub-header (Assembler.detect_goals)
COST_HEAD = 8  # a cost block (Assembler.detect_cost)
COST_LABEL = "项目预算成本构成"


def text_kinds(text: str) -> int:
    """The :data:`GRID_HEAD` … :data:`COST_HEAD` bits a cell's text could be (asked of every
    distinct cell once, with the row stream).

    An ASCII text (a number, a date, a code) heads nothing and is answered at once: every
    spelling the bits are found by holds a Chinese character, and folding an ASCII text (NFKC,
    pinyin, OpenCC, which changes no ASCII character) never gives one
    (``tests/ingest/test_text_kinds.py`` holds the vocabulary to that).  A first file's numbers
    are ~a quarter of its distinct texts."""
    return 0 if text.isascii() else spelled_kinds(text)


@lru_cache(maxsize=1 << 14)
def spelled_kinds(text: str) -> int:
    """:func:`text_kinds` worked out from the vocabulary and meaning.py (cached)."""
    key = label_key(text)
    kinds = GRID_HEAD if _GRID_HINT.match(key) is not None or _grid_head_by_meaning(text) else 0
    if funds_column(text) is not None:
        kinds |= FUNDS_HEAD
    if goal_role(key) is not None:
        kinds |= GOAL_HEAD
    if key == COST_LABEL or unnumbered(key) == COST_LABEL:
        kinds |= COST_HEAD
    return kinds


@lru_cache(maxsize=1 << 14)
def goal_role(key: str) -> str | None:
    """A goal sub-header (label_key'd) → its role; ``中期滚动目标(2024--2026)`` → "period"; else by
    meaning (``项目总目标``, meaning.py) (cached)."""
    role = GOAL_COLUMNS.get(key) or GOAL_COLUMNS.get(key.split("(")[0])
    if role is None and key:
        role = meaning("goal", key).role
    return role


@lru_cache(maxsize=1 << 14)
def funds_column(text: str) -> str | None:
    """A money-grid column header → its role (cached: asked of every cell)."""
    key = month_range(label_key(FORMULA.sub("", text)))
    role = FUNDS_COLUMNS.get(key)
    if role is None:
        base = key.split("(")[0]
        if base in FUNDS_COLUMNS and base not in ("分值", "权重", "得分"):
            role = FUNDS_COLUMNS[base]
    if role is None and key:
        role = meaning("funds_column", text).role  # 年初预匏数, 执行率权重
    return role


def _grid_head_by_meaning(text: str) -> bool:
    """A cell that means a 一级/二级/三级 column (``一级``, ``评价内容``, meaning.py)."""
    return meaning("column", text).role in ("level1", "level2", "name")
