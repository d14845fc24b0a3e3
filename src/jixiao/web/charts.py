"""Dashboard charts: aggregates → ECharts option objects (plain dicts, JSON-ready).

The page puts each option in a ``data-chart`` attribute and ``static/app.js``
hands it to ``echarts.init(el).setOption(option)``; no script is written into the
page, so the options never need escaping beyond HTML attribute escaping.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

STATE_COLOURS = {"draft": "#8a96a3", "submitted": "#1f5fa8", "returned": "#d48806", "approved": "#2f9e72"}
PALETTE = ["#1f5fa8", "#c23531", "#2f9e72", "#d48806", "#6a4c93", "#3a8fb7", "#8c564b", "#7f7f7f"]


@dataclass(slots=True)
class DashboardData:
    """What the dashboard shows; the store (or :func:`jixiao.web.stats.collect`) fills it."""

    tables: int = 0
    units: int = 0
    indicators: int = 0
    quantitative: int = 0
    qualitative: int = 0
    budget_total: float = 0.0
    findings: int = 0
    budget_by_unit: list[tuple[str, float]] = field(default_factory=list)
    indicators_by_category: list[tuple[str, int]] = field(default_factory=list)
    findings_by_rule: list[tuple[str, int]] = field(default_factory=list)
    quantified_by_category: list[tuple[str, float]] = field(default_factory=list)  # (一级, share 0..1)
    tables_by_state: list[tuple[str, int]] = field(default_factory=list)

    @property
    def quantified_share(self) -> float | None:
        """定量指标占比 (0..1), None when there is no indicator."""
        n = self.quantitative + self.qualitative
        return self.quantitative / n if n else None


def _bar(
    labels: Sequence[str], values: Sequence[float], name: str, horizontal: bool = False
) -> dict[str, Any]:
    cat = {
        "type": "category",
        "data": list(labels),
        "axisLabel": {"interval": 0, "width": 140, "overflow": "truncate"},
    }
    val = {"type": "value", "axisLabel": {"hideOverlap": True}, "splitNumber": 4}
    return {
        "color": PALETTE,
        "tooltip": {"trigger": "axis", "axisPointer": {"type": "shadow"}},
        "grid": {"left": 8, "right": 56 if horizontal else 24, "top": 16, "bottom": 8, "containLabel": True},
        "xAxis": val if horizontal else cat,
        "yAxis": ({**cat, "inverse": True} if horizontal else val),
        "series": [
            {
                "type": "bar",
                "name": name,
                "data": list(values),
                "barMaxWidth": 28,
                "label": {"show": True, "position": "right" if horizontal else "top"},
            }
        ],
    }


def _pie(items: Sequence[tuple[str, float]], name: str, colours: Sequence[str | None] = ()) -> dict[str, Any]:
    data: list[dict[str, Any]] = []
    for i, (k, v) in enumerate(items):
        item: dict[str, Any] = {"name": k, "value": v}
        if i < len(colours) and colours[i]:
            item["itemStyle"] = {"color": colours[i]}
        data.append(item)
    return {
        "color": PALETTE,
        "tooltip": {"trigger": "item", "formatter": "{b}: {c} ({d}%)"},
        "legend": {"bottom": 0, "type": "scroll"},
        "series": [
            {
                "type": "pie",
                "name": name,
                "radius": ["40%", "68%"],
                "center": ["50%", "45%"],
                "label": {"formatter": "{b}\n{c}"},
                "data": data,
            }
        ],
    }


def _percent_bars(items: Sequence[tuple[str, float]], name: str) -> dict[str, Any]:
    option = _bar([k for k, _ in items], [round(v * 100, 1) for _, v in items], name, horizontal=True)
    option["xAxis"] = {**option["xAxis"], "max": 100, "axisLabel": {"formatter": "{value}%"}}
    option["series"][0]["label"]["formatter"] = "{c}%"
    option["color"] = ["#2f9e72"]
    return option


def dashboard_options(data: DashboardData, t: Callable[..., str]) -> dict[str, dict[str, Any]]:
    """One ECharts option per dashboard panel, keyed by panel name; labels in ``t``'s language."""
    units = data.budget_by_unit[:15]
    rules = data.findings_by_rule[:15]
    return {
        "budget_by_unit": _bar(
            [u for u, _ in units], [round(v, 2) for _, v in units], t("dash.budget"), horizontal=True
        ),
        "indicators_by_category": _pie(data.indicators_by_category, t("dash.indicators")),
        "quantified_share": _pie(
            [(t("chart.quantitative"), data.quantitative), (t("chart.qualitative"), data.qualitative)],
            t("dash.quantified"),
        ),
        "findings_by_rule": _bar(
            [c for c, _ in rules], [n for _, n in rules], t("dash.findings"), horizontal=True
        ),
        "quantified_by_category": _percent_bars(data.quantified_by_category, t("dash.quantified")),
        "tables_by_state": _pie(
            [(t(f"state.{s}"), n) for s, n in data.tables_by_state],
            t("dash.tables_by_state"),
            [STATE_COLOURS.get(s) for s, _ in data.tables_by_state],
        ),
    }


def boxplot(
    targets: Sequence[dict[str, Any]], actuals: Sequence[dict[str, Any]], t: Callable[..., str]
) -> list[dict[str, Any]]:
    """One ECharts box plot per unit of measure of a library group (at most three): the
    distribution of its targets — min, Q1, median, Q3, max — and, beside it, its actuals in
    that unit when self-evaluations report them."""
    out = []
    by_unit = {a["unit"]: a for a in actuals}
    for d in list(targets)[:3]:
        boxes = [(t("lib.chart_target"), d)]
        if d["unit"] in by_unit:
            boxes.append((t("lib.chart_actual"), by_unit[d["unit"]]))
        out.append(
            {
                "unit": d["unit"],
                "option": {
                    "color": PALETTE,
                    "tooltip": {"trigger": "item"},
                    "grid": {"left": 8, "right": 24, "top": 24, "bottom": 8, "containLabel": True},
                    "xAxis": {"type": "category", "data": [name for name, _ in boxes]},
                    "yAxis": {"type": "value", "name": d["unit"], "scale": True, "splitNumber": 4},
                    "series": [
                        {
                            "type": "boxplot",
                            "name": d["unit"],
                            "data": [[b["min"], b["q1"], b["median"], b["q3"], b["max"]] for _, b in boxes],
                        }
                    ],
                },
            }
        )
    return out
