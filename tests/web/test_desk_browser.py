"""The reviewer's desk and the administrator's pages in a real browser (Debian's Chromium via
Playwright, the real server): the whole review cycle with comments both ways, notifications,
what changed between versions, the admin's users, and the English UI.  Screenshots go to
tests/_artifacts/screens/."""

from __future__ import annotations

import copy
import json
import re
from collections.abc import Iterator
from datetime import date
from typing import Any

import pytest

from jixiao import actions
from jixiao.model import Document
from jixiao.scoring.policy import load_policy

from .conftest import PASSWORD, ROOT, Session

pytestmark = [pytest.mark.browser, pytest.mark.timeout(180)]

SEED = json.loads((ROOT / "tests" / "corpus" / "seed" / "expected.json").read_text(encoding="utf-8"))
CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")
# Every text node a person reads, and the placeholders and titles, outside the data fields
# (elements marked translate="no", and the official form's data cells).
VISIBLE_TEXT = """() => {
  const out = [];
  const skip = (el) => el.closest('[translate=no], script, style, datalist, option, [data-form] td, textarea');
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  while (walker.nextNode()) {
    const n = walker.currentNode;
    if (n.parentElement && !skip(n.parentElement) && n.textContent.trim()) out.push(n.textContent.trim());
  }
  for (const el of document.querySelectorAll('[placeholder], [title], [aria-label]')) {
    if (skip(el)) continue;
    for (const a of ['placeholder', 'title', 'aria-label']) if (el.getAttribute(a)) out.push(el.getAttribute(a));
  }
  out.push(document.title);
  return out;
}"""


def _document(name: str, sha: str) -> Document:
    table = copy.deepcopy(SEED["tables"][0])
    table["project"] = {"name": name, "code": None}
    table["title"] = f"{name}绩效目标表"
    return Document.from_dict(
        {
            "schema": "jixiao/1",
            "source": {"name": f"{sha}.json", "format": "json", "sha256": sha * 32},
            "tables": [table],
        }
    )


def _project(server: Any, name: str, sha: str) -> int:
    return int(actions.import_document(server.store, None, _document(name, sha)).tables[0]["project_id"])


def _count(s: Session, selector: str) -> int:
    found = s.page.locator(selector)
    return int(found.get_attribute(selector.strip("[]").split("=")[0]) or 0) if found.count() else 0


def test_the_full_review_cycle_with_comments_both_ways(server, as_user) -> None:
    name = "审核往来项目"
    pid = _project(server, name, "d1")
    filer, reviewer = as_user("filer"), as_user("reviewer")
    reviewer.go("/review")
    queued_before = _count(reviewer, "[data-queue-count]")

    # the filer submits with a comment
    filer.go(f"/projects/{pid}")
    filer.page.fill("[data-wf-comment]", "请审核，预算已按要求调整。")
    filer.page.click("[data-wf=submit]")
    filer.page.wait_for_selector("[data-working-state=submitted]")
    assert "请审核" in filer.page.inner_text("[data-thread]")

    # the reviewer sees it in the queue (the count in the navigation), oldest first, and
    # returns it from the queue with a comment
    reviewer.go("/review")
    assert _count(reviewer, "[data-queue-count]") == queued_before + 1
    assert reviewer.page.locator(f"tr[data-queue-project='{pid}']").count() == 1
    assert _count(reviewer, "[data-unread-count]") >= 1  # told of the new submission
    reviewer.shot("review-queue")
    row = reviewer.page.locator(f"tr[data-queue-project='{pid}']")
    row.locator("input[name=comment]").fill("满意度指标的目标值请量化为百分比。")
    row.locator("[data-wf=return]").click()
    reviewer.page.wait_for_url("**/review?done=returned")
    assert reviewer.page.locator(f"tr[data-queue-project='{pid}']").count() == 0

    # the filer sees a notification count, opens it: the returned project shows the comment
    filer.go("/projects")
    unread = _count(filer, "[data-unread-count]")
    assert unread >= 1
    filer.shot("filer-notification-count")
    filer.page.click("[data-nav=notifications]")
    note = filer.page.locator("tr[data-note][data-kind=return]").first
    assert note.get_attribute("data-read") == "0" and name in note.inner_text()
    filer.shot("notifications")
    note.locator("[data-open-note]").click()
    filer.page.wait_for_url(f"**/projects/{pid}**")
    assert filer.page.locator("[data-working-state=returned]").count() == 1
    thread = filer.page.inner_text("[data-thread]")
    assert "满意度指标的目标值请量化为百分比。" in thread
    assert _count(filer, "[data-unread-count]") < unread  # read now
    filer.shot("returned-with-comment")

    # the filer replies, fixes an indicator in the editor and submits again
    filer.page.fill("[data-comment-form] textarea", "已改为百分比，请再审。")
    filer.page.click("[data-action=comment]")
    filer.page.wait_for_selector(".flash.ok")
    filer.page.click("[data-action=edit]")
    target = filer.page.locator("tr[data-edit-row] input[name=target]").first
    old = target.input_value()
    target.fill("≥25人次")
    filer.page.click("[data-save]")
    filer.page.wait_for_selector(".flash.ok")
    filer.go(f"/projects/{pid}")
    filer.page.click("[data-wf=submit]")
    filer.page.wait_for_selector("[data-working-state=submitted]")

    # the reviewer reads the reply on the project page and approves there with a comment
    reviewer.go(f"/projects/{pid}")
    texts = reviewer.page.locator("[data-thread] [data-comment-text]").all_inner_texts()
    assert texts == [
        "请审核，预算已按要求调整。",
        "满意度指标的目标值请量化为百分比。",
        "已改为百分比，请再审。",
    ]
    roles = reviewer.page.locator("[data-thread] li").evaluate_all("r => r.map(e => e.dataset.commentRole)")
    assert roles == ["filer", "reviewer", "filer"]
    reviewer.page.fill("[data-wf-comment]", "同意。")
    reviewer.page.click("[data-wf=approve]")
    reviewer.page.wait_for_selector("[data-working-state=approved]")
    reviewer.shot("approved-thread")

    # the filer is told; the history shows the changed indicator's old and new value
    filer.go("/notifications?unread=1")
    approved = filer.page.locator("tr[data-note][data-kind=approve]", has_text=name)
    assert approved.count() == 1
    filer.go(f"/projects/{pid}?tab=history")  # seen: this project's notifications are read
    filer.go("/notifications?unread=1")
    assert filer.page.locator("tr[data-note]", has_text=name).count() == 0
    filer.go(f"/projects/{pid}?tab=history")
    change = filer.page.locator(
        "[data-history] tr[data-action=update] li[data-change=changed][data-field=target]"
    )
    assert change.count() == 1
    assert change.get_attribute("data-old") == old and change.get_attribute("data-new") == "≥25人次"
    assert old in change.inner_text() and "≥25人次" in change.inner_text()
    filer.shot("history-changes")
    # the API gives the same as `changes`
    history = server.store.project_history(pid)
    update = next(h for h in history if h["action"] == "update")
    assert {
        "what": "indicator",
        "change": "changed",
        "field": "target",
        "before": old,
        "after": "≥25人次",
    }.items() <= next(c for c in update["changes"] if c["field"] == "target").items()
    assert filer.errors == [] and reviewer.errors == [], (filer.failed, reviewer.failed)


def test_an_admin_reopens_an_approved_project(server, as_user) -> None:
    pid = _project(server, "重新打开项目", "d2")
    actions.transition_project(server.store, None, pid, "submit")
    actions.transition_project(server.store, None, pid, "approve")
    admin = as_user("admin")
    admin.go(f"/projects/{pid}")
    admin.page.fill("[data-wf-comment]", "预算调整，重新填报。")
    admin.page.click("[data-wf=reopen]")
    admin.page.wait_for_selector("[data-working-state=draft]")
    assert "预算调整，重新填报。" in admin.page.inner_text("[data-thread]")
    reviewer = as_user("reviewer")
    reviewer.go(f"/projects/{pid}")
    assert reviewer.page.locator("[data-wf=reopen]").count() == 0  # an admin's


def test_an_admin_adds_a_user_resets_a_password_and_the_new_user_logs_in(server, as_user, browser) -> None:
    admin = as_user("admin")
    admin.go("/admin")
    form = admin.page.locator("[data-add-user]")
    form.locator("input[name=username]").fill("newfiler")
    form.locator("input[name=password]").fill("first-pass-1")
    form.locator("select[name=role]").select_option("filer")
    form.locator("input[name=unit_code]").fill("302101")
    form.locator("[data-action=add-user]").click()
    admin.page.wait_for_selector("tr[data-user-row=newfiler]")
    admin.shot("admin-users")

    newbie = Session(browser, server, "")
    try:
        newbie.login("newfiler", "first-pass-1")
        newbie.page.wait_for_selector("[data-user=newfiler]")
        admin.go("/admin/users")
        row = admin.page.locator("tr[data-user-row=newfiler]")
        row.locator("input[name=password]").fill("second-pass-2")
        row.locator("[data-action=reset-password]").click()
        admin.page.wait_for_selector(".flash.ok")
        newbie.go("/projects")  # the reset ended its session
        assert "/login" in newbie.page.url
        newbie.login("newfiler", "first-pass-1")
        assert newbie.page.locator("[data-user=newfiler]").count() == 0
        newbie.login("newfiler", "second-pass-2")
        newbie.page.wait_for_selector("[data-user=newfiler]")
        newbie.shot("new-user-logged-in")
    finally:
        newbie.close()

    # disable: the user can no longer sign in; the audit log has it all, filterable
    row = admin.page.locator("tr[data-user-row=newfiler]")
    row.locator("[data-action=disable]").click()
    admin.page.wait_for_selector("tr[data-user-row=newfiler][data-active='0']")
    admin.go("/admin/audit?user=admin&action=user_add")
    assert admin.page.locator("tr[data-audit-action=user_add]").count() >= 1
    assert admin.page.locator("tr[data-audit-action]:not([data-audit-action=user_add])").count() == 0
    admin.go(f"/admin/audit?action=user_password&since={date.today().isoformat()}")
    assert "newfiler" in admin.page.inner_text("[data-list=audit]")
    admin.shot("admin-audit")
    filer = as_user("filer")
    filer.go("/admin/users")
    assert filer.page.locator("[data-error='403']").count() == 1


def _data_strings(server: Any) -> list[str]:
    """What the pages may print as data: every text of every stored table, project, unit,
    user and comment."""
    out: set[str] = set()

    def walk(v: Any) -> Iterator[str]:
        if isinstance(v, str):
            yield v
        elif isinstance(v, dict):
            for x in v.values():
                yield from walk(x)
        elif isinstance(v, list):
            for x in v:
                yield from walk(x)

    items, _ = server.store.list_projects(per_page=500)
    for p in items:
        record = server.store.get_project(p["id"])
        out.update(walk(record))
        out.update(walk(server.store.project_history(p["id"])))
    out.update(walk(server.store.units()))
    out.update(b.label for b in load_policy("national").bands)  # a policy's grade bands are data (TOML)
    return sorted((s for s in out if CJK.search(s)), key=len, reverse=True)


def test_the_english_ui_shows_no_chinese_outside_data_fields(server, as_user) -> None:
    pid = _project(server, "英文界面项目", "d3")
    actions.comment(server.store, None, pid, "数据里的中文意见")
    target = actions.project_target(server.store, None, pid)
    selfeval = actions.selfeval_from_actuals(target, [i.target.text for i in target.indicators], executed=40)
    actions.save_selfeval(server.store, None, pid, selfeval)
    actions.record_checkpoint(server.store, None, pid, date(2025, 7, 31), executed=20)
    table_id = server.store.get_project(pid)["target"]["id"]
    s = as_user("admin")
    s.go("/?lang=en")
    data = _data_strings(server)
    found = {}
    for path in (
        "/",
        "/units",
        "/projects",
        "/review",
        "/notifications",
        f"/projects/{pid}",
        f"/projects/{pid}?tab=monitoring",
        f"/projects/{pid}?tab=selfeval",
        f"/projects/{pid}?tab=history",
        f"/projects/{pid}/score",
        f"/tables/{table_id}/edit",
        "/import",
        "/rules",  # (a rule's own page quotes its Chinese sources and glossary terms on purpose)
        "/admin/users",
        "/admin/units",
        "/admin/audit",
    ):
        s.go(path)
        texts = s.page.evaluate(VISIBLE_TEXT)
        left = []
        for text in texts:
            for d in data:
                if d in text:
                    text = text.replace(d, "")
            if CJK.search(text):
                left.append(text)
        if left:
            found[path] = left
        s.shot("en" + re.sub(r"[^a-z0-9]+", "-", path))
    assert found == {}, json.dumps(found, ensure_ascii=False, indent=1)
    assert s.errors == []


@pytest.mark.parametrize("tab", ["selfeval", "score"])
def test_the_self_evaluation_and_score_pages_fit_1366_px(server, browser, tab) -> None:
    pid = _project(
        server,
        "宽度测试项目：一个名称很长很长的项目，用来检查页面在一三六六像素宽的窗口里不横向溢出",
        f"e{len(tab)}",
    )
    target = actions.project_target(server.store, None, pid)
    selfeval = actions.selfeval_from_actuals(
        target,
        [i.target.text for i in target.indicators],
        executed=45,
        deviations=["偏差原因说明" * 20 for _ in target.indicators],
    )
    actions.save_selfeval(server.store, None, pid, selfeval)
    s = Session(browser, server, "admin")
    try:
        s.context.close()
        s.context = browser.new_context(viewport={"width": 1366, "height": 800}, locale="zh-CN")
        s.page = s.context.new_page()
        s.login("admin", PASSWORD)
        for lang in ("zh", "en"):
            s.go(
                (f"/projects/{pid}?tab=selfeval" if tab == "selfeval" else f"/projects/{pid}/score")
                + f"&lang={lang}".replace("&", "?" if tab == "score" else "&")
            )
            width = s.page.evaluate(
                "() => [document.documentElement.scrollWidth, document.documentElement.clientWidth]"
            )
            s.shot(f"fit-1366-{tab}-{lang}")
            assert width[0] <= width[1], (lang, width)
    finally:
        s.close()


def test_the_editor_offers_the_taxonomy_of_the_projects_framework(server, as_user) -> None:
    pid = _project(server, "指标体系项目", "d4")
    table_id = server.store.get_project(pid)["target"]["id"]
    s = as_user("filer")
    s.go(f"/tables/{table_id}/edit")
    levels1 = s.page.locator("#levels1 option").evaluate_all("o => o.map(e => e.value)")
    assert levels1 == ["产出指标", "效益指标", "满意度指标"]  # 2015: what the seed's table follows
    assert s.page.locator("tr[data-edit-row] input[name=level1]").first.get_attribute("list") == "levels1"
    s.page.select_option("[data-framework]", "2021")
    long_name = "一个很长的三级指标名称，" * 12
    s.page.locator("tr[data-edit-row] [name=name]").first.fill(long_name)
    s.page.click("[data-save]")
    s.page.wait_for_selector(".flash.ok")
    assert server.store.get_project(pid)["project"]["framework"] == "2021"
    s.go(f"/tables/{table_id}/edit")
    levels1 = s.page.locator("#levels1 option").evaluate_all("o => o.map(e => e.value)")
    assert levels1 == ["成本指标", "产出指标", "效益指标", "满意度指标"]
    assert "经济成本指标" in s.page.locator("#levels2 option").evaluate_all("o => o.map(e => e.value)")
    name = s.page.locator("tr[data-edit-row] [name=name]").first
    assert name.input_value() == long_name.strip().rstrip("，") or long_name.startswith(
        name.input_value()[:20]
    )
    # the long name wraps: its box grows in height, nothing runs off to the side
    box = name.evaluate("e => [e.scrollWidth, e.clientWidth, e.scrollHeight, e.clientHeight]")
    assert box[0] <= box[1] and box[2] > 40, box
    s.shot("editor-taxonomy")
