"""The official form of a table on a page, with every finding on its cell.

The layout is the export's (:func:`jixiao.export.form_for`: the Tianjin 绩效目标表, the
部门整体 form, the 10号 自评表, the 监控表) — one owner for how an official form looks, so
the page shows what the .docx, .xlsx and .pdf print.  This module only places findings: each
cell of the export's grid names the model fields it prints (``FormCell.keys``), and a
finding goes on the cell of its indicator and field.

A finding is anything with ``code``, ``severity``, ``message(lang)`` and optionally
``indicator`` (row index) and ``field`` (``level1 | level2 | name | description | target``,
an indicator field such as ``score``, or a funds field such as ``funds.total``) —
:mod:`jixiao.review`'s ``Finding`` fits.  Without ``field``, the rule family decides: JX1xx →
三级指标, JX2xx/JX4xx → 指标值, JX3xx → 预算数, JX5xx → 得分; a cell the form lacks falls back
to the row's 指标值, then the table.  Labels and headers are shown in the page's language.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from ..export import form_for
from ..model import Table
from . import i18n

COLUMNS: tuple[str, ...] = ("level1", "level2", "name", "description", "target")
FUNDS_FIELDS: tuple[str, ...] = ("total", "fiscal", "other")
_SEVERITY_RANK = {"error": 3, "warning": 2, "info": 1}
_CELL_CLASS = {"label": "label", "value": "val", "text": ""}


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
    """A cell of the form as the page prints it, with the findings placed on it."""

    text: str = ""
    rowspan: int = 1
    colspan: int = 1
    role: str = "text"
    amount: bool = False
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

    @property
    def css(self) -> str:
        return "amount" if self.amount else _CELL_CLASS.get(self.role, "")


@dataclass(slots=True)
class FormRow:
    """One printed row; ``index`` is the indicator it shows (None for header rows)."""

    cells: list[FormCell]
    index: int | None = None


@dataclass(slots=True)
class FormView:
    title: str
    lines: list[str]
    widths: list[float]  # per cent of the form's width, per grid column
    rows: list[FormRow]
    table_findings: list[ShownFinding]
    all_findings: list[ShownFinding]


_PLACES = (
    (re.compile(r"表(\d+)"), r"table \1"),
    (re.compile(r"指标(\d+)"), r"indicator \1"),
    (re.compile(r"第(\d+)页"), r"page \1"),
    (re.compile(r"第(\d+)行"), r"row \1"),
)


def where_en(where: str) -> str:
    """A finding's place (``表1:指标8``, as the review runner writes it) in English."""
    for pattern, repl in _PLACES:
        where = pattern.sub(repl, where)
    return where


def shown(finding: Any, lang: str = "zh") -> ShownFinding:
    """Render one finding for display in ``lang``."""
    msg = getattr(finding, "message", "")
    text = msg(lang) if callable(msg) else str(msg or "")
    row = getattr(finding, "indicator", None)
    where = getattr(finding, "where", None) or getattr(finding, "location", None)
    if not isinstance(where, str):
        where = f"R{row + 1}" if isinstance(row, int) else None
    elif lang == "en":
        where = where_en(where)
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
    """Which field a finding belongs on: an indicator field, ``funds.<field>`` or ``table``."""
    declared = getattr(finding, "field", None)
    if isinstance(declared, str) and declared:
        if declared in ("value", "target_value", "指标值"):
            return "target"
        if declared in FUNDS_FIELDS:
            return f"funds.{declared}"
        return declared
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


def _places(finding: Any) -> list[str]:
    """The cell keys a finding may sit on, best first."""
    place = cell_of(finding)
    row = getattr(finding, "indicator", None)
    if isinstance(row, int) and not place.startswith("funds.") and place != "table":
        return [f"{row}.{place}", f"{row}.target", f"{row}.name"]
    if place.startswith("funds."):
        return [place, "funds.total"]
    return []


def _row_index(cells: Iterable[Any]) -> int | None:
    for cell in cells:
        for key in cell.keys:
            head, _, name = key.partition(".")
            if head.isdigit() and name not in ("level1", "level2"):
                return int(head)
    return None


def layout(table: Table, findings: Iterable[Any] = (), lang: str = "zh") -> FormView:
    """The official form of ``table`` (the export's layout) with each finding on its cell."""
    form = form_for(table)
    label = _labeller(lang)
    by_key: dict[str, FormCell] = {}
    rows: list[FormRow] = []
    for printed in form.rows:
        cells = []
        for c in printed:
            text = label(c.text) if c.role in ("label", "head") else c.text
            cell = FormCell(text, c.rowspan, c.colspan, c.role, amount=c.number is not None)
            for key in c.keys:
                by_key.setdefault(key, cell)
            cells.append(cell)
        rows.append(FormRow(cells, _row_index(printed)))
    table_level: list[ShownFinding] = []
    everything: list[ShownFinding] = []
    for f in findings:
        s = shown(f, lang)
        everything.append(s)
        target = next((by_key[k] for k in _places(f) if k in by_key), None)
        if target is None:
            table_level.append(s)
        else:
            target.findings.append(s)
    total = sum(form.widths) or 1.0
    return FormView(
        title=form.title or form.name,
        lines=list(form.lines),
        widths=[round(100 * w / total, 2) for w in form.widths],
        rows=rows,
        table_findings=table_level,
        all_findings=everything,
    )


def _labeller(lang: str) -> Callable[[str], str]:
    """A form's label or header in ``lang``: the catalogue's English for the printed Chinese."""
    if lang != "en":
        return lambda text: text
    english = i18n.english_of_form_labels()
    return lambda text: english.get(text, text)
