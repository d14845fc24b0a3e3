"""Project identity (项目): which project a table belongs to, whatever file it came from.

A project is (unit, year, project key):

- unit: the 预算单位's code when printed, else its name (:func:`unit_key`);
- year: the 年度 (None when nothing says it);
- key: the printed project code (``Project.code``) when there is one, else the project name
  normalised — NFKC (full-width → half-width), lower case, whitespace and punctuation
  removed, a leading code of six or more letters and digits removed
  (``[2025001] 外事 工作经费`` → ``外事工作经费``).  A department-level form (部门整体) has
  the department itself as its project: key :data:`DEPARTMENT_KEY`.

Each table of a project is one stage: ``target`` (绩效目标表), ``checkpoint`` (运行监控表) or
``selfeval`` (绩效自评表), see :func:`stage_of`.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from typing import Any

from ..compare import content_key

STAGES: tuple[str, ...] = ("target", "checkpoint", "selfeval")
STAGE_OF_KIND = {
    "project_target": "target",
    "department_target": "target",
    "project_selfeval": "selfeval",
    "department_selfeval": "selfeval",
    "monitoring": "checkpoint",
}
DEPARTMENT_KEY = "@unit"  # no normalised name holds "@" (punctuation is removed)
_CODE_PREFIX = re.compile(r"^(?=[0-9a-z]*[0-9])[0-9a-z]{6,}(?=[^0-9a-z])")

__all__ = [
    "DEPARTMENT_KEY",
    "STAGES",
    "Identity",
    "content_key",
    "identify",
    "normalize_name",
    "stage_of",
    "unit_key",
]


def stage_of(kind: str | None) -> str:
    """The stage a table of ``kind`` is: target, checkpoint or selfeval."""
    return STAGE_OF_KIND.get(kind or "", "target")


def normalize_name(name: str | None) -> str:
    """A project name as its key: see the module doc."""
    text = unicodedata.normalize("NFKC", name or "").lower()
    kept = "".join(ch for ch in text if not ch.isspace() and unicodedata.category(ch)[0] not in "PSZC")
    return _CODE_PREFIX.sub("", kept) or kept


def unit_key(data: dict[str, Any]) -> str | None:
    """The 预算单位 of a table dict: its code when printed, else its name."""
    unit = data.get("unit") or {}
    key = unit.get("code") or unit.get("name")
    return key[:400] if key else None


@dataclass(frozen=True, slots=True)
class Identity:
    """Who a table's project is, and what to call it."""

    unit_key: str | None
    unit_code: str | None
    unit_name: str | None
    year: int | None
    key: str
    code: str | None
    name: str | None
    kind: str  # "project" | "department"

    @property
    def text(self) -> str:
        """The project's unique identity string (``projects.identity``)."""
        return identity_text(self.unit_key, self.year, self.key)

    def columns(self) -> dict[str, Any]:
        """The ``projects`` columns that say who the project is."""
        return {
            "identity": self.text,
            "unit_code": self.unit_code,
            "unit_name": self.unit_name,
            "year": self.year,
            "key": self.key,
            "code": self.code,
            "name": self.name,
            "kind": self.kind,
        }


def identity_text(unit: str | None, year: int | None, key: str) -> str:
    return f"{unit or ''}\x1f{'' if year is None else year}\x1f{key}"[:600]


def identify(data: dict[str, Any]) -> Identity:
    """The identity of a (normalised) jixiao/1 table dict."""
    unit = data.get("unit") or {}
    project = data.get("project") or {}
    year = data.get("year")
    year = year if isinstance(year, int) and not isinstance(year, bool) else None
    department = (data.get("kind") or "").startswith("department") or not (
        project.get("name") or project.get("code")
    )
    code = (project.get("code") or None) and str(project["code"])[:64]
    if department and not unit_key(data):  # a fragment with no header: its own project
        key, name, kind = f"@{content_key(data)[:16]}", data.get("title"), "department"
    elif department:
        key, name, kind = DEPARTMENT_KEY, unit.get("name") or data.get("title"), "department"
    else:
        key = f"#{normalize_name(code)}" if code else normalize_name(project.get("name"))
        name, kind = project.get("name") or data.get("title"), "project"
    return Identity(
        unit_key=unit_key(data),
        unit_code=(unit.get("code") or None) and str(unit["code"])[:64],
        unit_name=unit.get("name"),
        year=year,
        key=key[:400],
        code=code,
        name=name,
        kind=kind,
    )
