"""Settings ([tool.jixiao] / jixiao.toml), rule selection, the report schema and the grading."""

from __future__ import annotations

from pathlib import Path

import pytest

from jixiao.errors import ConfigError
from jixiao.model import Funds, Goals, Indicator, Project, Table
from jixiao.review import CheckConfig, Finding, check_document, check_path, check_table, load_config
from jixiao.review.summary import grade_of
from jixiao.values import parse_value

FIXTURES = Path(__file__).parent / "fixtures"


def _table(*rows: tuple[str, str, str, str], total: float = 50, fiscal: float | None = 50) -> Table:
    return Table(
        kind="project_target",
        project=Project(name="测试"),
        money_unit="万元",
        funds=Funds(total=total, fiscal=fiscal),
        goals=Goals(annual=["完成培训任务。"]),
        indicators=[
            Indicator(level1=a, level2=b, category1=a, category2=b, name=n, target=parse_value(v))
            for a, b, n, v in rows
        ],
    )


GOOD = [
    ("产出指标", "数量指标", "培训人次", "≥100人次"),
    ("产出指标", "成本指标", "培训成本", "≤50万元"),
    ("效益指标", "社会效益指标", "知晓率", "≥90%"),
    ("满意度指标", "服务对象满意度指标", "满意度", "≥90%"),
]


def test_pyproject_and_jixiao_toml_are_found_upwards(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text(
        '[project]\nname = "x"\n[tool.jixiao]\nignore = ["jx2"]\nsatisfaction-min = 90\n', encoding="utf-8"
    )
    deep = tmp_path / "a" / "b"
    deep.mkdir(parents=True)
    cfg = load_config(deep)
    assert cfg.ignore == ("JX2",) and cfg.satisfaction_min == 90 and cfg.source.endswith("pyproject.toml")
    (tmp_path / "a" / "jixiao.toml").write_text(
        'min-indicators = 3\n[severity]\nJX204 = "error"\n', encoding="utf-8"
    )
    cfg = load_config(deep)
    assert cfg.min_indicators == 3 and cfg.ignore == () and cfg.severity == {"JX204": "error"}


@pytest.mark.parametrize(
    ("text", "needle"),
    [
        ("satisfaction-minimum = 80\n", "satisfaction-minimum"),
        ('min-indicators = "six"\n', "min-indicators"),
        ("min-quantified-share = 60\n", "min-quantified-share"),
        ('[severity]\nJX204 = "fatal"\n', "severity"),
        ("select = [1]\n", "select"),
        ("select = [\n", "TOML"),
    ],
)
def test_a_bad_setting_is_a_config_error_naming_file_and_key(tmp_path: Path, text: str, needle: str) -> None:
    (tmp_path / "jixiao.toml").write_text(text, encoding="utf-8")
    with pytest.raises(ConfigError) as info:
        load_config(tmp_path)
    assert "jixiao.toml" in str(info.value) and needle in str(info.value)


def test_select_and_ignore_work_by_prefix_longest_wins() -> None:
    cfg = CheckConfig().with_selection(["JX2"], ["JX204"])
    assert cfg.enabled("JX201") and not cfg.enabled("JX204") and not cfg.enabled("JX301")
    cfg = CheckConfig(ignore=("JX2",)).with_selection(["JX204"], None)
    assert cfg.enabled("JX204") and not cfg.enabled("JX205")
    table = _table(*GOOD[:1], ("产出指标", "质量指标", "服务质量", "大幅提高"), *GOOD[1:])
    assert [f.code for f in check_table(table, CheckConfig())] == ["JX204"]
    assert check_table(table, CheckConfig(ignore=("JX2",))) == []
    found = check_table(table, CheckConfig(severity={"target-not-quantified": "error"}))
    assert found[0].severity == "error"


def test_thresholds_come_from_the_config() -> None:
    table = _table(*GOOD[:3], ("满意度指标", "服务对象满意度指标", "满意度", "≥85%"))
    assert check_table(table) == []
    assert [f.name for f in check_table(table, CheckConfig(satisfaction_min=90))] == ["satisfaction-too-low"]
    assert [f.name for f in check_table(table, CheckConfig(min_indicators=5))] == ["too-few-indicators"]


def test_money_is_compared_in_the_tables_unit_and_other_null_counts_as_zero() -> None:
    assert check_table(_table(*GOOD, total=50, fiscal=50)) == []
    assert [f.name for f in check_table(_table(*GOOD, total=50, fiscal=40))] == ["budget-sum-mismatch"]
    assert check_table(_table(*GOOD, total=50, fiscal=None)) == []  # nothing to add up
    yuan = _table(*GOOD[:1], ("产出指标", "成本指标", "培训成本", "≤600000元"), *GOOD[2:])
    hits = check_table(yuan)
    assert [f.name for f in hits] == ["cost-exceeds-budget"] and hits[0].indicator == 1
    assert "50万元" in hits[0].message() and "exceeds" in hits[0].message("en")


def test_report_schema_indices_and_exit_code() -> None:
    from jixiao.model import Document, Source

    bad = _table(*GOOD[:1], ("产出指标", "质量指标", "合格率", "≥120%"), *GOOD[1:])
    doc = Document(source=Source(name="x.docx"), tables=[_table(*GOOD), bad])
    report = check_document(doc)
    data = report.to_dict()
    assert data["schema"] == "jixiao.report/1" and data["files"] == ["x.docx"]
    [f] = data["findings"]
    assert {k: f[k] for k in ("code", "name", "severity", "file", "table", "indicator")} == {
        "code": "JX203",
        "name": "percent-out-of-range",
        "severity": "error",
        "file": "x.docx",
        "table": 1,
        "indicator": 1,
    }
    assert f["location"] == "表2:指标2" and "120%" in f["message"]
    assert data["summary"]["error"] == 1 and data["summary"]["by_code"] == {"JX203": 1}
    assert [r["grade"] for r in data["reviews"]] == ["优", "中"]
    assert data["reviews"][1]["dimensions"]["可行性"]["findings"] == [0]
    assert report.exit_code == 1 and check_document(Document(tables=[_table(*GOOD)])).exit_code == 0
    again = Finding.from_dict(f)
    assert again.message("en") == report.findings[0].message("en")


def test_grades_follow_the_findings() -> None:
    def f(sev: str, code: str = "JX204") -> Finding:
        return Finding(code, "x", sev)

    cfg = CheckConfig()
    assert grade_of([], cfg) == "优" and grade_of([f("info")], cfg) == "优"
    assert grade_of([f("warning")] * 2, cfg) == "良"
    assert grade_of([f("warning")] * 3, cfg) == "中" and grade_of([f("error")], cfg) == "中"
    assert grade_of([f("error")] * 2, cfg) == "差" and grade_of([f("error", "JX109")], cfg) == "差"
    assert grade_of([f("warning")] * 3, CheckConfig(grade_warnings_good=5)) == "良"


def test_an_unreadable_file_is_a_finding_not_an_exception(tmp_path: Path) -> None:
    empty = tmp_path / "空.docx"
    empty.write_bytes(b"")
    report = check_path(empty)
    assert [f.code for f in report.findings] == ["JX902"] and report.exit_code == 1
    assert str(empty) in report.findings[0].file and report.reviews[0].grade == "差"
