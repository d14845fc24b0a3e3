"""运行监控 and 绩效自评 of a stored target: record a checkpoint, save a self-evaluation.

:func:`record_checkpoint` and :func:`save_selfeval` are the one functions behind the API's
and the web's checkpoint and self-evaluation forms; :func:`monitoring_overview` behind the
monitoring dashboards.  Every one takes the scoring policy by name and uses it.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date
from typing import Any

from ..errors import ConfigError
from ..model import Table, Value, table_from_dict, table_to_dict
from ..monitoring import apply_progress, check_checkpoint, checkpoint_from_target, overview, to_table
from ..monitoring.status import UnitStatus
from ..review import CheckConfig
from ..scoring.excel import read_actuals
from ..scoring.policy import Policy
from ..scoring.scorer import with_actuals
from ..store import Store, TableFilter, User
from .records import create_table
from .scoring import policy_of, score_table

MAX_MONITORING_TABLES = 5000


def stored_table(store: Store, user: User | None, table_id: int) -> Table:
    """A stored table as a :class:`~jixiao.model.Table` (NotFound when not visible)."""
    return table_from_dict(store.get_table(table_id, user)["table"])


def record_checkpoint(
    store: Store,
    user: User | None,
    table_id: int,
    as_of: date,
    *,
    executed: float | None = None,
    indicators: Sequence[Mapping[str, Any]] = (),
    outcome: str | None = None,
    policy: Policy | str = "national",
    save: bool = True,
    config: CheckConfig | None = None,
) -> dict[str, Any]:
    """运行监控: a checkpoint of a target table as of ``as_of`` — its warnings and colour under
    ``policy``, stored when ``save``.  ``indicators``: one item per indicator (progress,
    expected, likelihood, reason_category, reason)."""
    pol = policy_of(policy)
    target = stored_table(store, user, table_id)
    cp = checkpoint_from_target(target, as_of, executed)
    cp.outcome = outcome
    try:
        apply_progress(cp, [dict(i) for i in indicators])
    except ValueError as exc:
        raise ConfigError(str(exc)) from exc
    status = check_checkpoint(cp, pol)
    table = to_table(cp)
    item = create_table(store, user, table, config=config) if save else None
    return {"status": status.to_dict(), "table": table_to_dict(table), "item": item}


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


def selfeval_from_xlsx(target: Table, data: bytes, name: str = "upload.xlsx") -> Table:
    """A 自评表 from the filled actuals template (IngestError naming the file and cell)."""
    return read_actuals(data, target, name)


def save_selfeval(
    store: Store,
    user: User | None,
    selfeval: Table,
    *,
    policy: Policy | str = "national",
    save: bool = True,
    lang: str = "zh",
    config: CheckConfig | None = None,
) -> dict[str, Any]:
    """绩效自评: score a self-evaluation under ``policy`` and store it when ``save``."""
    report = score_table(selfeval, policy, lang)
    item = create_table(store, user, selfeval, config=config) if save else None
    return {"table": table_to_dict(selfeval), "item": item, **report}


def monitoring_tables(store: Store, user: User | None, year: int | None, unit: str | None) -> list[Table]:
    """Every stored 监控表 the user may see."""
    out: list[Table] = []
    page = 1
    while len(out) < MAX_MONITORING_TABLES:
        items, total = store.list_tables(
            TableFilter(kind="monitoring", year=year, unit=unit), page, 200, user
        )
        out.extend(stored_table(store, user, int(i["id"])) for i in items)
        if page * 200 >= total or not items:
            break
        page += 1
    return out


def monitoring_overview(
    store: Store,
    user: User | None,
    *,
    year: int | None = None,
    unit: str | None = None,
    policy: Policy | str = "national",
) -> list[UnitStatus]:
    """监控总览: red/yellow/green per unit from the latest checkpoint of each project."""
    return overview(monitoring_tables(store, user, year, unit), policy_of(policy))
