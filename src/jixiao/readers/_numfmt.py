"""Excel number formats: render a cell value as Excel displays it (数字格式).

Spreadsheet files store the raw value (``1``) and a format code (``0%``); a person
reads "100%".  This module covers what budget tables use: General, fixed decimals,
thousands separators, percentages, scaling commas, scientific notation, currency
and literal text, sign sections (``正;负;零;文本``), colours and locale tags (ignored),
and dates and times including the Chinese built-ins (``yyyy"年"m"月"d"日"``,
``上午/下午h"时"mm"分"``).  Fractions and conditional sections fall back to General.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from decimal import ROUND_HALF_UP, Decimal
from functools import lru_cache
from typing import TypeAlias, cast

Token: TypeAlias = tuple[str, str]  # (kind, text): lit | num | date | elapsed | general | text | exp
Tokens: TypeAlias = tuple[Token, ...]
Section: TypeAlias = tuple[Tokens, bool]  # the tokens, and whether the section shows a date
# pct, scale, quantum, grouping, min_int, n_dec, required, point, prefix, suffix
_FixedPlan: TypeAlias = tuple[int, int, Decimal, bool, int, int, int, bool, str, str]

# Built-in format ids (ECMA-376 §18.8.30) as a zh-CN Excel shows them.
BUILTIN: dict[int, str] = {
    0: "General",
    1: "0",
    2: "0.00",
    3: "#,##0",
    4: "#,##0.00",
    5: '"¥"#,##0;"¥"-#,##0',
    6: '"¥"#,##0;[Red]"¥"-#,##0',
    7: '"¥"#,##0.00;"¥"-#,##0.00',
    8: '"¥"#,##0.00;[Red]"¥"-#,##0.00',
    9: "0%",
    10: "0.00%",
    11: "0.00E+00",
    12: "# ?/?",
    13: "# ??/??",
    14: "yyyy/m/d",
    15: "d-mmm-yy",
    16: "d-mmm",
    17: "mmm-yy",
    18: "h:mm AM/PM",
    19: "h:mm:ss AM/PM",
    20: "h:mm",
    21: "h:mm:ss",
    22: "yyyy/m/d h:mm",
    27: 'yyyy"年"m"月"',
    28: 'm"月"d"日"',
    29: 'm"月"d"日"',
    30: "m-d-yy",
    31: 'yyyy"年"m"月"d"日"',
    32: 'h"时"mm"分"',
    33: 'h"时"mm"分"ss"秒"',
    34: '上午/下午h"时"mm"分"',
    35: '上午/下午h"时"mm"分"ss"秒"',
    36: 'yyyy"年"m"月"',
    37: "#,##0 ;(#,##0)",
    38: "#,##0 ;[Red](#,##0)",
    39: "#,##0.00;(#,##0.00)",
    40: "#,##0.00;[Red](#,##0.00)",
    45: "mm:ss",
    46: "[h]:mm:ss",
    47: "mm:ss.0",
    48: "##0.0E+0",
    49: "@",
    50: 'yyyy"年"m"月"',
    51: 'm"月"d"日"',
    52: 'yyyy"年"m"月"',
    53: 'm"月"d"日"',
    54: 'm"月"d"日"',
    55: '上午/下午h"时"mm"分"',
    56: '上午/下午h"时"mm"分"ss"秒"',
    57: 'yyyy"年"m"月"',
    58: 'm"月"d"日"',
}

_EPOCH_1900 = dt.datetime(1899, 12, 30)
_EPOCH_1904 = dt.datetime(1904, 1, 1)
_DATE_CHARS = re.compile(r"[yYmMdDhHsS]|AM/PM|A/P|上午/下午")
_PLAIN_TAGS = re.compile(r"\[(?:\$-[0-9A-Fa-f]+|DBNum\d|dbnum\d)\]")
_MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)
_DAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")


@lru_cache(maxsize=512)
def is_plain(code: str) -> bool:
    """True when the code displays a value as General would (General, text ``@``) (cached: asked
    for every number shown)."""
    return _PLAIN_TAGS.sub("", code).strip().lower() in ("general", "@", "")


def general(value: float) -> str:
    """Excel's General display of a number: integers without decimals, else ≤15 significant digits."""
    if value != value or value in (float("inf"), float("-inf")):
        return "#NUM!"
    if float(value).is_integer() and abs(value) < 1e15:
        return str(int(value))
    text = format(value, ".15g")
    if "e" in text:
        mant, exp = text.split("e")
        return f"{mant}E{int(exp):+03d}"
    return text


@lru_cache(maxsize=512)
def _sections(code: str) -> tuple[Section, ...]:
    """Split a format code into sections of tokens (kind, text) and whether it is a date section."""
    out: list[Section] = []
    for raw in _split_sections(code):
        tokens = _tokenize(raw)
        is_date = any(k == "date" for k, _ in tokens)
        out.append((tuple(tokens), is_date))
    return tuple(out)


def _split_sections(code: str) -> list[str]:
    parts, buf, quoted, i = [], [], False, 0
    while i < len(code):
        ch = code[i]
        if ch == '"':
            quoted = not quoted
        elif ch == "\\" and not quoted and i + 1 < len(code):
            buf.append(code[i : i + 2])
            i += 2
            continue
        elif ch == ";" and not quoted:
            parts.append("".join(buf))
            buf = []
            i += 1
            continue
        buf.append(ch)
        i += 1
    parts.append("".join(buf))
    return parts


def _tokenize(section: str) -> list[tuple[str, str]]:
    """Tokens: ("lit", text) | ("num", one of 0#?.,%) | ("exp", "E+") | ("date", code) | ("elapsed", "h")."""
    tokens: list[tuple[str, str]] = []
    i, n = 0, len(section)
    while i < n:
        ch = section[i]
        if ch == '"':
            j = section.find('"', i + 1)
            j = n if j < 0 else j
            tokens.append(("lit", section[i + 1 : j]))
            i = j + 1
        elif ch == "\\" and i + 1 < n:
            tokens.append(("lit", section[i + 1]))
            i += 2
        elif ch == "[":
            j = section.find("]", i)
            j = n if j < 0 else j
            inner = section[i + 1 : j]
            if inner[:1] == "$":  # [$¥-804] currency and locale
                tokens.append(("lit", inner[1:].split("-")[0]))
            elif inner.lower() in ("h", "hh", "m", "mm", "s", "ss"):
                tokens.append(("elapsed", inner.lower()))
            i = j + 1  # colours, conditions, DBNum: ignored
        elif ch == "_" and i + 1 < n:
            tokens.append(("lit", " "))
            i += 2
        elif ch == "*" and i + 1 < n:
            i += 2
        elif ch in "0#?.,%":
            tokens.append(("num", ch))
            i += 1
        elif ch in "Ee" and i + 1 < n and section[i + 1] in "+-":
            tokens.append(("exp", section[i : i + 2]))
            i += 2
        elif section.startswith(("AM/PM", "am/pm"), i):
            tokens.append(("date", "AM/PM"))
            i += 5
        elif section.startswith("上午/下午", i):
            tokens.append(("date", "上午/下午"))
            i += 5
        elif section.startswith(("A/P", "a/p"), i):
            tokens.append(("date", "A/P"))
            i += 3
        elif ch in "yYmMdDhHsS":
            j = i
            while j < n and section[j].lower() == ch.lower():
                j += 1
            tokens.append(("date", section[i:j].lower()))
            i = j
        elif section[i : i + 7].lower() == "general":
            tokens.append(("general", "General"))
            i += 7
        elif ch == "@":
            tokens.append(("text", "@"))
            i += 1
        else:
            tokens.append(("lit", ch))
            i += 1
    return tokens


def format_value(value: object, code: str, date1904: bool = False) -> str:
    """``value`` (str, bool, int, float, date, datetime, time, timedelta) as ``code`` displays it."""
    if value.__class__ is float or value.__class__ is int:  # the usual: straight to the number
        return _format_plain_number(cast(float, value), code, date1904)
    if value is None:
        return ""
    if isinstance(value, str):
        return _text_section(value, code)
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, dt.timedelta | dt.datetime | dt.date | dt.time):
        return _format_temporal(value, code, date1904)
    if not isinstance(value, int | float):
        return str(value)
    return _format_plain_number(value, code, date1904)


# A sheet repeats its amounts (the same budget in a table's 预算数 and 财政资金 columns, the same
# targets across tables): the shown text of each (value, format) is worked out once — ~2.5 µs a
# number, ~1.5 ms of a 500-table .xlsx (bench/bench_xlsx.py).  Typed, so True is not 1; 0.0 and -0.0
# (one key) show alike in every format.
format_cached = lru_cache(maxsize=1 << 12, typed=True)(format_value)


def _format_plain_number(value: float, code: str, date1904: bool) -> str:
    if is_plain(code):
        return general(value)
    try:
        sections = _sections(code)
        return _format_number(float(value), sections, date1904)
    except (ValueError, OverflowError, ArithmeticError):
        return general(value)


def _text_section(value: str, code: str) -> str:
    if "@" not in code or is_plain(code):
        return value
    sections = _sections(code)
    tokens = (
        sections[3][0] if len(sections) > 3 else next((t for t, _ in sections if ("text", "@") in t), None)
    )
    if not tokens:
        return value
    return "".join(value if k == "text" else t for k, t in tokens if k in ("lit", "text"))


def _pick(number: float, sections: tuple[Section, ...]) -> tuple[Tokens, bool, float]:
    """The section for ``number`` and the number to show in it (sign handled by the section)."""
    if number < 0 and len(sections) > 1:
        tokens, is_date = sections[1]
        return tokens, is_date, -number
    if number == 0 and len(sections) > 2:
        tokens, is_date = sections[2]
        return tokens, is_date, number
    tokens, is_date = sections[0]
    return tokens, is_date, number


def _format_number(number: float, sections: tuple[Section, ...], date1904: bool) -> str:
    tokens, _is_date, shown = _pick(number, sections)
    kind = _kind(tokens)
    if kind == "fixed":
        return ("-" if shown < 0 else "") + _fixed(abs(shown), tokens)
    if kind == "date":
        return _format_serial(number, tokens, date1904)
    if kind == "general":
        return "".join(general(shown) if k == "general" else t for k, t in tokens if k in ("lit", "general"))
    if kind == "literal":  # e.g. "-" for zero: show the literal text
        text = "".join(t for k, t in tokens if k == "lit")
        return text if text or len(sections) > 1 else general(number)
    return ("-" if shown < 0 else "") + _scientific(abs(shown), tokens)


@lru_cache(maxsize=512)
def _kind(tokens: Tokens) -> str:
    """How a section shows a number: date | general | literal | scientific | fixed."""
    kinds = {k for k, _ in tokens}
    if "date" in kinds or "elapsed" in kinds:
        return "date"
    if "general" in kinds:
        return "general"
    if not any(k == "num" and t in "0#?" for k, t in tokens):
        return "literal"
    return "scientific" if "exp" in kinds else "fixed"


def _fixed(number: float, tokens: Tokens) -> str:
    pct, scale, quantum, grouping, min_int, n_dec, required, point, prefix, suffix = _fixed_plan(tokens)
    whole, frac = _digits(number, n_dec, pct, scale, quantum)
    whole = whole.lstrip("0").rjust(min_int, "0")
    if grouping and whole:
        whole = f"{int(whole):,}"
    if n_dec:
        keep = len(frac)
        while keep > required and frac[keep - 1] == "0":
            keep -= 1
        body = f"{whole}.{frac[:keep]}"
    else:
        body = whole + ("." if point else "")
    return prefix + body + suffix


def _digits(number: float, n_dec: int, pct: int, scale: int, quantum: Decimal) -> tuple[str, str]:
    """The digits of a number ≥ 0 shown with ``n_dec`` decimals (after ``pct`` percent signs and
    ``scale`` thousands commas), rounded half up on its decimal ``repr`` as Excel shows it: the
    integer part and the ``n_dec`` decimals.  A number whose ``repr`` has no more decimals than
    that needs no rounding: its digits are read off the ``repr`` (an amount as ``0.00``, the usual
    case; the Decimal arithmetic cost ~0.6 µs a number, ~0.6 ms of a 500-table .xlsx)."""
    text = repr(number)
    if not pct and not scale and "e" not in text and "n" not in text:  # (not 1e-05, inf or nan)
        whole, _, frac = text.partition(".")
        frac = frac.rstrip("0")
        if len(frac) <= n_dec:
            return whole, frac.ljust(n_dec, "0")
    value = Decimal(text)
    if pct:
        value *= Decimal(100) ** pct
    if scale:
        value /= Decimal(1000) ** scale
    value = value.quantize(quantum, rounding=ROUND_HALF_UP)
    whole, _, frac = f"{value:f}".partition(".")
    return whole, frac


@lru_cache(maxsize=512)
def _fixed_plan(tokens: Tokens) -> _FixedPlan:
    """What a fixed-point section needs, worked out once per format code."""
    digits = [i for i, (k, t) in enumerate(tokens) if k == "num" and t in "0#?"]
    first, last = digits[0], digits[-1]
    point = next((i for i in range(first, last + 1) if tokens[i] == ("num", ".")), None)
    int_end = point if point is not None else last + 1
    # commas right after the integer digits scale by 1000 each ("#,##0," → thousands)
    scale = before_point = 0
    tail_start = last + 1
    while tail_start < len(tokens) and tokens[tail_start] == ("num", ","):
        scale, tail_start = scale + 1, tail_start + 1
    if point is not None:
        j = point - 1
        while j > first and tokens[j] == ("num", ","):
            before_point, j = before_point + 1, j - 1
        scale += before_point
    int_part = tokens[first:int_end]
    grouping = any(tok == ("num", ",") for tok in int_part[: len(int_part) - before_point])
    int_digits = [t for k, t in int_part if k == "num" and t in "0#?"]
    dec_digits = (
        [t for k, t in tokens[point + 1 : last + 1] if k == "num" and t in "0#?"] if point is not None else []
    )
    pct = sum(1 for tok in tokens if tok == ("num", "%"))

    def lit(part: Tokens) -> str:
        return "".join(t for k, t in part if k == "lit" or (k == "num" and t == "%"))

    inner = "".join(t for k, t in tokens[first : last + 1] if k == "lit")  # e.g. literals between digits
    quantum = Decimal(1).scaleb(-len(dec_digits))
    return (
        pct,
        scale,
        quantum,
        grouping,
        int_digits.count("0"),
        len(dec_digits),
        dec_digits.count("0"),
        point is not None,
        lit(tokens[:first]),
        inner + lit(tokens[tail_start:]),
    )


def _scientific(number: float, tokens: Tokens) -> str:
    e = next(i for i, (k, _) in enumerate(tokens) if k == "exp")
    mant_tokens = tokens[:e]
    point = next((i for i, tok in enumerate(mant_tokens) if tok == ("num", ".")), None)
    decimals = (
        sum(1 for k, t in mant_tokens[point + 1 :] if k == "num" and t in "0#?") if point is not None else 0
    )
    exp_digits = sum(1 for k, t in tokens[e + 1 :] if k == "num" and t in "0#?") or 1
    mant, _, exp = f"{number:.{decimals}E}".partition("E")
    exp_n = int(exp)
    sign = "-" if exp_n < 0 else ("+" if tokens[e][1].endswith("+") else "")
    prefix = "".join(t for k, t in mant_tokens if k == "lit")
    return f"{prefix}{mant}E{sign}{abs(exp_n):0{exp_digits}d}"


def _serial_to_datetime(number: float, date1904: bool) -> dt.datetime:
    if date1904:
        return _EPOCH_1904 + dt.timedelta(days=number)
    if number < 60:  # Excel's phantom 1900-02-29: serials below 60 are one day later
        return _EPOCH_1900 + dt.timedelta(days=number + 1)
    return _EPOCH_1900 + dt.timedelta(days=number)


def _format_serial(number: float, tokens: Sequence[Token], date1904: bool) -> str:
    moment = _serial_to_datetime(number, date1904)
    # round to the second, as Excel shows
    moment = (moment + dt.timedelta(microseconds=500_000)).replace(microsecond=0)
    return _render_date(moment, tokens, elapsed=dt.timedelta(days=number))


def _format_temporal(value: dt.date | dt.time | dt.timedelta, code: str, date1904: bool) -> str:
    if isinstance(value, dt.timedelta):
        moment = _EPOCH_1900 + value
        elapsed = value
    elif isinstance(value, dt.datetime):
        moment, elapsed = value, None
    elif isinstance(value, dt.date):
        moment, elapsed = dt.datetime(value.year, value.month, value.day), None
    else:  # time of day
        moment = dt.datetime(1899, 12, 31, value.hour, value.minute, value.second)
        elapsed = dt.timedelta(hours=value.hour, minutes=value.minute, seconds=value.second)
    sections = _sections(code) if not is_plain(code) else ()
    tokens: Tokens = sections[0][0] if sections else ()
    if not sections or not (sections[0][1] or any(k == "elapsed" for k, _ in tokens)):
        # a date shown in a number format: show its serial in that format
        base = _EPOCH_1904 if date1904 else _EPOCH_1900
        serial = (
            (moment - base).total_seconds() / 86400 if elapsed is None else elapsed.total_seconds() / 86400
        )
        if not sections:
            if isinstance(value, dt.datetime):
                return (
                    value.strftime("%Y/%-m/%-d %-H:%M")
                    if value.time() != dt.time()
                    else value.strftime("%Y/%-m/%-d")
                )
            if isinstance(value, dt.date):
                return value.strftime("%Y/%-m/%-d")
            return _render_date(moment, _tokenize("h:mm:ss"), elapsed)
        return format_value(serial, code, date1904)
    return _render_date(moment, tokens, elapsed)


def _render_date(moment: dt.datetime, tokens: Sequence[Token], elapsed: dt.timedelta | None) -> str:
    ampm = any(k == "date" and t in ("AM/PM", "A/P", "上午/下午") for k, t in tokens)
    out: list[str] = []
    kinds = [t if k == "date" else None for k, t in tokens]
    for i, (kind, text) in enumerate(tokens):
        if kind == "lit":
            out.append(text)
        elif kind == "num":
            if text == ".":
                out.append(".")
            elif text == "0" and i > 0 and tokens[i - 1] == ("num", "."):
                out.append(str(moment.microsecond // 100000))
            elif text in ",%":
                out.append(text)
        elif kind == "elapsed":
            total = int((elapsed or dt.timedelta()).total_seconds())
            value = {"h": total // 3600, "m": total // 60, "s": total}[text[0]]
            out.append(str(value).rjust(len(text), "0"))
        elif kind == "date":
            out.append(_date_part(text, i, kinds, moment, ampm))
    return "".join(out)


def _date_part(code: str, i: int, kinds: list[str | None], moment: dt.datetime, ampm: bool) -> str:
    c = code[0]
    if code in ("AM/PM", "A/P", "上午/下午"):
        pm = moment.hour >= 12
        return {
            "AM/PM": "PM" if pm else "AM",
            "A/P": "P" if pm else "A",
            "上午/下午": "下午" if pm else "上午",
        }[code]
    if c == "y":
        return f"{moment.year % 100:02d}" if len(code) <= 2 else f"{moment.year:04d}"
    if c == "d":
        if len(code) == 1:
            return str(moment.day)
        if len(code) == 2:
            return f"{moment.day:02d}"
        name = _DAYS[moment.weekday()]
        return name[:3] if len(code) == 3 else name
    if c == "h":
        hour = moment.hour % 12 or 12 if ampm else moment.hour
        return str(hour) if len(code) == 1 else f"{hour:02d}"
    if c == "s":
        return str(moment.second) if len(code) == 1 else f"{moment.second:02d}"
    # "m": minutes after an hour or before a second, else month
    prev = next((k for k in reversed(kinds[:i]) if k), None)
    nxt = next((k for k in kinds[i + 1 :] if k), None)
    if len(code) <= 2 and ((prev and prev[0] == "h") or (nxt and nxt[0] == "s")):
        return str(moment.minute) if len(code) == 1 else f"{moment.minute:02d}"
    if len(code) == 1:
        return str(moment.month)
    if len(code) == 2:
        return f"{moment.month:02d}"
    name = _MONTHS[moment.month - 1]
    return name[:3] if len(code) == 3 else (name[0] if len(code) == 5 else name)
