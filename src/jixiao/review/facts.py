"""Shared facts the rules look at: the indicator taxonomy, frameworks, money, numbers in text.

The two frameworks (DOMAIN.md "Indicator taxonomy"): the 2015 framework (财预〔2015〕88号,
10号) with 成本指标 under 产出指标, and the 2021 framework (财预〔2021〕101号) with 成本指标
as a first-level indicator.  Rules work on the standard names the assembler puts into
``Indicator.category1`` / ``category2``; :func:`categories` fills in the 一级 category from
the 二级 one where only the latter is known.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..model import Indicator, Table
from ..taxonomy import PAIRS_2015, PAIRS_2021  # the one authority on the frameworks
from ..taxonomy import categorize as _categorize  # the one authority on printed level names
from ..values import _BLANKS, convert, unit_dimension
from .reference import Reference

OUTPUT = "产出指标"
OUTCOME = "效益指标"
SATISFACTION = "满意度指标"
COST1 = "成本指标"  # first-level in 2021, second-level (under 产出) in 2015

QUANTITY, QUALITY, TIMELINESS, COST = "数量指标", "质量指标", "时效指标", "成本指标"
SATISFACTION2 = "服务对象满意度指标"
COST2_2021 = frozenset({"经济成本指标", "社会成本指标", "生态环境成本指标"})
# 101号: possible negative impacts, usually written in words ("无明显负面影响")
NEGATIVE_COSTS = frozenset({"社会成本指标", "生态环境成本指标"})

# Seen in real tables and tolerated by reviewers: 社会公众或服务对象满意度指标 under 效益指标.
PAIRS_TOLERATED: frozenset[tuple[str, str]] = frozenset({(OUTCOME, SATISFACTION2)})
VALID_PAIRS = PAIRS_2015 | PAIRS_2021 | PAIRS_TOLERATED
LEVEL1_NAMES = frozenset(c1 for c1, _ in VALID_PAIRS)
PARENT: dict[str, str] = {c2: c1 for c1, c2 in PAIRS_2015 | PAIRS_2021}
PARENT[COST] = OUTPUT

MONEY_UNITS = frozenset({"元", "千元", "万元", "万", "亿元", "亿", "萬元"})


_LEVEL1_KNOWN: dict[tuple[str | None, str | None], bool] = {}


def blank(text: str | None) -> bool:
    """No text, only whitespace, or a placeholder (``/``, ``—``, ``……``) — the fast path of
    :func:`jixiao.values.is_blank`."""
    if not text:
        return True
    t = text.strip()
    return not t or t in _BLANKS


def level1_known(level1: str, level2: str | None) -> bool:
    """Is the printed 一级 a 一级 name (or a known shift: a 二级 name in the 一级 column, or
    a 一级 name in the 二级 column as in the central 实施效果指标 template)?"""
    key = (level1, level2)
    known = _LEVEL1_KNOWN.get(key)
    if known is None:
        if blank(level1):
            known = True  # an empty 一级 cell is not an invalid name
        else:
            c1, c2 = _categorize(level1, None)
            shifted = (
                bool(level2)
                and _categorize(None, level2) != (None, None)
                and _categorize(None, level2)[1] is None
            )
            known = c1 is not None or c2 is not None or shifted
        if len(_LEVEL1_KNOWN) > 10000:
            _LEVEL1_KNOWN.clear()
        _LEVEL1_KNOWN[key] = known
    return known


def categories(ind: Indicator) -> tuple[str | None, str | None]:
    """The indicator's standard (一级, 二级) categories; 一级 inferred from 二级 if missing."""
    c2 = ind.category2
    c1 = ind.category1 or (PARENT.get(c2) if c2 else None)
    return c1, c2


def is_cost(c1: str | None, c2: str | None) -> bool:
    return c2 == COST or c1 == COST1 or c2 in COST2_2021


def is_satisfaction(c1: str | None, c2: str | None) -> bool:
    return c1 == SATISFACTION or c2 == SATISFACTION2


def framework_marks(
    table: Table, cats: list[tuple[str | None, str | None, bool]] | None = None
) -> tuple[list[int], list[int]]:
    """Indices of indicators that mark the 2015 framework and the 2021 framework."""
    marks_2015: list[int] = []
    marks_2021: list[int] = []
    if cats is None:
        cats = [(*categories(ind), False) for ind in table.indicators]
    for i, (c1, c2, _) in enumerate(cats):
        if c2 == COST and c1 == OUTPUT:
            marks_2015.append(i)
        elif c1 == COST1 or c2 in COST2_2021:
            marks_2021.append(i)
    return marks_2015, marks_2021


def framework_of(table: Table) -> str | None:
    """ "2015", "2021", "mixed" or None (no cost indicator tells them apart)."""
    m15, m21 = framework_marks(table)
    if m15 and m21:
        return "mixed"
    if m21:
        return "2021"
    if m15:
        return "2015"
    return None


def budget_of(table: Table) -> float | None:
    """The table's annual budget (预算数 / 全年预算数) in its money unit, if positive."""
    f = table.funds
    for v in (f.total, f.adjusted):
        if v is not None and v > 0:
            return float(v)
    return None


def money_amount(ind: Indicator, money_unit: str | None) -> float | None:
    """A cost target in money, converted to the table's money unit; None if not money."""
    t = ind.target
    if t.number is None or not t.unit or t.unit not in MONEY_UNITS or not money_unit:
        return None
    return convert(float(t.number), t.unit, money_unit)


def number_text(x: float) -> str:
    """A number as a message shows it: thousands separated, no trailing zeros (1,585 · 40.9 · 10)."""
    return f"{x:,.6f}".rstrip("0").rstrip(".")


# ---- numbers written in names and descriptions ----------------------------------

_TEXT_UNITS = (
    "秒钟|秒|分钟|个小时|小时|个工作日|工作日|天|周|个月|%|％|百分之|万元|千元|元|亿元|"
    "个|人次|人|次|项|件|台|套|本|批次|场|户|家|篇|期|辆|条|册|种|名"
)
_TEXT_NUMBER_RE = re.compile(
    r"(?P<op>不超过|不高于|不多于|不少于|不低于|至少|最多|达到|达|≥|≤|>=|<=|>|<|＞|＜)?\s*"
    r"(?P<num>\d+(?:\.\d+)?)\s*(?P<unit>" + _TEXT_UNITS + r")(?P<suf>以内|之内|内|以上|以下|及以上)?"
)
_DIGIT_RE = re.compile(r"\d")


@dataclass(slots=True)
class TextNumber:
    text: str
    number: float
    unit: str


_NUMBERS_CACHE: dict[str, list[TextNumber]] = {}


def numbers_in_text(text: str | None) -> list[TextNumber]:
    """Quantities written in prose ("实现20秒内完成" → 20 秒); years and dates are not units here."""
    if not text or not _DIGIT_RE.search(text):
        return []
    cached = _NUMBERS_CACHE.get(text)
    if cached is not None:
        return cached
    if len(_NUMBERS_CACHE) > 50000:
        _NUMBERS_CACHE.clear()
    out = _NUMBERS_CACHE[text] = []
    for m in _TEXT_NUMBER_RE.finditer(text):
        unit = m.group("unit")
        unit = "%" if unit in ("％", "百分之") else unit
        out.append(TextNumber(m.group(0).strip(), float(m.group("num")), unit))
    return out


def same_quantity(a: float, unit_a: str, b: float, unit_b: str) -> bool | None:
    """Are a unit_a and b unit_b the same quantity?  None when they are not comparable."""
    if unit_a == unit_b:
        return abs(a - b) <= 1e-9 * max(1.0, abs(a), abs(b))
    da, db = unit_dimension(unit_a), unit_dimension(unit_b)
    if da is None or da != db or da == "count":
        return None
    conv = convert(a, unit_a, unit_b)
    if conv is None:
        return None
    return abs(conv - b) <= 1e-9 * max(1.0, abs(conv), abs(b))


@dataclass(slots=True)
class TableContext:
    """What the rules of one table share: settings, money unit, budget, framework."""

    config: object
    table: Table
    money_unit: str | None = None
    budget: float | None = None
    vague_re: re.Pattern[str] | None = None
    extra: dict[str, object] = field(default_factory=dict)
    # per indicator: (standard 一级, standard 二级, quantitative), filled by the runner
    cats: list[tuple[str | None, str | None, bool]] = field(default_factory=list)
    c1s: frozenset[str | None] = frozenset()  # the standard 一级 categories present
    c2s: frozenset[str | None] = frozenset()  # the standard 二级 categories present
    reference: Reference | None = None  # earlier years and peers, when the caller has them
