"""Scoring and monitoring pages (自评计分、实际完成值填报、运行监控).

- ``/tables/{id}/score`` — a 自评表 with its score breakdown (each line's formula) and the
  JX5xx findings, under a chosen policy.
- ``/tables/{id}/selfeval`` — enter actuals for a table (form with a live score via HTMX,
  or the Excel template: download, fill, upload); saving stores a new 自评表.
- ``/tables/{id}/checkpoint`` — a monitoring checkpoint for a target table; saving stores a
  监控表.
- ``/monitoring`` — red/yellow/green per unit with an ECharts chart and every warning.

Every computation is an action (:mod:`jixiao.actions`: :func:`~jixiao.actions.score_table`,
:func:`~jixiao.actions.record_checkpoint`, :func:`~jixiao.actions.save_selfeval`,
:func:`~jixiao.actions.monitoring_overview`); this module only reads forms and renders.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from fastapi import Depends, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from starlette.datastructures import FormData, UploadFile

from .. import actions
from ..errors import ConfigError, IngestError, PolicyError
from ..model import Table
from ..monitoring import LIKELIHOODS, REASON_CATEGORIES
from ..scoring.excel import actuals_template
from . import i18n
from .render import NAV, NavEntry, page, templates
from .session import Ctx, signed_in, web_router

router = web_router()
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
COLOUR_HEX = {"red": "#d9534f", "yellow": "#f0ad4e", "green": "#5cb85c"}

i18n.add_messages(
    {
        "nav.monitoring": ("运行监控", "Monitoring"),
        "score.title": ("自评计分", "Self-evaluation score"),
        "score.policy": ("评分规则", "Scoring policy"),
        "score.apply": ("重新计分", "Re-score"),
        "score.execution": ("预算执行率", "Budget execution"),
        "score.total": ("总分", "Total"),
        "score.grade": ("自评等级", "Grade"),
        "score.range": ("可接受范围", "Accepted range"),
        "score.maximum": ("满分", "Maximum"),
        "score.printed": ("表内", "Printed"),
        "score.incomplete": (
            "有指标无法计分，总分不完整",
            "Some lines cannot be scored; the total is incomplete",
        ),
        "score.findings": ("复核发现", "Re-scoring findings"),
        "score.none": (
            "表内得分与重算结果一致，没有发现问题。",
            "Printed scores agree with the recomputed ones.",
        ),
        "col.level1": ("一级指标", "Level 1"),
        "col.name": ("三级指标", "Indicator"),
        "col.target": ("年度指标值", "Target"),
        "col.actual": ("实际完成值", "Actual"),
        "col.weight": ("分值", "Weight"),
        "col.printed": ("表内得分", "Printed score"),
        "col.score": ("重算得分", "Score"),
        "col.formula": ("计算过程", "Formula"),
        "col.deviation": ("偏差原因分析及改进措施", "Deviation reason"),
        "entry.title": ("填报实际完成值", "Enter actuals"),
        "entry.executed": ("全年执行数", "Executed"),
        "entry.budget": ("全年预算数", "Budget"),
        "entry.save": ("保存自评表", "Save self-evaluation"),
        "entry.live": ("实时得分", "Live score"),
        "entry.excel": ("用 Excel 填报", "Enter by Excel"),
        "entry.download": ("下载填报模板", "Download template"),
        "entry.upload": ("上传填好的模板", "Upload filled template"),
        "mon.title": ("运行监控", "Monitoring"),
        "mon.checkpoint": ("运行监控填报", "Monitoring checkpoint"),
        "mon.as_of": ("截至日期", "As of"),
        "mon.executed": ("执行数", "Executed"),
        "mon.progress": ("执行情况", "Progress"),
        "mon.expected": ("全年预计完成情况", "Expected by year end"),
        "mon.likelihood": ("完成目标可能性", "Likelihood"),
        "mon.reason_category": ("偏差原因类别", "Reason"),
        "mon.reason": ("偏差原因说明", "Reason text"),
        "mon.save": ("保存监控表", "Save checkpoint"),
        "mon.units": ("各单位预警", "Warnings per unit"),
        "mon.empty": ("还没有监控表。", "No monitoring tables yet."),
        "mon.rate": ("执行率", "Execution rate"),
        "mon.time": ("时间进度", "Time progress"),
        "mon.status": ("状态", "Status"),
        "mon.project": ("项目", "Project"),
        "mon.warnings": ("预警", "Warnings"),
        "status.red": ("红灯", "Red"),
        "status.yellow": ("黄灯", "Yellow"),
        "status.green": ("绿灯", "Green"),
    }
)
if not any(n.key == "monitoring" for n in NAV):
    NAV.append(NavEntry("monitoring", "/monitoring", "nav.monitoring"))


def _policy_name(request: Request) -> str:
    name = request.query_params.get("policy") or "national"
    actions.policy_of(name)  # PolicyError → an error page naming the policy
    return name


def _stored(ctx: Ctx, table_id: int) -> tuple[dict[str, Any], Table]:
    detail = ctx.store.get_table(table_id, ctx.user)
    return detail, actions.as_table(detail["table"])


def _common(ctx: Ctx, policy: str) -> dict[str, Any]:
    return {
        "policies": [(p.name, p.title if ctx.lang == "zh" else p.title_en) for p in actions.policies()],
        "policy": policy,
    }


@router.get("/tables/{table_id}/score", response_class=HTMLResponse)
def score_page(request: Request, table_id: int, ctx: Ctx = Depends(signed_in)) -> Response:
    policy = _policy_name(request)
    detail, table = _stored(ctx, table_id)
    report = actions.score_table(table, policy, ctx.lang)
    return page(
        request,
        "scoring/selfeval.html",
        {
            "detail": detail,
            "table": table,
            "report": report,
            **_common(ctx, policy),
        },
        user=ctx.user,
        csrf=ctx.csrf,
        active="tables",
    )


def _selfeval_from_form(target: Table, form: FormData) -> Table:
    def field(name: str) -> str | None:
        value = form.get(name)
        return value.strip() if isinstance(value, str) and value.strip() else None

    def amount(name: str) -> float | None:
        raw = field(name)
        if raw is None:
            return None
        try:
            return float(raw.replace(",", ""))
        except ValueError as exc:
            raise ConfigError(f"{name} 应为数字，实际为「{raw}」") from exc

    n = len(target.indicators)
    return actions.selfeval_from_actuals(
        target,
        [field(f"actual_{k}") for k in range(n)],
        executed=amount("executed"),
        budget=amount("budget"),
        deviations=[field(f"deviation_{k}") for k in range(n)],
    )


@router.get("/tables/{table_id}/selfeval", response_class=HTMLResponse)
def entry_page(request: Request, table_id: int, ctx: Ctx = Depends(signed_in)) -> Response:
    policy = _policy_name(request)
    detail, table = _stored(ctx, table_id)
    report = actions.score_table(
        actions.selfeval_from_actuals(
            table,
            [i.actual for i in table.indicators],
            executed=table.funds.executed,
            deviations=[i.deviation for i in table.indicators],
        ),
        policy,
        ctx.lang,
    )
    return page(
        request,
        "scoring/entry.html",
        {
            "detail": detail,
            "table": table,
            "report": report,
            "error": None,
            **_common(ctx, policy),
        },
        user=ctx.user,
        csrf=ctx.csrf,
        active="tables",
    )


@router.post("/tables/{table_id}/selfeval/score", response_class=HTMLResponse)
async def live_score(request: Request, table_id: int, ctx: Ctx = Depends(signed_in)) -> Response:
    form = await request.form()
    policy = str(form.get("policy") or "national")
    _, target = _stored(ctx, table_id)
    try:
        report = actions.score_table(_selfeval_from_form(target, form), policy, ctx.lang)
        error = None
    except (ConfigError, PolicyError) as exc:
        report, error = None, str(exc)
    return templates.TemplateResponse(
        request,
        "scoring/_card.html",
        {"report": report, "error": error, "t": i18n.translator(ctx.lang), "lang": ctx.lang},
    )


def _save_selfeval(ctx: Ctx, selfeval: Table, policy: str) -> Response:
    item = actions.save_selfeval(ctx.store, ctx.user, selfeval, policy=policy, lang=ctx.lang)["item"]
    return RedirectResponse(f"/tables/{item['id']}/score?policy={policy}", status_code=303)


@router.post("/tables/{table_id}/selfeval", response_class=HTMLResponse)
async def save_selfeval(request: Request, table_id: int, ctx: Ctx = Depends(signed_in)) -> Response:
    form = await request.form()
    policy = str(form.get("policy") or "national")
    actions.policy_of(policy)
    _, target = _stored(ctx, table_id)
    return _save_selfeval(ctx, _selfeval_from_form(target, form), policy)


@router.get("/tables/{table_id}/selfeval/template.xlsx")
def template_download(table_id: int, ctx: Ctx = Depends(signed_in)) -> Response:
    _, table = _stored(ctx, table_id)
    return Response(
        actuals_template(table),
        media_type=XLSX,
        headers={"Content-Disposition": f'attachment; filename="actuals-{table_id}.xlsx"'},
    )


@router.post("/tables/{table_id}/selfeval/upload", response_class=HTMLResponse)
async def template_upload(request: Request, table_id: int, ctx: Ctx = Depends(signed_in)) -> Response:
    form = await request.form()
    policy = str(form.get("policy") or "national")
    detail, target = _stored(ctx, table_id)
    upload = form.get("file")
    try:
        if not isinstance(upload, UploadFile):
            raise IngestError(None, "请选择填好的 .xlsx 模板（no file）")
        selfeval = actions.selfeval_from_xlsx(target, await upload.read(), upload.filename or "upload.xlsx")
    except IngestError as exc:
        report = actions.score_table(target, policy, ctx.lang)
        return page(
            request,
            "scoring/entry.html",
            {
                "detail": detail,
                "table": target,
                "report": report,
                "error": str(exc),
                **_common(ctx, policy),
            },
            user=ctx.user,
            csrf=ctx.csrf,
            active="tables",
            status_code=422,
        )
    return _save_selfeval(ctx, selfeval, policy)


@router.get("/tables/{table_id}/checkpoint", response_class=HTMLResponse)
def checkpoint_page(request: Request, table_id: int, ctx: Ctx = Depends(signed_in)) -> Response:
    policy = _policy_name(request)
    detail, table = _stored(ctx, table_id)
    return page(
        request,
        "scoring/checkpoint.html",
        {
            "detail": detail,
            "table": table,
            "today": date.today().isoformat(),
            "error": None,
            "likelihoods": LIKELIHOODS,
            "categories": REASON_CATEGORIES,
            **_common(ctx, policy),
        },
        user=ctx.user,
        csrf=ctx.csrf,
        active="monitoring",
    )


@router.post("/tables/{table_id}/checkpoint", response_class=HTMLResponse)
async def checkpoint_save(request: Request, table_id: int, ctx: Ctx = Depends(signed_in)) -> Response:
    form = await request.form()
    policy = str(form.get("policy") or request.query_params.get("policy") or "national")
    actions.policy_of(policy)
    detail, target = _stored(ctx, table_id)

    def get(name: str) -> str:
        value = form.get(name)
        return value.strip() if isinstance(value, str) else ""

    try:
        try:
            as_of = date.fromisoformat(get("as_of"))
        except ValueError as exc:
            raise ConfigError(f"截至日期应为 YYYY-MM-DD，实际为「{get('as_of')}」") from exc
        try:
            executed = float(get("executed").replace(",", "")) if get("executed") else None
        except ValueError as exc:
            raise ConfigError(f"执行数应为数字，实际为「{get('executed')}」") from exc
        items = [
            {
                key: get(f"{key}_{k}") or None
                for key in ("progress", "expected", "likelihood", "reason_category", "reason")
            }
            for k in range(len(target.indicators))
        ]
        done = actions.record_checkpoint(
            ctx.store, ctx.user, table_id, as_of, executed=executed, indicators=items, policy=policy
        )
    except ConfigError as exc:
        return page(
            request,
            "scoring/checkpoint.html",
            {
                "detail": detail,
                "table": target,
                "today": get("as_of"),
                "error": str(exc),
                "likelihoods": LIKELIHOODS,
                "categories": REASON_CATEGORIES,
                **_common(ctx, policy),
            },
            user=ctx.user,
            csrf=ctx.csrf,
            active="monitoring",
            status_code=422,
        )
    return RedirectResponse(f"/monitoring?saved={done['status']['status']}&policy={policy}", status_code=303)


def monitoring_chart(units: list[dict[str, Any]], t: Any) -> dict[str, Any]:
    """ECharts option: one stacked bar per unit, projects by colour."""
    names = [u["unit"] or "—" for u in units]
    series = [
        {
            "name": t(f"status.{c}"),
            "type": "bar",
            "stack": "n",
            "itemStyle": {"color": COLOUR_HEX[c]},
            "data": [u["counts"][c] for u in units],
        }
        for c in ("red", "yellow", "green")
    ]
    return {
        "animation": False,
        "tooltip": {"trigger": "axis"},
        "legend": {},
        "grid": {"containLabel": True},
        "xAxis": {"type": "value", "minInterval": 1},
        "yAxis": {"type": "category", "data": names},
        "series": series,
    }


@router.get("/monitoring", response_class=HTMLResponse)
def monitoring_page(request: Request, year: str = "", ctx: Ctx = Depends(signed_in)) -> Response:
    policy = _policy_name(request)
    year_n = int(year) if year.strip().isdigit() else None
    units = [
        u.to_dict() for u in actions.monitoring_overview(ctx.store, ctx.user, year=year_n, policy=policy)
    ]
    return page(
        request,
        "scoring/monitoring.html",
        {
            "units": units,
            "chart": monitoring_chart(units, ctx.t),
            "year": year,
            **_common(ctx, policy),
        },
        user=ctx.user,
        csrf=ctx.csrf,
        active="monitoring",
    )
