"""The 单位 page a page at a time in a real browser (Debian's Chromium via Playwright, the real
server): 50 units a page, 下一页 and 上一页 keep the search, a filer sees only its unit."""

from __future__ import annotations

import copy
import json
from typing import Any

import pytest

from jixiao import actions
from jixiao.model import Document
from jixiao.web.pages import PER_PAGE

from .conftest import ROOT

pytestmark = [pytest.mark.browser, pytest.mark.timeout(120)]

SEED = json.loads((ROOT / "tests" / "corpus" / "seed" / "expected.json").read_text(encoding="utf-8"))
CODES = [f"{970000 + i}" for i in range(PER_PAGE + 5)]  # after the other tests' units, in order of code


def _units(server: Any) -> None:
    tables = []
    for code in CODES:
        table = copy.deepcopy(SEED["tables"][0])
        table["unit"] = {"code": code, "name": f"分页单位{code}"}
        table["project"] = {"name": f"分页项目{code}", "code": None}
        tables.append(table)
    doc = {"schema": "jixiao/1", "source": {"name": "units.json", "format": "json", "sha256": "97" * 32}}
    actions.import_document(server.store, None, Document.from_dict({**doc, "tables": tables}))


def _shown(s: Any) -> list[str]:
    s.page.wait_for_load_state()
    return [
        c
        for c in s.page.eval_on_selector_all(
            "[data-list=units] tr[data-unit]", "rs => rs.map(r => r.dataset.unit)"
        )
    ]


def test_units_page_pages_with_next_and_previous(server, as_user) -> None:
    _units(server)
    s = as_user("admin")
    s.go("/units")
    s.page.fill("input[name=q]", "分页单位")
    s.page.click("form.filters button[type=submit]")
    assert _shown(s) == CODES[:PER_PAGE]
    assert s.page.get_attribute("[data-count]", "data-count") == str(len(CODES))
    assert s.page.locator("[data-page=prev]").count() == 0
    s.page.click("[data-page=next]")
    assert _shown(s) == CODES[PER_PAGE:]
    assert s.page.input_value("input[name=q]") == "分页单位"
    s.shot("units-page-2")
    s.page.click("[data-page=prev]")
    assert _shown(s) == CODES[:PER_PAGE]
    assert s.errors == [] and s.failed == []


def test_a_filer_sees_only_its_unit(server, as_user) -> None:
    _units(server)  # the same document again: nothing new when the other test ran first
    own = {"schema": "jixiao/1", "source": {"name": "own.json", "format": "json", "sha256": "98" * 32}}
    actions.import_document(server.store, None, Document.from_dict({**own, "tables": [SEED["tables"][0]]}))
    s = as_user("filer")
    s.go("/units?q=97")
    assert _shown(s) == []
    s.go("/units")
    assert _shown(s) == ["302101"]
