"""The forms that write a project's stages, and the monitoring overview (自评计分、实际完成值
填报、运行监控).

- ``/projects/{id}/checkpoint`` — record a 运行监控 checkpoint of the project's current target
  (the chosen scoring policy decides its colour).
- ``/projects/{id}/selfeval`` — enter the 绩效自评's actuals (a live score via HTMX, or the
  Excel template: download, fill, upload); saving stores the project's self-evaluation.
- ``/projects/{id}/score`` — the self-evaluation's score breakdown (each line's formula) and
  the JX5xx findings, under a chosen policy.
- ``/monitoring`` — red/yellow/green per unit with an ECharts chart and every warning.

The old table-based addresses (``/tables/{id}/score``, ``…/selfeval``, ``…/checkpoint``)
lead to their project's.  Every computation is an action (:mod:`jixiao.actions`); this module
only reads forms and renders.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from fastapi import Depends, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from starlette.datastructures import FormData, UploadFile

from .. import actions
from ..errors import ConfigError, IngestError, NotFound, PolicyError
from ..model import LIKELIHOODS, REASON_CATEGORIES, Table
from ..text import bi
from . import i18n
from .render import page
from .session import Ctx, signed_in, web_router

router = web_router()
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
COLOUR_HEX = {"red": "#d9534f", "yellow": "#f0ad4e", "green": "#5cb85c"}
PROGRESS_FIELDS = ("progress", "expected", "likelihood", "reason_category", "reason", "measure")

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
        "mon.measure": ("纠偏措施", "Measures"),
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


def _policy_name(request: Request, form: FormData | None = None) -> str:
    value = form.get("policy") if form is not None else None
    name = (
        (value if isinstance(value, str) and value else None)
        or request.query_params.get("policy")
        or "national"
    )
    actions.policy_of(name)  # PolicyError → an error page naming the policy
    return name


def _common(ctx: Ctx, policy: str) -> dict[str, Any]:
    return {
        "policies": [(p.name, p.title if ctx.lang == "zh" else p.title_en) for p in actions.policies()],
        "policy": policy,
    }


def _project(ctx: Ctx, project_id: int) -> tuple[dict[str, Any], Table]:
    """A project's record and its current target."""
    record = ctx.store.get_project(project_id, ctx.user)
    if record["target"] is None:
        raise NotFound(ctx.t("proj.no_target_yet"))
    return record, actions.as_table(record["target"]["table"])


def _moved(request: Request, ctx: Ctx, table_id: int, stage: str) -> Response:
    """An old table address → the same page of the table's project, its query kept."""
    project_id = ctx.store.get_table(table_id, ctx.user)["project_id"]
    query = f"?{request.url.query}" if request.url.query else ""
    return RedirectResponse(f"/projects/{project_id}/{stage}{query}", status_code=303)


@router.get("/tables/{table_id:int}/score", response_class=HTMLResponse)
def old_score(request: Request, table_id: int, ctx: Ctx = Depends(signed_in)) -> Response:
    return _moved(request, ctx, table_id, "score")


@router.get("/tables/{table_id:int}/selfeval", response_class=HTMLResponse)
def old_selfeval(request: Request, table_id: int, ctx: Ctx = Depends(signed_in)) -> Response:
    return _moved(request, ctx, table_id, "selfeval")


@router.get("/tables/{table_id:int}/checkpoint", response_class=HTMLResponse)
def old_checkpoint(request: Request, table_id: int, ctx: Ctx = Depends(signed_in)) -> Response:
    return _moved(request, ctx, table_id, "checkpoint")


@router.get("/projects/{project_id:int}/score", response_class=HTMLResponse)
def score_page(request: Request, project_id: int, ctx: Ctx = Depends(signed_in)) -> Response:
    policy = _policy_name(request)
    record = ctx.store.get_project(project_id, ctx.user)
    if record["selfeval"] is None:
        raise NotFound(ctx.t("proj.no_selfeval"))
    table = actions.as_table(record["selfeval"]["table"])
    return page(
        request,
        "scoring/selfeval.html",
        {
            "project": record["project"],
            "table": table,
            "report": actions.score_table(table, policy, ctx.lang),
            **_common(ctx, policy),
        },
        user=ctx.user,
        csrf=ctx.csrf,
        active="projects",
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
            raise ConfigError(
                bi(f"{name} 应为数字，实际为「{raw}」", f"{name} should be a number, not “{raw}”")
            ) from exc

    n = len(target.indicators)
    return actions.selfeval_from_actuals(
        target,
        [field(f"actual_{k}") for k in range(n)],
        executed=amount("executed"),
        budget=amount("budget"),
        deviations=[field(f"deviation_{k}") for k in range(n)],
    )


def _entry(
    request: Request, ctx: Ctx, record: dict[str, Any], target: Table, policy: str, error: str | None = None
) -> Response:
    """The self-evaluation form: the target's indicators, filled with the saved actuals."""
    saved = actions.as_table(record["selfeval"]["table"]) if record["selfeval"] else None
    shown = target
    if saved is not None and len(saved.indicators) == len(target.indicators):
        shown = actions.selfeval_from_actuals(
            target,
            [i.actual for i in saved.indicators],
            executed=saved.funds.executed,
            budget=saved.funds.adjusted,
            deviations=[i.deviation for i in saved.indicators],
        )
    report = actions.score_table(
        actions.selfeval_from_actuals(
            shown,
            [i.actual for i in shown.indicators],
            executed=shown.funds.executed,
            deviations=[i.deviation for i in shown.indicators],
        ),
        policy,
        ctx.lang,
    )
    return page(
        request,
        "scoring/entry.html",
        {
            "project": record["project"],
            "table": shown,
            "report": report,
            "error": error,
            **_common(ctx, policy),
        },
        user=ctx.user,
        csrf=ctx.csrf,
        active="projects",
        status_code=422 if error else 200,
    )


@router.get("/projects/{project_id:int}/selfeval", response_class=HTMLResponse)
def entry_page(request: Request, project_id: int, ctx: Ctx = Depends(signed_in)) -> Response:
    policy = _policy_name(request)
    record, target = _project(ctx, project_id)
    return _entry(request, ctx, record, target, policy)


@router.post("/projects/{project_id:int}/selfeval/score", response_class=HTMLResponse)
async def live_score(request: Request, project_id: int, ctx: Ctx = Depends(signed_in)) -> Response:
    form = await request.form()
    policy = str(form.get("policy") or "national")
    _, target = _project(ctx, project_id)
    try:
        report = actions.score_table(_selfeval_from_form(target, form), policy, ctx.lang)
        error = None
    except (ConfigError, PolicyError) as exc:
        report, error = None, exc.message(ctx.lang)
    return page(
        request, "scoring/_card.html", {"report": report, "error": error}, user=ctx.user, csrf=ctx.csrf
    )


def _save_selfeval(ctx: Ctx, project_id: int, selfeval: Table, policy: str) -> Response:
    actions.save_selfeval(ctx.store, ctx.user, project_id, selfeval, policy=policy, lang=ctx.lang)
    return RedirectResponse(f"/projects/{project_id}/score?policy={policy}", status_code=303)


@router.post("/projects/{project_id:int}/selfeval", response_class=HTMLResponse)
async def save_selfeval(request: Request, project_id: int, ctx: Ctx = Depends(signed_in)) -> Response:
    form = await request.form()
    policy = _policy_name(request, form)
    _, target = _project(ctx, project_id)
    return _save_selfeval(ctx, project_id, _selfeval_from_form(target, form), policy)


@router.get("/projects/{project_id:int}/selfeval/template.xlsx")
def template_download(project_id: int, ctx: Ctx = Depends(signed_in)) -> Response:
    _, target = _project(ctx, project_id)
    return Response(
        actions.actuals_template_of(target),
        media_type=XLSX,
        headers={"Content-Disposition": f'attachment; filename="actuals-{project_id}.xlsx"'},
    )


@router.post("/projects/{project_id:int}/selfeval/upload", response_class=HTMLResponse)
async def template_upload(request: Request, project_id: int, ctx: Ctx = Depends(signed_in)) -> Response:
    form = await request.form()
    policy = _policy_name(request, form)
    record, target = _project(ctx, project_id)
    upload = form.get("file")
    try:
        if not isinstance(upload, UploadFile):
            raise IngestError(None, bi("请选择填好的 .xlsx 模板", "choose the filled .xlsx template"))
        selfeval = actions.selfeval_from_xlsx(target, await upload.read(), upload.filename or "upload.xlsx")
    except IngestError as exc:
        return _entry(request, ctx, record, target, policy, exc.message(ctx.lang))
    return _save_selfeval(ctx, project_id, selfeval, policy)


def _checkpoint_page(
    request: Request,
    ctx: Ctx,
    record: dict[str, Any],
    target: Table,
    policy: str,
    today: str,
    error: str | None = None,
) -> Response:
    return page(
        request,
        "scoring/checkpoint.html",
        {
            "project": record["project"],
            "table": target,
            "today": today,
            "error": error,
            "likelihoods": LIKELIHOODS,
            "categories": REASON_CATEGORIES,
            **_common(ctx, policy),
        },
        user=ctx.user,
        csrf=ctx.csrf,
        active="projects",
        status_code=422 if error else 200,
    )


@router.get("/projects/{project_id:int}/checkpoint", response_class=HTMLResponse)
def checkpoint_page(request: Request, project_id: int, ctx: Ctx = Depends(signed_in)) -> Response:
    policy = _policy_name(request)
    record, target = _project(ctx, project_id)
    return _checkpoint_page(request, ctx, record, target, policy, date.today().isoformat())


@router.post("/projects/{project_id:int}/checkpoint", response_class=HTMLResponse)
async def checkpoint_save(request: Request, project_id: int, ctx: Ctx = Depends(signed_in)) -> Response:
    form = await request.form()
    policy = _policy_name(request, form)
    record, target = _project(ctx, project_id)

    def get(name: str) -> str:
        value = form.get(name)
        return value.strip() if isinstance(value, str) else ""

    try:
        try:
            as_of = date.fromisoformat(get("as_of"))
        except ValueError as exc:
            raise ConfigError(
                bi(
                    f"截至日期应为 YYYY-MM-DD，实际为「{get('as_of')}」",
                    f"the date should be YYYY-MM-DD, not “{get('as_of')}”",
                )
            ) from exc
        try:
            executed = float(get("executed").replace(",", "")) if get("executed") else None
        except ValueError as exc:
            raise ConfigError(
                bi(
                    f"执行数应为数字，实际为「{get('executed')}」",
                    f"the amount spent should be a number, not “{get('executed')}”",
                )
            ) from exc
        items = [
            {key: get(f"{key}_{k}") or None for key in PROGRESS_FIELDS} for k in range(len(target.indicators))
        ]
        actions.record_checkpoint(
            ctx.store, ctx.user, project_id, as_of, executed=executed, indicators=items, policy=policy
        )
    except ConfigError as exc:
        return _checkpoint_page(request, ctx, record, target, policy, get("as_of"), exc.message(ctx.lang))
    return RedirectResponse(f"/projects/{project_id}?tab=monitoring&saved=checkpoint", status_code=303)


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
