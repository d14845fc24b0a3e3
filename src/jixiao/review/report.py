"""The Report (审核报告): findings over one or many files, the summary, the per-table reviews.

``Report.to_dict()`` is the ``jixiao.report/1`` schema::

    { "schema": "jixiao.report/1",
      "files": [name],
      "findings": [ { code, name, severity, file, table, indicator, message, location,
                      dimension, args } ],
      "summary": { files, tables, indicators, findings, error, warning, info,
                   by_code: {code: n}, grades: {优|良|中|差: n} },
      "reviews": [ { file, table, title, project, kind, framework, indicators, grade,
                     grade_meaning, suggestion_only: true,
                     dimensions: { 完整性|相关性|适当性|可行性:
                                   { grade, error, warning, info, findings: [index] } } } ] }

``table`` is the index in the Document's tables, ``indicator`` the index in that table's
indicators (null for table- and file-level findings); ``findings`` of a dimension are
indices into the report's ``findings`` list.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from ..model import Document
from .config import CheckConfig
from .findings import Finding
from .summary import GRADES, TableReview, review, review_to_dict

REPORT_SCHEMA = "jixiao.report/1"


@dataclass(slots=True)
class Report:
    """Findings (sorted by file, table, indicator, severity, code), reviews and counts."""

    findings: list[Finding] = field(default_factory=list)
    reviews: list[TableReview] = field(default_factory=list)
    files: list[str] = field(default_factory=list)
    tables: int = 0
    indicators: int = 0

    @classmethod
    def build(
        cls,
        items: Sequence[tuple[Document, list[Finding]]],
        config: CheckConfig,
        names: Sequence[str | None] | None = None,
    ) -> Report:
        """A report from (document, its findings) pairs; reviews are made per table."""
        rep = cls()
        for n, (doc, findings) in enumerate(items):
            name = (names[n] if names and n < len(names) else None) or doc.source.name or ""
            findings.sort(key=Finding.sort_key)
            rep.findings.extend(findings)
            rep.files.append(name)
            rep.tables += len(doc.tables)
            rep.indicators += sum(len(t.indicators) for t in doc.tables)
            by_table: dict[int | None, list[Finding]] = {}
            for f in findings:
                by_table.setdefault(f.table, []).append(f)
            file_level = by_table.get(None, [])
            for t_idx, table in enumerate(doc.tables):
                rep.reviews.append(
                    review(by_table.get(t_idx, []), config, file=name, table_index=t_idx, table=table)
                )
            if not doc.tables and file_level:
                rep.reviews.append(review(file_level, config, file=name, table_index=None, table=None))
        return rep

    @classmethod
    def merge(cls, reports: Sequence[Report]) -> Report:
        out = cls()
        for r in reports:
            out.findings.extend(r.findings)
            out.reviews.extend(r.reviews)
            out.files.extend(r.files)
            out.tables += r.tables
            out.indicators += r.indicators
        return out

    @property
    def has_errors(self) -> bool:
        return any(f.severity == "error" for f in self.findings)

    @property
    def exit_code(self) -> int:
        """1 when an error-severity finding exists, else 0 (the ``jixiao check`` exit code)."""
        return 1 if self.has_errors else 0

    def summary(self) -> dict[str, Any]:
        sev = Counter(f.severity for f in self.findings)
        grades = Counter(r.grade for r in self.reviews if r.table is not None)
        return {
            "files": len(self.files),
            "tables": self.tables,
            "indicators": self.indicators,
            "findings": len(self.findings),
            "error": sev.get("error", 0),
            "warning": sev.get("warning", 0),
            "info": sev.get("info", 0),
            "by_code": dict(sorted(Counter(f.code for f in self.findings).items())),
            "grades": {g: grades.get(g, 0) for g in GRADES},
        }

    def to_dict(self, lang: str = "zh") -> dict[str, Any]:
        """The ``jixiao.report/1`` JSON object (messages rendered in ``lang``)."""
        index_of = {id(f): i for i, f in enumerate(self.findings)}
        return {
            "schema": REPORT_SCHEMA,
            "files": list(self.files),
            "findings": [f.to_dict(lang) for f in self.findings],
            "summary": self.summary(),
            "reviews": [review_to_dict(r, index_of, lang) for r in self.reviews],
        }
