"""The self-evaluation money grid (项目资金 / 预算执行情况): 年初预算数 | 全年预算数 | 全年执行数 | 分值 | 执行率 | 得分.

Rows 年度资金总额 / 其中：财政拨款 / 上年结转资金 / 其他资金 are kept raw per role; the
Draft turns them into Funds (total/fiscal/other from the 全年(调整后)预算数 column;
initial/adjusted/executed/execution_rate/weight/score from the total row).
"""

from __future__ import annotations

import re

from ..values import parse_amount
from .draft import Draft
from .kinds import funds_column
from .meaning import WEAK, meaning
from .rows import Row
from .vocabulary import FORMULA, FUNDS_ROWS, fiscal_part, label_key

_SUB_ROW = re.compile(r"^\s*[①-⑳]")
_IGNORED_ROWS = {"财政专户管理资金", "单位资金", "其中", "财政专户资金"}


def detect_header(row: Row) -> dict[int, str]:
    cols = {col: role for col, cell, _ in row.distinct() if (role := funds_column(cell.text))}
    money_roles = {r for r in cols.values() if r in ("initial", "adjusted", "executed", "execution_rate")}
    if len(money_roles) < 2:
        return {}
    for col, cell, _ in row.distinct():  # a row that is a money header: its other cells by a weaker match
        if col not in cols and min(cols) < col:
            role = meaning("funds_column", cell.text, WEAK).role  # 调整预算将,A、 (OCR of 调整预算数(A))
            if role is not None and role not in cols.values():
                cols[col] = role
    return cols


def row_role(row: Row, cols: dict[int, str]) -> str | None:
    first_value_col = min(cols) if cols else 10**6
    labels: list[str] = []
    for col, cell, fresh in row.distinct():
        if col >= first_value_col:
            break
        if _SUB_ROW.match(cell.text):
            return "ignore"  # C4: ①中央及省级 / ②市级 / ③县(市、区) under 财政资金小计
        key = label_key(FORMULA.sub("", cell.text))
        if key in FUNDS_ROWS:
            return FUNDS_ROWS[key]
        if key in _IGNORED_ROWS:
            return "ignore"
        part = fiscal_part(key)
        if part is not None:
            return part
        if fresh:
            labels.append(key)  # (a cell merged down from above is the grid's section label: 年度资金)
    for key in labels:  # no label of the vocabulary: by meaning (年度总金额)
        part = meaning("funds_row", key, WEAK).role
        if part is not None:
            return part
    return None


def _unlabelled_values(row: Row, cols: dict[int, str]) -> bool:
    first_value_col = min(cols) if cols else 10**6
    for col, cell, fresh in row.distinct():
        if col < first_value_col and fresh and cell.text.strip():
            return False  # a label of its own: not the header's figures
    return any(parse_amount(row.text(c)) is not None for c in cols)


def take_row(draft: Draft, cols: dict[int, str], row: Row) -> bool:
    """Consume one money-grid row; False when the row is not part of the grid."""
    role = row_role(row, cols)
    if role is None and "total" not in draft.selfeval_funds and _unlabelled_values(row, cols):
        role = "total"  # 监控表: 全年预算数 | 1-7月执行数 | 执行率 with the figures right below, no row label
    if role is None:
        return False
    if role == "ignore" or role in draft.selfeval_funds:
        return True
    draft.has_fields = True
    draft.selfeval_funds[role] = {r: row.text(c) for c, r in cols.items()}
    return True
