"""Columns by content (按内容识别列): what a cell holds, and what a column of such cells is.

Where a grid's header is missing, unknown or only fuzzily understood, its columns get roles
from what they hold:

- a *target* looks like ``≥95%``, ``=8个``, ``1座`` or ``及时``;
- a *comparator* column holds ≥ ≤ = (or 大于等于 …), a *direction* column 正向/反向, a *kind*
  column 定量/定性;
- a *unit* column holds 个, %, 万元 …;
- a *level* column holds 一级/二级 names (产出指标, 数量值, 產出目標 …: :func:`level_category`);
- a *score* column holds small numbers.

:func:`cell_kind` tells a cell (cached per text); :func:`profile` counts a column's cells;
:func:`content_roles` scores each column for each role.  The grid (grid.py) combines these with
the header's evidence.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import lru_cache

from ..blocks import Cell
from ..script import fold_script
from ..taxonomy import categorize
from ..values import (
    BLANKS,
    comparator,
    normalize_text,
    parse_amount,
    parse_value,
    starts_like_value,
    unit_dimension,
)
from .meaning import header_key

# What a cell holds (a bit each).
BLANK = 1
COMPARATOR = 2  # ≥ / 大于等于 / = alone
DIRECTION = 4  # 正向 / 反向 (指标)
KIND = 8  # 定量 / 定性 (指标)
UNIT = 16  # 个 / % / 万元 / 万亩 alone
VALUE = 32  # a target: ≥95%, =8个, 1座 (a number with a comparator or a unit)
NUMBER = 64  # a bare number
SMALL = 128  # a bare number 0..100 (a weight or a score)
WORDS = 256  # a short text without digits (及时, 合格, or a name)
TEXT = 512  # a longer text
LEVEL1 = 1024  # a 一级 name
LEVEL2 = 2048  # a 二级 name
PLACEHOLDER = 4096  # a template row's name: 指标1 / 指标2: / ……

_DIRECTIONS = {"正向": "positive", "反向": "negative", "逆向": "negative", "正": "positive", "反": "negative"}
_KINDS = {"定量", "定性"}
_PLACEHOLDER = re.compile(
    r"^(?:(?:三级)?指标|目标|内容)\s*[0-9０-９一二三四五六七八九十LlIi|]{0,2}\s*[:：.．、]?$|^[.…。·]{2,}$"
)
_UNIT_PREFIX = re.compile(r"^[万千百亿]")
_SUFFIXES = (("目标", "指标"), ("值", "指标"), ("类", "指标"))


_NAME_VALUE = re.compile(r"^(?P<name>[^:：]{2,40})[:：]\s*(?P<value>\S.{0,29})$")


def name_and_value(text: str) -> tuple[str, str | None]:
    """A name and its value printed in one cell where the grid has no 指标值 column
    (``培训人数：≥100人``) → (name, value); a text with no value after its colon → (text, None).
    After the colon: a value of at most 30 characters, a figure or a qualitative one (``及时``,
    ``在项目计划完成时间内完成``); before it: no template label (``指标1：``)."""
    m = _NAME_VALUE.match(text)
    if m is None or is_placeholder(m["name"] + "："):
        return text, None
    return m["name"].strip(), m["value"].strip()


def qualifier(text: str | None) -> tuple[str, str] | None:
    """A 指标性质 / 计算符号 / 指标方向 cell → ("op", "≥") | ("direction", "positive") |
    ("kind", "定量"), or None: the columns that qualify a target are read by what they hold."""
    if not text:
        return None
    return _qualifier(text)


@lru_cache(maxsize=4096)
def _qualifier(text: str) -> tuple[str, str] | None:
    t = "".join(text.split())
    if (op := comparator(t)) is not None:
        return "op", op
    key = header_key(t).text
    base = key[:-2] if key.endswith("指标") else key
    if base in _DIRECTIONS:
        return "direction", _DIRECTIONS[base]
    if base in _KINDS:
        return "kind", base
    return None


@lru_cache(maxsize=4096)
def level_key(name: str) -> str:
    """A level name with its script folded and its suffix made 指标 (``產出目標``, ``数量值``,
    ``产出类`` → 产出指标 / 数量指标), for the taxonomy (cached)."""
    key = fold_script(name)
    for suffix, standard in _SUFFIXES:
        if key.endswith(suffix) and not key.endswith(standard):
            return key[: -len(suffix)] + standard
    return key


@lru_cache(maxsize=4096)
def level_category(name: str) -> tuple[str | None, str | None]:
    """A printed level name → its standard (一级, 二级), with the suffixes folded first:
    ``产出值`` / ``產出目標`` / ``产出类`` → 产出指标 (DOMAIN.md taxonomy)."""
    key = level_key(header_key(name).text)
    cat1, _ = categorize(key, None)
    if cat1 is not None and key in (cat1, cat1[:-2], "预期" + cat1, "效果指标", "预期效果指标"):
        return cat1, None
    bare = not key.endswith("指标")
    if bare:
        key += "指标"  # 数量 / 经济效益 printed without a suffix
    _, cat2 = categorize(None, key)
    if cat2 is not None and (cat2 == key or not bare and len(key) <= len(cat2) + 4):
        return None, cat2
    return None, None


def is_placeholder(text: str | None) -> bool:
    """A template row's name: ``指标1``, ``指标2:``, ``指标L`` (an OCR 1), ``……``."""
    return text is not None and _PLACEHOLDER.match("".join(text.split())) is not None


@lru_cache(maxsize=1 << 14)
def cell_kind(text: str) -> int:
    """What one cell's text holds (the bits above; cached)."""
    t = normalize_text(text)
    if t in BLANKS:
        return BLANK
    if is_placeholder(t):
        return PLACEHOLDER
    q = _qualifier(t)
    if q is not None:
        return {"op": COMPARATOR, "direction": DIRECTION, "kind": KIND}[q[0]]
    kind = 0
    if len(t) <= 30:
        cat1, cat2 = level_category(t)
        if cat1 is not None:
            kind |= LEVEL1
        elif cat2 is not None:
            kind |= LEVEL2
    if _is_unit(t):
        return kind | UNIT
    value = parse_value(t)
    if value.number is not None and starts_like_value(t) and len(value.unit or "") <= 8:
        amount = parse_amount(t)
        if (
            value.unit is None
            and value.op == "="
            and amount is not None
            and t.replace(",", "") == _plain(amount)
        ):
            kind |= NUMBER | (SMALL if 0 <= amount <= 100 else 0)
        else:
            kind |= VALUE
        return kind
    return kind | (WORDS if len(t) <= 10 else TEXT)


def _plain(n: float) -> str:
    return str(int(n)) if float(n).is_integer() else str(n)


def _is_unit(t: str) -> bool:
    if len(t) > 6 or any(c.isdigit() for c in t):
        return False
    head = t.split("/")[0]
    return bool(unit_dimension(head) or unit_dimension(_UNIT_PREFIX.sub("", head)))


@dataclass(slots=True)
class Profile:
    """The cells of one column (a merged cell counted once): how many, how many of each kind,
    how many distinct texts, and how many count 1, 2, 3 … down the column (a 序号 column)."""

    cells: int = 0
    kinds: dict[int, int] = field(default_factory=dict)
    texts: set[str] = field(default_factory=set)
    serial: int = 0

    def share(self, bits: int) -> float:
        """The share of the column's non-blank cells that have any of ``bits``."""
        filled = self.cells - self.kinds.get(BLANK, 0)
        if filled <= 0:
            return 0.0
        return sum(n for k, n in self.kinds.items() if k & bits) / filled

    @property
    def filled(self) -> int:
        return self.cells - self.kinds.get(BLANK, 0)


def profile(lines: Sequence[Sequence[Cell | None]], width: int) -> list[Profile]:
    """Count each column's cells over ``lines`` (the data rows of a grid)."""
    out = [Profile() for _ in range(width)]
    seen: set[int] = set()
    for line in lines:
        for col in range(min(width, len(line))):
            cell = line[col]
            if cell is None or id(cell) in seen:
                continue
            seen.add(id(cell))
            p = out[col]
            p.cells += 1
            k = cell_kind(cell.text)
            p.kinds[k] = p.kinds.get(k, 0) + 1
            if not k & BLANK:
                text = normalize_text(cell.text)
                p.texts.add(text)
                if text == str(p.serial + 1):
                    p.serial += 1
    return out


def content_roles(p: Profile) -> dict[str, float]:
    """How well a column's content fits each role (0..1), from its profile."""
    if p.filled == 0 or p.serial == p.filled >= 3:
        return {}  # (1, 2, 3 … on every row: a serial-number column, never a value or a weight)
    out: dict[str, float] = {}
    level1, level2 = p.share(LEVEL1), p.share(LEVEL2)
    if level1:
        out["level1"] = level1
    if level2:
        out["level2"] = level2
    for role, bits in (("op", COMPARATOR), ("direction", DIRECTION), ("kind", KIND), ("unit", UNIT)):
        share = p.share(bits)
        if share:
            out[role] = share
    target = p.share(VALUE | NUMBER) + 0.5 * p.share(WORDS)
    if target:
        out["target"] = min(1.0, target)
    small = p.share(SMALL)
    if small:
        out["weight"] = out["score"] = small
    name = p.share(WORDS | TEXT | PLACEHOLDER) - level1 - level2
    if name > 0:
        distinct = len(p.texts) / p.filled
        out["name"] = name * (0.5 + 0.5 * distinct)
    return out
