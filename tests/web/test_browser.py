"""The web UI in a real browser: Chromium (Debian's) driven by Playwright against a real server.

One scenario per test; they share the server and its database, each making sure of
the state it needs.  Every main page is screenshotted into tests/_artifacts/screens/.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from jixiao.store import TableFilter

from .conftest import ROOT, UPLOAD_LIMIT

pytestmark = [pytest.mark.browser, pytest.mark.timeout(120)]

SEED_DOCX = ROOT / "tests" / "corpus" / "seed" / "seed.docx"
SEED_HTML = ROOT / "tests" / "corpus" / "seed" / "seed.html"
SEED_PROJECTS = [
    "市外办履职保障经费",
    "市外办一般债券利息-2025年债券利息",
    "天津市因公出入境服务工作经费",
    "天津市因公通行证电子化建设项目-2024一般债",
    "外事工作经费",
    "因公电子护照系统日常维护费",
]


def _table_id(server, name: str) -> int:
    items, _ = server.store.list_tables(TableFilter(q=name, unit="302101"))
    matches = [i for i in items if i["project_name"] == name]
    assert matches, f"{name} is not stored"
    return matches[-1]["id"]


@pytest.fixture
def seeded(server, as_user) -> None:
    """The seed .docx is imported (through the import page when it is not yet)."""
    items, _ = server.store.list_tables(TableFilter(q="市外办履职保障经费"))
    if not items:
        s = as_user("filer")
        s.go("/import")
        s.page.set_input_files("input[data-drop-input]", str(SEED_DOCX))
        s.page.wait_for_selector("tr[data-status=ok]")


def test_log_in_and_import_the_seed_docx_shows_its_six_projects(server, as_user) -> None:
    s = as_user("")
    s.go("/")
    assert "/login" in s.page.url  # signed out → the login page
    s.page.fill("input[name=username]", "filer")
    s.page.fill("input[name=password]", "wrong password")
    s.page.click("button[type=submit]")
    assert "用户名或密码错误" in s.page.inner_text("main")
    s.shot("login")
    s.login("filer", "pw-for-tests-1")
    assert s.page.inner_text("[data-user]").startswith("filer")

    s.go("/import")
    s.page.set_input_files("input[data-drop-input]", str(SEED_DOCX))
    row = s.page.wait_for_selector("tr[data-file='seed.docx'][data-status]")
    assert row.get_attribute("data-status") == "ok"
    links = [a.inner_text() for a in s.page.query_selector_all("a[data-imported-project]")]
    assert links == SEED_PROJECTS
    statuses = s.page.locator("[data-import-status]").evaluate_all(
        "els => els.map(e => e.dataset.importStatus)"
    )
    assert statuses == ["new"] * 6
    s.shot("import")

    s.go("/projects")
    listed = [a.inner_text() for a in s.page.query_selector_all("[data-list=projects] td:first-child a")]
    assert sorted(listed) == sorted(SEED_PROJECTS)
    s.shot("projects")
    s.go("/projects?q=" + "护照")
    assert s.page.locator("[data-list=projects] td:first-child a").all_inner_texts() == [
        "因公电子护照系统日常维护费"
    ]
    s.page.fill("input[name=q]", "")
    s.page.fill("input[name=rule]", "JX401")
    s.page.click("form.filters button")
    assert s.page.locator("[data-list=projects] td:first-child a").all_inner_texts() == [
        "天津市因公通行证电子化建设项目-2024一般债"
    ]
    s.go("/")
    s.page.wait_for_selector("#chart-budget_by_unit[data-chart-ready] svg")
    assert s.page.inner_text("[data-kpi=tables]") == "6"
    s.shot("dashboard")
    s.go("/units")
    units = s.page.inner_text("[data-list=units]")
    assert "天津市人民政府外事办公室" in units
    assert "1,805.46" in units  # the six projects' 预算数, 万元
    s.shot("units")


def test_fixing_a_qualitative_target_in_the_editor_clears_its_finding(server, as_user, seeded) -> None:
    table_id = _table_id(server, "市外办履职保障经费")
    s = as_user("filer")
    s.go(f"/tables/{table_id}")
    flagged = s.page.locator("[data-form] td[data-findings~=JX204]")
    assert flagged.count() == 1 and flagged.inner_text().startswith("提升改善")
    assert "sev-warning" in (flagged.get_attribute("class") or "")
    s.shot("table")

    s.page.click("[data-action=edit]")
    s.page.wait_for_selector("[data-editor]")
    assert s.page.locator("#findings li[data-code=JX204]").count() == 1
    s.shot("editor")
    value = s.page.locator("tr[data-edit-row] input[name=target]").nth(7)
    assert value.input_value() == "提升改善"
    value.fill("")
    value.type("≥90%")
    s.page.wait_for_selector("#findings[data-count='0']")
    # add a row with a vague value: the live check flags it, removing it clears it again
    s.page.click("[data-op=add]")
    new = s.page.locator("tr[data-edit-row]").last
    new.locator("input[name=level1]").fill("产出指标")
    new.locator("input[name=level2]").fill("质量指标")
    new.locator("[name=name]").type("服务质量")
    new.locator("input[name=target]").type("明显提升")
    s.page.wait_for_selector("#findings li[data-code=JX204]")
    new.locator("[data-op=remove]").click()
    s.page.wait_for_selector("#findings[data-count='0']")
    # move the last row up one place, then save
    s.page.locator("tr[data-edit-row]").last.locator("[data-op=up]").click()
    s.page.click("[data-save]")
    s.page.wait_for_selector(".flash.ok")
    assert s.page.locator("[data-form] td[data-findings]").count() == 0
    assert "未发现问题" in s.page.inner_text("#findings")
    names = s.page.locator("[data-form] tr[data-row] td:nth-last-child(3)").all_inner_texts()
    assert names[-2:] == ["履职保障对象满意度", "改善工作环境"]
    stored = server.store.get_table(table_id)
    assert stored["table"]["indicators"][8]["target"] == {
        "text": "≥90%",
        "op": "≥",
        "number": 90,
        "unit": "%",
        "qualitative": False,
    }


def test_a_filer_declares_a_new_project_with_a_live_check(server, as_user) -> None:
    s = as_user("filer")
    s.go("/projects")
    s.page.click("[data-action=new]")
    s.page.fill("input[name=project_name]", "因公出国（境）培训项目")
    s.page.fill("input[name=year]", "2025")
    s.page.click("[data-new-table] button[type=submit]")
    s.page.wait_for_selector("[data-editor]")
    assert s.page.locator("#findings li[data-code=JX114]").count() == 1  # no goals yet
    s.page.fill("input[name=total]", "30")
    s.page.fill("input[name=fiscal]", "20")
    s.page.locator("input[name=other]").type("5")
    s.page.wait_for_selector("#findings li[data-code=JX301]")  # 30 ≠ 20 + 5
    s.page.locator("input[name=other]").fill("")
    s.page.locator("input[name=other]").type("10")
    s.page.wait_for_selector("#findings li[data-code=JX301]", state="detached")
    s.page.locator("textarea[name=goals]").type("完成年度因公出国培训任务。")
    s.page.wait_for_selector("#findings li[data-code=JX114]", state="detached")
    for values in (
        ("产出指标", "数量指标", "培训人次", "≥30人次"),
        ("效益指标", "社会效益指标", "业务能力", "有所提升"),
        ("满意度指标", "服务对象满意度指标", "参训人员满意度", "≥90%"),
    ):
        s.page.click("[data-op=add]")
        row = s.page.locator("tr[data-edit-row]").last
        for name, value in zip(("level1", "level2", "name", "target"), values, strict=True):
            row.locator(f"[name={name}]").fill(value)
    s.page.locator("tr[data-edit-row]").last.locator("input[name=target]").press("End")
    s.page.wait_for_selector("#findings li[data-code=JX204][data-row='1']")  # 有所提升 is not quantified
    assert s.page.locator("tr[data-edit-row].flagged").count() >= 1
    s.page.click("[data-save]")
    s.page.wait_for_selector(".flash.ok")
    assert s.page.get_attribute("[data-state]", "data-state") == "draft"
    form = s.page.inner_text("[data-form]")
    assert "因公出国（境）培训项目" in form and "参训人员满意度" in form and "30.00" in form
    table_id = int(s.page.url.split("/tables/")[1].split("?")[0])
    stored = server.store.get_table(table_id)["table"]
    assert (stored["unit"]["code"], stored["year"], stored["funds"]["other"]) == ("302101", 2025, 10.0)
    assert [i["name"] for i in stored["indicators"]] == ["培训人次", "业务能力", "参训人员满意度"]
    assert stored["indicators"][0]["category2"] == "数量指标"


def test_a_stale_edit_is_refused_with_a_clear_message(server, as_user, seeded) -> None:
    table_id = _table_id(server, "外事工作经费")
    s = as_user("filer")
    s.go(f"/tables/{table_id}/edit")
    s.page.wait_for_selector("[data-editor]")
    detail = server.store.get_table(table_id)
    server.store.update_table(table_id, detail["table"], detail["version"])  # someone else saves first
    s.page.locator("input[name=target]").first.fill("≥81批次")
    s.page.click("[data-save]")
    assert "已被他人修改" in s.page.inner_text(".flash.error")
    assert s.page.locator("input[name=target]").first.input_value() == "≥81批次"  # input kept


def test_submit_return_with_comment_resubmit_approve(server, as_user, seeded) -> None:
    table_id = _table_id(server, "因公电子护照系统日常维护费")
    filer, reviewer = as_user("filer"), as_user("reviewer")
    filer.go(f"/tables/{table_id}")
    assert filer.page.get_attribute("[data-state]", "data-state") == "draft"
    filer.page.click("[data-wf=submit]")
    assert filer.page.get_attribute("[data-state]", "data-state") == "submitted"
    assert filer.page.locator("[data-action=edit]").count() == 0  # no editing while under review

    reviewer.go(f"/tables/{table_id}")
    assert reviewer.page.locator("[data-wf=approve]").count() == 1
    reviewer.page.click("[data-wf=return]")  # no comment: refused
    assert "请填写审核意见" in reviewer.page.inner_text(".flash.error")
    reviewer.page.fill("textarea[name=comment]", "请补充系统故障率的测算依据。")
    reviewer.page.click("[data-wf=return]")
    assert reviewer.page.get_attribute("[data-state]", "data-state") == "returned"

    filer.go(f"/tables/{table_id}")
    assert "请补充系统故障率的测算依据。" in filer.page.inner_text("[data-history]")
    assert filer.page.locator("[data-action=edit]").count() == 1
    filer.page.click("[data-wf=submit]")
    assert filer.page.get_attribute("[data-state]", "data-state") == "submitted"

    reviewer.go(f"/tables/{table_id}")
    reviewer.page.fill("textarea[name=comment]", "同意。")
    reviewer.page.click("[data-wf=approve]")
    assert reviewer.page.get_attribute("[data-state]", "data-state") == "approved"
    history = reviewer.page.inner_text("[data-history]")
    for word in ("提交审核", "退回", "批复通过"):
        assert word in history
    reviewer.shot("table-approved")
    statuses = [h["to_status"] for h in server.store.history(table_id) if h["action"] != "update"]
    assert statuses[-4:] == ["submitted", "returned", "submitted", "approved"]


def test_export_buttons_give_the_official_files(server, as_user, seeded) -> None:
    table_id = _table_id(server, "外事工作经费")
    s = as_user("viewer")
    s.go(f"/tables/{table_id}")
    assert (
        s.page.locator("[data-workflow]").count() == 0 and s.page.locator("[data-action=edit]").count() == 0
    )
    magic = {"docx": b"PK", "xlsx": b"PK", "pdf": b"%PDF", "html": b"<!", "json": b"{", "csv": b""}
    for fmt, head in magic.items():
        href = s.page.get_attribute(f"[data-export={fmt}]", "href")
        resp = s.page.request.get(server.url + href)
        assert resp.status == 200, fmt
        assert resp.body().lstrip(b"\xef\xbb\xbf").lstrip().startswith(head), fmt
        assert f".{fmt}" in resp.headers["content-disposition"]
    assert "外事工作经费" in s.page.request.get(f"{server.url}/tables/{table_id}/export.csv").text()


def test_login_only_returns_to_local_pages(server, as_user) -> None:
    s = as_user("")
    s.go("/login?next=//example.org/x")
    s.page.fill("input[name=username]", "admin")
    s.page.fill("input[name=password]", "pw-for-tests-1")
    s.page.click("button[type=submit]")
    assert s.page.url == server.url + "/"
    s.go("/login?next=/units")
    assert s.page.get_attribute("input[name=next]", "value") == "/units"


def test_a_filer_of_another_unit_gets_no_access(server, as_user, seeded) -> None:
    table_id = _table_id(server, "市外办一般债券利息-2025年债券利息")
    s = as_user("other")
    s.go("/projects")
    assert s.page.get_attribute("[data-count]", "data-count") == "0"
    s.go("/")
    assert s.page.inner_text("[data-kpi=tables]") == "0"
    for path in (f"/tables/{table_id}", f"/tables/{table_id}/edit", f"/tables/{table_id}/export.json"):
        resp = s.go(path)
        assert resp.status == 404, path
        assert "市外办一般债券利息" not in s.page.content()
    csrf = s.page.get_attribute("input[name=csrf_token]", "value")
    api = s.page.request.get(f"{server.url}/api/v1/tables/{table_id}")
    assert api.status == 404 and api.json()["ok"] is False
    for path, form in (
        (f"/tables/{table_id}/workflow", {"action": "submit"}),
        (f"/tables/{table_id}/edit", {"name": "x", "target": "1个", "version": "1"}),
    ):
        resp = s.page.request.post(server.url + path, form={**form, "csrf_token": csrf})
        assert resp.status == 404, path
    s.go("/import")  # and it cannot import another unit's file
    s.page.set_input_files("input[data-drop-input]", str(SEED_HTML))
    row = s.page.wait_for_selector("tr[data-file='seed.html'][data-status]")
    assert row.get_attribute("data-status") == "error" and "其他单位" in row.inner_text()
    assert server.store.get_table(table_id)["status"] in ("draft", "submitted", "returned", "approved")


def test_forms_without_the_csrf_token_are_refused(server, as_user, seeded) -> None:
    table_id = _table_id(server, "天津市因公出入境服务工作经费")
    s = as_user("filer")
    s.go(f"/tables/{table_id}")
    resp = s.page.request.post(f"{server.url}/tables/{table_id}/workflow", form={"action": "submit"})
    assert resp.status == 403
    assert server.store.get_table(table_id)["status"] == "draft"


def _hostile_html(tmp: Path) -> Path:
    html = SEED_HTML.read_text(encoding="utf-8")
    first = html[: html.index("<p>2.")] + "</body></html>"
    first = first.replace(
        '<td colspan="6">市外办履职保障经费</td>',
        "<td colspan=\"6\">&lt;script&gt;alert('项目')&lt;/script&gt;恶意项目</td>",
    )
    first = first.replace(
        '<td colspan="2">履职保障工作任务</td><td colspan="2">履职保障工作任务</td>',
        '<td colspan="2">&lt;img src=x onerror=alert(2)&gt;任务\'); DROP TABLE perf_tables;--</td>'
        '<td colspan="2">' + "长" * 10_000 + "</td>",
    )
    path = tmp / "hostile.html"
    path.write_text(first, encoding="utf-8")
    return path


def test_a_hostile_document_imports_and_renders_harmlessly(server, as_user, tmp_path) -> None:
    s = as_user("admin")
    s.go("/import")
    s.page.set_input_files("input[data-drop-input]", str(_hostile_html(tmp_path)))
    row = s.page.wait_for_selector("tr[data-file='hostile.html'][data-status]")
    assert row.get_attribute("data-status") == "ok", row.inner_text()
    s.page.click("tr[data-file='hostile.html'] a[data-imported-project]")
    s.page.wait_for_selector("[data-form]")
    form = s.page.inner_text("[data-form]")
    assert "<script>alert('项目')</script>恶意项目" in form
    assert "<img src=x onerror=alert(2)>任务'); DROP TABLE perf_tables;--" in form
    assert "长" * 10_000 in form
    assert s.page.locator("[data-form] img").count() == 0
    box = s.page.locator("[data-form]").bounding_box()
    assert box["width"] <= 1360 and box["height"] < 3000  # the long cell scrolls inside its box
    s.shot("hostile-table")
    project = s.page.url.replace(server.url, "")
    for path in ("/projects", "/", "/units", project + "?tab=history", project):
        s.go(path)
    s.page.click("[data-action=edit]")
    s.page.wait_for_selector("[data-editor]")
    assert s.dialogs == [] and s.errors == []
    s.shot("hostile-editor")
    assert server.store.list_tables()[1] >= 1  # perf_tables is still there


DROP_JS = """(files) => {
    const dt = new DataTransfer();
    for (const f of files) {
        const bytes = Uint8Array.from(atob(f.b64), c => c.charCodeAt(0));
        dt.items.add(new File([bytes], f.name));
    }
    return dt;
}"""


def test_dropping_many_files_gives_one_result_each(server, as_user) -> None:
    import base64

    dev = ROOT / "tests" / "corpus" / "dev"
    files = [
        ("dev09.xlsx", (dev / "09" / "case.xlsx").read_bytes()),
        ("broken.docx", b"PK\x03\x04 not a zip"),
        ("dev04.html", (dev / "04" / "case.html").read_bytes()),
        ("dev15.html", (dev / "15" / "case.html").read_bytes()),
    ]
    s = as_user("admin")
    s.go("/import")
    data = s.page.evaluate_handle(
        DROP_JS, [{"name": n, "b64": base64.b64encode(b).decode()} for n, b in files]
    )
    s.page.dispatch_event("[data-drop]", "dragenter", {"dataTransfer": data})
    assert "over" in (s.page.get_attribute("[data-drop]", "class") or "")
    s.page.dispatch_event("[data-drop]", "drop", {"dataTransfer": data})
    s.page.wait_for_selector("tr[data-file='dev15.html'][data-status]")
    status = {n: s.page.get_attribute(f"tr[data-file='{n}']", "data-status") for n, _ in files}
    assert status == {"dev09.xlsx": "ok", "broken.docx": "error", "dev04.html": "ok", "dev15.html": "ok"}
    assert "broken.docx" in s.page.inner_text("tr[data-file='broken.docx']")
    assert s.page.locator("tr[data-file='dev09.xlsx'] a[data-imported-project]").count() >= 1
    s.shot("import-many")
    s.page.click("tr[data-file='dev04.html'] a[data-imported-project]")
    s.page.click("[data-tab=selfeval]")
    heads = s.page.locator("[data-form] th").all_inner_texts()
    assert {"实际完成值", "分值", "得分", "执行率"} <= set(heads)  # the 10号 自评表, as exported
    s.shot("table-selfeval")


def test_logging_out_ends_the_session(server, as_user) -> None:
    s = as_user("reviewer")
    s.go("/projects")
    s.page.click("header form[action='/logout'] button")
    assert "/login" in s.page.url
    s.go("/projects")
    assert "/login" in s.page.url and "next=%2Fprojects" in s.page.url


def test_an_upload_over_the_size_limit_is_refused_with_a_clear_message(server, as_user) -> None:
    s = as_user("admin")
    s.go("/import")
    big = {"name": "big.docx", "mimeType": "application/octet-stream", "buffer": b"\0" * (UPLOAD_LIMIT + 1)}
    s.page.set_input_files("input[data-drop-input]", files=[big])
    row = s.page.wait_for_selector("tr[data-file='big.docx'][data-status=error]")
    assert re.search(r"文件过大：big\.docx 超过 2 MB 的上限", row.inner_text())
    csrf = s.page.get_attribute("input[name=csrf_token]", "value")
    resp = s.page.request.post(
        f"{server.url}/import", multipart={"csrf_token": csrf, "file": big}, headers={"HX-Request": "true"}
    )
    assert resp.status == 413 and "上限" in resp.text()
    _, before = server.store.list_tables()
    near = {
        **big,
        "buffer": b"\0" * (UPLOAD_LIMIT - 64 * 1024),
    }  # under the limit: read, refused as not a file
    resp = s.page.request.post(
        f"{server.url}/import", multipart={"csrf_token": csrf, "file": near}, headers={"HX-Request": "true"}
    )
    assert resp.status == 400 and "big.docx" in resp.text()
    assert server.store.list_tables()[1] == before


def test_every_page_works_in_english(server, as_user, seeded) -> None:
    table_id = _table_id(server, "天津市因公出入境服务工作经费")
    s = as_user("admin")
    s.go("/?lang=en")
    labels = s.page.evaluate(
        "() => [...document.querySelectorAll('header nav a')].map(a => a.childNodes[0].textContent.trim())"
    )  # (without the review queue's count)
    assert labels == [
        "Dashboard",
        "Units",
        "Projects",
        "Monitoring",
        "To review",
        "Import",
        "Library",
        "Rules",
        "Admin",
    ]
    s.page.wait_for_selector("#chart-quantified_share[data-chart-ready] svg")
    assert "Quantitative" in s.page.inner_text("#chart-quantified_share")
    s.shot("dashboard-en")
    for path, text in (
        ("/units", "Units"),
        ("/projects", "Projects"),
        (f"/tables/{table_id}", "Level 1"),
        (f"/tables/{table_id}/edit", "Edit performance targets"),
        ("/import", "Import files"),
    ):
        s.go(path)  # the cookie keeps English
        assert text in s.page.inner_text("main"), path
    s.go(f"/tables/{table_id}")
    assert "is qualitative" in s.page.inner_text("#findings") or "quantif" in s.page.inner_text("#findings")
    s.shot("table-en")
    s.page.click("[data-lang-switch]")
    assert "一级指标" in s.page.inner_text("main")
    assert s.errors == []  # no script error and no Content-Security-Policy violation on any page


def test_login_is_rate_limited(server, as_user) -> None:
    s = as_user("")
    for _ in range(5):
        s.login("viewer", "not the password")
    s.login("viewer", "pw-for-tests-1")  # even the right password waits now (a second or two)
    assert "秒后再试" in s.page.inner_text("main")
