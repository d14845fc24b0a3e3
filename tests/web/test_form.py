"""The official-form layout, the editor's form mapping, the chart options and the catalogue."""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass, field
from pathlib import Path

import pytest

import jixiao.web  # noqa: F401  (every page module registers its messages)
from jixiao.model import Document, Table
from jixiao.web import charts, i18n
from jixiao.web import rules as _rule_pages  # noqa: F401  (registers the rule pages' messages)
from jixiao.web import scoring as _scoring_pages  # noqa: F401  (registers the scoring pages' messages)
from jixiao.web.editing import rows_of, table_from_form
from jixiao.web.form import cell_of, layout

ROOT = Path(__file__).resolve().parents[2]
WEB = ROOT / "src" / "jixiao" / "web"


@pytest.fixture(scope="module")
def seed() -> list[Table]:
    data = json.loads((ROOT / "tests/corpus/seed/expected.json").read_text(encoding="utf-8"))
    return Document.from_dict(data).tables


@dataclass
class F:
    code: str
    severity: str = "warning"
    indicator: int | None = None
    args: dict = field(default_factory=dict)

    def message(self, lang: str = "zh") -> str:
        return f"{self.code}-{lang}"


def _indicator_rows(view):
    return [r for r in view.rows if r.index is not None]


def test_the_page_shows_the_exports_official_form(seed: list[Table]) -> None:
    """One owner of the official form: the page prints the export's grid (jixiao.export.form_for),
    levels merged like the printed form."""
    from jixiao.export import form_for

    view = layout(seed[0])
    printed = form_for(seed[0])
    assert [[c.text for c in r.cells] for r in view.rows] == [[c.text for c in r] for r in printed.rows]
    rows = _indicator_rows(view)
    assert [r.index for r in rows] == list(range(9))
    # 一级 产出指标 spans the six 产出 rows, then 效益 two, 满意度 one
    full = len(rows[0].cells)  # a row that starts a 一级 block prints every cell
    level1 = [(r.cells[0].text, r.cells[0].rowspan) for r in rows if len(r.cells) == full]
    assert level1 == [("产出指标", 6), ("效益指标", 2), ("满意度指标", 1)]
    assert "50.00" in [c.text for r in view.rows for c in r.cells] and view.title
    assert abs(sum(view.widths) - 100) < 0.1


def test_each_finding_sits_on_its_cell(seed: list[Table]) -> None:
    table = seed[0]
    found = [F("JX203", "warning", 7), F("JX101", "error", 2), F("JX301", "error", None), F("JX104", "info")]
    view = layout(table, found, lang="en")

    def cells_with(code: str) -> list[str]:
        return [c.text for r in view.rows for c in r.cells if any(f.code == code for f in c.findings)]

    assert cells_with("JX203") == [table.indicators[7].target.text]
    assert cells_with("JX101") == [table.indicators[2].name]
    assert cells_with("JX301") == ["50.00"]  # a money finding sits on 预算数
    flagged = next(c for r in view.rows for c in r.cells if c.findings and c.findings[0].code == "JX101")
    assert flagged.severity == "error" and "JX101-en" in flagged.tooltip
    assert [f.code for f in view.table_findings] == ["JX104"]
    assert len(view.all_findings) == 4
    assert cell_of(F("JX205", indicator=1)) == "target"
    labels = [c.text for r in view.rows for c in r.cells if c.role in ("label", "head")]
    assert "Level 1" in labels and "Budget" in labels  # an English page shows the form's labels in English


def test_editor_round_trip_reorder_add_and_blank(seed: list[Table]) -> None:
    table = seed[0]
    rows = rows_of(table)
    form = {c: [getattr(r, c) for r in rows] for c in ("level1", "level2", "name", "description", "target")}
    form["orig"] = [str(r.orig) for r in rows]
    assert table_from_form(table, form) == table
    # move the last row first, fix the qualitative value of row 7, add a row, add a blank row
    for col in form.values():
        col.insert(0, col.pop())
    form["target"][8] = "≥90%"
    for col, v in zip(
        ("level1", "level2", "name", "description", "target", "orig"),
        ("产出指标", "数量指标", "新指标", "新增", "≥3个", ""),
        strict=True,
    ):
        form[col] += [v, ""]
    edited = table_from_form(table, form)
    assert [i.name for i in edited.indicators][0] == "履职保障对象满意度"
    assert edited.indicators[8].target.number == 90 and edited.indicators[8].target.op == "≥"
    assert edited.indicators[8].target.qualitative is False
    new = edited.indicators[-1]
    assert (new.name, new.target.number, new.target.unit, new.category2) == ("新指标", 3, "个", "数量指标")
    assert len(edited.indicators) == 10
    assert table.indicators[7].target.text == "提升改善"  # the stored table is untouched


def test_chart_options_are_json_and_translated() -> None:
    data = charts.DashboardData(
        tables=2,
        quantitative=3,
        qualitative=1,
        budget_by_unit=[("外办", 50.0)],
        tables_by_state=[("draft", 2)],
        findings_by_rule=[("JX203", 4)],
        indicators_by_category=[("产出指标", 3)],
    )
    opts = charts.dashboard_options(data, i18n.translator("en"))
    json.dumps(opts)
    assert opts["tables_by_state"]["series"][0]["data"] == [
        {"name": "Draft", "value": 2, "itemStyle": {"color": charts.STATE_COLOURS["draft"]}}
    ]
    assert opts["quantified_share"]["series"][0]["data"][0] == {"name": "Quantitative", "value": 3}
    assert opts["budget_by_unit"]["yAxis"]["data"] == ["外办"]
    assert data.quantified_share == 0.75


def test_every_template_key_is_in_the_catalogue_in_both_languages() -> None:
    used: set[str] = set()
    for path in (WEB / "templates").rglob("*.html"):
        used |= set(re.findall(r"""\bt\(\s*'([a-z0-9_.]+)'""", path.read_text(encoding="utf-8")))
    for path in set(WEB.glob("*.py")) - {WEB / "i18n.py"}:
        used |= set(re.findall(r"""\bt\(\s*["']([a-z0-9_.]+)["']""", path.read_text(encoding="utf-8")))
    assert len(used) > 50
    known = set(i18n.keys())
    prefixes = {k for k in used if k.endswith(".")}  # t('state.' ~ s)
    assert sorted(used - known - prefixes) == []
    assert all(any(k.startswith(p) for k in known) for p in prefixes)
    for key in known:
        zh, en = i18n.translate("zh", key), i18n.translate("en", key)
        assert zh and en and zh != key
    assert i18n.pick_lang("en", "zh") == "en" and i18n.pick_lang(None, "en") == "en"
    assert i18n.pick_lang("xx", None) == "zh"


def test_vendored_libraries_match_their_pinned_hashes() -> None:
    note = (WEB / "static/vendor/VERSIONS.txt").read_text(encoding="utf-8")
    for rel in ("echarts/echarts.min.js", "htmx/htmx.min.js"):
        digest = hashlib.sha256((WEB / "static/vendor" / rel).read_bytes()).hexdigest()
        assert digest in note, rel
        assert (WEB / "static/vendor" / rel).with_name("LICENSE.txt").is_file()


def test_a_self_evaluation_shows_its_actuals_scores_and_money() -> None:
    data = json.loads((ROOT / "tests/corpus/dev/04/expected.json").read_text(encoding="utf-8"))
    table = Document.from_dict(data).tables[0]
    view = layout(table, [F("JX501", "warning", 0), F("JX303", "warning", None)])
    heads = [c.text for r in view.rows for c in r.cells if c.role == "head"]
    assert {"实际完成值", "分值", "得分", "执行率", "全年执行数"} <= set(heads)
    first = next(r for r in view.rows if r.index == 0)
    texts = [c.text for c in first.cells]
    assert table.indicators[0].actual.text in texts
    scored = [c for c in first.cells if c.findings]
    assert [(c.text, c.findings[0].code) for c in scored] == [
        ("8", "JX501")
    ]  # a scoring finding sits on 得分
    money = [c.text for r in view.rows for c in r.cells if c.amount]
    assert "10" in money or "10.00" in money
