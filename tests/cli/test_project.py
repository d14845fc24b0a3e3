"""``jixiao project``: a project's year from the command line on SQLite and PostgreSQL — ingest
the seed, list and show it, record a 运行监控 checkpoint, save a 绩效自评 from the filled
actuals template, and submit then approve its target; each step as a user reads it."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from openpyxl import load_workbook

from jixiao.cli.app import app

SEED = Path(__file__).resolve().parents[1] / "corpus" / "seed" / "seed.docx"
runner = CliRunner()


def run(*args: str) -> tuple[int, str, str]:
    r = runner.invoke(app, list(args))
    return r.exit_code, r.stdout, r.stderr


def filled_template(folder: Path, project_id: int, executed: float, actuals: dict[int, object]) -> Path:
    """The actuals template ``jixiao project template`` writes, filled as a user would."""
    blank = folder / "template.xlsx"
    code, _, err = run("project", "template", str(project_id), "-o", str(blank))
    assert code == 0 and f"已写入{blank}" in "".join(err.split())  # the console may wrap the path
    wb = load_workbook(blank)
    ws = wb["自评填报"]
    ws["B5"] = executed
    for k, v in actuals.items():
        ws.cell(8 + k, 7, v)
    filled = folder / "actuals.xlsx"
    wb.save(filled)
    return filled


@pytest.fixture
def seeded(db_url: str, monkeypatch: pytest.MonkeyPatch) -> int:
    monkeypatch.setenv("JIXIAO_DATABASE_URL", db_url)
    assert run("ingest", "--db", "--year", "2025", str(SEED))[0] == 0
    code, out, _ = run("project", "list", "-q", "市外办履职保障经费", "--json")
    assert code == 0
    [item] = json.loads(out)
    return int(item["id"])


def test_the_year_from_the_command_line(seeded: int, tmp_path: Path) -> None:
    pid = seeded
    code, out, _ = run("project", "list", "--year", "2025", "--json")
    items = json.loads(out)
    assert code == 0 and len(items) == 6 and {i["status"] for i in items} == {"draft"}
    assert json.loads(run("project", "list", "--year", "2024", "--json")[1]) == []
    assert "没有符合条件的项目" in run("project", "list", "--year", "2024")[1]
    assert "项目（6）" in run("project", "list")[1]

    code, out, _ = run("project", "show", str(pid))
    assert code == 0
    assert "项目" in out and "市外办履职保障经费" in out
    assert "状态 草稿，版本 1" in out and "运行监控：（无）" in out and "绩效自评：（无）" in out

    # 运行监控: a body as POST /api/v1/projects/{id}/checkpoints takes; 10 of 50 万元 spent by
    # the end of July (20% against 58% of the year) is a red light
    body = tmp_path / "checkpoint.json"
    body.write_text(json.dumps({"as_of": "2025-07-31", "executed": 10, "indicators": []}), encoding="utf-8")
    code, _, err = run("project", "checkpoint", str(pid), str(body))
    assert code == 0 and "已记录截至 2025-07-31 的运行监控，红灯" in err

    # 绩效自评 from the template (as tests/scoring/test_excel.py fills it): 完好率 88% against
    # ≥90%, 成本 52 against ≤50, 45 of the 50 万元 spent; the rest met
    actuals = {0: 1, 1: "12人次", 2: 96, 3: "88%", 4: "98%", 5: 52, 6: "97%", 7: "达成", 8: "96%"}
    xlsx = filled_template(tmp_path, pid, 45, actuals)
    code, _, err = run("project", "selfeval", str(pid), str(xlsx))
    assert code == 0 and "已保存绩效自评" in err

    assert "现为 已提交" in run("project", "transition", str(pid), "submit")[2]
    code, _, err = run("project", "transition", str(pid), "approve", "--comment", "同意")
    assert code == 0 and "现为 已批准" in err

    record = json.loads(run("project", "show", str(pid), "--json")[1])
    assert record["target"]["status"] == "approved"
    assert [c["as_of"] for c in record["checkpoints"]] == ["2025-07-31"]
    w = 50 / 6  # 产出 50 over 6 indicators, 效益 30 over 2, 满意度 10, 预算执行率 10 × 45/50
    total = round(9 + w * 4 + w * 88 / 90 + w * 50 / 52 + 15 + 15 + 10, 2)
    assert record["selfeval"]["total_score"] == total and record["selfeval"]["grade"] == "优"
    out = run("project", "show", str(pid))[1]
    assert "状态 已批准" in out and "截至 2025-07-31，红灯" in out and f"{total:g} 分，等级 优" in out
    listed = json.loads(run("project", "list", "--status", "approved", "--json")[1])
    assert [(i["id"], i["score"], i["grade"]) for i in listed] == [(pid, total, "优")]


def test_selfeval_from_a_json_body(seeded: int, tmp_path: Path) -> None:
    n = len(json.loads(run("project", "show", str(seeded), "--json")[1])["target"]["table"]["indicators"])
    body = tmp_path / "selfeval.json"
    body.write_text(json.dumps({"actuals": [None] * n, "executed": 50}), encoding="utf-8")
    code, out, _ = run("project", "selfeval", str(seeded), str(body), "--json")
    assert code == 0 and json.loads(out)["selfeval"]["stage"] == "selfeval"
    assert json.loads(run("project", "show", str(seeded), "--json")[1])["selfeval"] is not None


def test_mistakes_are_named_and_change_nothing(seeded: int, tmp_path: Path) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text('{"as_of": "2025-07-31",', encoding="utf-8")
    code, _, err = run("project", "checkpoint", str(seeded), str(bad))
    assert code == 2 and "bad.json" in err and "JSON" in err
    bad.write_text('{"as_of": "七月底"}', encoding="utf-8")
    code, _, err = run("project", "checkpoint", str(seeded), str(bad))
    assert code == 2 and "as_of" in err
    bad.write_text('{"actuals": ["1个"]}', encoding="utf-8")
    code, _, err = run("project", "selfeval", str(seeded), str(bad))
    assert code == 2 and "实际完成值" in err
    code, _, err = run("project", "transition", str(seeded), "approve")  # a draft is not approved
    assert code == 2 and "错误" in err
    code, _, err = run("project", "show", "9999")
    assert code == 2 and "9999" in err
    code, _, err = run("project", "template", "9999", "-o", str(tmp_path / "t.xlsx"))
    assert code == 2 and "9999" in err and not (tmp_path / "t.xlsx").exists()
    code, _, err = run("project", "list", "--status", "done")
    assert code == 2 and "未知状态" in err
    record = json.loads(run("project", "show", str(seeded), "--json")[1])
    assert record["checkpoints"] == [] and record["selfeval"] is None
    assert record["target"]["status"] == "draft" and record["target"]["version"] == 1
