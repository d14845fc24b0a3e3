"""``jixiao project``: a project's year from the command line — list and show the projects,
record a 运行监控 checkpoint, save the 绩效自评, and move the target through the review
workflow (提交 · 批准 · 退回 · 重新打开).

Each command calls the same :mod:`jixiao.actions` function (or store read) as the API route
named in its help, as the database's administrator (user ``None``, like ``jixiao ingest
--db``).  The store, Rich and the library are imported inside the commands.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import click
from click.exceptions import Exit

from .group import app, url_option
from .output import err, write_json


@app.group("project")
def project_app() -> None:
    """项目全年记录：列表、详情、运行监控、绩效自评、审核流程（JIXIAO_DATABASE_URL，默认 ./jixiao.db）。"""


def _fail(exc: Exception) -> Exit:
    err().print(f"[red]错误[/red] {exc}", highlight=False)
    return Exit(2)


def _emit(value: Any, as_json: bool, render: Callable[[Any], None]) -> None:
    """``value`` as JSON (``--json``), else as ``render`` lays it out."""
    if as_json:
        write_json(value)
    else:
        render(value)


def _body(path: Path) -> dict[str, Any]:
    """A JSON request body read from ``path`` (ConfigError naming the file and place)."""
    import json

    from ..errors import ConfigError
    from ..text import bi

    try:
        body = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(bi(f"{path}：无法读取（{exc}）", f"{path}: cannot read it ({exc})")) from exc
    except json.JSONDecodeError as exc:
        raise ConfigError(
            bi(
                f"{path}：第 {exc.lineno} 行第 {exc.colno} 列不是有效的 JSON（{exc.msg}）",
                f"{path}: not valid JSON at line {exc.lineno}, column {exc.colno} ({exc.msg})",
            )
        ) from exc
    if not isinstance(body, dict):
        raise ConfigError(bi(f"{path}：应为 JSON 对象", f"{path}: expected a JSON object"))
    return body


@project_app.command("list")
@click.option("--unit", default=None, help="单位编码或名称")
@click.option("--year", type=int, default=None, help="年度")
@click.option(
    "--status", default=None, help="状态：draft | submitted | returned | approved | pending | archived"
)
@click.option("-q", "query", default=None, help="项目名称包含的文字")
@click.option("--json", "as_json", is_flag=True, help="输出 JSON（与 GET /api/v1/projects 的 items 相同）")
@url_option
def list_projects(
    unit: str | None, year: int | None, status: str | None, query: str | None, as_json: bool, url: str | None
) -> None:
    """项目列表（最新在前）。List the projects, as GET /api/v1/projects does."""
    from .. import actions
    from ..errors import ConfigError, JixiaoError
    from ..store import PROJECT_STATUSES, ProjectFilter
    from ..store.tables import MAX_PER_PAGE
    from ..text import bi

    try:
        if status and status not in PROJECT_STATUSES:
            raise ConfigError(
                bi(
                    f"未知状态 {status!r}，可选：{', '.join(PROJECT_STATUSES)}",
                    f"unknown status {status!r}; choose from: {', '.join(PROJECT_STATUSES)}",
                )
            )
        filters = ProjectFilter(unit=unit or None, year=year, status=status or None, q=query or None)
        items: list[dict[str, Any]] = []
        with actions.open_store(url) as store:
            page, total = store.list_projects(filters, 1, MAX_PER_PAGE, None)
            items.extend(page)
            while len(items) < total and page:
                page, total = store.list_projects(filters, len(items) // MAX_PER_PAGE + 1, MAX_PER_PAGE, None)
                items.extend(page)
    except JixiaoError as exc:
        raise _fail(exc) from exc
    _emit(items, as_json, _print_list)


def _state(status: str) -> str:
    """草稿 · 已提交 · 已退回 · 已批准."""
    from ..store.permissions import STATUS_ZH

    return STATUS_ZH.get(status, status)


def _light(colour: str | None) -> str:
    """绿灯 · 黄灯 · 红灯 (— when none)."""
    from ..monitoring.status import COLOUR_ZH

    return f"{COLOUR_ZH[colour]}灯" if colour in COLOUR_ZH else "—"


def _print_list(items: list[dict[str, Any]]) -> None:
    from rich.table import Table

    from ..text import bi
    from .output import console

    if not items:
        console().print(bi("没有符合条件的项目", "no project matches"), highlight=False)
        return
    table = Table(title=f"项目（{len(items)}）")
    for col in ("ID", "项目", "单位", "年度", "状态", "预算（万元）", "指标", "监控", "自评"):
        table.add_column(col)
    for p in items:
        selfeval = f"{p['score']:g} {p['grade'] or ''}" if p.get("score") is not None else ""
        table.add_row(
            str(p["id"]),
            p["name"] or "",
            p["unit"]["name"] or p["unit"]["code"] or "",
            str(p["year"] or ""),
            _state(p["status"]) + ("（调整中）" if p.get("pending") else ""),
            f"{p['budget_wan']:g}" if p.get("budget_wan") is not None else "",
            str(p["indicator_count"]),
            f"{_light(p['light'])} {p['as_of']}" if p.get("as_of") else "",
            selfeval,
        )
    console().print(table)


@project_app.command("show")
@click.argument("project_id", metavar="ID", type=int)
@click.option(
    "--json", "as_json", is_flag=True, help="输出 JSON（与 GET /api/v1/projects/{id} 相同，去掉 ok）"
)
@url_option
def show(project_id: int, as_json: bool, url: str | None) -> None:
    """项目全年记录：目标表的状态与版本、运行监控、绩效自评得分与等级。Show one project's record."""
    from .. import actions
    from ..errors import JixiaoError

    try:
        with actions.open_store(url) as store:
            record = store.get_project(project_id, None)
    except JixiaoError as exc:
        raise _fail(exc) from exc
    _emit(record, as_json, _print_record)


def _print_record(record: dict[str, Any]) -> None:
    from .output import console as make_console

    console = make_console(highlight=False)
    p, target, pending = record["project"], record["target"], record["pending"]
    console.print(f"[bold]项目 {p['id']}：{p['name']}[/bold]")
    console.print(f"单位：{p['unit']['name'] or ''}（{p['unit']['code'] or '—'}）  年度：{p['year'] or '—'}")
    if target is None:
        console.print("绩效目标表：（无）")
    else:
        console.print(
            f"绩效目标表：表 {target['id']}，状态 {_state(target['status'])}，版本 {target['version']}"
        )
    if pending is not None:
        console.print(
            f"调整中：表 {pending['id']}，状态 {_state(pending['status'])}，版本 {pending['version']}"
        )
    if not record["checkpoints"]:
        console.print("运行监控：（无）")
    for cp in record["checkpoints"]:
        console.print(f"运行监控：截至 {cp['as_of']}，{_light(cp['light'])}（表 {cp['id']}）")
    se = record["selfeval"]
    if se is None:
        console.print("绩效自评：（无）")
    else:
        score = f"{se['total_score']:g} 分" if se["total_score"] is not None else "未计分"
        console.print(f"绩效自评：{score}，等级 {se['grade'] or '—'}（表 {se['id']}）")


@project_app.command("transition")
@click.argument("project_id", metavar="ID", type=int)
@click.argument("action", type=click.Choice(["submit", "return", "approve", "reopen"]))
@click.option("--comment", default=None, help="审核意见")
@url_option
def transition(project_id: int, action: str, comment: str | None, url: str | None) -> None:
    """审核流程：提交、退回、批准、重新打开项目的工作目标表。As POST /api/v1/projects/{id}/transitions."""
    from .. import actions
    from ..errors import JixiaoError

    try:
        with actions.open_store(url) as store:
            item = actions.transition_project(store, None, project_id, action, comment)
    except JixiaoError as exc:
        raise _fail(exc) from exc
    err().print(
        f"项目 {project_id}：表 {item['id']} 现为 {_state(item['status'])}（版本 {item['version']}）",
        highlight=False,
    )


@project_app.command("checkpoint")
@click.argument("project_id", metavar="ID", type=int)
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--json", "as_json", is_flag=True, help="输出 JSON（status、table、checkpoint）")
@url_option
def checkpoint(project_id: int, file: Path, as_json: bool, url: str | None) -> None:
    """运行监控：按 FILE（与 POST /api/v1/projects/{id}/checkpoints 的请求体相同的 JSON：
    as_of、executed、indicators、outcome、policy）记录一次监控。Record a checkpoint."""
    from datetime import date

    from .. import actions
    from ..errors import ConfigError, JixiaoError
    from ..text import bi

    try:
        body = _body(file)
        try:
            as_of = date.fromisoformat(str(body["as_of"]))
        except (KeyError, ValueError) as exc:
            raise ConfigError(
                bi(
                    f"{file}：as_of 应为日期，如 2025-07-31",
                    f"{file}: as_of must be a date such as 2025-07-31",
                )
            ) from exc
        with actions.open_store(url) as store:
            done = actions.record_checkpoint(
                store,
                None,
                project_id,
                as_of,
                executed=body.get("executed"),
                indicators=body.get("indicators") or [],
                outcome=body.get("outcome"),
                policy=body.get("policy") or "national",
            )
    except JixiaoError as exc:
        raise _fail(exc) from exc
    _emit(done, as_json, _print_checkpoint)


def _print_checkpoint(done: dict[str, Any]) -> None:
    placed, status = done["checkpoint"], done["status"]
    err().print(
        f"项目 {placed['project_id']}：已记录截至 {status['as_of']} 的运行监控，{_light(status['status'])}"
        f"（表 {placed['table_id']}）",
        highlight=False,
    )


@project_app.command("template")
@click.argument("project_id", metavar="ID", type=int)
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="写入的 .xlsx（默认 actuals-ID.xlsx）",
)
@url_option
def template(project_id: int, output: Path | None, url: str | None) -> None:
    """下载实际完成值填报模板（.xlsx，与网页和 API 的相同）；填好后用 jixiao project selfeval 上传。
    Write the actuals template of the project's current target."""
    from .. import actions
    from ..errors import JixiaoError

    path = output or Path(f"actuals-{project_id}.xlsx")
    try:
        with actions.open_store(url) as store:
            data = actions.actuals_template_of(actions.project_target(store, None, project_id))
    except JixiaoError as exc:
        raise _fail(exc) from exc
    path.write_bytes(data)
    err().print(f"项目 {project_id}：实际完成值填报模板已写入 {path}", highlight=False)


@project_app.command("selfeval")
@click.argument("project_id", metavar="ID", type=int)
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--policy", default=None, help="计分办法（默认 national，或 JSON 里的 policy）")
@click.option("--json", "as_json", is_flag=True, help="输出 JSON（table、selfeval 与计分报告）")
@url_option
def selfeval(project_id: int, file: Path, policy: str | None, as_json: bool, url: str | None) -> None:
    """绩效自评：FILE 为按实际值模板填好的 .xlsx（与网页上传相同），或与
    PUT /api/v1/projects/{id}/selfeval 请求体相同的 JSON（actuals 或 table）。Save the self-evaluation."""
    from .. import actions
    from ..errors import JixiaoError

    try:
        with actions.open_store(url) as store:
            if file.suffix.lower() == ".xlsx":
                target = actions.project_target(store, None, project_id)
                table = actions.selfeval_from_xlsx(target, file.read_bytes(), str(file))
                name = policy or "national"
            else:
                body = _body(file)
                table = actions.selfeval_of(
                    store,
                    None,
                    project_id,
                    table=body.get("table"),
                    actuals=body.get("actuals"),
                    executed=body.get("executed"),
                    budget=body.get("budget"),
                    deviations=body.get("deviations"),
                )
                name = policy or body.get("policy") or "national"
            done = actions.save_selfeval(store, None, project_id, table, policy=name)
    except JixiaoError as exc:
        raise _fail(exc) from exc
    _emit(done, as_json, _print_selfeval)


def _print_selfeval(done: dict[str, Any]) -> None:
    placed, card = done["selfeval"], done["score"]
    total = f"{card['total']:g} 分，等级 {card['grade']}" if card["complete"] else "未完整，未计总分"
    err().print(
        f"项目 {placed['project_id']}：已保存绩效自评，{total}（表 {placed['table_id']}）", highlight=False
    )
