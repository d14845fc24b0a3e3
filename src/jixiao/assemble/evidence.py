"""Evidence, warnings and confidence (证据与置信度): how sure the assembler is of each table.

While it reads, the assembler notes what it had to work out rather than read off — a header
understood by meaning, a column given its role by content, a header not understood, a
template row dropped, an Excel day number, a table kept as context, indicators taken from
prose.  :func:`judge` turns a finished table's notes, and what the table itself shows (no
indicators, no name, few targets), into ``Table.confidence`` (0..1) and the Document's
warnings, each naming where it comes from.  A table below :data:`LOW` gets one more warning:
a person should check it.

Warning codes (JX92x, ingest remarks of the assembler; Chinese first, English in brackets):

=======  ======================  ==============================================
JX920    header-by-meaning       a header matched the vocabulary only fuzzily
JX921    column-by-content       a column's role came from what its cells hold
JX922    header-not-understood   a header matched nothing well: its column is not read
JX923    excel-day-number        a date-like value looks like an Excel day number
JX924    placeholder-row         a template row (指标1, ……) was dropped
JX925    context-table           a table that is no performance table was kept as context
JX926    indicator-from-prose    an indicator was read from running text
JX927    targets-in-prose        the text states targets that could not be structured
JX928    wide-table              one value column per entity: one indicator per column
JX929    low-confidence          the table should be checked by a person
=======  ======================  ==============================================
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import NamedTuple

from ..model import Indicator, Table, Value, Warning
from ..text import Text, bi, in_lang, join

LOW = 0.6  # below this a table is flagged for a person to check


@dataclass(frozen=True, slots=True)
class Note:
    """One thing the assembler worked out: its kind (a key of :data:`KINDS`), the detail the
    message names, and where."""

    kind: str
    detail: str
    where: str | None = None


# kind → (code, message zh, message en, confidence factor); "{d}" alone: the detail is a Text
# (written in both languages by whoever made the note)
KINDS: dict[str, tuple[str, str, str, float]] = {
    "meaning": ("JX920", "表头按含义识别：{d}", "header read by meaning: {d}", 0.97),
    "column": ("JX921", "列按内容识别：{d}", "column role from its content: {d}", 0.93),
    "unread": ("JX922", "表头未识别，该列未读取：{d}", "header not understood, column not read: {d}", 0.95),
    "date": ("JX923", "{d}", "{d}", 0.98),
    "placeholder": ("JX924", "模板占位行未作为指标读取：{d}", "template row not read: {d}", 1.0),
    "context": ("JX925", "{d}", "{d}", 1.0),
    "prose": ("JX926", "指标读自正文，请核对：{d}", "indicator read from running text, check it: {d}", 1.0),
    "prose_unread": (
        "JX927",
        "正文写有绩效目标，未能读取：{d}",
        "targets stated in prose, not read: {d}",
        1.0,
    ),
    "wide": ("JX928", "{d}", "{d}", 0.85),
    # the table's kind (部门整体 or 项目) with its evidence missing or in conflict: a person checks it
    "kind": ("JX929", "表种类请人工核对：{d}", "check the table's kind: {d}", 0.85),
}

# column roles as the warnings name them
ROLE_NAMES = {
    "level1": "一级指标",
    "level2": "二级指标",
    "name": "三级指标",
    "description": "指标描述",
    "target": "指标值",
    "op": "指标性质",
    "unit": "度量单位",
    "weight": "分值",
    "score": "得分",
    "actual": "实际完成值",
    "deviation": "偏差原因",
    "direction": "指标方向",
    "remark": "备注",
    "ignore": "（不读）",
}
_LOW_CODE = "JX929"


def warning(note: Note) -> Warning:
    code, zh, en, _ = KINDS[note.kind]
    if zh == "{d}":  # the detail is written in both languages already
        return Warning(code, note.detail, note.where)
    return Warning(code, bi(zh.format(d=note.detail), en.format(d=in_lang(note.detail, "en"))), note.where)


class Tally(NamedTuple):
    """What a table's indicators show, counted in one pass (:func:`tally`)."""

    with_target: int  # indicators with a target printed
    levels: int  # with a 一级 name
    known: int  # … of which the taxonomy knows
    measured: bool  # an actual value or a score: a self-evaluation's grid
    dated: bool  # a whole number that may be an Excel day number, or actual values to ask


def tally(inds: list[Indicator]) -> Tally:
    """Count what :func:`judge` and the table's kind need (asked of every table: one plain pass,
    locals only)."""
    with_target = levels = known = 0
    measured = dated = False
    for i in inds:
        target = i.target
        if target.text is not None:
            with_target += 1
            if target.number.__class__ is int and target.number >= 30000:
                dated = True  # an Excel day number?  (asked in full by judge)
        if i.level1:
            levels += 1
            if i.category1 is not None:
                known += 1
        if i.actual is not None or i.score is not None:
            measured = True
    return Tally(with_target, levels, known, measured, dated or measured)


def judge(table: Table, notes: list[Note], counted: Tally | None = None) -> list[Warning]:
    """Set ``table.confidence`` from its notes and its content (``counted``: its :func:`tally`, when
    the caller has it); return the warnings to add."""
    inds = table.indicators
    c = counted if counted is not None else tally(inds)
    with_target, levels, known, dated = c.with_target, c.levels, c.known, c.dated
    if dated:
        notes = notes + excel_day_numbers(table)
    confidence = 1.0
    reasons: list[Text] = []
    if notes:
        for note in notes:
            confidence *= KINDS[note.kind][3]
        reasons += [bi(c, c) for c in sorted({KINDS[n.kind][0] for n in notes if KINDS[n.kind][3] < 1.0})]
        if any(n.kind == "prose" for n in notes):
            confidence *= 0.5
            reasons.append(bi("指标读自正文", "indicators read from running text"))
    if not inds:
        confidence *= 0.4
        reasons.append(bi("没有读到指标", "no indicators"))
    elif with_target < len(inds) / 2:
        confidence *= 0.85
        reasons.append(bi("多数指标没有指标值", "most indicators have no target"))
    if levels and known < levels / 2:
        confidence *= 0.9
        reasons.append(bi("一级指标名称多数不在指标体系中", "level names not in the taxonomy"))
    if (
        table.kind.startswith("project")
        and not (table.project and table.project.name)
        and not table.unit.name
    ):
        confidence *= 0.85
        reasons.append(bi("没有项目或单位名称", "no project or unit name"))
    table.confidence = round(max(0.0, min(1.0, confidence)), 2)
    if not notes and table.confidence >= LOW:
        return []
    out = [warning(n) for n in notes]
    if table.confidence < LOW:
        label = table.source or "表"
        out.append(
            Warning(
                _LOW_CODE,
                bi(
                    f"{label} 读取置信度 {table.confidence:.2f}，请人工核对：{join(reasons)}",
                    f"{label}: low confidence {table.confidence:.2f}, check this table by hand: "
                    + join(reasons).en,
                ),
                table.source,
            )
        )
    return out


# ---- Excel day numbers -------------------------------------------------------------------

_DATE_LIKE = re.compile(r"时间|日期|时限|期限|截止|完成时|到位时")
_DAY_NUMBER = re.compile(r"^\d{2},?\d{3}$")
_EPOCH = dt.date(1899, 12, 30)  # Excel's day 0 (its 1900 leap-year slip included)


def day_number_date(value: Value | None) -> dt.date | None:
    """The date an Excel day number stands for (``44,561`` → 2021-12-31), or None when the value
    is not one (a bare whole number between 1982 and 2064, no unit)."""
    if value is None or not isinstance(value.number, int) or value.unit or value.op not in ("=", None):
        return None
    if not (30000 <= value.number <= 60000) or not _DAY_NUMBER.match((value.text or "").lstrip("=")):
        return None
    return _EPOCH + dt.timedelta(days=value.number)


def excel_day_numbers(table: Table) -> list[Note]:
    """A date-like indicator (到位时间, 完成时限, a 时效 indicator) whose value is an Excel day number:
    kept as printed, with a note of the date it stands for."""
    out: list[Note] = []
    for ind in table.indicators:
        for what, value in (("指标值", ind.target), ("实际完成值", ind.actual)):
            date = day_number_date(value)  # (most values are no day number: asked first)
            if date is not None and value is not None and _date_like(ind):
                out.append(
                    Note(
                        "date",
                        bi(
                            f"「{ind.name}」的{what} {value.text} 像是 Excel 日期序号，即 {date.isoformat()}，按原样保留",
                            f"{ind.name}: the {_WHAT_EN[what]} {value.text} looks like an Excel day number"
                            f" for {date.isoformat()}, kept as printed",
                        ),
                        ind.source,
                    )
                )
    return out


_WHAT_EN = {"指标值": "target", "实际完成值": "actual value"}


def _date_like(ind: Indicator) -> bool:
    return ind.category2 == "时效指标" or bool(_DATE_LIKE.search(f"{ind.name or ''}{ind.description or ''}"))
