"""The project list's lines (views.project_rows) say what the store's project summaries say."""

from __future__ import annotations

from jixiao import actions
from jixiao.store import ProjectFilter
from jixiao.web import i18n, views


def test_project_lines_say_what_the_summaries_say(store):
    """Name, unit, year, kind, target state, budget in 万元 (a table in 元 converted), counts."""
    for project, unit, budget, money in [
        ("甲项目", ("101", "甲单位"), 12.5, "万元"),
        (None, ("102", "乙单位"), 30000.0, "元"),
    ]:
        actions.create_table(
            store,
            None,
            {
                "kind": "project_target" if project else "department_target",
                "year": 2025,
                "title": f"{project or unit[1]}绩效目标表",
                "project": {"name": project} if project else None,
                "unit": {"code": unit[0], "name": unit[1]},
                "money_unit": money,
                "funds": {"total": budget},
                "indicators": [],
            },
        )
    items, total = store.list_projects(ProjectFilter(), 1, 50)
    assert total == 2
    for lang in ("zh", "en"):
        t = i18n.translator(lang)
        lines = views.project_rows(items, t)
        assert [line.label for line in lines] == ["乙单位", "甲项目"]
        assert [line.kind for line in lines] == ["department", "project"]
        assert [line.budget for line in lines] == ["3.00", "12.50"]
        assert [line.state_label for line in lines] == [t("state.draft")] * 2
        assert all(line.light == "" and line.score == "" for line in lines)
