"""The project pages in a real browser (Debian's Chromium via Playwright, the real server):
every stage of a project within two clicks of the project list, deleting a draft with its
confirmation and history, archiving.  Screenshots go to tests/_artifacts/screens/."""

from __future__ import annotations

import copy
import json
from datetime import date
from typing import Any

import pytest

from jixiao import actions
from jixiao.model import Document

from .conftest import ROOT

pytestmark = [pytest.mark.browser, pytest.mark.timeout(120)]

SEED = json.loads((ROOT / "tests" / "corpus" / "seed" / "expected.json").read_text(encoding="utf-8"))


def _document(name: str, sha: str, **changes: Any) -> Document:
    """A one-table document: the seed's first target table, as project ``name`` of 302101."""
    table = copy.deepcopy(SEED["tables"][0])
    table["project"] = {"name": name, "code": None}
    table["title"] = f"{name}绩效目标表"
    table.update(changes)
    return Document.from_dict(
        {
            "schema": "jixiao/1",
            "source": {"name": f"{sha}.json", "format": "json", "sha256": sha * 32},
            "tables": [table],
        }
    )


def _project(server: Any, name: str, sha: str) -> int:
    result = actions.import_document(server.store, None, _document(name, sha))
    return int(result.tables[0]["project_id"])


def _clicks_to(s: Any, name: str, *selectors: str) -> int:
    """From the project list, click the project ``name`` and then ``selectors``: the clicks made."""
    s.go("/projects?q=" + name)
    s.page.click(f"[data-list=projects] a[data-project-link]:text-is('{name}')")
    for sel in selectors:
        s.page.click(sel)
    s.page.wait_for_load_state()
    return 1 + len(selectors)


def test_every_stage_is_two_clicks_from_the_project_list(server, as_user) -> None:
    name = "两次点击项目"
    pid = _project(server, name, "a1")
    store = server.store
    actions.record_checkpoint(
        store,
        None,
        pid,
        date(2025, 7, 31),
        executed=20,
        indicators=[{"progress": "1个", "likelihood": "确定能"}],
    )
    target = actions.project_target(store, None, pid)
    selfeval = actions.selfeval_from_actuals(target, [i.target.text for i in target.indicators], executed=50)
    actions.save_selfeval(store, None, pid, selfeval)

    s = as_user("filer")
    s.go("/projects?q=" + name)
    row = s.page.locator(f"tr[data-project-id='{pid}']")
    assert row.locator("[data-light]").get_attribute("data-light") in ("red", "yellow")
    assert (
        row.locator("[data-score]").inner_text() == "100.00"
        and row.locator("[data-grade]").inner_text() == "优"
    )
    assert row.locator("[data-state]").get_attribute("data-state") == "draft"
    s.shot("projects-list")

    # 目标: one click
    assert _clicks_to(s, name) == 1
    assert s.page.locator("[data-tab=target].active").count() == 1
    assert "履职保障工作任务" in s.page.inner_text("[data-form]")
    assert s.page.locator("[data-versions] tr[data-version]").count() == 1
    s.shot("project-target")
    # 监控: two clicks, and the checkpoint form one more away from there
    assert _clicks_to(s, name, "[data-tab=monitoring]") == 2
    (cp,) = s.page.locator("[data-checkpoint]").all()
    assert cp.get_attribute("data-checkpoint") == "2025-07-31" and cp.get_attribute("data-light")
    assert s.page.locator("[data-action=new-checkpoint]").count() == 1
    s.shot("project-monitoring")
    # 自评: two clicks
    assert _clicks_to(s, name, "[data-tab=selfeval]") == 2
    assert s.page.inner_text("[data-selfeval] [data-total]").strip() == "100.00"
    assert s.page.inner_text("[data-selfeval] [data-grade]").strip() == "优"
    assert s.page.locator("[data-form]").count() == 1  # the 自评表 as the official form
    s.shot("project-selfeval")
    # 历史: two clicks
    assert _clicks_to(s, name, "[data-tab=history]") == 2
    actions_done = s.page.locator("[data-history] tr[data-action]").evaluate_all(
        "r => r.map(e => e.dataset.action)"
    )
    assert actions_done == ["selfeval", "checkpoint", "import"]
    s.shot("project-history")
    # and from the list itself: the light leads to 监控, the score to 自评, in one click
    s.go("/projects?q=" + name)
    s.page.click(f"tr[data-project-id='{pid}'] [data-light]")
    assert s.page.locator("[data-tab=monitoring].active").count() == 1
    s.go("/projects?q=" + name)
    s.page.click(f"tr[data-project-id='{pid}'] [data-score]")
    assert s.page.locator("[data-tab=selfeval].active").count() == 1
    assert s.errors == [], s.failed


def test_a_draft_is_deleted_after_a_confirmation_and_its_history_shows_it(server, as_user) -> None:
    name = "删除草稿项目"
    pid = _project(server, name, "b2")
    changed = _document(name, "b3", purpose="调整后的资金用途")
    placed = actions.import_document(server.store, None, changed).tables[0]
    assert (placed["project_id"], placed["status"], placed["revision"]) == (pid, "version", 2)

    s = as_user("filer")
    _clicks_to(s, name)
    assert s.page.locator("[data-versions] tr[data-version]").count() == 2
    s.page.click("[data-action=delete]")
    question = s.page.inner_text("[data-question]")
    assert name in question and "第2版" in question
    s.shot("delete-confirm")
    s.page.click("[data-action=confirm-delete]")
    s.page.wait_for_url(f"**/projects/{pid}?tab=history**")
    assert "已删除草稿（第2版）" in s.page.inner_text(".flash.ok")
    first = s.page.locator("[data-history] tr[data-action]").first
    assert first.get_attribute("data-action") == "delete" and "第2版" in first.inner_text()
    s.shot("delete-history")
    record = server.store.get_project(pid)
    assert record["target"]["revision"] == 1 and len(record["versions"]) == 1
    assert [h["action"] for h in server.store.project_history(pid)][-1] == "delete"

    # the last draft: the project goes, its history stays for who sees every unit
    _clicks_to(s, name)
    s.page.click("[data-action=delete]")
    s.page.click("[data-action=confirm-delete]")
    s.page.wait_for_url("**/projects?gone=1")
    assert s.page.locator(f"tr[data-project-id='{pid}']").count() == 0
    assert [h["action"] for h in server.store.project_history(pid)][-2:] == ["delete", "delete_project"]


def test_an_admin_archives_a_project_and_restores_it(server, as_user) -> None:
    name = "归档项目"
    pid = _project(server, name, "c4")
    filer = as_user("filer")
    _clicks_to(filer, name)
    assert filer.page.locator("[data-action=archive]").count() == 0  # filers do not archive
    admin = as_user("admin")
    _clicks_to(admin, name)
    admin.page.click("[data-action=archive]")
    assert admin.page.locator("[data-archived]").count() == 1
    admin.shot("project-archived")
    admin.go("/projects?q=" + name)
    assert admin.page.locator(f"tr[data-project-id='{pid}']").count() == 0
    admin.go("/projects?status=archived&q=" + name)
    assert admin.page.locator(f"tr[data-project-id='{pid}']").count() == 1
    admin.go(f"/projects/{pid}")
    admin.page.click("[data-action=unarchive]")
    assert admin.page.locator("[data-archived]").count() == 0
