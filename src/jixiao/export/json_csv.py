"""JSON (the ``jixiao/1`` Document) and CSV (one row per indicator) writers.

The CSV repeats the table's fields on every indicator row so that a spreadsheet or
pandas can filter and pivot it directly; it is UTF-8 with a BOM so that Excel opens the
Chinese text correctly.  A table without indicators still gives one row.  A text field that
a spreadsheet would run as a formula (it starts with ``= + - @``, tab or carriage return) is
written with a leading apostrophe (:func:`jixiao.spreadsheet.csv_field`, OWASP's advice).
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable
from typing import Any

from .. import jsontext
from ..model import Document, Indicator, Table
from ..spreadsheet import csv_field

TABLE_COLUMNS: list[tuple[str, Callable[[Table], Any]]] = [
    ("kind", lambda t: t.kind),
    ("title", lambda t: t.title),
    ("year", lambda t: t.year),
    ("unit_code", lambda t: t.unit.code),
    ("unit_name", lambda t: t.unit.name),
    ("department_code", lambda t: t.department.code if t.department else None),
    ("department_name", lambda t: t.department.name if t.department else None),
    ("project_name", lambda t: t.project.name if t.project else None),
    ("project_code", lambda t: t.project.code if t.project else None),
    ("money_unit", lambda t: t.money_unit),
    *[
        (f"funds_{name}", (lambda n: lambda t: getattr(t.funds, n))(name))
        for name in (
            "total",
            "fiscal",
            "other",
            "period_total",
            "carryover",
            "initial",
            "adjusted",
            "executed",
            "execution_rate",
            "weight",
            "score",
        )
    ],
    ("total_score", lambda t: t.total_score),
    ("grade", lambda t: t.grade),
]
INDICATOR_COLUMNS: list[tuple[str, Callable[[Indicator], Any]]] = [
    ("level1", lambda i: i.level1),
    ("level2", lambda i: i.level2),
    ("category1", lambda i: i.category1),
    ("category2", lambda i: i.category2),
    ("name", lambda i: i.name),
    ("description", lambda i: i.description),
    ("period", lambda i: i.period),
    ("target_text", lambda i: i.target.text),
    ("target_op", lambda i: i.target.op),
    ("target_number", lambda i: i.target.number),
    ("target_unit", lambda i: i.target.unit),
    ("target_qualitative", lambda i: i.target.qualitative),
    ("weight", lambda i: i.weight),
    ("score", lambda i: i.score),
    ("actual_text", lambda i: i.actual.text if i.actual else None),
    ("actual_number", lambda i: i.actual.number if i.actual else None),
    ("deviation", lambda i: i.deviation),
    ("direction", lambda i: i.direction),
    ("remark", lambda i: i.remark),
]
CSV_HEADER = [name for name, _ in TABLE_COLUMNS] + [name for name, _ in INDICATOR_COLUMNS]


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float) and value.is_integer():
        return str(int(value)) if abs(value) < 1e15 else repr(value)
    if isinstance(value, int | float):
        return str(value)  # a number (-5) is a number, not a formula
    return csv_field(str(value))


def render_json(doc: Document) -> bytes:
    """The jixiao/1 Document, pretty-printed, Chinese kept as is (:mod:`jixiao.jsontext`; a lone
    surrogate, possible from a JSON "\\ud800" escape, cannot be UTF-8: replaced)."""
    return jsontext.dumps(doc.json_view())


def render_csv(tables: list[Table]) -> bytes:
    """One row per indicator with its table's fields repeated; UTF-8 with BOM, CRLF rows."""
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\r\n")
    writer.writerow(CSV_HEADER)
    for table in tables:
        head = [_cell(get(table)) for _, get in TABLE_COLUMNS]
        if not table.indicators:
            writer.writerow(head + [""] * len(INDICATOR_COLUMNS))
        for ind in table.indicators:
            writer.writerow(head + [_cell(get(ind)) for _, get in INDICATOR_COLUMNS])
    return ("\ufeff" + buf.getvalue()).encode("utf-8", "replace")
