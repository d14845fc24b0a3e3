"""``jixiao export``: a thin adapter over export_document, with errors a person can act on."""

from __future__ import annotations

import csv
import io
import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from jixiao.cli.app import app
from jixiao.export.json_csv import CSV_HEADER

from .helpers import CORPUS

runner = CliRunner()


@pytest.fixture
def workdir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    return tmp_path


def test_exports_a_jixiao1_json_next_to_the_cwd_with_the_new_extension(workdir: Path) -> None:
    src = workdir / "case04.json"
    shutil.copy(CORPUS / "dev" / "04" / "expected.json", src)
    result = runner.invoke(app, ["export", str(src), "--to", "docx"])
    assert result.exit_code == 0, result.output
    out = workdir / "case04.docx"
    assert out.read_bytes().startswith(b"PK")


def test_exports_any_ingestable_file_to_a_chosen_path(workdir: Path) -> None:
    result = runner.invoke(
        app, ["export", str(CORPUS / "seed" / "seed.html"), "--to", "xlsx", "-o", "out/seed.xlsx"]
    )
    assert result.exit_code != 0  # the folder does not exist: a clear error, not a traceback
    assert "out/seed.xlsx" in result.output and "Traceback" not in result.output
    (workdir / "out").mkdir()
    result = runner.invoke(
        app, ["export", str(CORPUS / "seed" / "seed.html"), "--to", "xlsx", "-o", "out/seed.xlsx"]
    )
    assert result.exit_code == 0, result.output
    assert (workdir / "out" / "seed.xlsx").stat().st_size > 1000


def test_text_formats_go_to_stdout_with_dash(workdir: Path) -> None:
    result = runner.invoke(
        app, ["export", str(CORPUS / "dev" / "09" / "expected.json"), "--to", "csv", "-o", "-"]
    )
    assert result.exit_code == 0, result.output
    rows = list(csv.reader(io.StringIO(result.stdout.lstrip("\ufeff"))))
    assert rows[0] == CSV_HEADER and len(rows) == 1 + 6
    result = runner.invoke(
        app, ["export", str(CORPUS / "dev" / "09" / "expected.json"), "-t", "json", "-o", "-"]
    )
    assert json.loads(result.stdout)["tables"][0]["unit"]["code"] == "901001033"


def test_binary_to_stdout_and_unknown_formats_are_refused(workdir: Path) -> None:
    src = str(CORPUS / "dev" / "09" / "expected.json")
    result = runner.invoke(app, ["export", src, "--to", "pdf", "-o", "-"])
    assert result.exit_code == 2 and "二进制" in result.output
    result = runner.invoke(app, ["export", src, "--to", "odt"])
    assert result.exit_code == 2 and "odt" in result.output and "docx" in result.output


def test_bad_input_names_the_file(workdir: Path) -> None:
    bad = workdir / "broken.json"
    bad.write_text("{not json", encoding="utf-8")
    result = runner.invoke(app, ["export", str(bad), "--to", "html"])
    assert result.exit_code == 1 and "broken.json" in result.output and "JSON" in result.output
    other = workdir / "other.json"
    other.write_text('{"hello": 1}', encoding="utf-8")
    result = runner.invoke(app, ["export", str(other), "--to", "html"])
    assert result.exit_code == 1 and "other.json" in result.output and "jixiao/1" in result.output
    result = runner.invoke(app, ["export", str(workdir / "missing.docx"), "--to", "html"])
    assert result.exit_code == 1 and "missing.docx" in result.output


def test_never_overwrites_its_input(workdir: Path) -> None:
    src = workdir / "x.json"
    shutil.copy(CORPUS / "dev" / "09" / "expected.json", src)
    before = src.read_bytes()
    result = runner.invoke(app, ["export", "x.json", "--to", "json"])
    assert result.exit_code == 2 and src.read_bytes() == before
