"""The self-evaluation and monitoring layouts.

- 项目支出绩效自评表 (财预〔2020〕10号, LAYOUTS.md C1): 项目名称 · 主管部门 · 实施单位 ·
  项目资金 grid 年初预算数 | 全年预算数 | 全年执行数 | 分值 | 执行率 | 得分 over the rows
  年度资金总额 / 其中：当年财政拨款 / 上年结转资金 / 其他资金 · 年度总体目标 预期目标 |
  实际完成情况 · 一级 | 二级 | 三级 | 年度指标值 | 实际完成值 | 分值 | 得分 |
  偏差原因分析及改进措施 · 总分 · 自评等级.  The 全年预算数 cell prints ``funds.adjusted`` only; a
  ``funds.total`` known without it gets a 预算数 row above the grid.  The 项目名称 row is printed,
  blank, when the project's name is not known.
- 部门整体支出绩效自评表: the same with 部门(单位)名称 and 部门预算编码.
- 绩效运行监控表 (财预〔2019〕136号 "双监控"): 全年预算数 | 1-7月执行数 | 执行率, then per
  indicator 年度指标值 | 1-7月执行情况 | 全年预计完成情况 | 完成目标可能性 | 偏差原因 |
  纠偏措施, from the monitoring fields of jixiao/1 (``as_of``, ``progress`` — or ``actual`` as
  a published table reads —, ``expected``, ``likelihood``, ``reason_category``/``reason``,
  ``measure``).
"""

from __future__ import annotations

from ..model import Indicator, Table, parse_as_of
from .forms import (
    Column,
    actual_text,
    any_of,
    column_widths,
    grid_rows,
    heading,
    optional_columns,
    target_text,
)
from .layout import (
    Form,
    FormCell,
    head,
    keyed,
    label,
    money,
    money_unit_suffix,
    numbered,
    party_text,
    percent,
    score,
    text,
    year_line,
)


def _spread(cell: FormCell, colspan: int) -> FormCell:
    cell.colspan = colspan
    return cell


def _names(table: Table, n: int) -> list[list[FormCell]]:
    """项目名称 / 主管部门 / 实施单位, or 部门(单位)名称 / 部门预算编码 for a department.

    A 项目 self-evaluation keeps its 项目名称 row when the name is not known (dev/44): the row,
    not the name, tells a 项目 table from a 部门整体 one.
    """
    rows: list[list[FormCell]] = []
    left = max(1, (n - 2 - 1) // 2)
    right = n - 2 - 1 - left
    department = table.kind == "department_selfeval" or (table.kind == "monitoring" and table.project is None)
    if department:
        rows.append(
            [
                label("部门(单位)名称", colspan=2),
                text(table.unit.name, colspan=left),
                label("部门预算编码"),
                text(table.unit.code, role="value", colspan=right),
            ]
        )
        if table.department is not None:
            dept = party_text(table.department.code, table.department.name, "-")
            rows.append([label("主管部门", colspan=2), text(dept, colspan=n - 2)])
        return rows
    project = party_text(table.project.code, table.project.name, "-") if table.project else ""
    rows.append([label("项目名称", colspan=2), keyed(text(project, colspan=n - 2), "project")])
    dept = party_text(table.department.code, table.department.name, "-") if table.department else ""
    rows.append(
        [
            label("主管部门", colspan=2),
            text(dept, colspan=left),
            label("实施单位"),
            text(party_text(table.unit.code, table.unit.name, "-"), colspan=right),
        ]
    )
    return rows


def _adjusted_keys(table: Table) -> tuple[str, ...]:
    """The 全年预算数 of the 年度资金总额 row is the table's 调整后预算数, and its 年度资金总额 too."""
    f = table.funds
    return ("funds.adjusted", "funds.total") if f.total == f.adjusted else ("funds.adjusted",)


def _budget_row(table: Table, n: int) -> list[list[FormCell]]:
    """A 预算数 row above the money grid when the 年度资金总额 is known without its 全年预算数
    (dev/44: 本项目累计安排资金10万元, stated in the report's prose): no cell of the grid means the
    one without the other."""
    f = table.funds
    if f.total is None or f.adjusted is not None:
        return []
    return [
        [
            label(f"预算数{money_unit_suffix(table)}", colspan=2),
            keyed(_spread(money(f.total), n - 2), "funds.total"),
        ]
    ]


def selfeval(table: Table, number: int | None = None) -> Form:
    """项目支出绩效自评表 / 部门整体支出绩效自评表."""
    columns = [
        Column("三级指标", lambda i: text(i.name), width=2.0, field="name"),
        Column("年度指标值", target_text, width=1.1, field="target"),
        Column("实际完成值", actual_text, width=1.1, field="actual"),
        Column("分值", lambda i: score(i.weight), width=0.7, field="weight"),
        Column("得分", lambda i: score(i.score), width=1.0, field="score"),
        Column("偏差原因分析及改进措施", lambda i: text(i.deviation), width=1.5, field="deviation"),
    ]
    columns += optional_columns(table, {"actual", "weight", "score", "deviation"})
    widths = column_widths([0.8, 1.1, 1.2], columns)
    n = len(widths)
    rows = _names(table, n)
    f = table.funds
    unit = money_unit_suffix(table)
    first = "项目资金" if table.kind == "project_selfeval" else "年度资金"
    blank = FormCell
    rows += _budget_row(table, n)
    rows.append(
        [
            label(f"{first}{unit}", rowspan=5),
            blank(colspan=2),
            head("年初预算数"),
            head("全年预算数"),
            head("全年执行数"),
            head("分值"),
            head("执行率"),
            head("得分", colspan=n - 8),
        ]
    )
    rows.append(
        [
            label("年度资金总额", colspan=2),
            keyed(money(f.initial), "funds.initial"),
            keyed(money(f.adjusted), *_adjusted_keys(table)),
            keyed(money(f.executed), "funds.executed"),
            keyed(score(f.weight), "funds.weight"),
            keyed(percent(f.execution_rate), "funds.execution_rate"),
            keyed(_spread(score(f.score), n - 8), "funds.score"),
        ]
    )
    for name, key, amount in (
        ("其中：当年财政拨款", "fiscal", f.fiscal),
        ("上年结转资金", "carryover", f.carryover),
        ("其他资金", "other", f.other),
    ):
        rows.append(
            [
                label(name, colspan=2),
                blank(),
                keyed(money(amount), f"funds.{key}"),
                blank(),
                blank(),
                blank(),
                blank(colspan=n - 8),
            ]
        )
    left = (n - 1) // 2
    rows.append(
        [
            label("年度总体目标", rowspan=1 + max(1, len(table.goals.annual))),
            head("预期目标", colspan=left),
            head("实际完成情况", colspan=n - 1 - left),
        ]
    )
    # one goal per row (a PDF cannot tell a line break in a cell from a wrapped line)
    goals = table.goals.annual or [""]
    for k, goal in enumerate(goals, 1):
        shown = f"{k}.{goal}" if goal else ""
        rows.append(
            [text(shown, colspan=left), text(table.outcome if k == 1 else None, colspan=n - 1 - left)]
        )
    if table.goals.period:
        rows.append([label("中期目标"), text(numbered(table.goals.period), colspan=n - 1)])
    grid, head_at = grid_rows(table.indicators, columns, n, lead="绩效指标", weights=table.level_weights)
    head_row = len(rows) + head_at
    rows += grid
    if table.total_score is not None:
        rows.append(
            [label("总分", colspan=2), keyed(_spread(score(table.total_score), n - 2), "total_score")]
        )
    if table.grade:
        rows.append(
            [label("自评等级", colspan=2), keyed(text(table.grade, role="value", colspan=n - 2), "grade")]
        )
    default = "项目支出绩效自评表" if table.kind == "project_selfeval" else "部门整体支出绩效自评表"
    lines = [x for x in [year_line(table)] if x]
    return Form(heading(table, number), lines, widths, rows, head_row, name=table.title or default)


def _progress(ind: Indicator) -> FormCell:
    value = ind.progress or ind.actual
    return text(value.text if value else None, role="value")


def _reason(ind: Indicator) -> FormCell:
    parts = [x for x in (ind.reason_category, ind.reason) if x]
    return text("：".join(parts) if parts else ind.deviation)


def monitoring(table: Table, number: int | None = None) -> Form:
    """绩效运行监控表: 预算执行 and 目标实现, side by side (双监控)."""
    as_of = parse_as_of(table.as_of)
    months = f"1-{as_of.month}月" if as_of else "1-7月"
    columns = [
        Column("三级指标", lambda i: text(i.name), width=2.0),
        Column("年度指标值", target_text, width=1.1),
        Column(f"{months}执行情况", _progress, width=1.1),
        Column(
            "全年预计完成情况",
            lambda i: text(i.expected.text if i.expected else None, role="value"),
            width=1.1,
        ),
        Column("完成目标可能性", lambda i: text(i.likelihood, role="value"), width=1.0),
        Column("偏差原因", _reason, width=1.4),
    ]
    if any_of(table.indicators, lambda i: i.measure):
        columns.append(Column("纠偏措施", lambda i: text(i.measure), width=1.4))
    columns += optional_columns(table, {"actual", "deviation"})
    widths = column_widths([0.8, 1.1, 1.2], columns)
    n = len(widths)
    rows = _names(table, n)
    f = table.funds
    budget = f.adjusted if f.adjusted is not None else f.total
    third = (n - 1) // 3
    spans = [third, third, n - 1 - 2 * third]
    rows.append(
        [
            label(f"项目资金{money_unit_suffix(table)}", rowspan=2),
            head("全年预算数", colspan=spans[0]),
            head(f"{months}执行数", colspan=spans[1]),
            head("执行率", colspan=spans[2]),
        ]
    )
    rows.append(
        [
            keyed(_spread(money(budget), spans[0]), "funds.adjusted", "funds.total"),
            keyed(_spread(money(f.executed), spans[1]), "funds.executed"),
            keyed(_spread(percent(f.execution_rate), spans[2]), "funds.execution_rate"),
        ]
    )
    rows.append([label("年度总体目标"), text(numbered(table.goals.annual), colspan=n - 1)])
    grid, head_at = grid_rows(table.indicators, columns, n, lead="绩效指标", weights=table.level_weights)
    head_row = len(rows) + head_at
    rows += grid
    lines = [x for x in [year_line(table)] if x]
    return Form(
        heading(table, number), lines, widths, rows, head_row, name=table.title or "项目支出绩效运行监控表"
    )
