"""运行监控 and 绩效自评 of a project: record a checkpoint, save a self-evaluation.

:func:`record_checkpoint` and :func:`save_selfeval` are the one functions behind the API's
and the web's checkpoint and self-evaluation forms; :func:`monitoring_overview` behind the
monitoring dashboards.  Each starts from the project's current target, takes the scoring
policy by name and uses it, and stores the result as the project's stage — a checkpoint
(per ``as_of`` date) with its colour, a self-evaluation with its per-line scores, total
and grade — never as a table of its own.
"""

from __future__ import annotations

import copy
from collections.abc import Mapping, Sequence
from datetime import date
from typing import Any

from ..errors import ConfigError, NotFound
from ..model import Table, Value, table_to_dict
from ..monitoring import (
    apply_progress,
    check_checkpoint,
    checkpoint_from_target,
    from_table,
    overview,
    to_table,
)
from ..monitoring.status import UnitStatus
from ..review import CheckConfig
from ..scoring.excel import actuals_template, read_actuals
from ..scoring.policy import Policy
from ..scoring.scorer import with_actuals
from ..store import Store, User
from ..text import bi
from .checking import as_table, stored_findings
from .library import keep_library
from .scoring import policy_of, score_table


def stored_table(store: Store, user: User | None, table_id: int) -> Table:
    """A stored table as a :class:`~jixiao.model.Table` (NotFound when not visible)."""
    return as_table(store.get_table(table_id, user)["table"])


def project_target(store: Store, user: User | None, project_id: int) -> Table:
    """A project's current target (NotFound when it has none yet)."""
    target = store.get_project(project_id, user)["target"]
    if target is None:
        raise NotFound(
            bi(f"项目 {project_id} 还没有绩效目标表", f"project {project_id} has no target table yet")
        )
    return as_table(target["table"])


def record_checkpoint(
    store: Store,
    user: User | None,
    project_id: int,
    as_of: date,
    *,
    executed: float | None = None,
    indicators: Sequence[Mapping[str, Any]] = (),
    outcome: str | None = None,
    policy: Policy | str = "national",
    save: bool = True,
    config: CheckConfig | None = None,
) -> dict[str, Any]:
    """运行监控: a checkpoint of the project's current target as of ``as_of`` — its warnings
    and colour under ``policy``, stored as the project's checkpoint of that date when ``save``.
    ``indicators``: one item per indicator (progress, expected, likelihood, reason_category,
    reason, measure)."""
    pol = policy_of(policy)
    target = project_target(store, user, project_id)
    cp = checkpoint_from_target(target, as_of, executed)
    cp.outcome = outcome
    try:
        apply_progress(cp, [dict(i) for i in indicators])
    except ValueError as exc:
        raise ConfigError(str(exc)) from exc
    status = check_checkpoint(cp, pol)
    table = to_table(cp)
    placed = None
    if save:
        placed = store.save_stage(
            project_id,
            table_to_dict(table),
            user,
            findings=stored_findings(store, user, table, config),
            light=status.status,
        )
        keep_library(store, [project_id])
    return {"status": status.to_dict(), "table": table_to_dict(table), "checkpoint": placed}


def selfeval_from_actuals(
    target: Table,
    actuals: Sequence[str | Value | None],
    *,
    executed: float | None = None,
    budget: float | None = None,
    deviations: list[str | None] | None = None,
) -> Table:
    """A 自评表 from a target table and one actual per indicator (ConfigError when the
    count is wrong)."""
    try:
        return with_actuals(target, list(actuals), executed, budget, deviations)
    except ValueError as exc:
        raise ConfigError(str(exc)) from exc


def actuals_template_of(target: Table) -> bytes:
    """实际完成值填报模板: the .xlsx a unit fills with its actuals for ``target`` (the same
    workbook the web, the API and ``jixiao project template`` hand out)."""
    return actuals_template(target)


def selfeval_from_xlsx(target: Table, data: bytes, name: str = "upload.xlsx") -> Table:
    """A 自评表 from the filled actuals template (IngestError naming the file and cell)."""
    return read_actuals(data, target, name)


def selfeval_of(
    store: Store,
    user: User | None,
    project_id: int,
    *,
    table: Mapping[str, Any] | None = None,
    actuals: Sequence[str | None] | None = None,
    executed: float | None = None,
    budget: float | None = None,
    deviations: list[str | None] | None = None,
) -> Table:
    """The 自评表 a request gives: a whole ``table`` (a jixiao/1 自评表), else the project's
    current target with one of ``actuals`` per indicator (ConfigError when neither, or when the
    table is not a self-evaluation)."""
    if table is not None:
        selfeval = as_table(dict(table))
        if selfeval.kind not in ("project_selfeval", "department_selfeval"):
            raise ConfigError(
                bi(
                    "table 必须是自评表",
                    "table must be a self-evaluation (kind project_selfeval or department_selfeval)",
                )
            )
        return selfeval
    if actuals is None:
        raise ConfigError(bi("请提供 actuals 或 table", "give actuals or a table"))
    return selfeval_from_actuals(
        project_target(store, user, project_id),
        actuals,
        executed=executed,
        budget=budget,
        deviations=deviations,
    )


def scored(selfeval: Table, report: Mapping[str, Any]) -> Table:
    """The self-evaluation with its card written in: each line's 得分, the 预算执行率 score,
    the 总分 and the 自评等级 (what is stored and printed)."""
    out = copy.deepcopy(selfeval)
    card = report["score"]
    for line in card["lines"]:
        if line["score"] is not None and 0 <= line["index"] < len(out.indicators):
            out.indicators[line["index"]].score = round(float(line["score"]), 2)
    execution = card["execution"]
    if execution.get("score") is not None:
        out.funds.score = round(float(execution["score"]), 2)
        out.funds.weight = execution.get("weight")
    out.total_score = round(float(card["total"]), 2)
    out.grade = card["grade"]
    return out


def save_selfeval(
    store: Store,
    user: User | None,
    project_id: int,
    selfeval: Table,
    *,
    policy: Policy | str = "national",
    save: bool = True,
    lang: str = "zh",
    config: CheckConfig | None = None,
) -> dict[str, Any]:
    """绩效自评: score a self-evaluation under ``policy`` (actuals, per-line scores, total and
    grade) and store it as the project's self-evaluation when ``save``."""
    report = score_table(selfeval, policy, lang)
    table = scored(selfeval, report) if report["score"]["complete"] else selfeval
    placed = None
    if save:
        placed = store.save_stage(
            project_id, table_to_dict(table), user, findings=stored_findings(store, user, table, config)
        )
        keep_library(store, [project_id])
    return {"table": table_to_dict(table), "selfeval": placed, **report}


def monitoring_overview(
    store: Store,
    user: User | None,
    *,
    year: int | None = None,
    unit: str | None = None,
    policy: Policy | str = "national",
) -> list[UnitStatus]:
    """监控总览: red/yellow/green per unit from each project's latest checkpoint."""
    tables = [as_table(d) for d in store.latest_checkpoints(user, year, unit)]
    return overview(tables, policy_of(policy))


def fill_lights(store: Store, policy: Policy | str = "national") -> int:
    """Give every checkpoint whose colour is not known yet (the 0005 migration's) its colour
    under ``policy``; returns how many."""
    pol = policy_of(policy)
    done = 0
    while batch := store.checkpoints_without_light(limit=1000):
        lights = {}
        for tid, data in batch:
            lights[tid] = check_checkpoint(from_table(as_table(data)), pol).status
        store.set_lights(lights)
        done += len(lights)
    return done
