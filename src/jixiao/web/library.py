"""指标库 pages: the library by 二级 category and its search (``/library``), one group with its
distribution as a box plot and the projects that use it (``/library/{id}``), and the editor's
suggestions (``/library/suggest``, an HTMX fragment: typing a 三级 name shows similar
indicators with their typical target; one click fills name, value and unit).

Every page calls :mod:`jixiao.actions` (:func:`~jixiao.actions.search_library`,
:func:`~jixiao.actions.library_overview`, :func:`~jixiao.actions.library_group`).  The search
and the suggestions show aggregates only; a group's page lists the projects the user may see
and only counts the others.
"""

from __future__ import annotations

from typing import Any

from fastapi import Depends, Query, Request
from fastapi.responses import HTMLResponse, Response

from .. import actions
from ..review.facts import number_text
from . import i18n
from .charts import boxplot
from .render import page
from .session import Ctx, signed_in, web_router

router = web_router()
SUGGESTIONS = 5
i18n.add_messages(
    {
        "nav.library": ("指标库", "Library"),
        "lib.title": ("指标库", "Indicator library"),
        "lib.intro": (
            "从所有已存的绩效目标表和自评表中归纳的同类指标：二级指标相同、计量单位可比、名称相近。"
            "每组给出使用它的项目和单位数、常见目标值、目标值的四分位分布和实际完成情况。",
            "Peer indicators mined from every stored target and self-evaluation: the same second-level category, "
            "comparable units, alike names. Each group shows how many projects and units use it, its "
            "typical target, the quartiles of its targets and what was achieved.",
        ),
        "lib.placeholder": ("三级指标名称的几个字，如「培训人次」", "A few words of an indicator name"),
        "lib.level2": ("二级指标", "Second level"),
        "lib.all": ("全部", "All"),
        "lib.uncategorised": ("未归类", "Uncategorised"),
        "lib.groups": ("{n} 组", "{n} groups"),
        "lib.more": ("查看全部", "See all"),
        "lib.name": ("指标", "Indicator"),
        "lib.projects": ("项目", "Projects"),
        "lib.units": ("单位", "Units"),
        "lib.typical": ("常见目标值", "Typical target"),
        "lib.spread": ("目标值四分位（Q1 · 中位数 · Q3）", "Target quartiles (Q1 · median · Q3)"),
        "lib.met": ("达标率", "Met"),
        "lib.none": (
            "指标库中还没有指标。导入绩效目标表后即可使用。",
            "The library is empty: import some tables.",
        ),
        "lib.no_match": ("没有与「{q}」相近的指标。", "Nothing like {q!r} in the library."),
        "lib.results": ("与「{q}」相近的指标", "Indicators like {q!r}"),
        "lib.names": ("常用名称", "Names in use"),
        "lib.uom": ("计量单位", "Unit"),
        "lib.n": ("个数", "n"),
        "lib.min": ("最小", "Min"),
        "lib.max": ("最大", "Max"),
        "lib.median": ("中位数", "Median"),
        "lib.op": ("常用符号", "Usual comparator"),
        "lib.targets": ("目标值分布", "Targets"),
        "lib.actuals": ("实际完成值", "Actuals"),
        "lib.qualitative": ("另有 {n} 个定性目标。", "{n} more targets are qualitative."),
        "lib.met_share": (
            "自评中 {judged} 个目标有实际完成值，其中 {met} 个达标（{share}）。",
            "{judged} targets have an actual in a self-evaluation; {met} were met ({share}).",
        ),
        "lib.chart": ("目标值分布（箱线图）：{unit}", "Distribution of targets (box plot): {unit}"),
        "lib.chart_target": ("目标", "Target"),
        "lib.chart_actual": ("实际", "Actual"),
        "lib.used_by": ("使用该指标的项目", "Projects using it"),
        "lib.hidden": (
            "另有 {n} 个其他单位的项目使用该指标（只计数，不显示名称）。",
            "{n} more projects of other units use it (counted, not named).",
        ),
        "lib.target": ("目标值", "Target"),
        "lib.actual": ("实际完成值", "Actual"),
        "lib.year": ("年度", "Year"),
        "lib.unit": ("单位", "Unit"),
        "lib.project": ("项目", "Project"),
        "lib.back": ("返回指标库", "Back to the library"),
        "lib.use": ("采用", "Use"),
        "lib.suggest": ("指标库中的同类指标", "Similar indicators in the library"),
        "lib.suggest_line": ("{projects} 个项目 · 常见 {typical}", "{projects} projects · usually {typical}"),
    }
)


def spread_text(group: dict[str, Any]) -> str:
    """``91.5 · 95 · 96 %``: the first unit's Q1, median and Q3, or empty."""
    if not group["targets"]:
        return ""
    d = group["targets"][0]
    return f"{number_text(d['q1'])} · {number_text(d['median'])} · {number_text(d['q3'])} {d['unit']}"


def met_text(group: dict[str, Any]) -> str:
    met = group.get("met") or {}
    return f"{met['share']:.0%}" if met.get("share") is not None else ""


def _rows(items: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [
        {
            **g,
            "typical_text": (g["typical"] or {}).get("text") or "",
            "spread": spread_text(g),
            "met_share": met_text(g),
        }
        for g in items
    ]


@router.get("/library", response_class=HTMLResponse)
def index(
    request: Request,
    q: str = Query("", max_length=200),
    level2: str = Query("", max_length=64),
    ctx: Ctx = Depends(signed_in),
) -> Response:
    """The library: search results for ``q``, else its groups by 二级 category."""
    results = (
        _rows(actions.search_library(ctx.store, ctx.user, q, level2=level2 or None, limit=30))
        if q.strip()
        else None
    )
    levels = actions.library_overview(ctx.store, ctx.user, level2=level2 or None)
    sections = [{**lv, "rows": _rows(lv["items"])} for lv in levels]
    return page(
        request,
        "library/index.html",
        {"q": q, "level2": level2, "results": results, "sections": sections, "level2s": _level2s(ctx)},
        user=ctx.user,
        csrf=ctx.csrf,
        active="library",
    )


def _level2s(ctx: Ctx) -> list[str]:
    """The 二级 categories the library holds (the filter's choices)."""
    return sorted(name for name, _groups, _top in ctx.store.library_levels() if name)


@router.get("/library/suggest", response_class=HTMLResponse)
def suggest(
    request: Request,
    name: str = Query("", max_length=200),
    level2: str = Query("", max_length=64),
    ctx: Ctx = Depends(signed_in),
) -> Response:
    """The editor's suggestions for a 三级 name being typed (an HTMX fragment; empty for fewer
    than two characters)."""
    items = (
        actions.search_library(ctx.store, ctx.user, name, level2=level2 or None, limit=SUGGESTIONS)
        if len(name.strip()) >= 2
        else []
    )
    return page(
        request, "library/_suggest.html", {"items": _rows(items)}, user=ctx.user, csrf=ctx.csrf, fragment=True
    )


@router.get("/library/{group_id:int}", response_class=HTMLResponse)
def group(request: Request, group_id: int, ctx: Ctx = Depends(signed_in)) -> Response:
    """One group: figures, names, the box plot of its targets, the projects the user may see."""
    g = actions.library_group(ctx.store, ctx.user, group_id)
    met = g.get("met") or {}
    return page(
        request,
        "library/group.html",
        {
            "g": g,
            "typical_text": (g["typical"] or {}).get("text") or "",
            "charts": boxplot(g["targets"], g["actuals"], ctx.t),
            "met": met if met.get("judged") else None,
            "met_share": met_text(g),
            "num": number_text,
        },
        user=ctx.user,
        csrf=ctx.csrf,
        active="library",
    )
