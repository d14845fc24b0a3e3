"""Lay a :class:`~jixiao.model.Table` out as the official form (绩效目标表), findings on their cells.

The layout is the seed's Tianjin form (LAYOUTS.md A0)::

    项目名称 | <name>
    预算规模及资金用途 | 预算数 | 其中：财政资金 | 其他资金 / <purpose>
    绩效目标 | <goals>
    一级指标 | 二级指标 | 三级指标 | 绩效指标描述 | 指标值

with 一级 and 二级 cells merged over consecutive equal rows.  :func:`layout` does
all the work (spans, which finding sits on which cell, severities); the template
only prints what it is given.

A finding is anything with ``code``, ``severity``, ``message(lang)`` and
optionally ``indicator`` (row index) and ``field`` (the cell:
``level1 | level2 | name | description | target`` or a funds field such as
``funds.total``) — :mod:`jixiao.review`'s ``Finding`` fits.  Without ``field``,
the rule family decides: JX1xx → 三级指标, JX2xx/JX4xx → 指标值, JX3xx → 预算数.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from ..model import Table

COLUMNS: tuple[str, ...] = ("level1", "level2", "name", "description", "target")
# Columns a self-evaluation or monitoring table adds after 指标值, when any row has them.
EXTRA_COLUMNS: tuple[str, ...] = ("actual", "weight", "score", "deviation")
FUNDS_FIELDS: tuple[str, ...] = ("total", "fiscal", "other")
_SEVERITY_RANK = {"error": 3, "warning": 2, "info": 1}


@dataclass(slots=True)
class ShownFinding:
    """A finding as shown to a person: code, severity, rendered message, place."""

    code: str
    severity: str
    message: str
    where: str | None = None
    name: str | None = None
    row: int | None = None


@dataclass(slots=True)
class FormCell:
    text: str = ""
    rowspan: int = 1
    findings: list[ShownFinding] = field(default_factory=list)

    @property
    def severity(self) -> str | None:
        """The worst severity among this cell's findings (for its colour)."""
        if not self.findings:
            return None
        return max(self.findings, key=lambda f: _SEVERITY_RANK.get(f.severity, 0)).severity

    @property
    def tooltip(self) -> str:
        return "\n".join(f"{f.code} {f.message}" for f in self.findings)


@dataclass(slots=True)
class FormRow:
    index: int
    level1: FormCell | None  # None: covered by a merged cell above
    level2: FormCell | None
    name: FormCell
    description: FormCell
    target: FormCell
    extras: list[FormCell] = field(default_factory=list)


@dataclass(slots=True)
class FormView:
    title: str
    unit_code: str
    unit_name: str
    money_unit: str
    project: FormCell
    funds: dict[str, FormCell]
    purpose: str
    goals: list[str]
    goals_period: list[str]
    rows: list[FormRow]
    table_findings: list[ShownFinding]
    all_findings: list[ShownFinding]
    extra_columns: list[str] = field(default_factory=list)  # of EXTRA_COLUMNS, in order
    money: list[tuple[str, str]] = field(default_factory=list)  # self-eval money: (field, amount)
    total_score: str = ""
    grade: str = ""


def shown(finding: Any, lang: str = "zh") -> ShownFinding:
    """Render one finding for display in ``lang``."""
    msg = getattr(finding, "message", "")
    text = msg(lang) if callable(msg) else str(msg or "")
    row = getattr(finding, "indicator", None)
    where = getattr(finding, "where", None) or getattr(finding, "location", None)
    if not isinstance(where, str):
        where = f"R{row + 1}" if isinstance(row, int) else None
    sev = getattr(finding, "severity", "warning")
    sev = getattr(sev, "value", sev)
    return ShownFinding(
        code=str(getattr(finding, "code", "")),
        severity=str(sev or "warning"),
        message=text,
        where=where,
        name=getattr(finding, "name", None),
        row=row if isinstance(row, int) else None,
    )


def cell_of(finding: Any) -> str:
    """Which cell a finding belongs on: a column of :data:`COLUMNS` or ``funds.<field>``/``table``."""
    declared = getattr(finding, "field", None)
    if isinstance(declared, str) and declared:
        if declared in COLUMNS or declared.startswith("funds."):
            return declared
        if declared in ("value", "target_value", "指标值"):
            return "target"
        if declared in EXTRA_COLUMNS:
            return declared
        if declared in FUNDS_FIELDS:
            return f"funds.{declared}"
    code = str(getattr(finding, "code", ""))
    has_row = isinstance(getattr(finding, "indicator", None), int)
    if code.startswith("JX3"):
        return "target" if has_row else "funds.total"
    if not has_row:
        return "table"
    if code.startswith("JX1"):
        return "name"
    if code.startswith("JX5"):
        return "score"
    return "target"


def _merge(rows: list[FormRow], attr: str, same: Any) -> None:
    """Merge consecutive equal cells of column ``attr`` (rowspan on the first, None below)."""
    start = 0
    for i in range(1, len(rows) + 1):
        if i < len(rows) and same(rows[start], rows[i]):
            continue
        head = getattr(rows[start], attr)
        if head is not None and i - start > 1:
            head.rowspan = i - start
            for j in range(start + 1, i):
                extra = getattr(rows[j], attr)
                head.findings.extend(extra.findings)
                setattr(rows[j], attr, None)
        start = i


def _fmt(number: float | None) -> str:
    """An amount as official forms print it: two decimals, more when the source has more."""
    if number is None:
        return ""
    if abs(number * 100 - round(number * 100)) < 1e-9:
        return f"{number:.2f}"
    return str(number)


def _extra_text(ind: Any, column: str) -> str:
    if column == "actual":
        return ind.actual.text or "" if ind.actual is not None else ""
    value = getattr(ind, column)
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return "" if value is None else str(value)


MONEY_FIELDS: tuple[str, ...] = ("initial", "adjusted", "executed", "execution_rate", "weight", "score")


def _money(table: Table) -> list[tuple[str, str]]:
    out = []
    for key in MONEY_FIELDS:
        value = getattr(table.funds, key)
        if value is None:
            continue
        out.append((key, f"{value * 100:.1f}%" if key == "execution_rate" else _fmt(value)))
    return out


def layout(table: Table, findings: Iterable[Any] = (), lang: str = "zh") -> FormView:
    """The official form of ``table`` with each finding placed on its cell.

    Self-evaluation and monitoring tables get the columns they fill (实际完成值, 分值, 得分,
    偏差原因) after 指标值, and their money (年初预算数 … 执行率, 得分) above the grid.
    """
    extra = [c for c in EXTRA_COLUMNS if any(_extra_text(i, c) for i in table.indicators)]
    rows: list[FormRow] = []
    for i, ind in enumerate(table.indicators):
        rows.append(
            FormRow(
                index=i,
                level1=FormCell(ind.level1 or ""),
                level2=FormCell(ind.level2 or ""),
                name=FormCell(ind.name or ""),
                description=FormCell(ind.description or ""),
                target=FormCell(ind.target.text or ""),
                extras=[FormCell(_extra_text(ind, c)) for c in extra],
            )
        )
    funds = {k: FormCell(_fmt(getattr(table.funds, k))) for k in FUNDS_FIELDS}
    project = FormCell(table.project.name if table.project and table.project.name else "")
    table_level: list[ShownFinding] = []
    everything: list[ShownFinding] = []
    for f in findings:
        s = shown(f, lang)
        everything.append(s)
        place = cell_of(f)
        row = getattr(f, "indicator", None)
        if place.startswith("funds."):
            funds.setdefault(place[6:], FormCell()).findings.append(s)
        elif place in COLUMNS and isinstance(row, int) and 0 <= row < len(rows):
            getattr(rows[row], place).findings.append(s)
        elif place in extra and isinstance(row, int) and 0 <= row < len(rows):
            rows[row].extras[extra.index(place)].findings.append(s)
        elif place in EXTRA_COLUMNS and isinstance(row, int) and 0 <= row < len(rows):
            rows[row].target.findings.append(s)
        else:
            table_level.append(s)
    _merge(
        rows,
        "level1",
        lambda a, b: a.level1 is not None and b.level1 is not None and a.level1.text == b.level1.text,
    )
    _merge(
        rows,
        "level2",
        lambda a, b: (
            a.level2 is not None
            and b.level2 is not None
            and a.level2.text == b.level2.text
            and _l1(table, a.index) == _l1(table, b.index)
        ),
    )
    return FormView(
        title=table.title or (table.project.name if table.project and table.project.name else ""),
        unit_code=table.unit.code or "",
        unit_name=table.unit.name or "",
        money_unit=table.money_unit or "万元",
        project=project,
        funds=funds,
        purpose=table.purpose or "",
        goals=list(table.goals.annual),
        goals_period=list(table.goals.period),
        rows=rows,
        table_findings=table_level,
        all_findings=everything,
        extra_columns=extra,
        money=_money(table),
        total_score=_extra_text(table, "total_score"),
        grade=table.grade or "",
    )


def _l1(table: Table, index: int) -> str | None:
    return table.indicators[index].level1
