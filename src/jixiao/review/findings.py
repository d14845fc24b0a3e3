"""Findings (审核发现): what a rule found, where — data, rendered only when shown.

A :class:`Finding` stores the rule code and name, the severity in force, the
table and indicator indices, the message arguments and the location; its
message is rendered from the rule's template in Chinese (default) or English.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from .catalogue import get_rule

SEVERITY_ORDER = {"error": 0, "warning": 1, "info": 2}
SEVERITY_ZH = {"error": "错误", "warning": "警告", "info": "提示"}


class _Args(dict[str, Any]):
    """Template arguments: a missing key renders as ``?`` instead of failing."""

    def __missing__(self, key: str) -> str:
        return "?"


def _show(value: Any) -> Any:
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, float):
        return round(value, 4)
    return value


@dataclass(slots=True)
class Finding:
    """One fault found by one rule.

    ``table`` is the index of the table in the Document (None for a file-level
    finding); ``indicator`` the index in that table's indicators (None for a
    table-level finding); ``location`` the printed place (``表2:R5C3``, a cell
    source, or ``表1:指标3``); ``file`` the source file name.
    """

    code: str
    name: str
    severity: str
    table: int | None = None
    indicator: int | None = None
    args: dict[str, Any] = field(default_factory=dict)
    location: str | None = None
    file: str | None = None
    dimension: str | None = None

    def message(self, lang: str = "zh") -> str:
        """The message in ``lang`` ("zh" or "en"), rendered from the rule's template."""
        r = get_rule(self.code)
        if r is None:  # a finding stored by a newer version with an unknown rule
            return str(self.args.get("message") or self.code)
        args = _Args(r.defaults)
        args.update((k, _show(v)) for k, v in self.args.items())
        return r.template(lang).format_map(args)

    def sort_key(self) -> tuple[Any, ...]:
        return (
            self.file or "",
            -1 if self.table is None else self.table,
            -1 if self.indicator is None else self.indicator,
            SEVERITY_ORDER.get(self.severity, 9),
            self.code,
        )

    def to_dict(self, lang: str = "zh") -> dict[str, Any]:
        """The ``jixiao.report/1`` finding object."""
        return {
            "code": self.code,
            "name": self.name,
            "severity": self.severity,
            "file": self.file,
            "table": self.table,
            "indicator": self.indicator,
            "message": self.message(lang),
            "location": self.location,
            "dimension": self.dimension,
            "args": {k: _show(v) for k, v in self.args.items()},
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Finding:
        """Read back a finding stored with :meth:`to_dict` (the message is re-rendered)."""
        return cls(
            code=data["code"],
            name=data.get("name") or "",
            severity=data.get("severity") or "warning",
            table=data.get("table"),
            indicator=data.get("indicator"),
            args=dict(data.get("args") or {}),
            location=data.get("location"),
            file=data.get("file"),
            dimension=data.get("dimension"),
        )
