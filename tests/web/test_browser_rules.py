"""In Chromium (Debian's, via Playwright) against the real server: a finding badge opens its rule's
page, in both languages; the API docs render with every request off the machine refused.
Screenshots go to tests/_artifacts/screens/."""

from __future__ import annotations

import json

import pytest

from jixiao import actions
from jixiao.store import TableFilter

from .conftest import ROOT

pytestmark = [pytest.mark.browser, pytest.mark.timeout(120)]

PROJECT = "规则页示例项目"


def _table_id(server) -> int:
    """This test's own table: the seed's first project (its 提升改善 target is flagged JX204)
    under another name and unit, so the other browser tests neither change nor count it."""
    items, _ = server.store.list_tables(TableFilter(q=PROJECT))
    if items:
        return int(items[0]["id"])
    data = json.loads((ROOT / "tests/corpus/seed/expected.json").read_text(encoding="utf-8"))["tables"][0]
    data["project"] = {"name": PROJECT, "code": None}
    data["unit"] = {"code": "990001", "name": "规则页示例单位"}
    return int(actions.create_table(server.store, None, data)["id"])


def test_a_finding_badge_opens_its_rule_page_in_both_languages(server, as_user) -> None:
    table_id = _table_id(server)
    s = as_user("reviewer")
    s.go(f"/tables/{table_id}?lang=zh")
    badge = s.page.locator("#findings li[data-code=JX204] a[data-rule-link=JX204]")
    assert badge.count() == 1 and badge.inner_text() == "JX204"
    badge.click()
    s.page.wait_for_url("**/rules/JX204")
    doc = s.page.locator("article[data-rule-page=JX204]")
    assert doc.locator("h1").inner_text() == "JX204 target-not-quantified"
    text = doc.inner_text()
    assert "指标值未量化" in text and "依据条文 (citation)" in text and "如何修改 (fix)" in text
    assert s.page.locator("[data-nav=rules].active").count() == 1
    s.shot("rule-JX204")

    s.page.click("[data-lang-switch]")  # the same page in English
    s.page.wait_for_url("**/rules/JX204?lang=en")
    text = s.page.locator("article[data-rule-page=JX204]").inner_text()
    assert "Target not quantified" in text and "Citation" in text and "How to fix" in text
    assert s.page.inner_text("[data-nav=rules]") == "Rules"
    s.shot("rule-JX204-en")

    s.go(f"/tables/{table_id}?lang=zh")  # the mark on the flagged cell of the form links too
    s.page.click("[data-form] td[data-findings~=JX204] a[data-rule-link=JX204]")
    s.page.wait_for_url("**/rules/JX204")
    s.page.click("a[data-rule-tables]")  # and back to the projects with this finding
    s.page.wait_for_url("**/projects?rule=JX204")
    assert PROJECT in s.page.inner_text("[data-list=projects]")

    s.go("/rules")
    assert s.page.locator("[data-list=rules] tr[data-rule]").count() >= 50
    s.shot("rules")
    assert s.errors == []  # no script error, no CSP violation


def test_the_api_docs_render_with_the_network_cut_off(server, as_user) -> None:
    s = as_user("")
    refused: list[str] = []

    def only_local(route) -> None:  # type: ignore[no-untyped-def]
        if route.request.url.startswith(server.url + "/"):
            route.continue_()
        else:
            refused.append(route.request.url)
            route.abort("internetdisconnected")

    s.context.route("**/*", only_local)
    s.go("/api/v1/docs")
    s.page.wait_for_selector(".swagger-ui .information-container .title")
    assert s.page.inner_text(".swagger-ui .information-container .title").startswith("jixiao API")
    s.page.wait_for_selector(".swagger-ui .opblock")
    assert s.page.locator(".swagger-ui .opblock").count() >= 30
    assert s.page.locator(".swagger-ui button.authorize").count() == 1  # the bearer scheme
    s.page.click(".swagger-ui button.authorize")
    assert "bearerAuth" in s.page.inner_text(".swagger-ui .dialog-ux")
    s.shot("api-docs-offline")
    assert refused == []  # nothing on the page even tried to leave the machine
    assert s.errors == []
