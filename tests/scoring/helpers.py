"""Build small 自评表 Tables for hand-worked scoring examples."""

from __future__ import annotations

from jixiao.model import Funds, Indicator, Table
from jixiao.values import parse_value


def line(
    level1: str,
    name: str,
    target: str,
    actual: str | None,
    weight: float | None = 10,
    score: float | None = None,
    deviation: str | None = None,
    direction: str | None = None,
) -> Indicator:
    return Indicator(
        level1=level1,
        name=name,
        target=parse_value(target),
        actual=parse_value(actual) if actual is not None else None,
        weight=weight,
        score=score,
        deviation=deviation,
        direction=direction,
    )


def selfeval(
    *indicators: Indicator,
    budget: float | None = 100,
    executed: float | None = 100,
    weight: float | None = 10,
    score: float | None = None,
    rate: float | None = None,
    total: float | None = None,
    grade: str | None = None,
) -> Table:
    return Table(
        kind="project_selfeval",
        title="测试自评表",
        money_unit="万元",
        funds=Funds(
            total=budget, adjusted=budget, executed=executed, weight=weight, score=score, execution_rate=rate
        ),
        indicators=list(indicators),
        total_score=total,
        grade=grade,
    )
