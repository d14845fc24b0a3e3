"""The 指标值 grammar: a printed target or actual value → :class:`~jixiao.model.Value`.

Grammar (DOMAIN.md "The 指标值 grammar")::

    value      := [prefix-op] [words] number [unit] [suffix-op]  |  qualitative-text
    prefix-op  := ≥ ≤ = > < ± and look-alikes: ≧ ≦ ＞ ＜ ＝ >= <= 不低于 不少于 不小于
                  不高于 不超过 不多于 不大于 大于等于 小于等于 大于 小于 高于 低于 等于 …
    suffix-op  := 以上 (≥) | 以内 以下 (≤) — dropped from the unit
    number     := digits with optional thousands separators and decimals (full-width too)

A number without comparator has op ``=``.  ``±3%以内`` is a tolerance (op ``±``).
No number → qualitative (定性), op/number/unit null.  A unit written as a word
(``百分比``) is kept as printed; :func:`unit_dimension` knows it is a percentage.

Unit conversion: :func:`convert` converts within a dimension (万元 ↔ 元,
秒 ↔ 分钟 ↔ 小时 ↔ 天, …).
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from .model import Value

# Longest first: the alternation is tried left to right.
_PREFIX_OPS: list[tuple[str, str]] = [
    ("大于或等于", "≥"),
    ("大于等于", "≥"),
    ("小于或等于", "≤"),
    ("小于等于", "≤"),
    ("不低于", "≥"),
    ("不少于", "≥"),
    ("不小于", "≥"),
    ("至少", "≥"),
    ("最少", "≥"),
    ("不高于", "≤"),
    ("不超过", "≤"),
    ("不多于", "≤"),
    ("不大于", "≤"),
    ("不超", "≤"),
    ("最多", "≤"),
    ("控制在", "≤"),
    (">=", "≥"),
    ("=>", "≥"),
    ("<=", "≤"),
    ("=<", "≤"),
    ("≧", "≥"),
    ("≦", "≤"),
    ("⩾", "≥"),
    ("⩽", "≤"),
    ("≥", "≥"),
    ("≤", "≤"),
    ("+/-", "±"),
    ("+-", "±"),
    ("±", "±"),
    ("大于", ">"),
    ("高于", ">"),
    ("超过", ">"),
    ("小于", "<"),
    ("低于", "<"),
    (">", ">"),
    ("<", "<"),
    ("等于", "="),
    ("=", "="),
    ("≈", "="),
    ("约", "="),
]
_SUFFIX_OPS: list[tuple[str, str]] = [
    ("及以上", "≥"),
    ("以上", "≥"),
    ("及以下", "≤"),
    ("以下", "≤"),
    ("以内", "≤"),
    ("之内", "≤"),
]
_OP_RE = re.compile("|".join(re.escape(k) for k, _ in _PREFIX_OPS))
_OP_MAP = dict(_PREFIX_OPS)
# The one-character comparators, as printed (full-width ones too): a value's quick test.
OP_CHARS: frozenset[str] = frozenset({k for k, _ in _PREFIX_OPS if len(k) == 1} | {"＞", "＜", "＝"})
_NUMBER_RE = re.compile(r"[-+]?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?|[-+]?\.\d+")
_SPACE_RE = re.compile(r"\s+")
_WIDTH = str.maketrans({"％": "%", "，": ",", "．": ".", "：": ":", "（": "(", "）": ")", "－": "-"})

# Placeholders printed where a value is absent.
BLANKS = frozenset({"", "/", "／", "—", "——", "-", "--", "…", "……", "...", "无数据", "\\"})
_BLANKS = BLANKS


@lru_cache(maxsize=1 << 16)
def normalize_text(text: str) -> str:
    """Collapse whitespace runs to one space and strip; keep the text as printed otherwise.

    Cached: a document repeats the same cell texts (merged cells, labels) many times.
    """
    return " ".join(text.split())


def _fold(text: str) -> str:
    """Fold full-width digits/letters (NFKC on the characters that matter) for parsing only."""
    out = []
    for ch in text:
        if "０" <= ch <= "９" or "Ａ" <= ch <= "ｚ":
            out.append(unicodedata.normalize("NFKC", ch))
        else:
            out.append(ch)
    return "".join(out).translate(_WIDTH).replace("＞", ">").replace("＜", "<").replace("＝", "=")


def is_blank(text: str | None) -> bool:
    return text is None or normalize_text(text) in _BLANKS


def parse_number(text: str | None) -> float | int | None:
    """The first number in ``text`` (thousands separators allowed), or None.

    Integers stay ``int`` so that JSON prints ``1`` rather than ``1.0``.
    """
    if text is None:
        return None
    m = _NUMBER_RE.search(_fold(text))
    if not m:
        return None
    raw = m.group(0).replace(",", "")
    try:
        if "." in raw:
            return float(raw)
        return int(raw)
    except ValueError:  # pragma: no cover - the regex only matches numbers
        return None


@lru_cache(maxsize=1 << 14)
def parse_amount(text: str | None) -> float | None:
    """A money cell (``1,585.00``, ``150万``) → float, or None for blanks and placeholders.

    Cached: every money field of every table is parsed when the table is built, and the
    character-by-character width folding is the dear part.
    """
    if is_blank(text):
        return None
    assert text is not None
    folded = _fold(text).strip()
    m = _NUMBER_RE.search(folded)
    if not m:
        return None
    return float(m.group(0).replace(",", ""))


# a value starts with its number, or a comparator and its number (指标1:新建堤防 is a name)
_VALUE_START = re.compile(rf"(?:{_OP_RE.pattern})?\s*[-+]?[\d.]")


def comparator(text: str) -> str | None:
    """A comparator printed alone (a 指标性质 / 计算符号 cell: ``≧``, ``＞=``, ``不低于``,
    ``大于等于`` …) → the sign the grammar reads (≥ ≤ = > < ±), or None."""
    return _OP_MAP.get(_fold("".join(text.split())))


def starts_like_value(text: str) -> bool:
    """``text`` begins as a value does: a number, or a comparator the grammar reads and a number
    (``≥95%``, ``不低于3个``, ``＞０.5``), not a name (``指标1:新建堤防``)."""
    return _VALUE_START.match(_fold(text)) is not None


def after_comparator(text: str) -> str:
    """``text`` without its leading comparator (``≥``, ``>=``, ``不低于`` …, as the grammar
    reads them), width-folded: what a value says after its 指标性质."""
    work = _fold(normalize_text(text))
    m = _OP_RE.match(work)
    return work[m.end() :].lstrip() if m else work


def parse_value(text: str | None) -> Value:
    """Parse one printed 指标值 into a :class:`Value`.  Never raises.

    The same values (``≥95%``, ``1个``) recur across a document: the parse is cached, and a
    new Value is built each time so callers may change theirs.
    """
    if text is None:
        return Value()
    return Value(*_parse_fields(text))


@lru_cache(maxsize=1 << 14)
def _parse_fields(text: str) -> tuple[str | None, str | None, float | int | None, str | None, bool | None]:
    """(text, op, number, unit, qualitative) of a printed value."""
    shown = normalize_text(text)
    if not shown:
        return None, None, None, None, None
    work = _fold(shown)
    op: str | None = None
    m = _OP_RE.match(work)
    if m:
        op = _OP_MAP[m.group(0)]
        work = work[m.end() :].lstrip()
    num = _NUMBER_RE.search(work)
    if not num:
        return shown, None, None, None, True
    number = parse_number(num.group(0))
    if op is None:
        head = work[: num.start()].strip()
        m2 = _OP_RE.search(head) if head else None
        op = _OP_MAP[m2.group(0)] if m2 else "="
    unit = work[num.end() :].strip()
    for word, suffix_op in _SUFFIX_OPS:
        if unit.endswith(word):
            unit = unit[: -len(word)].strip()
            if op == "=":
                op = suffix_op
            break
    if number is not None and num.group(0).startswith("-") and op == "±":
        number = abs(number)
    return shown, op, number, unit or None, False


_NUMBER_ONLY = re.compile(r"[-+]?[\d,]+(?:\.\d+)?")


def join_columns(op: str | None, value: str | None, unit: str | None) -> str:
    """Separate 指标性质 / 指标值 / 度量单位 columns joined in that order ("≥" "95" "%" → "≥95%").

    The unit joins a value that ends in a digit ("90" + "%"), not one that carries its own unit
    or none at all ("≥95%" + "%", "合格" + "%"), and never when it is itself a number (an Excel
    date shown in both columns).  A blank value gives nothing, whatever the other columns hold."""
    if not value or is_blank(value):
        return ""
    shown = normalize_text(value)
    parts = [normalize_text(op)] if op and not is_blank(op) else []
    parts.append(shown)
    if unit and not is_blank(unit) and shown[-1:].isdigit() and not _NUMBER_ONLY.fullmatch(unit.strip()):
        parts.append(normalize_text(unit))
    return "".join(parts)


DIRECTION_BY_OP = {"≥": "positive", ">": "positive", "≤": "negative", "<": "negative"}


def direction_of(value: Value) -> str | None:
    """正向 for ≥/>, 反向 for ≤/<, else None."""
    return DIRECTION_BY_OP.get(value.op or "")


# ---- units -----------------------------------------------------------------

# dimension → {unit: factor to the dimension's base unit}
_UNITS: dict[str, dict[str, float]] = {
    "money": {"元": 1, "千元": 1e3, "万元": 1e4, "万": 1e4, "亿元": 1e8, "亿": 1e8, "萬元": 1e4},
    "time": {
        "秒": 1,
        "秒钟": 1,
        "s": 1,
        "分": 60,
        "分钟": 60,
        "min": 60,
        "小时": 3600,
        "时": 3600,
        "h": 3600,
        "个小时": 3600,
        "天": 86400,
        "日": 86400,
        "工作日": 86400,
        "个工作日": 86400,
        "周": 7 * 86400,
        "个月": 30 * 86400,
        "月": 30 * 86400,
        "季度": 91 * 86400,
        "年": 365 * 86400,
    },
    "percent": {"%": 1, "百分比": 1, "百分之": 1, "‰": 0.1},
    "area": {"平方米": 1, "㎡": 1, "m2": 1, "平方公里": 1e6, "亩": 666.67, "公顷": 1e4},
    "length": {"米": 1, "m": 1, "公里": 1000, "千米": 1000, "km": 1000},
    "weight": {"千克": 1, "公斤": 1, "kg": 1, "吨": 1000, "克": 0.001},
}
_COUNT_UNITS = {
    "个",
    "人",
    "人次",
    "次",
    "项",
    "件",
    "台",
    "套",
    "本",
    "批次",
    "批",
    "场",
    "场次",
    "户",
    "家",
    "所",
    "座",
    "处",
    "份",
    "篇",
    "期",
    "辆",
    "条",
    "册",
    "种",
    "名",
    "位",
    "支",
    "类",
    "起",
    "宗",
    "部",
    "张",
    "块",
    "棵",
    "株",
    "头",
    "只",
    "间",
    "栋",
    "万人",
    "万人次",
    "人/年",
    "个次",
}


_PER_RE = re.compile(r"\s*[/／]\s*|\s*每\s*")


@lru_cache(maxsize=1024)
def unit_cost_parts(unit: str | None) -> tuple[str, tuple[str, ...]] | None:
    """A compound money unit (单位成本, 分项成本控制数) split into its money unit and what it is per.

    ``万元/台`` → ("万元", ("台",)); ``元/人/年`` → ("元", ("人", "年")); ``万元/公里`` →
    ("万元", ("公里",)); ``元每人`` → ("元", ("人",)).  None for anything else, so a plain
    ``万元`` or a word after the slash (``元/人·次`` is fine, ``元/项目`` is not a unit) stays
    what it was.
    """
    if not unit:
        return None
    parts = [p for p in _PER_RE.split(unit.strip().replace("·", "/")) if p]
    if len(parts) < 2 or parts[0] not in _UNITS["money"]:
        return None
    per = tuple(parts[1:])
    for p in per:
        if p not in _COUNT_UNITS and not any(p in t for d, t in _UNITS.items() if d != "money"):
            return None
    return parts[0], per


def unit_dimension(unit: str | None) -> str | None:
    """The dimension of a unit: money, time, percent, area, length, weight, count,
    unit-cost (``万元/台``, ``元/人/年``: money per something, see :func:`unit_cost_parts`), or None."""
    if not unit:
        return None
    u = unit.strip()
    for dim, table in _UNITS.items():
        if u in table:
            return dim
    if u in _COUNT_UNITS:
        return "count"
    if unit_cost_parts(u) is not None:
        return "unit-cost"
    if u.endswith("元") or u.startswith("元"):
        return "money"
    return None


def unit_class(unit: str | None) -> str:
    """The class of units a unit converts within (度量单位的可比类别): two values are comparable
    when their classes are equal.  ``money``, ``time``, ``percent``, ``area``, ``length``,
    ``weight`` (万元 ~ 元, 小时 ~ 天); a unit cost by what it is per (``unit-cost:台``: 万元/台 ~
    元/台); a count unit only with itself (``count:人次``: 人次 and 人 count different things);
    any other unit only with itself (``unit:…``); no unit is ``""``."""
    u = (unit or "").strip()
    if not u:
        return ""
    dim = unit_dimension(u)
    if dim == "count":
        return f"count:{u}"
    if dim == "unit-cost":
        parts = unit_cost_parts(u)
        return "unit-cost:" + "/".join(parts[1]) if parts else f"unit:{u}"
    if dim is not None and (dim != "money" or u in _UNITS["money"]):
        return dim
    return f"unit:{u}"


def convert(number: float, from_unit: str, to_unit: str) -> float | None:
    """Convert ``number`` between units of one dimension; None when they do not convert.

    Unit costs convert by their money part when they are per the same thing
    (10 万元/台 = 100000 元/台).
    """
    if from_unit == to_unit:
        return number
    for table in _UNITS.values():
        if from_unit in table and to_unit in table:
            return number * table[from_unit] / table[to_unit]
    a, b = unit_cost_parts(from_unit), unit_cost_parts(to_unit)
    if a is not None and b is not None and a[1] == b[1]:
        return convert(number, a[0], b[0])
    return None
