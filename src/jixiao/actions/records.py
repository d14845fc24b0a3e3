"""申报、编辑、审核: write a table and move it through the review workflow.

Every write is checked here (the review rules, the JX6xx ones against the project's earlier
years and its peers) and stored with its findings; who may do it is the store's to enforce
(:mod:`jixiao.store.permissions`).  The indicator library follows every write
(:func:`~jixiao.actions.library.keep_library`).
"""

from __future__ import annotations

from typing import Any

from ..errors import ConfigError, NotFound
from ..model import Table, table_to_dict
from ..review import CheckConfig
from ..store import Store, User
from ..text import bi
from . import mail
from .checking import stored_findings
from .library import keep_library


def _dict(table: Table | dict[str, Any]) -> dict[str, Any]:
    return table_to_dict(table) if isinstance(table, Table) else table


def create_table(
    store: Store, user: User | None, table: Table | dict[str, Any], *, config: CheckConfig | None = None
) -> dict[str, Any]:
    """申报: store a new table (草稿) with its findings."""
    data = _dict(table)
    created = store.create_table(data, user, findings=stored_findings(store, user, data, config))
    keep_library(store, [created["project_id"]])
    return created


def update_table(
    store: Store,
    user: User | None,
    table_id: int,
    table: Table | dict[str, Any],
    version: int,
    *,
    config: CheckConfig | None = None,
) -> dict[str, Any]:
    """编辑: replace a table's content (ConflictError when ``version`` is stale)."""
    data = _dict(table)
    before = store.library_groups_of(table_ids=[table_id])
    saved = store.update_table(
        table_id, data, version, user, findings=stored_findings(store, user, data, config)
    )
    keep_library(store, [saved["project_id"]], before)
    return saved


def edit_indicator(
    store: Store,
    user: User | None,
    table_id: int,
    version: int,
    *,
    index: int | None = None,
    indicator: dict[str, Any] | None = None,
    remove: bool = False,
    config: CheckConfig | None = None,
) -> dict[str, Any]:
    """Add (``index`` None), replace or remove one indicator of a table, as a versioned edit."""
    current = store.get_table(table_id, user)
    data = dict(current["table"])
    inds = list(data.get("indicators") or [])
    if index is not None and not 0 <= index < len(inds):
        raise NotFound(
            bi(f"表 {table_id} 没有第 {index} 个指标", f"table {table_id} has no indicator {index}")
        )
    if remove:
        assert index is not None
        inds.pop(index)
    else:
        if not isinstance(indicator, dict):
            raise ConfigError(bi("指标必须是 JSON 对象", "an indicator must be a JSON object"))
        if index is None:
            inds.append(indicator)
        else:
            inds[index] = indicator
    data["indicators"] = inds
    return update_table(store, user, table_id, data, version, config=config)


def delete_table(store: Store, user: User | None, table_id: int, version: int | None = None) -> None:
    """删除 a draft (history keeps it)."""
    project_id = store.get_table(table_id, user)["project_id"]
    before = store.library_groups_of(table_ids=[table_id])
    store.delete_table(table_id, user, version)
    keep_library(store, [project_id], before)


def transition(
    store: Store,
    user: User | None,
    table_id: int,
    action: str,
    comment: str | None = None,
    version: int | None = None,
) -> dict[str, Any]:
    """审核流程: submit | return | approve | reopen (see :mod:`jixiao.store.permissions`);
    notifies, and mails the notifications when SMTP is set up (:mod:`.mail`)."""
    done = store.transition(table_id, action, user, comment, version)
    mail.deliver(store)
    if action == "approve":  # an approved revision becomes the current target
        keep_library(store, [done["project_id"]])
    return done


def transition_project(
    store: Store,
    user: User | None,
    project_id: int,
    action: str,
    comment: str | None = None,
    version: int | None = None,
) -> dict[str, Any]:
    """审核流程 on a project's working target: its pending revision (调整), else its current one."""
    target = store.working_target(project_id, user)
    return transition(store, user, int(target["id"]), action, comment, version)


def archive_project(
    store: Store, user: User | None, project_id: int, archived: bool = True
) -> dict[str, Any]:
    """归档 a project (admins): it leaves the lists, the totals and the library's figures;
    ``archived=False`` undoes it."""
    done = store.archive_project(project_id, user, archived)
    keep_library(store, [project_id])
    return done
