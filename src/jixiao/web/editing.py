"""The target editor's form ↔ a :class:`~jixiao.model.Table` (编辑绩效目标).

The editor posts one list per column (``level1``, ``level2``, ``name``,
``description``, ``target``, ``orig``) in row order, so adding, removing and
reordering rows in the browser needs no renumbering.  ``orig`` is the row's index
in the stored table (blank for a new row); fields the editor does not show
(weights, actual values, remarks …) are carried over from that row.  Every
指标值 is parsed again with :func:`jixiao.values.parse_value` and the standard
categories recomputed, so the live check sees exactly what a save would store.
"""

from __future__ import annotations

import copy
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from ..model import Indicator, Party, Project, Table
from ..taxonomy import categorize
from ..values import normalize_text, parse_amount, parse_value

EDIT_COLUMNS: tuple[str, ...] = ("level1", "level2", "name", "description", "target")
FUNDS_FIELDS: tuple[str, ...] = ("total", "fiscal", "other")
MAX_ROWS = 500


@dataclass(slots=True)
class EditRow:
    """One row of the editor as shown: the five visible cells and the stored index."""

    orig: int | None
    level1: str
    level2: str
    name: str
    description: str
    target: str


def new_table(
    project_name: str, unit_code: str, unit_name: str | None, year: int | None, money_unit: str = "万元"
) -> Table:
    """A new, empty 项目支出绩效目标表 for a unit (declared in the editor, 申报)."""
    name = _clean(project_name)
    return Table(
        kind="project_target",
        title=f"{name}绩效目标表" if name else None,
        year=year,
        unit=Party(code=_clean(unit_code), name=_clean(unit_name)),
        project=Project(name=name) if name else None,
        money_unit=money_unit,
    )


def amount_text(value: float | None) -> str:
    """An amount as the editor shows it (blank when unknown)."""
    if value is None:
        return ""
    return f"{value:.2f}" if abs(value * 100 - round(value * 100)) < 1e-9 else str(value)


def rows_of(table: Table) -> list[EditRow]:
    """The editor rows of a stored table."""
    return [
        EditRow(
            i,
            ind.level1 or "",
            ind.level2 or "",
            ind.name or "",
            ind.description or "",
            ind.target.text or "",
        )
        for i, ind in enumerate(table.indicators)
    ]


def _clean(text: str | None) -> str | None:
    text = normalize_text(text or "")
    return text or None


def _int(text: str | None) -> int | None:
    try:
        return int(text) if text not in (None, "") else None
    except ValueError:
        return None


def table_from_form(base: Table, form: Mapping[str, Sequence[str]]) -> Table:
    """A copy of ``base`` with the header text and indicator grid taken from the editor form.

    ``form`` maps a field name to its list of values (``FormData.getlist``).  Rows
    left entirely blank are dropped.
    """
    table = copy.deepcopy(base)

    def one(name: str) -> str | None:
        values = form.get(name) or []
        return values[0] if values else None

    if one("project_name") is not None:
        name = _clean(one("project_name"))
        table.project = (
            Project(name=name, code=table.project.code if table.project else None) if name else None
        )
    if one("year") is not None:
        table.year = _int((one("year") or "").strip())
    for key in FUNDS_FIELDS:
        if one(key) is not None:
            setattr(table.funds, key, parse_amount(one(key)))
    if one("purpose") is not None:
        table.purpose = _clean(one("purpose"))
    if one("goals") is not None:
        table.goals.annual = [g for g in (normalize_text(x) for x in (one("goals") or "").splitlines()) if g]
    columns = {c: list(form.get(c) or []) for c in (*EDIT_COLUMNS, "orig")}
    count = min(max((len(v) for v in columns.values()), default=0), MAX_ROWS)
    indicators: list[Indicator] = []
    for i in range(count):
        cells = {c: (columns[c][i] if i < len(columns[c]) else "") for c in EDIT_COLUMNS}
        if not any((v or "").strip() for v in cells.values()):
            continue
        orig = _int(columns["orig"][i] if i < len(columns["orig"]) else None)
        if orig is not None and 0 <= orig < len(base.indicators):
            ind = copy.deepcopy(base.indicators[orig])
        else:
            ind = Indicator()
        ind.level1 = _clean(cells["level1"])
        ind.level2 = _clean(cells["level2"])
        ind.name = _clean(cells["name"])
        ind.description = _clean(cells["description"])
        ind.target = parse_value(_clean(cells["target"]))
        ind.category1, ind.category2 = categorize(ind.level1, ind.level2)
        indicators.append(ind)
    table.indicators = indicators
    return table
