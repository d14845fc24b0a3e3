"""The table list's lines (views.list_rows) from the store's list rows."""

from __future__ import annotations

from jixiao.store import TableFilter
from jixiao.web import i18n, views


def test_list_lines_say_what_the_summaries_say(store):
    """The web list reads raw list rows, the API the summary dicts: both must agree on every
    line (label fallback 项目名称 → title → unit name, budget with its money unit, state, counts)."""
    for project, title, unit, budget in [
        ("甲项目", "甲项目绩效目标表", ("101", "甲单位"), 12.5),
        (None, "乙项目绩效目标表", ("102", "乙单位"), None),
        (None, None, ("103", "丙单位"), 1234567.0),
    ]:
        store.create_table(
            {
                "kind": "project_target",
                "year": 2025,
                "title": title,
                "project": {"name": project} if project else {},
                "unit": {"code": unit[0], "name": unit[1]},
                "money_unit": "万元",
                "funds": {"total": budget} if budget is not None else {},
                "indicators": [],
            }
        )
    summaries, total = store.list_tables(TableFilter(), 1, 50)
    assert [s["budget_total"] for s in summaries] == [1234567.0, None, 12.5]
    rows, total_rows = store.list_summary_rows(TableFilter(), 1, 50)
    for lang in ("zh", "en"):
        t = i18n.translator(lang)
        lines = views.list_rows(rows, t)
        assert total == total_rows == 3 and [line.id for line in lines] == [s["id"] for s in summaries]
        for line, s in zip(lines, summaries, strict=True):
            assert line.label == views.table_label(s) and line.label
            assert (line.unit_code, line.unit_name, line.year) == (s["unit"]["code"], s["unit"]["name"], 2025)
            expected_budget = (
                f"{views.amount(s['budget_total'])} 万元" if s["budget_total"] is not None else ""
            )
            assert line.budget == expected_budget
            assert line.status == s["status"] and line.state_label == t("state." + s["status"])
            assert (line.finding_count, line.error_count) == (s["finding_count"], s["error_count"])
    assert [line.label for line in views.list_rows(rows, i18n.translator("zh"))] == [
        "丙单位",
        "乙项目绩效目标表",
        "甲项目",
    ]
