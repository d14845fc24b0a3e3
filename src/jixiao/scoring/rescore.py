"""Re-scoring a published self-evaluation (自评复核): recompute, and list what differs.

Every 自评表 (``project_selfeval`` / ``department_selfeval``) of a Document is scored under
a policy with :func:`jixiao.scoring.scorer.score_table`; each printed figure is compared
with the recomputed one and every difference is a :class:`Difference` (rule name, table
and indicator index, message arguments).  The JX5xx rules of ``review/rules_scoring.py``
turn them into Findings; ``jixiao score`` prints them; the golden files under
``tests/golden/rescore/`` hold them for the corpus.

What differs (rule names):

- ``printed-score-mismatch`` — a printed 得分 outside the recomputed line's accepted range
  (a qualitative band, or 0..W for a far exceeded target), beyond the policy's tolerance.
- ``printed-execution-score-mismatch`` / ``printed-execution-rate-mismatch`` — the 预算执行率
  score, or the printed rate against 全年执行数 / 全年预算数.
- ``printed-total-mismatch`` — a printed 总分 outside the recomputed total's range.  Only when
  the card is complete (every line scored, or printing a score).
- ``printed-grade-mismatch`` — a printed 自评等级 that no total inside the range allows.
- ``missing-deviation-reason`` — missed, or deviating by the threshold or more, with a blank
  偏差原因分析.
- ``target-far-exceeded`` — a positive target exceeded by ``far_exceeded`` or more.
- ``actual-not-comparable`` — an actual that cannot be scored (unit clash, unknown word).
- ``actual-missing`` — a 自评表 indicator with no 实际完成值.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ..model import Document, Table
from .lines import LineScore
from .policy import Policy, load_policy
from .scorer import ScoreCard, score_table

SELFEVAL_KINDS = ("project_selfeval", "department_selfeval")


@dataclass(frozen=True, slots=True)
class Difference:
    """One printed-vs-recomputed difference (or a missing explanation) in one table."""

    name: str
    table: int | None
    indicator: int | None
    args: dict[str, Any]

    def to_dict(self) -> dict[str, Any]:
        return {"name": self.name, "table": self.table, "indicator": self.indicator, "args": self.args}


def _r(x: float | None) -> float | None:
    return None if x is None else round(x, 2)


def _pct(x: float | None) -> float | None:
    return None if x is None else round(x * 100, 2)


def _outside(printed: float, low: float, high: float, tol: float) -> bool:
    return printed < low - tol or printed > high + tol


def _line_differences(line: LineScore, table: Table, ti: int | None, pol: Policy) -> list[Difference]:
    ind = table.indicators[line.index]
    common = {"name": line.name, "target": line.target, "actual": line.actual}
    out: list[Difference] = []

    def add(name: str, **args: Any) -> None:
        out.append(Difference(name, ti, line.index, {**common, **args}))

    if line.kind == "no-actual":
        add("actual-missing")
        return out
    if line.kind == "not-scorable":
        add("actual-not-comparable", why=line.formula.removeprefix("无法计分："))
        return out
    assert line.score is not None and line.low is not None and line.high is not None
    if line.printed_score is not None and _outside(
        float(line.printed_score), line.low, line.high, pol.tolerance
    ):
        add(
            "printed-score-mismatch",
            printed=line.printed_score,
            recomputed=_r(line.score),
            low=_r(line.low),
            high=_r(line.high),
            weight=_r(line.weight),
            formula=line.formula,
        )
    if line.needs_reason and not line.reason_given:
        if line.kind == "qualitative":
            why = "未完全达成目标"
        else:
            why = "未达成目标" if line.met is False else f"偏差 {_pct(line.deviation)}%"
        if line.met is False and line.deviation is not None:
            why += f"（偏差 {_pct(line.deviation)}%）"
        add("missing-deviation-reason", why=why, deviation=_pct(line.deviation))
    if line.far_exceeded:
        add(
            "target-far-exceeded",
            deviation=_pct(line.deviation),
            threshold=_pct(pol.far_exceeded),
            reason=ind.deviation,
        )
    return out


def table_differences(
    table: Table, policy: Policy | str = "national", index: int | None = None, card: ScoreCard | None = None
) -> list[Difference]:
    """Every difference in one 自评表, in the order: funds, indicators, total, grade."""
    pol = load_policy(policy) if isinstance(policy, str) else policy
    card = card or score_table(table, pol)
    out: list[Difference] = []
    ex = card.execution
    tol = pol.tolerance
    if ex.rate is not None and ex.printed_rate is not None and ex.budget and ex.executed is not None:
        if abs(ex.rate - ex.printed_rate) > 0.0005 + 1e-9:
            out.append(
                Difference(
                    "printed-execution-rate-mismatch",
                    index,
                    None,
                    {
                        "printed": _pct(ex.printed_rate),
                        "recomputed": _pct(ex.rate),
                        "executed": ex.executed,
                        "budget": ex.budget,
                    },
                )
            )
    if ex.score is not None and ex.printed_score is not None and abs(ex.score - ex.printed_score) > tol:
        out.append(
            Difference(
                "printed-execution-score-mismatch",
                index,
                None,
                {"printed": ex.printed_score, "recomputed": _r(ex.score), "formula": ex.formula},
            )
        )
    for line in card.lines:
        out.extend(_line_differences(line, table, index, pol))
    if (
        table.total_score is not None
        and card.complete
        and _outside(table.total_score, card.low, card.high, tol)
    ):
        printed_sum = sum(float(i.score) for i in table.indicators if i.score is not None)
        out.append(
            Difference(
                "printed-total-mismatch",
                index,
                None,
                {
                    "printed": table.total_score,
                    "recomputed": _r(card.total),
                    "low": _r(card.low),
                    "high": _r(card.high),
                    "printed_sum": _r(printed_sum + (ex.printed_score or 0)),
                },
            )
        )
    if table.grade and card.complete:
        printed = "".join(table.grade.split())
        if printed not in card.grades and printed[:1] not in card.grades:
            out.append(
                Difference(
                    "printed-grade-mismatch",
                    index,
                    None,
                    {
                        "printed": table.grade,
                        "recomputed": card.grade,
                        "total": _r(card.total),
                        "allowed": "、".join(card.grades),
                    },
                )
            )
    return out


def document_differences(doc: Document, policy: Policy | str = "national") -> list[Difference]:
    """Every difference in every 自评表 of a Document."""
    pol = load_policy(policy) if isinstance(policy, str) else policy
    out: list[Difference] = []
    for ti, table in enumerate(doc.tables):
        if table.kind in SELFEVAL_KINDS:
            out.extend(table_differences(table, pol, ti))
    return out
