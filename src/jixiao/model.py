"""The domain model: the ``jixiao/1`` interchange format as typed Python objects.

A :class:`Document` (one source file) holds :class:`Table` objects — one per
绩效目标表 (project or department target table), 自评表 (self-evaluation) or
监控表 (monitoring table).  Each table holds its header fields, its money
(:class:`Funds`) and its :class:`Indicator` grid; every 指标值 (target value) and
实际完成值 (actual value) is a parsed :class:`Value`.

Field names are fixed by ``jixiao/1``: add fields, never rename.  ``to_dict``
gives the JSON shape; ``from_dict`` reads it back (unknown keys ignored).
"""

from __future__ import annotations

import copy
from dataclasses import dataclass, field, fields, is_dataclass
from datetime import date
from functools import cache
from typing import Any, Literal, get_args, get_type_hints

SCHEMA = "jixiao/1"

TableKind = Literal[
    "project_target", "department_target", "project_selfeval", "department_selfeval", "monitoring"
]
TABLE_KINDS: tuple[str, ...] = (
    "project_target",
    "department_target",
    "project_selfeval",
    "department_selfeval",
    "monitoring",
)
OPS: tuple[str, ...] = ("≥", "≤", "=", ">", "<", "±")


@dataclass(slots=True)
class Value:
    """A parsed 指标值: comparator (指标性质), number, unit (度量单位) or qualitative (定性)."""

    text: str | None = None
    op: str | None = None
    number: float | int | None = None
    unit: str | None = None
    qualitative: bool | None = None

    @property
    def quantitative(self) -> bool:
        return self.number is not None


@dataclass(slots=True)
class Party:
    """A unit or department: 预算单位 / 实施单位 / 主管部门 (code = leading digits)."""

    code: str | None = None
    name: str | None = None


@dataclass(slots=True)
class Project:
    """项目名称 and its code when printed as a prefix of the name."""

    name: str | None = None
    code: str | None = None


@dataclass(slots=True)
class Funds:
    """Money of a table, in the table's ``money_unit``.

    total 预算数/年度资金总额 · fiscal 财政资金/财政拨款 · other 其他资金 ·
    period_total 实施期/中期资金总额 · carryover 上年结转 · initial 年初预算数 ·
    adjusted 全年(调整后)预算数 · executed 全年执行数 · execution_rate 执行率 (0..1) ·
    weight 分值 · score 得分.
    """

    total: float | None = None
    fiscal: float | None = None
    other: float | None = None
    period_total: float | None = None
    carryover: float | None = None
    initial: float | None = None
    adjusted: float | None = None
    executed: float | None = None
    execution_rate: float | None = None
    weight: float | None = None
    score: float | None = None


@dataclass(slots=True)
class Goals:
    """总体目标: 年度目标 (annual) and 中期/实施期目标 (period), one item per numbered goal."""

    annual: list[str] = field(default_factory=list)
    period: list[str] = field(default_factory=list)


LIKELIHOODS: tuple[str, ...] = ("确定能", "有可能", "完全不可能")  # 完成目标可能性
REASON_CATEGORIES: tuple[str, ...] = ("经费保障", "制度保障", "人员保障", "硬件条件保障", "其他")  # 偏差原因


@dataclass(slots=True)
class Indicator:
    """One 三级指标 row of the grid: 一级 → 二级 → 三级 with its 指标值.

    A 监控表 (kind ``monitoring``) fills the monitoring fields: ``progress`` (1–N月执行情况,
    the progress to the table's ``as_of`` date), ``expected`` (全年预计完成情况), ``likelihood``
    (完成目标可能性, one of :data:`LIKELIHOODS`), ``reason_category`` (偏差原因, one of
    :data:`REASON_CATEGORIES`), ``reason`` (偏差原因说明) and ``measure`` (纠偏措施).
    """

    level1: str | None = None
    level2: str | None = None
    category1: str | None = None
    category2: str | None = None
    name: str | None = None
    description: str | None = None
    period: str = "annual"
    target: Value = field(default_factory=Value)
    weight: float | None = None
    score: float | None = None
    actual: Value | None = None
    deviation: str | None = None
    direction: str | None = None
    remark: str | None = None
    source: str | None = None
    progress: Value | None = None
    expected: Value | None = None
    likelihood: str | None = None
    reason_category: str | None = None
    reason: str | None = None
    measure: str | None = None


@dataclass(slots=True)
class Table:
    """One domain table: 绩效目标表, 整体绩效目标表, 自评表 or 监控表.

    ``as_of`` (截至日期, ``YYYY-MM-DD``) is a 监控表's date; its ``funds.executed`` is the
    spending to that date (1–N月执行数).
    """

    kind: str = "project_target"
    title: str | None = None
    year: int | None = None
    unit: Party = field(default_factory=Party)
    department: Party | None = None
    project: Project | None = None
    money_unit: str | None = None
    funds: Funds = field(default_factory=Funds)
    purpose: str | None = None
    goals: Goals = field(default_factory=Goals)
    outcome: str | None = None
    indicators: list[Indicator] = field(default_factory=list)
    total_score: float | None = None
    grade: str | None = None
    source: str | None = None
    level_weights: dict[str, float] = field(default_factory=dict)  # 产出指标(50分) → {"产出指标": 50}
    as_of: str | None = None
    confidence: float | None = None  # 0..1, how sure the reader is; the reasons are the Document's warnings


@dataclass(slots=True)
class Warning:
    """A non-fatal ingest remark (JX9xx): what, and where in the file."""

    code: str
    message: str
    where: str | None = None


@dataclass(slots=True)
class Source:
    name: str | None = None
    format: str | None = None
    sha256: str | None = None


@dataclass(slots=True)
class Document:
    """One source file read into the model."""

    source: Source = field(default_factory=Source)
    tables: list[Table] = field(default_factory=list)
    warnings: list[Warning] = field(default_factory=list)
    schema: str = SCHEMA

    def to_dict(self) -> dict[str, Any]:
        """The jixiao/1 dict: ``schema`` first, then the fields (what ``dataclasses.asdict`` gives)."""
        return {key: _plain(value) for key, value in self.json_view().items()}

    def json_view(self) -> dict[str, Any]:
        """The mapping the jixiao/1 JSON text is written from: ``schema`` first, the fields as the
        dataclasses they are — orjson writes those itself, ten times faster than building
        :meth:`to_dict` first (:mod:`jixiao.jsontext`)."""
        return {
            "schema": self.schema,
            **{n: getattr(self, n) for n in _field_names(Document) if n != "schema"},
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Document:
        return Document(
            source=_build(Source, data.get("source") or {}),
            tables=[table_from_dict(t) for t in data.get("tables") or []],
            warnings=[_build(Warning, w) for w in data.get("warnings") or []],
            schema=data.get("schema") or SCHEMA,
        )


def parse_as_of(text: Any) -> date | None:
    """A 监控表's ``as_of`` (``YYYY-MM-DD``) as a date, or None when absent or malformed."""
    try:
        return date.fromisoformat(text) if isinstance(text, str) and text else None
    except ValueError:
        return None


def _build(cls: Any, data: dict[str, Any]) -> Any:
    names = {f.name for f in fields(cls)}
    return cls(**{k: v for k, v in data.items() if k in names})


def value_from_dict(data: dict[str, Any] | None) -> Value | None:
    return None if data is None else _build(Value, data)


_VALUE_FIELDS = ("target", "actual", "progress", "expected")


def indicator_from_dict(data: dict[str, Any]) -> Indicator:
    ind: Indicator = _build(Indicator, {k: v for k, v in data.items() if k not in _VALUE_FIELDS})
    ind.target = value_from_dict(data.get("target")) or Value()
    ind.actual = value_from_dict(data.get("actual"))
    ind.progress = value_from_dict(data.get("progress"))
    ind.expected = value_from_dict(data.get("expected"))
    return ind


def table_from_dict(data: dict[str, Any]) -> Table:
    simple = {
        k: v
        for k, v in data.items()
        if k not in ("unit", "department", "project", "funds", "goals", "indicators")
    }
    table: Table = _build(Table, simple)
    table.unit = _build(Party, data.get("unit") or {})
    table.department = _build(Party, data["department"]) if data.get("department") else None
    table.project = _build(Project, data["project"]) if data.get("project") else None
    table.funds = _build(Funds, data.get("funds") or {})
    table.goals = _build(Goals, data.get("goals") or {})
    table.indicators = [indicator_from_dict(i) for i in data.get("indicators") or []]
    return table


def table_to_dict(table: Table) -> dict[str, Any]:
    out: dict[str, Any] = _plain(table)
    return out


# Fields of a table and of an indicator that are not what it says: where it was read from, how
# sure the reader is, and what is derived from other fields (the categories, the level weights).
_NOT_CONTENT = frozenset({"indicators", "source", "confidence", "level_weights", "category1", "category2"})


@cache
def header_paths() -> tuple[str, ...]:
    """The header fields of a :class:`Table` as dotted paths (``funds.total``, ``unit.name`` …),
    in the model's order: what a table says above its grid.  Derived from the dataclasses, so a
    field added to the model is listed at once (the history's 修改内容 names it)."""
    hints = get_type_hints(Table)
    out: list[str] = []
    for f in fields(Table):
        if f.name in _NOT_CONTENT:
            continue
        nested = next((t for t in get_args(hints[f.name]) or (hints[f.name],) if is_dataclass(t)), None)
        if nested is None:
            out.append(f.name)
        else:
            out.extend(f"{f.name}.{g.name}" for g in fields(nested))
    return tuple(out)


@cache
def indicator_paths() -> tuple[str, ...]:
    """The fields of an :class:`Indicator` that it says (a 指标值 is one field, compared as
    printed), in the model's order."""
    return tuple(f.name for f in fields(Indicator) if f.name not in _NOT_CONTENT)


_FIELD_NAMES: dict[type, tuple[str, ...]] = {}
_LEAVES = (str, int, float, bool, type(None))


def _field_names(cls: type) -> tuple[str, ...]:
    names = _FIELD_NAMES.get(cls)
    if names is None:
        names = _FIELD_NAMES[cls] = tuple(f.name for f in fields(cls))
    return names


def _plain(value: Any) -> Any:
    """``dataclasses.asdict`` for the model's values, ~4× faster: the field names are looked up
    once per class, and strings and numbers are not deep-copied (they cannot change)."""
    cls = type(value)
    if cls in _LEAVES:
        return value
    if cls is list:
        return [_plain(v) for v in value]
    if is_dataclass(cls):
        return {n: _plain(getattr(value, n)) for n in _field_names(cls)}
    if cls is dict:
        return {_plain(k): _plain(v) for k, v in value.items()}
    if cls is tuple:
        return tuple(_plain(v) for v in value)
    return copy.deepcopy(value)
