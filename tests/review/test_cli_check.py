"""``jixiao check`` and ``jixiao rules`` as a user runs them."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from jixiao.cli.app import app
from jixiao.review import all_rules

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT / "corpus" / "seed" / "seed.docx"
DEV16 = ROOT / "corpus" / "dev" / "16" / "case.html"
FIXTURES = Path(__file__).parent / "fixtures"
runner = CliRunner()


def test_check_prints_linter_lines_and_a_summary() -> None:
    result = runner.invoke(app, ["check", str(SEED)])
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert (
        f"{SEED}:表4 «天津市因公通行证电子化建设项目-2024一般债»:指标6 JX401 指标文字写的是「20秒内」"
        in "\n".join(lines)
    )
    assert sum(" JX204 " in line for line in lines) == 9
    assert "1 个文件，6 张表，56 个指标：0 个错误，10 个警告，0 个提示" in result.output
    assert "审核建议" in result.output and "可直接通过" in result.output


def test_error_findings_exit_1_and_json_is_the_report_schema() -> None:
    result = runner.invoke(app, ["check", "--format", "json", str(DEV16), str(SEED)])
    assert result.exit_code == 1
    data = json.loads(result.output)
    assert data["schema"] == "jixiao.report/1" and data["files"] == [str(DEV16), str(SEED)]
    first = data["findings"][0]
    assert set(first) >= {"code", "name", "severity", "file", "table", "indicator", "message", "location"}
    pct = next(f for f in data["findings"] if f["code"] == "JX203")
    assert (pct["file"], pct["table"], pct["indicator"], pct["severity"]) == (str(DEV16), 0, 3, "error")
    assert data["summary"]["tables"] == 7 and data["summary"]["error"] == 2


def test_select_ignore_and_english() -> None:
    result = runner.invoke(app, ["check", "--select", "JX4", "--lang", "en", "--no-review", str(SEED)])
    assert result.exit_code == 0
    assert "JX204" not in result.output and "JX401 The indicator's text says '20秒内'" in result.output
    result = runner.invoke(app, ["check", "--ignore", "JX2,JX1", "--format", "json", str(DEV16)])
    assert {f["code"] for f in json.loads(result.output)["findings"]} == set()
    assert result.exit_code == 0


def test_config_file_and_usage_errors_exit_2(tmp_path: Path) -> None:
    cfg = tmp_path / "jixiao.toml"
    cfg.write_text('ignore = ["JX204"]\n', encoding="utf-8")
    result = runner.invoke(app, ["check", "--config", str(cfg), "--format", "json", str(SEED)])
    assert [f["code"] for f in json.loads(result.output)["findings"]] == ["JX401"]
    cfg.write_text("no-such-setting = 1\n", encoding="utf-8")
    result = runner.invoke(app, ["check", "--config", str(cfg), str(SEED)])
    assert result.exit_code == 2 and "no-such-setting" in result.output
    assert runner.invoke(app, ["check", "--select", "ZZ9", str(SEED)]).exit_code == 2
    assert runner.invoke(app, ["check", "--format", "xml", str(SEED)]).exit_code == 2
    assert runner.invoke(app, ["check"]).exit_code == 2


def test_unreadable_and_tableless_files_are_findings(tmp_path: Path) -> None:
    bad = tmp_path / "坏.xlsx"
    bad.write_bytes(b"not a workbook at all")
    result = runner.invoke(app, ["check", "--format", "json", str(bad), str(FIXTURES / "JX901" / "fires.md")])
    assert result.exit_code == 1
    codes = [(Path(f["file"]).name, f["code"]) for f in json.loads(result.output)["findings"]]
    assert codes == [("坏.xlsx", "JX902"), ("fires.md", "JX901")]


def test_rules_lists_and_explains() -> None:
    result = runner.invoke(app, ["rules", "--format", "json"])
    data = json.loads(result.output)
    assert [r["code"] for r in data] == [r.code for r in all_rules()]
    result = runner.invoke(app, ["rules", "target-not-quantified"])
    assert result.exit_code == 0 and "JX204" in result.output and "财预〔2015〕88号" in result.output
    assert runner.invoke(app, ["rules", "JX204"]).output == result.output
    assert runner.invoke(app, ["rules", "JX999"]).exit_code == 2
    listing = runner.invoke(app, ["rules"], terminal_width=200).output
    assert "cost-exceeds-budget" in listing and "JX303" in listing
