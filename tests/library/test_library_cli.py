"""``jixiao library search`` and ``jixiao library rebuild`` on SQLite and PostgreSQL: the same
groups as the API, after ``jixiao ingest --db``."""

from __future__ import annotations

import ast
import json
import subprocess
import sys
from pathlib import Path

from click.testing import CliRunner

from jixiao.cli.app import app

# read, not imported first: importing jixiao.cli.library before the app would register its
# commands out of the app's order (docs/cli.md is generated in that order)
LIBRARY_CLI = Path(__file__).resolve().parents[2] / "src" / "jixiao" / "cli" / "library.py"

SEED = Path(__file__).resolve().parents[1] / "corpus" / "seed" / "seed.docx"
runner = CliRunner()


def test_search_and_rebuild(db_url: str, monkeypatch) -> None:
    monkeypatch.setenv("JIXIAO_DATABASE_URL", db_url)
    assert runner.invoke(app, ["ingest", "--db", "--year", "2025", str(SEED)]).exit_code == 0
    r = runner.invoke(app, ["library", "search", "满意度", "--json"])
    assert r.exit_code == 0, r.output
    items = json.loads(r.stdout)
    top = items[0]
    assert (top["name"], top["projects"], top["typical"]["text"]) == ("服务对象满意度", 3, "≥95%")
    assert {g["level2"] for g in items} == {"服务对象满意度指标"}
    r = runner.invoke(app, ["library", "search", "不超过预算", "--level2", "成本指标", "-n", "3"])
    assert r.exit_code == 0 and "指标库：不超过预算" in r.stdout and "≤" in r.stdout
    assert "没有与" in runner.invoke(app, ["library", "search", "无此指标名称"]).stdout
    r = runner.invoke(app, ["library", "rebuild"])
    assert r.exit_code == 0 and "指标库已重建：56 项指标" in r.output
    again = json.loads(runner.invoke(app, ["library", "search", "满意度", "--json"]).stdout)
    assert [(g["name"], g["projects"]) for g in again] == [(g["name"], g["projects"]) for g in items]


def test_the_command_imports_its_heavy_modules_when_it_runs() -> None:
    """``jixiao library`` imports the store and the library inside its commands (issue 17 keeps
    ``jixiao --help`` cheap): its module imports only click, the app and the output helpers at
    the top, and ``--help`` never loads jieba's dictionary."""
    tree = ast.parse(LIBRARY_CLI.read_text(encoding="utf-8"))
    top = [n for n in tree.body if isinstance(n, ast.Import | ast.ImportFrom)]
    names = sorted(
        a.name if isinstance(n, ast.Import) else f"{'.' * n.level}{n.module}" for n in top for a in n.names
    )
    assert names == [
        ".group",
        ".group",
        ".output",
        ".output",
        "__future__",
        "click",
        "click.exceptions",
        "typing",
    ]
    code = (
        "import sys\nfrom click.testing import CliRunner\nfrom jixiao.cli.app import app\n"
        "r = CliRunner().invoke(app, ['library', '--help'])\n"
        "assert r.exit_code == 0 and 'rebuild' in r.output, r.output\n"
        "print('jieba' in sys.modules)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"
