"""Turning a ``jixiao/1`` table dict into database rows, and review findings into rows.

``table_columns`` gives the normalized columns of ``perf_tables`` (unit, year, kind, money,
counts); ``indicator_rows`` one row per 三级指标; ``finding_rows`` the rows of findings the
caller computed (the store runs no rules: :mod:`jixiao.actions` does).
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from typing import Any

from ..errors import ConfigError
from ..model import TABLE_KINDS, Table, table_from_dict, table_to_dict
from ..text import bi

MAX_TEXT = 100_000  # a single text field (name, purpose …) longer than this is refused
YEAR_MIN, YEAR_MAX = 1900, 2200  # the year a table may have (the schema's ck_perf_tables_year)


def normalize_table(data: dict[str, Any] | Table) -> dict[str, Any]:
    """A validated, canonical jixiao/1 table dict (every field present, unknown keys dropped)."""
    if isinstance(data, Table):
        table = data
    else:
        if not isinstance(data, dict):
            raise ConfigError(bi("表必须是 JSON 对象", "a table must be a JSON object"))
        try:
            table = table_from_dict(data)
        except (TypeError, ValueError, AttributeError) as exc:
            raise ConfigError(bi(f"表结构无效: {exc}", f"invalid jixiao/1 table: {exc}")) from exc
    if table.kind not in TABLE_KINDS:
        raise ConfigError(
            bi(
                f"未知表类型 kind={table.kind!r}，可选：{', '.join(TABLE_KINDS)}",
                f"unknown table kind={table.kind!r}; choose from: {', '.join(TABLE_KINDS)}",
            )
        )
    if table.year is not None and not isinstance(table.year, int):
        raise ConfigError(
            bi(f"年度必须是整数: {table.year!r}", f"the year must be an integer: {table.year!r}")
        )
    if table.year is not None and not YEAR_MIN <= table.year <= YEAR_MAX:
        raise ConfigError(
            bi(
                f"年度应在 {YEAR_MIN}–{YEAR_MAX} 之间: {table.year}",
                f"the year must lie in {YEAR_MIN}–{YEAR_MAX}: {table.year}",
            )
        )
    out: dict[str, Any] = _without_nul(table_to_dict(table))
    _check_sizes(out, "table")
    return out


def _without_nul(obj: Any) -> Any:
    """Drop NUL characters (PostgreSQL text cannot hold them; they are never meaningful in a cell)."""
    if isinstance(obj, str):
        return obj.replace("\x00", "") if "\x00" in obj else obj
    if isinstance(obj, dict):
        return {k: _without_nul(v) for k, v in obj.items()}
    if isinstance(obj, list):
        return [_without_nul(v) for v in obj]
    return obj


def _check_sizes(obj: Any, where: str) -> None:
    if isinstance(obj, str) and len(obj) > MAX_TEXT:
        raise ConfigError(
            bi(
                f"{where} 文本过长：{len(obj)} 个字符，上限 {MAX_TEXT}",
                f"{where}: text too long, {len(obj)} characters (at most {MAX_TEXT})",
            )
        )
    if isinstance(obj, float) and not math.isfinite(obj):
        raise ConfigError(bi(f"{where} 数值无效", f"{where}: not a finite number"))
    if isinstance(obj, dict):
        for k, v in obj.items():
            _check_sizes(v, f"{where}.{k}")
    elif isinstance(obj, list):
        for i, v in enumerate(obj):
            _check_sizes(v, f"{where}[{i}]")


def _num(v: Any) -> float | None:
    if isinstance(v, bool) or v is None:
        return None
    if isinstance(v, int | float) and math.isfinite(v):
        return float(v)
    return None


def unit_key(data: dict[str, Any]) -> str | None:
    unit = data.get("unit") or {}
    key = unit.get("code") or unit.get("name")
    return key[:400] if key else None


def table_columns(data: dict[str, Any]) -> dict[str, Any]:
    """The normalized (filterable) columns of one table dict."""
    unit = data.get("unit") or {}
    dept = data.get("department") or {}
    project = data.get("project") or {}
    funds = data.get("funds") or {}
    inds = data.get("indicators") or []
    year = data.get("year")
    return {
        "unit_code": (unit.get("code") or None) and unit["code"][:64],
        "unit_name": unit.get("name"),
        "department_name": dept.get("name"),
        "kind": data.get("kind") or "project_target",
        "year": year if isinstance(year, int) and not isinstance(year, bool) else None,
        "title": data.get("title"),
        "project_name": project.get("name"),
        "money_unit": (data.get("money_unit") or None) and str(data["money_unit"])[:8],
        "budget_total": _num(funds.get("total")),
        "budget_fiscal": _num(funds.get("fiscal")),
        "indicator_count": len(inds),
        "quantified_count": sum(1 for i in inds if _num((i.get("target") or {}).get("number")) is not None),
        "total_score": _num(data.get("total_score")),
        "grade": (data.get("grade") or None) and str(data["grade"])[:8],
    }


def indicator_rows(data: dict[str, Any]) -> list[dict[str, Any]]:
    """One ``indicators`` row per 三级指标 (without table_id)."""
    rows = []
    for pos, ind in enumerate(data.get("indicators") or []):
        target = ind.get("target") or {}
        actual = ind.get("actual") or {}
        rows.append(
            {
                "position": pos,
                "level1": ind.get("level1"),
                "level2": ind.get("level2"),
                "category1": (ind.get("category1") or None) and ind["category1"][:64],
                "category2": (ind.get("category2") or None) and ind["category2"][:64],
                "name": ind.get("name"),
                "description": ind.get("description"),
                "period": (ind.get("period") or None) and str(ind["period"])[:16],
                "target_text": target.get("text"),
                "target_op": (target.get("op") or None) and str(target["op"])[:4],
                "target_number": _num(target.get("number")),
                "target_unit": (target.get("unit") or None) and str(target["unit"])[:64],
                "target_qualitative": target.get("qualitative")
                if isinstance(target.get("qualitative"), bool)
                else None,
                "actual_text": actual.get("text"),
                "actual_number": _num(actual.get("number")),
                "weight": _num(ind.get("weight")),
                "score": _num(ind.get("score")),
            }
        )
    return rows


def _jsonable(v: Any) -> Any:
    if v is None or isinstance(v, str | int | float | bool):
        return v
    if isinstance(v, dict):
        return {str(k): _jsonable(x) for k, x in v.items()}
    if isinstance(v, list | tuple):
        return [_jsonable(x) for x in v]
    return str(v)


def finding_rows(findings: Iterable[Mapping[str, Any]]) -> list[dict[str, Any]]:
    """``findings`` rows as stored: the store keeps what the review found (code, severity,
    indicator index, message arguments, message), computed by the caller."""
    rows = []
    for f in findings:
        indicator = f.get("indicator")
        rows.append(
            {
                "code": str(f.get("code") or "")[:16],
                "severity": str(f.get("severity") or "warning")[:16],
                "indicator": indicator
                if isinstance(indicator, int) and not isinstance(indicator, bool)
                else None,
                "args": _jsonable(f.get("args") or {}),
                "message": None if f.get("message") is None else str(f.get("message")),
            }
        )
    return rows
