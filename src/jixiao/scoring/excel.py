"""Excel entry of actuals (实际完成值填报): a template pre-filled with a project's indicators.

:func:`actuals_template` writes an .xlsx whose sheet 自评填报 lists the project's header,
全年预算数 and every indicator (一级 | 二级 | 三级 | 年度指标值 | 分值) with empty cells for
全年执行数, 实际完成值 and 偏差原因分析及改进措施.  Only those cells (and 全年预算数) are
unlocked; the sheet is protected without a password so pre-filled cells are not changed by
accident.  Table text is written as text, never as a formula (:func:`jixiao.spreadsheet.put`).
A hidden sheet ``jixiao`` holds the template's format and a fingerprint of the
project's indicators.

:func:`read_actuals` reads a filled template back against the same target table and gives
the 自评表 (a Table of kind ``project_selfeval``) ready for :func:`~jixiao.scoring.scorer.score_table`.
A file that is not such a template, or whose indicators no longer match the project, is an
:class:`~jixiao.errors.IngestError` naming the file and the cell.
"""

from __future__ import annotations

import hashlib
import io
import json
from typing import Any

from openpyxl import Workbook, load_workbook
from openpyxl.styles import Alignment, Font, PatternFill, Protection
from openpyxl.utils.exceptions import InvalidFileException
from openpyxl.worksheet.worksheet import Worksheet

from ..errors import CorruptFile, IngestError
from ..model import Table
from ..readers import safety
from ..spreadsheet import put
from ..text import bi
from ..values import normalize_text, parse_amount
from .scorer import with_actuals

FORMAT = "jixiao.actuals/1"
SHEET = "自评填报"
META = "jixiao"
HEADER_ROW = 7
FIRST_ROW = HEADER_ROW + 1
COLUMNS = (
    "序号",
    "一级指标",
    "二级指标",
    "三级指标",
    "年度指标值",
    "分值",
    "实际完成值",
    "偏差原因分析及改进措施",
)
BUDGET_CELL, EXECUTED_CELL = "B4", "B5"
_FILL = PatternFill("solid", fgColor="FFF2CC")


def fingerprint(table: Table) -> str:
    """A short hash of the project and its indicators (name and target, in order)."""
    data = [table.project.name if table.project else table.unit.name] + [
        [i.level1, i.level2, i.name, i.target.text] for i in table.indicators
    ]
    return hashlib.sha256(json.dumps(data, ensure_ascii=False).encode()).hexdigest()[:16]


def _editable(cell: Any) -> None:
    cell.protection = Protection(locked=False)
    cell.fill = _FILL


def actuals_template(table: Table) -> bytes:
    """The .xlsx template for entering a project's actuals (see the module docstring)."""
    wb = Workbook()
    ws = wb.active
    assert isinstance(ws, Worksheet)  # a new workbook holds one worksheet
    ws.title = SHEET
    money = table.money_unit or "万元"
    name = table.project.name if table.project else table.unit.name
    put(ws["A1"], f"{name or ''} 绩效自评填报（{table.year or ''}年度）")
    ws["A1"].font = Font(bold=True, size=14)
    ws.merge_cells("A1:H1")
    rows = [
        ("项目名称", name),
        ("实施单位", table.unit.name),
        (
            f"全年预算数（{money}）",
            table.funds.adjusted if table.funds.adjusted is not None else table.funds.total,
        ),
        (f"全年执行数（{money}）", table.funds.executed),
    ]
    for r, (label, value) in enumerate(rows, start=2):
        put(ws.cell(r, 1), label).font = Font(bold=True)
        put(ws.cell(r, 2), value)
    _editable(ws[BUDGET_CELL])
    _editable(ws[EXECUTED_CELL])
    ws["A6"] = (
        "请在黄色单元格填写全年执行数、每项指标的实际完成值（数值，或 达成 / 部分达成 / 未达成）及偏差原因；不要增删行。"
    )
    for c, title in enumerate(COLUMNS, start=1):
        cell = ws.cell(HEADER_ROW, c, title)
        cell.font = Font(bold=True)
        cell.alignment = Alignment(horizontal="center", wrap_text=True)
    for k, ind in enumerate(table.indicators):
        r = FIRST_ROW + k
        values = [
            k + 1,
            ind.level1,
            ind.level2,
            ind.name,
            ind.target.text,
            ind.weight,
            ind.actual.text if ind.actual else None,
            ind.deviation,
        ]
        for c, v in enumerate(values, start=1):
            put(ws.cell(r, c), v)
        _editable(ws.cell(r, 7))
        _editable(ws.cell(r, 8))
    for col, width in zip("ABCDEFGH", (6, 14, 18, 30, 14, 8, 16, 36), strict=True):
        ws.column_dimensions[col].width = width
    ws.protection.sheet = True
    meta = wb.create_sheet(META)
    meta["A1"], meta["B1"] = "format", FORMAT
    meta["A2"], meta["B2"] = "fingerprint", fingerprint(table)
    meta["A3"], meta["B3"] = "indicators", len(table.indicators)
    meta.sheet_state = "hidden"
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def _text(value: Any) -> str | None:
    if value is None:
        return None
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    text = normalize_text(str(value))
    return text or None


def read_actuals(data: bytes, target: Table, name: str = "自评填报.xlsx") -> Table:
    """The 自评表 from a filled template for ``target`` (raises IngestError naming the cell)."""
    safety.check_size(len(data), name)
    zf = safety.open_zip(data, name)
    for member in zf.namelist():
        if member.endswith(".xml") or member.endswith(".rels"):
            safety.read_member(zf, member, name)  # size caps and DTD/entity rejection
    try:
        wb = load_workbook(io.BytesIO(data), data_only=True)
    except (InvalidFileException, KeyError, ValueError, OSError) as exc:
        raise CorruptFile(
            name, bi(f"不是有效的 Excel 工作簿: {exc}", f"not a valid Excel workbook: {exc}")
        ) from exc
    if META not in wb.sheetnames or SHEET not in wb.sheetnames or wb[META]["B1"].value != FORMAT:
        raise IngestError(
            name,
            bi(
                "不是 jixiao 导出的自评填报模板，请先下载模板",
                "not an actuals template exported by jixiao; download the template first",
            ),
        )
    if wb[META]["B2"].value != fingerprint(target):
        raise IngestError(
            name,
            bi(
                "模板与该项目的指标不一致（指标已修改），请重新下载模板",
                "the template does not match the project's indicators (they changed); download it again",
            ),
            where=f"{META}!B2",
        )
    ws = wb[SHEET]
    budget = _amount(ws[BUDGET_CELL].value, name, BUDGET_CELL)
    executed = _amount(ws[EXECUTED_CELL].value, name, EXECUTED_CELL)
    actuals: list[str | None] = []
    deviations: list[str | None] = []
    for k, ind in enumerate(target.indicators):
        r = FIRST_ROW + k
        printed = _text(ws.cell(r, 4).value)
        if printed != (normalize_text(ind.name) if ind.name else None):
            raise IngestError(
                name,
                bi(
                    f"第 {r} 行的三级指标应为「{ind.name}」，实际为「{printed}」（请不要增删或移动行）",
                    f"row {r} should be the indicator “{ind.name}”, not “{printed}” (do not add, remove or move rows)",
                ),
                where=f"{SHEET}!D{r}",
            )
        actuals.append(_text(ws.cell(r, 7).value))
        deviations.append(_text(ws.cell(r, 8).value))
    return with_actuals(target, actuals, executed=executed, budget=budget, deviations=deviations)


def _amount(value: Any, name: str, cell: str) -> float | None:
    if value is None or isinstance(value, int | float):
        return None if value is None else float(value)
    amount = parse_amount(str(value))
    if amount is None and normalize_text(str(value)):
        raise IngestError(
            name,
            bi(f"{cell} 应为金额，实际为「{value}」", f"{cell} should be an amount, not “{value}”"),
            where=f"{SHEET}!{cell}",
        )
    return amount
