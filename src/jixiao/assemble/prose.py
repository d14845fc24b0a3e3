"""Prose (正文): fields and targets stated in running text rather than in a table.

Three things are read from a document's paragraphs (never from table cells):

- **captions** — a short line naming performance targets right above a table that has no
  title of its own (``項目年度績效目標(定量目標)``) is that table's title (:func:`is_caption`);
- **fields** — an amount (``本项目累计安排资金10万元``: 预算数 and its money unit, as printed), a
  total score (``总得分90``) or a grade (``自评等级为优``) that the tables left empty
  (:func:`take_fields`);
- **targets** — when a document has no indicator table at all, each clause the 指标值 grammar
  can anchor (``群众满意度达到95%以上``, ``数量目标：新建道路绩效目标值是2公里，实际完成值为2公里``)
  gives an indicator, marked as read from prose (:func:`indicators`); a text that speaks of
  targets but gives none the grammar can anchor is reported (:func:`states_targets`).

Matching is on the script-folded text (Traditional → Simplified); what is kept is as printed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..model import Indicator
from ..script import fold_script
from ..taxonomy import categorize
from ..values import parse_amount, parse_value, unit_dimension
from .content import level_category, level_key
from .meaning import header_key
from .vocabulary import half_width

_CAPTION_WORDS = re.compile(r"绩效|目标|指标|自评|评价")
_CAPTION_END = re.compile(r"[:：。，,；;]\s*$")

_SCORE = re.compile(r"(?:总得分|总分|自评得分|综合得分|评价得分)\s*(?:为|是|[:：])?\s*(\d+(?:\.\d+)?)")
_GRADE = re.compile(
    r"(?:自评等级|评价等级|评价结果|等级)\s*(?:为|是|[:：])\s*(优秀|良好|优|良|中|差|合格|不合格)"
)
_AMOUNT = re.compile(
    r"(?:安排资金|预算资金|资金总额|总投资|预算数|投入资金|下达资金|安排|预算)\s*(?:共|总计|合计|为|是|[:：])?\s*"
    r"(\d[\d,]*(?:\.\d+)?)\s*(万元|元|亿元|千元)"
)


def is_caption(text: str) -> bool:
    """A short line naming performance targets, not a sentence (it may title the table below it)."""
    t = text.strip()
    return (
        2 <= len(t) <= 40
        and not _CAPTION_END.search(t)
        and _CAPTION_WORDS.search(fold_script(half_width(t))) is not None
        and not any(c.isdigit() for c in t)
    )


@dataclass(slots=True)
class Fields:
    """Fields a paragraph states: 预算数 and its money unit, 总分, 自评等级 (None when not stated)."""

    total: float | None = None
    money_unit: str | None = None
    total_score: float | None = None
    grade: str | None = None


def fields(text: str) -> Fields:
    """The fields one paragraph states (the first of each)."""
    folded = fold_script(half_width(text))
    out = Fields()
    m = _AMOUNT.search(folded)
    if m:
        out.total = parse_amount(m.group(1))
        out.money_unit = _as_printed(text, folded, m.start(2), m.end(2))
    m = _SCORE.search(folded)
    if m:
        out.total_score = float(m.group(1))
    m = _GRADE.search(folded)
    if m:
        out.grade = _as_printed(text, folded, m.start(1), m.end(1))
    return out


def _as_printed(text: str, folded: str, start: int, end: int) -> str:
    """The printed form of a span of the folded text (t2s and NFKC keep lengths in these texts;
    when they did not, the folded form)."""
    printed = half_width(text)
    return printed[start:end] if len(printed) == len(folded) else folded[start:end]


# ---- targets ----------------------------------------------------------------------------

_SENTENCE = re.compile(r"[。；;\n]")
_LEVEL_LABEL = re.compile(
    r"(?:^|[,，:：])\s*(?:[（(]?\d{1,2}[)）.、．]\s*)?([^:：，,。；;（()）]{2,10}?(?:目标|指标))\s*[:：]"
)
_LEAD = re.compile(r"^\s*(?:[（(]?[一二三四五六七八九十\d]{1,2}[)）.、．]\s*)+")
_DATE = r"\d{4}\s*年(?:\s*\d{1,2}\s*月)?(?:\s*\d{1,2}\s*日)?(?:底前|底|前|之前|以前|以内)?"
_VALUE = rf"[≥≤><=]?\s*(?:{_DATE}|\d[\d,]*(?:\.\d+)?\s*[^\d\s,，。；;、）)]{{0,6}})"
# what introduces a value: a comparator word, or a verb (达到 / 目标值是 / 时间为) after a target's name
_ANCHOR = re.compile(
    r"(?P<name>[^，,。；;：:]{2,40}?)\s*"
    r"(?P<verb>(?:绩效)?(?:目标值|指标值)\s*(?:为|是|[:：])?|"
    r"不低于|不少于|不小于|不高于|不超过|不大于|控制在|大于等于|小于等于|达到|(?<=时间)为|(?<=时限)为|[≥≤><=])\s*"
    rf"(?P<value>{_VALUE})"
)
_ACTUAL = re.compile(rf"实际完成(?:值|数)?\s*(?:为|是|[:：])?\s*(?P<value>{_VALUE})")
_OP_WORDS = ("不低于", "不少于", "不小于", "不高于", "不超过", "不大于", "控制在", "大于等于", "小于等于")
_SUFFIX_OPS = ("以上", "以下", "以内")
_TARGET_WORDS = re.compile(r"(?:目标值|指标值|不低于|不少于|不超过|达到|确保|力争)\D{0,20}\d")


@dataclass(slots=True)
class ProseIndicator:
    indicator: Indicator
    clause: str


def indicators(paragraphs: list[tuple[str, str | None]]) -> list[ProseIndicator]:
    """The indicators the 指标值 grammar can anchor in ``paragraphs`` ((text, source) pairs): each a
    name, a comparator word or a target verb, and a value; the 实际完成值 stated after it before the
    next one; the 二级 from a ``数量目标：`` label before it in the same paragraph."""
    out: list[ProseIndicator] = []
    for text, source in paragraphs:
        folded = fold_script(half_width(text))
        printed = half_width(text) if len(folded) == len(text) else folded
        for lo, hi in _sentences(folded):
            sentence = folded[lo:hi]
            labels = [
                (m.end(), printed[lo + m.start(1) : lo + m.end(1)]) for m in _LEVEL_LABEL.finditer(sentence)
            ]
            labels = [(at, name) for at, name in labels if level_category(name) != (None, None)]
            anchors = list(_ANCHOR.finditer(sentence))
            for n, a in enumerate(anchors):
                name_start = a.start("name")
                level2 = None
                for at, label in labels:
                    if at <= a.end("name"):
                        level2 = label
                        name_start = max(name_start, at)
                name = _LEAD.sub("", printed[lo + name_start : lo + a.end("name")]).strip()
                value = _trim_unit(printed[lo + a.start("value") : lo + a.end("value")].strip())
                verb = a.group("verb")
                target = f"{verb}{value}" if verb in _OP_WORDS else value
                stop = anchors[n + 1].start() if n + 1 < len(anchors) else len(sentence)
                act = _ACTUAL.search(sentence, a.end(), stop)
                actual = (
                    parse_value(_trim_unit(printed[lo + act.start("value") : lo + act.end("value")].strip()))
                    if act
                    else None
                )
                cat1, cat2 = categorize(None, level_key(header_key(level2).text)) if level2 else (None, None)
                ind = Indicator(
                    level2=level2,
                    category1=cat1,
                    category2=cat2,
                    name=name or None,
                    target=parse_value(target),
                    actual=actual,
                    source=source,
                )
                out.append(ProseIndicator(ind, sentence[a.start() : a.end()].strip()))
    return out


def states_targets(text: str) -> bool:
    """Whether a paragraph states a target: a target word (目标值, 不低于, 确保 …) with a number after it."""
    return _TARGET_WORDS.search(fold_script(half_width(text))) is not None


def _sentences(text: str) -> list[tuple[int, int]]:
    spans = []
    start = 0
    for m in _SENTENCE.finditer(text):
        if m.start() > start:
            spans.append((start, m.start()))
        start = m.end()
    if start < len(text):
        spans.append((start, len(text)))
    return spans


_DATE_TAIL = re.compile(r"^年(?:\s*\d{1,2}\s*月)?(?:\s*\d{1,2}\s*日)?(?:底前|底|前|之前|以前|以内)?$")


def _trim_unit(value: str) -> str:
    """``95%以上的`` → ``95%以上``; ``2个当年`` → ``2个``; ``2023年12月前`` kept: the value ends where a
    known unit (or a date) ends."""
    m = re.match(r"^([≥≤><=]?\s*\d[\d,]*(?:\.\d+)?)\s*(.*)$", value)
    if not m:
        return value
    number, rest = m.groups()
    for n in range(len(rest), 0, -1):
        unit = rest[:n]
        bare = fold_script(unit)
        for suffix in _SUFFIX_OPS:
            if bare.endswith(suffix) and len(bare) > len(suffix):
                bare = bare[: -len(suffix)]
                break
        if unit_dimension(bare) or unit_dimension(bare.lstrip("万千亿")) or _DATE_TAIL.match(bare):
            return f"{number}{unit}"
    return number
