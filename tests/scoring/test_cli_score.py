"""``jixiao score`` and ``jixiao policies`` through the real Typer app."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from jixiao.cli.app import app

DEV = Path(__file__).resolve().parents[2] / "tests" / "corpus" / "dev"
runner = CliRunner()


def test_policies_lists_the_shipped_ones():
    result = runner.invoke(app, ["policies", "--format", "json"])
    assert result.exit_code == 0
    names = [p["name"] for p in json.loads(result.stdout)]
    assert {"national", "linear-80-50"} <= set(names)
    text = runner.invoke(app, ["policies"])
    assert text.exit_code == 0 and "national" in text.stdout


def test_score_json_on_an_ingested_case():
    result = runner.invoke(
        app, ["score", str(DEV / "07" / "case.docx"), "--policy", "national", "--format", "json"]
    )
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    (table,) = report["tables"]
    assert table["score"]["execution"]["score"] == 10
    assert [(d["code"], d["indicator"]) for d in table["differences"]] == [("JX507", 10), ("JX505", 15)]
    assert "市民满意度调查" in table["differences"][1]["message"]


def test_score_text_prints_formulas_and_linter_lines():
    result = runner.invoke(app, ["score", str(DEV / "04" / "expected.json")], env={"COLUMNS": "250"})
    assert result.exit_code == 0, result.output
    assert "按表内执行率" in result.stdout and "总分 80" in result.stdout


def test_score_errors_are_clear(tmp_path):
    bad = runner.invoke(app, ["score", str(DEV / "04" / "expected.json"), "--policy", "nowhere"])
    assert bad.exit_code == 2 and "未知的评分规则" in bad.output
    target = tmp_path / "target.json"
    target.write_text(
        json.dumps({"schema": "jixiao/1", "tables": [{"kind": "project_target"}]}), encoding="utf-8"
    )
    none = runner.invoke(app, ["score", str(target)])
    assert none.exit_code == 1 and "未找到自评表" in none.output
    broken = tmp_path / "broken.json"
    broken.write_text("{", encoding="utf-8")
    assert runner.invoke(app, ["score", str(broken)]).exit_code == 2
