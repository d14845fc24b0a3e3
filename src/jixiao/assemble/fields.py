"""Field extraction helpers: codes glued to names, numbered goals, titles, years, money units."""

from __future__ import annotations

import re
from functools import lru_cache

from ..script import fold_script, strip_pinyin
from ..values import is_blank, normalize_text, parse_amount
from .vocabulary import TITLE_WORDS, half_width, label_key

_BRACKET_CODE = re.compile(
    r"^\s*(?:[\[【［]\s*([0-9A-Za-z]+)\s*[\]】］]|[（(]\s*((?!(?:19|20)\d\d\s*[)）])\d{3,})\s*[)）])\s*(.+)$"
)
_DASH_CODE = re.compile(r"^\s*([0-9][0-9A-Za-z]{2,})\s*[-－—_]\s*(.+)$")
_GLUED_CODE = re.compile(r"^\s*(\d{6,})\s*(\D.*)$")
_TRAILING_CODE = re.compile(
    r"^(\D.*?)\s*[（(\[【［]\s*((?!(?:19|20)\d\d\s*[)）\]】］])\d{3,})\s*[)）\]】］]$"
)
_UNIT_LINE = re.compile(r"^\s*(\d{6,})\s*([^\d\s].{1,60})$")
_MONEY_UNIT = re.compile(r"(?:金额)?单位\s*[:：]\s*(万元|元|千元|亿元)")
_PAREN_UNIT = re.compile(
    r"[（(]\s*(万元|元|千元|亿元)\s*(?:[)）]|$)"
)  # the closing one lost by OCR at a line end
_YEAR = re.compile(r"((?:19|20)\d{2})\s*[)）]?\s*年")  # 2020年, (2020)年度
_SPACES = re.compile(r"\s+")
_MONEY_LINE = re.compile(r"(金额)?单位(万元|元|千元|亿元)")
_YEAR_LINE = re.compile(r"[（(]?\s*(?:19|20)\d{2}\s*[)）]?\s*年度?\s*[)）]?")
_YEAR_DU = re.compile(r"((?:19|20)\d{2})\s*年度")
_LIST_NUMBER = re.compile(
    r"^\s*(?:附件\s*\d*\s*[:：]?\s*(?:\d{1,3}\s*[.．、]|[（(]\s*[一二三四五六七八九十\d]{1,3}\s*[)）])?"
    r"|\d{1,3}\s*[.．、]|[（(]\s*[一二三四五六七八九十\d]{1,3}\s*[)）]|[一二三四五六七八九十]{1,3}\s*、)\s*"
)
# A goal's list number (目标1: / 1. / 1、 / (1) / ①); where it may start an item is told by the
# character before it (split_goals), so the scan tries only digits, brackets, circled numbers and 目.
_GOAL_MARK = re.compile(
    r"(?:目标\s*(?P<a>\d{1,2})\s*[:：.．、]|(?P<b>\d{1,2})\s*[.．、](?P<digit>(?=\d))?"
    r"|[（(]\s*(?P<c>\d{1,2})\s*[)）]|(?P<d>[①-⑳]))\s*"
)
# at the start or after a sentence's end, a list number that no digit follows: split at once (most texts)
_GOAL_SPLIT = re.compile(
    r"(?:^|(?<=[\n。；;！!]))\s*(目标\s*\d{1,2}\s*[:：.．、]|\d{1,2}\s*[.．、](?!\d)|[（(]\s*\d{1,2}\s*[)）]|[①-⑳])\s*"
)  # (the number is kept: split gives text, number, text, …)
# a list number after a space or a colon, or one a digit follows, or one glued to the text before
# it (_GLUED_MARK): counted one by one (split_goals)
_GOAL_HINT = re.compile(
    r"[\s:：,，](?:目标\s*\d|\d{1,2}\s*[.．、]|[（(]\s*\d|[①-⑳])|(?:^|[\n。；;！!])\s*\d{1,2}\s*[.．、]\d"
    r"|[^\d\s]\d{1,2}\s*、|目标\s*\d{1,2}\s*[:：]"
)
# a list number that may follow the text before it with nothing between, when it counts on
_GLUED_MARK = re.compile(r"目标\s*\d{1,2}\s*[:：]|\d{1,2}\s*、")
_HARD_STOPS = frozenset("\n。；;！!")  # an item starts after a sentence's end …
_SOFT_STOPS = frozenset(":：,，")  # … or, when it counts on from the one before, after a space or a colon


def split_code(text: str | None, glued: bool = True) -> tuple[str | None, str | None]:
    """``820001-井研县马踏镇人民政府`` / ``[015001]武汉市…`` / ``302101天津市…`` → (code, name)."""
    if text is None or is_blank(text):
        return None, None
    t = normalize_text(text)
    m = _BRACKET_CODE.match(t)  # [015001]武汉市… / (433001)乌海市…
    if m:
        return m.group(1) or m.group(2), m.group(3).strip() or None
    for pattern in (_DASH_CODE,) + ((_GLUED_CODE,) if glued else ()):
        m = pattern.match(t)
        if m:
            return m.group(1), m.group(2).strip() or None
    if glued:
        m = _TRAILING_CODE.match(t)  # 武汉市青山区教育局(015001) / 某局 [015001]
        if m:
            return m.group(2), m.group(1).strip()
    return None, t


@lru_cache(maxsize=1 << 12)
def unit_line(text: str) -> tuple[str, str] | None:
    """A unit line such as ``302101天津市人民政府外事办公室`` → (code, name) (cached: every table of a
    unit's file prints the same one, asked of once to tell the line and once to read it)."""
    m = _UNIT_LINE.match(normalize_text(text))
    if not m or TITLE_WORDS.search(fold_script(m.group(2))):
        return None
    return m.group(1), m.group(2).strip()


@lru_cache(maxsize=1 << 14)
def money_unit_of(text: str) -> str | None:
    """``单位：万元`` / ``金额单位:元`` / ``项目资金(万元)`` → the money unit, as printed (``萬元``)."""
    printed = strip_pinyin(_SPACES.sub("", half_width(text)).replace("兀", "元"))  # (万兀: an OCR slip)
    t = fold_script(printed)  # 项 目 资 金 ( 万 元 ), 單位：萬元
    m = _MONEY_UNIT.search(t) or _PAREN_UNIT.search(t)
    if m is None:
        return None
    return printed[m.start(1) : m.end(1)] if len(printed) == len(t) else m.group(1)  # as printed: 萬元


_UNIT_CLAUSE = re.compile(
    r"\s*[（(]?\s*(?:金额|货币|金額|貨幣)?[单單]位\s*[:：]\s*(万元|元|千元|亿元|萬元|億元)\s*[)）]?\s*$"
)


def split_money_unit(text: str) -> tuple[str, str | None]:
    """``某项目绩效目标表    单位：万元`` → (``某项目绩效目标表``, ``万元``): a money-unit clause at the end
    of a longer line (a title, ``填报单位：某局  单位：万元``).  The text alone is not split."""
    if "单位" not in text and "單位" not in text:  # the clause names 单位 (a cheap test before the regex)
        return text, None
    m = _UNIT_CLAUSE.search(text)
    if not m or not text[: m.start()].strip():
        return text, None
    return text[: m.start()].rstrip(), m.group(1)


def is_money_unit_line(text: str) -> bool:
    t = label_key(text)
    return bool(_MONEY_LINE.fullmatch(t))


def year_of(text: str | None) -> int | None:
    if not text:
        return None
    m = _YEAR.search(text)
    return int(m.group(1)) if m else None


def title_year(text: str) -> int | None:
    """The year of a title: ``YYYY年度`` first, else the first ``YYYY年``.  A ``YYYY年`` that is part of
    the project's name (``2.某项目-2025年债券利息绩效目标表``) is dropped later (:meth:`Draft.build`)."""
    m = _YEAR_DU.search(text)
    return int(m.group(1)) if m else year_of(text)


def is_year_line(text: str) -> bool:
    """``(2022年度)`` / ``2019年度)`` printed under a title."""
    return bool(_YEAR_LINE.fullmatch(normalize_text(text)))


def is_title(text: str) -> bool:
    t = fold_script(normalize_text(text))
    return bool(TITLE_WORDS.search(t)) and len(t) <= 120 and not t.startswith(("注", "说明"))


def clean_title(text: str) -> str:
    """Strip a list number (``1.``, ``（一）``, ``附件1:``) from a title as printed."""
    return normalize_text(_LIST_NUMBER.sub("", normalize_text(text), count=1))


def split_goals(text: str | None) -> list[str]:
    """Numbered goal text → items with their numbers stripped (``1.xxx 2.yyy`` → [xxx, yyy])."""
    return split_numbered(text)[0]


def split_numbered(text: str | None, last: int = 0) -> tuple[list[str], int]:
    """:func:`split_goals` of a text whose list may go on from an earlier one (goals printed one to a
    row: ``3.…`` then ``4.2021年12月31日前完成``): ``last`` is the number the list reached before,
    and the number it reaches is returned with the items."""
    if text is None or is_blank(text):
        return [], last
    raw = text.strip()
    if _GOAL_HINT.search(raw) is None:
        parts = _GOAL_SPLIT.split(raw)
        if len(parts) > 1:
            last = _number(parts[-2]) or last
        items = [normalize_text(p) for p in parts[::2] if p and p.strip()]
        return [i for i in items if i and not is_blank(i)], last
    parts = []
    start = 0
    for m in _GOAL_MARK.finditer(raw):
        at = m.start()
        before = raw[:at].rstrip(" \t\u3000")
        if at and before and before[-1] not in _HARD_STOPS:
            glued = before[-1] not in _SOFT_STOPS and len(before) == at
            if glued and not (
                last
                and _GLUED_MARK.fullmatch(m.group(0).strip())
                and not before[-1].isdigit()
                and not (m.group(0).strip()[-1] == "、" and raw[m.end() : m.end() + 1].isdigit())  # 2、3项
            ):
                continue  # inside the text (完成1.5公里, 2021.): no list number
            # … but ``…出差8人目标2:…`` ``…2公里2、水泥路…`` count on (lines a scan joined, no space between)
            soft = True
        else:
            soft = False
        d = m.group("d")
        n = ord(d) - ord("①") + 1 if d else int(m.group("a") or m.group("b") or m.group("c"))
        if soft and n != last + 1:
            continue  # a number inside the text (…建设 2. …), not the next item
        if (
            m.group("digit") is not None
            and (soft or n != last + 1 or last == 0)
            and not _YEAR_AFTER.match(raw, m.end())
        ):
            continue  # 1.5公里: a decimal, unless it starts a line and counts on (…\n4.2021年12月前完成) or a year follows
        parts.append(raw[start:at])
        start, last = m.end(), n
    parts.append(raw[start:])
    items = [normalize_text(p) for p in parts if p and p.strip()]
    return [i for i in items if i and not is_blank(i)], last


_MARK_NUMBER = re.compile(r"\d{1,2}|[①-⑳]")
_YEAR_AFTER = re.compile(r"(?:19|20)\d\d\s*年")  # 1.2021年完成…: a list number before a date


def _number(mark: str) -> int | None:
    m = _MARK_NUMBER.search(mark)
    if m is None:
        return None
    t = m.group(0)
    return ord(t) - ord("①") + 1 if "①" <= t <= "⑳" else int(t)


def parse_rate(text: str | None) -> float | None:
    """执行率: ``100.00%`` → 1.0, ``0`` → 0.0, ``0.95`` → 0.95."""
    n = parse_amount(text)
    if n is None:
        return None
    assert text is not None
    if "%" in text or "％" in text or n > 1.5:
        return n / 100.0
    return float(n)
