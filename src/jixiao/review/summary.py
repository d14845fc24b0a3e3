"""The review summary (审核意见建议): per table, the four 审核 dimensions and a suggested grade.

88号 reviews 完整性, 相关性, 适当性 and 可行性 and grades a table 优 / 良 / 中 / 差
(优 passes; 良 is fixed by agreement and passes; 中 is revised and resubmitted; 差
cannot enter the budget).  Every rule belongs to one dimension; a dimension's grade
follows from the findings behind it, and the table's suggested grade is the worst
dimension.  It is a suggestion for a human reviewer, never a verdict:

- 差: errors ≥ ``grade-errors-poor`` (default 2) in the dimension, or a blocking fault
  (no indicators, no table, unreadable file);
- 中: at least one error, or more than ``grade-warnings-good`` (default 2) warnings;
- 良: some warnings;
- 优: no errors or warnings (remarks of severity info do not count).

The readers' remarks (JX903, JX904, JX920–JX929, :mod:`.rules_reading`) say how the file was
read, not what the targets lack: a review lists them with its dimension's findings, but they
never grade it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from ..model import Table
from .catalogue import DIMENSIONS, DIMENSIONS_EN
from .config import CheckConfig
from .facts import framework_of
from .findings import Finding

GRADES: tuple[str, ...] = ("优", "良", "中", "差")
GRADES_EN = {"优": "excellent", "良": "good", "中": "fair", "差": "poor"}
GRADE_MEANING = {
    "优": "可直接通过",
    "良": "经沟通修改后通过",
    "中": "需修改后重新报送",
    "差": "不能进入预算安排",
}
BLOCKING = frozenset({"JX109", "JX901", "JX902"})
READING = "JX9"  # the ingest family: a remark on the reading grades nothing (BLOCKING aside)


@dataclass(slots=True)
class DimensionReview:
    dimension: str
    grade: str
    findings: list[Finding] = field(default_factory=list)

    def counts(self) -> dict[str, int]:
        out = {"error": 0, "warning": 0, "info": 0}
        for f in self.findings:
            out[f.severity] = out.get(f.severity, 0) + 1
        return out


@dataclass(slots=True)
class TableReview:
    """The suggested review of one table (or of an unreadable file: ``table`` None)."""

    file: str | None
    table: int | None
    title: str | None
    project: str | None
    kind: str | None
    framework: str | None
    indicators: int
    grade: str
    dimensions: dict[str, DimensionReview]

    @property
    def label(self) -> str:
        return self.project or self.title or (f"表{self.table + 1}" if self.table is not None else "")

    def reasons(self, lang: str = "zh") -> list[str]:
        """One line per dimension that is not 优: why it got its grade."""
        out = []
        for dim, rev in self.dimensions.items():
            if rev.grade == "优":
                continue
            c = rev.counts()
            if lang == "en":
                out.append(
                    f"{DIMENSIONS_EN[dim]}: {GRADES_EN[rev.grade]} "
                    f"({c['error']} errors, {c['warning']} warnings)"
                )
            else:
                out.append(f"{dim}：{rev.grade}（{c['error']} 个错误，{c['warning']} 个警告）")
        return out


def grade_of(findings: list[Finding], config: CheckConfig) -> str:
    if any(f.code in BLOCKING for f in findings):
        return "差"
    graded = [f for f in findings if not f.code.startswith(READING)]
    errors = sum(1 for f in graded if f.severity == "error")
    warnings = sum(1 for f in graded if f.severity == "warning")
    if errors >= max(config.grade_errors_poor, 1):
        return "差"
    if errors or warnings > config.grade_warnings_good:
        return "中"
    if warnings:
        return "良"
    return "优"


def _dimension_of(f: Finding) -> str:
    return f.dimension if f.dimension in DIMENSIONS else "完整性"


def review(
    findings: list[Finding],
    config: CheckConfig,
    *,
    file: str | None,
    table_index: int | None,
    table: Table | None,
) -> TableReview:
    """The review of one table from the findings that concern it."""
    dims = {d: DimensionReview(d, "优") for d in DIMENSIONS}
    for f in findings:
        dims[_dimension_of(f)].findings.append(f)
    for d in dims.values():
        d.grade = grade_of(d.findings, config)
    overall = max((d.grade for d in dims.values()), key=GRADES.index)
    return TableReview(
        file=file,
        table=table_index,
        title=table.title if table else None,
        project=table.project.name if table and table.project else None,
        kind=table.kind if table else None,
        framework=framework_of(table) if table else None,
        indicators=len(table.indicators) if table else 0,
        grade=overall,
        dimensions=dims,
    )


def review_to_dict(rev: TableReview, index_of: dict[int, int], lang: str = "zh") -> dict[str, Any]:
    """JSON of one review; findings are given as indices into the report's findings list."""
    return {
        "file": rev.file,
        "table": rev.table,
        "title": rev.title,
        "project": rev.project,
        "kind": rev.kind,
        "framework": rev.framework,
        "indicators": rev.indicators,
        "grade": rev.grade,
        "grade_meaning": GRADE_MEANING[rev.grade] if lang == "zh" else GRADES_EN[rev.grade],
        "suggestion_only": True,
        "dimensions": {
            dim: {
                "grade": d.grade,
                **d.counts(),
                "findings": [index_of[id(f)] for f in d.findings if id(f) in index_of],
            }
            for dim, d in rev.dimensions.items()
        },
    }
