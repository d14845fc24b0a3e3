"""The official layouts: a domain :class:`~jixiao.model.Table` → a :class:`~jixiao.export.layout.Form`.

- 项目支出绩效目标表 (project_target): the seed's Tianjin layout (LAYOUTS.md A0) —
  unit line, 项目名称, 预算规模及资金用途 (预算数 · 其中：财政资金 · 其他资金 · 资金用途, and
  实施期资金总额 / 上年结转资金 / 分值 rows when the table has them),
  绩效目标, then 一级 | 二级 | 三级 | 绩效指标描述 | 指标值.
- 部门（单位）整体支出绩效目标表 (department_target): LAYOUTS.md B2 — 部门(单位)名称 ·
  部门预算编码 · 年度预算安排 · 年度总体目标 · 一级 | 二级 | 三级 | 指标解释 | 目标值.
- 项目支出 / 部门整体支出绩效自评表 (project_selfeval, department_selfeval): the 财预〔2020〕10号
  form (LAYOUTS.md C1) — see :mod:`jixiao.export.forms_selfeval`.
- 绩效运行监控表 (monitoring): see :mod:`jixiao.export.forms_selfeval`.

Columns the official form lacks are added only when the table has data for them
(权重, 得分, 备注 …), so nothing of the model is lost on the way out.
One 一级 cell is merged down over consecutive rows that share it, and one 二级 cell
likewise inside its 一级.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Hashable, Sequence
from dataclasses import dataclass

from ..model import Indicator, Table
from .layout import (
    Form,
    FormCell,
    fmt_number,
    head,
    keyed,
    label,
    money,
    money_unit_suffix,
    numbered,
    party_text,
    score,
    text,
    year_line,
)

UNIT_CODE = re.compile(r"\d{6,}")

# ---- the indicator grid -------------------------------------------------------------------


@dataclass(slots=True)
class Column:
    """One column of an indicator grid after 一级/二级: its header, span and cell."""

    header: str
    cell: Callable[[Indicator], FormCell]
    span: int = 1
    width: float = 1.0
    field: str | None = None  # the Indicator field it prints (its cells' keys)


def _key(value: str | None) -> str | None:
    return "".join(value.split()) if value and value.strip() else None


def _runs(keys: Sequence[Hashable | None]) -> list[int]:
    """For each row, the length of the run of equal non-empty keys it starts (0 if covered)."""
    out = [0] * len(keys)
    i = 0
    while i < len(keys):
        j = i + 1
        if keys[i] is not None:
            while j < len(keys) and keys[j] == keys[i]:
                j += 1
        out[i] = j - i
        i = j
    return out


_WEIGHTED = re.compile(r"[（(]\s*\d+(?:\.\d+)?\s*分\s*[)）]\s*$")


def with_weight(level: str | None, weights: dict[str, float]) -> str | None:
    """``产出指标`` → ``产出指标(50分)`` when the table carries that level's weight (level_weights)."""
    if not level or _WEIGHTED.search(level):
        return level
    w = weights.get(level.strip()) if weights else None
    return f"{level}({fmt_number(w)}分)" if w is not None else level


def indicator_rows(
    indicators: list[Indicator],
    columns: list[Column],
    weights: dict[str, float] | None = None,
    first: int = 0,
) -> list[list[FormCell]]:
    """The rows of the grid: 一级 | 二级 | columns…, with 一级 and 二级 merged down.

    ``weights`` (Table.level_weights) prints a level's weight in its cell: ``产出指标(50分)``.
    ``first`` is the table's index of the first of ``indicators`` (for the cells' keys).
    """
    weights = weights or {}
    k1 = [_key(i.level1) for i in indicators]
    k2 = [(_key(i.level1), _key(i.level2)) if _key(i.level2) else None for i in indicators]
    run1 = _runs(k1)
    # 二级 runs never cross a 一级 boundary
    run2 = [0] * len(indicators)
    start = 0
    while start < len(indicators):
        length = run1[start]
        for offset, n in enumerate(_runs(k2[start : start + length])):
            run2[start + offset] = n
        start += length
    rows: list[list[FormCell]] = []
    for n, ind in enumerate(indicators):
        at = first + n
        row: list[FormCell] = []
        if run1[n]:
            cell = text(with_weight(ind.level1, weights), role="value", rowspan=run1[n])
            row.append(keyed(cell, *(f"{at + k}.level1" for k in range(run1[n]))))
        if run2[n]:
            cell = text(with_weight(ind.level2, weights), role="value", rowspan=run2[n])
            row.append(keyed(cell, *(f"{at + k}.level2" for k in range(run2[n]))))
        for col in columns:
            cell = col.cell(ind)
            cell.colspan = col.span
            if col.field:
                cell.keys = (f"{at}.{col.field}",)
            row.append(cell)
        rows.append(row)
    return rows


def target_text(ind: Indicator) -> FormCell:
    return text(ind.target.text if ind.target else None, role="value")


def actual_text(ind: Indicator) -> FormCell:
    return text(ind.actual.text if ind.actual else None, role="value")


def any_of(indicators: list[Indicator], get: Callable[[Indicator], object]) -> bool:
    return any(get(i) not in (None, "") for i in indicators)


def optional_columns(table: Table, have: set[str]) -> list[Column]:
    """Columns for model fields the official grid lacks, when some indicator uses them."""
    inds = table.indicators
    out: list[Column] = []
    if "description" not in have and any_of(inds, lambda i: i.description):
        out.append(Column("绩效指标描述", lambda i: text(i.description), width=1.6, field="description"))
    if "actual" not in have and any_of(inds, lambda i: i.actual and i.actual.text):
        out.append(Column("实际完成值", actual_text, width=1.0, field="actual"))
    if "weight" not in have and any_of(inds, lambda i: i.weight):
        out.append(Column("权重", lambda i: score(i.weight), width=0.6, field="weight"))
    if "score" not in have and any_of(inds, lambda i: i.score):
        out.append(Column("得分", lambda i: score(i.score), width=0.6, field="score"))
    if "deviation" not in have and any_of(inds, lambda i: i.deviation):
        out.append(
            Column("偏差原因分析及改进措施", lambda i: text(i.deviation), width=1.6, field="deviation")
        )
    if "remark" not in have and any_of(inds, lambda i: i.remark):
        out.append(Column("备注", lambda i: text(i.remark), width=1.0, field="remark"))
    return out


def grid_header(columns: list[Column], lead: list[FormCell] | None = None) -> list[FormCell]:
    row = list(lead or [])
    row += [head("一级指标"), head("二级指标")]
    row += [head(c.header, colspan=c.span) for c in columns]
    return row


PERIOD_TITLES = {"period": "中期绩效指标", "annual": "年度绩效指标"}


def grid_rows(
    indicators: list[Indicator],
    columns: list[Column],
    n: int,
    lead: str | None = None,
    weights: dict[str, float] | None = None,
) -> tuple[list[list[FormCell]], int]:
    """The indicator grid: its header row and rows; returns (rows, index of the first header).

    When some indicators are 中期/实施期 (``period == "period"``), each run of one period
    gets its own block headed by a 中期绩效指标 / 年度绩效指标 line (LAYOUTS.md A8), in
    the order of the indicators.  ``lead`` is a label column merged down the block (绩效指标).
    """
    runs: list[tuple[str, list[Indicator]]] = []
    for ind in indicators:
        period = "period" if ind.period == "period" else "annual"
        if runs and runs[-1][0] == period:
            runs[-1][1].append(ind)
        else:
            runs.append((period, [ind]))
    blocks = runs if any(p == "period" for p, _ in runs) else [("annual", indicators)]
    rows: list[list[FormCell]] = []
    first_head: int | None = None
    start = 0
    for period, block in blocks:
        if len(blocks) > 1 or period == "period":
            rows.append([head(PERIOD_TITLES[period], colspan=n)])
        if first_head is None:
            first_head = len(rows)
        leading = [label(lead, rowspan=1 + len(block))] if lead else None
        rows.append(grid_header(columns, leading))
        rows += indicator_rows(block, columns, weights, start)
        start += len(block)
    return rows, first_head or 0


def column_widths(first: list[float], columns: list[Column]) -> list[float]:
    widths = list(first)
    for c in columns:
        widths += [c.width / c.span] * c.span
    return widths


def heading(table: Table, number: int | None, default: str | None = None) -> str | None:
    """The title paragraph; numbered ``N.`` when the document holds several tables (seed)."""
    title = table.title or default
    if title is None:
        return None
    return f"{number}.{title}" if number else title


# ---- 项目支出绩效目标表 (Tianjin layout, LAYOUTS.md A0) ---------------------------------------


def project_target(table: Table, number: int | None = None) -> Form:
    columns = [
        Column("三级指标", lambda i: text(i.name), span=2, width=2.6, field="name"),
        Column("绩效指标描述", lambda i: text(i.description), span=2, width=2.6, field="description"),
        Column("指标值", target_text, width=1.3, field="target"),
    ]
    columns += optional_columns(table, {"description"})
    widths = column_widths([1.2, 1.3], columns)
    n = len(widths)
    rows: list[list[FormCell]] = []
    # The seed's unit line "302101天津市人民政府外事办公室 | 单位：万元"; a unit without a
    # 6-digit code gets a labelled 预算单位 row instead (a bare name is not recognisable).
    unit_line = bool(table.unit.code and UNIT_CODE.fullmatch(table.unit.code) and table.unit.name)
    money_cell = [text(f"单位：{table.money_unit}", role="value", colspan=2)] if table.money_unit else []
    if unit_line or money_cell:
        unit = party_text(table.unit.code, table.unit.name) if unit_line else ""
        rows.append([text(unit, role="text", colspan=n - len(money_cell) * 2)] + money_cell)
    if not unit_line and (table.unit.name or table.unit.code):
        rows.append(
            [label("预算单位"), text(party_text(table.unit.code, table.unit.name, "-"), colspan=n - 1)]
        )
    if table.project is not None:
        name = text(party_text(table.project.code, table.project.name, "-"), colspan=n - 1)
        rows.append([label("项目名称"), keyed(name, "project")])
    if table.department is not None:
        dept = party_text(table.department.code, table.department.name, "-")
        rows.append([label("主管部门"), text(dept, colspan=n - 1)])
    f = table.funds
    extra = []
    if f.period_total is not None:
        extra.append([label("实施期资金总额"), money(f.period_total)])
    if f.carryover is not None:
        extra.append([label("上年结转资金"), money(f.carryover)])
    if f.weight is not None:  # dev/32: 项目资金预算执行 … 分值 | 10分, the money part's weight
        extra.append([label("分值"), keyed(score(f.weight), "funds.weight")])
    budget_rows = 2 + len(extra)
    rows.append(
        [
            label("预算规模及资金用途", rowspan=budget_rows),
            label("预算数"),
            keyed(money(f.total), "funds.total"),
            label("其中：财政资金"),
            keyed(money(f.fiscal), "funds.fiscal"),
            label("其他资金"),
            keyed(_spread(money(f.other), n - 6), "funds.other"),
        ]
    )
    for pair in extra:
        rows.append([pair[0], _spread(pair[1], n - 2)])
    rows.append([keyed(text(table.purpose, colspan=n - 1), "purpose")])
    rows += goal_rows(table, n, "绩效目标")
    grid, head_at = grid_rows(table.indicators, columns, n, weights=table.level_weights)
    head_row = len(rows) + head_at
    rows += grid
    lines = [x for x in [year_line(table)] if x]
    return Form(heading(table, number), lines, widths, rows, head_row, name=table.title or "绩效目标表")


def _spread(cell: FormCell, colspan: int) -> FormCell:
    cell.colspan = colspan
    return cell


def goal_rows(table: Table, n: int, name: str) -> list[list[FormCell]]:
    """绩效目标 (annual goals, numbered); with 中期目标 | 年度目标 side by side when both exist."""
    goals = table.goals
    if goals.period:
        left = (n - 1) // 2
        right = n - 1 - left
        return [
            [label(name, rowspan=2), head("中期目标", colspan=left), head("年度目标", colspan=right)],
            [text(numbered(goals.period), colspan=left), text(numbered(goals.annual), colspan=right)],
        ]
    # one numbered goal per row (as 目标1 … 目标n in LAYOUTS.md B2): a PDF cannot tell a line
    # break inside a cell from a wrapped line, a row boundary it can
    items = goals.annual or [""]
    rows: list[list[FormCell]] = []
    for k, goal in enumerate(items, 1):
        first = [label(name, rowspan=len(items))] if k == 1 else []
        rows.append(first + [text(f"{k}.{goal}" if goal else "", colspan=n - 1)])
    return rows


# ---- 部门（单位）整体支出绩效目标表 (LAYOUTS.md B2) ----------------------------------------------


def department_target(table: Table, number: int | None = None) -> Form:
    columns = [
        Column("三级指标", lambda i: text(i.name), width=2.6, field="name"),
        Column("指标解释", lambda i: text(i.description), width=2.2, field="description"),
        Column("目标值", target_text, width=1.3, field="target"),
    ]
    columns += optional_columns(table, {"description"})
    widths = column_widths([1.3, 1.4], columns)
    n = len(widths)
    rows: list[list[FormCell]] = []
    name_span = max(1, (n - 3))
    rows.append(
        [
            label("部门(单位)名称"),
            text(table.unit.name, colspan=name_span),
            label("部门预算编码"),
            text(table.unit.code, role="value", colspan=n - 2 - name_span),
        ]
    )
    if table.department is not None:
        dept = party_text(table.department.code, table.department.name, "-")
        rows.append([label("主管部门"), text(dept, colspan=n - 1)])
    f = table.funds
    money_rows = [("资金总额", "total", f.total)]
    money_rows += [
        (name, key, v)
        for name, key, v in (
            ("其中：财政拨款", "fiscal", f.fiscal),
            ("其他资金", "other", f.other),
            ("上年结转资金", "carryover", f.carryover),
        )
        if v is not None
    ]
    half = max(1, (n - 1) // 2)
    for k, (name, key, amount) in enumerate(money_rows):
        row = [label(f"年度预算安排{money_unit_suffix(table)}", rowspan=len(money_rows))] if k == 0 else []
        rows.append(
            row + [label(name, colspan=half), keyed(_spread(money(amount), n - 1 - half), f"funds.{key}")]
        )
    if table.purpose:
        rows.append([label("资金用途"), text(table.purpose, colspan=n - 1)])
    goals = table.goals.annual or [""]
    for k, goal in enumerate(goals):
        row = [label("年度总体目标", rowspan=len(goals))] if k == 0 else []
        rows.append(row + [text(f"目标{k + 1}:{goal}" if goal else "", colspan=n - 1)])
    if table.goals.period:
        rows.append([label("中期目标"), text(numbered(table.goals.period), colspan=n - 1)])
    grid, head_at = grid_rows(table.indicators, columns, n, weights=table.level_weights)
    head_row = len(rows) + head_at
    rows += grid
    lines = [x for x in [year_line(table)] if x]
    return Form(
        heading(table, number), lines, widths, rows, head_row, name=table.title or "部门整体支出绩效目标表"
    )
