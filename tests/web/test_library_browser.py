"""The indicator library in a real browser (Debian's Chromium via Playwright, the real server on
its own SQLite database): a filer types part of a 三级 name in the editor, picks a suggestion
and sees name, value and unit filled in; the library page and a group's box plot render.
Screenshots go to tests/_artifacts/screens/library-*.png."""

from __future__ import annotations

import importlib.util
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from jixiao import actions

from .conftest import Server, Session, serving

pytestmark = [pytest.mark.browser, pytest.mark.timeout(180)]


def _fixtures() -> Any:
    """tests/library/make_fixtures.py: the seed's third table, its values changed."""
    name = "jixiao_tests_library_fixtures"
    if name not in sys.modules:
        path = Path(__file__).resolve().parents[1] / "library" / "make_fixtures.py"
        spec = importlib.util.spec_from_file_location(name, path)
        assert spec is not None and spec.loader is not None
        sys.modules[name] = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(sys.modules[name])
    return sys.modules[name]


@pytest.fixture(scope="module")
def library_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Server, int]]:
    """Eight districts' projects in the library; the filer's own target without its 签证 line."""
    mf = _fixtures()
    folder = tmp_path_factory.mktemp("library-web")
    with serving(f"sqlite:///{folder / 'library.db'}") as srv:
        peers = folder / "peers.md"
        peers.write_text(mf.peers_md(), encoding="utf-8")
        own = folder / "own.md"
        own.write_text(mf.target_md(2025, drop=("颁发公务签证数量",)), encoding="utf-8")
        store: Any = srv.store
        assert actions.import_paths(store, None, [peers])[0].status == "imported"
        mine = actions.import_paths(store, None, [own])[0]
        yield srv, mine.tables[0]["table_id"]


def test_a_suggestion_fills_name_value_and_unit(browser: Any, library_server: tuple[Server, int]) -> None:
    srv, table_id = library_server
    s = Session(browser, srv, "filer")
    try:
        s.go(f"/tables/{table_id}/edit")
        rows = s.page.locator("tbody[data-rows] tr")
        before = rows.count()
        s.page.click("[data-op=add]")
        row = rows.nth(before)
        row.locator("[name=name]").press_sequentially("签证数", delay=60)
        pick = row.locator("[data-suggestion][data-name='颁发公务签证数量']")
        pick.wait_for(state="visible")
        assert "8 个项目" in pick.inner_text() and "≥300本" in pick.inner_text()
        s.page.wait_for_selector(f"#findings li[data-row='{before}']")  # the live check: a name, no value
        s.shot("library-editor-suggestions")
        pick.click()
        assert row.locator("[name=name]").input_value() == "颁发公务签证数量"
        assert row.locator("input[name=target]").input_value() == "≥300本"
        assert row.locator("input[name=level2]").input_value() == "数量指标"
        assert row.locator("[data-suggestion]").count() == 0  # the list closed
        s.page.wait_for_selector(f"#findings li[data-row='{before}']", state="detached")  # checked again
        s.page.wait_for_function("() => !document.querySelector('.htmx-request')")
        s.shot("library-editor-filled")
        assert s.errors == [], s.errors  # (saving may abort a live check in flight: htmx logs that)
        s.page.click("[data-save]")
        s.page.wait_for_url(f"**/tables/{table_id}?saved=*")
        saved = srv.store.get_table(table_id)["table"]["indicators"]  # type: ignore[attr-defined]
        assert [(i["name"], i["target"]["text"], i["category2"]) for i in saved][-1] == (
            "颁发公务签证数量",
            "≥300本",
            "数量指标",
        )
    finally:
        s.close()


def test_the_library_page_and_a_group_with_its_box_plot(
    browser: Any, library_server: tuple[Server, int]
) -> None:
    srv, _ = library_server
    s = Session(browser, srv, "filer")
    try:
        s.go("/library")
        assert s.page.locator("[data-level2='数量指标'] [data-group]").count() >= 3
        s.shot("library-index")
        s.go("/library?q=满意度")
        s.page.click("[data-results] a:text-is('服务对象满意度')")
        s.page.wait_for_selector("[data-chart-ready]")
        assert s.page.inner_text("[data-kpi=projects]") == "9"
        assert s.page.inner_text("[data-list=projects]").count("因公出入境服务工作经费") == 1  # its own only
        assert "另有 8 个其他单位的项目" in s.page.inner_text("[data-hidden]")
        s.shot("library-group")
        assert s.errors == [], s.errors
    finally:
        s.close()
