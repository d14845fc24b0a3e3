"""The .docx opens in a real word processor: LibreOffice converts it headless to PDF."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path

from jixiao.export import export_document
from jixiao.model import Document

from .helpers import CORPUS, load_expected


def test_exported_docx_converts_in_libreoffice(tmp_path: Path) -> None:
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    assert soffice, "LibreOffice (soffice) must be installed: apt-get install libreoffice-writer"
    doc = Document.from_dict(load_expected(CORPUS / "dev" / "04" / "expected.json"))
    source = tmp_path / "form.docx"
    source.write_bytes(export_document(doc, "docx"))
    home = tmp_path / "home"
    home.mkdir()
    env = {**os.environ, "HOME": str(home)}
    subprocess.run(
        [
            soffice,
            "--headless",
            "--norestore",
            f"-env:UserInstallation=file://{home}/lo",
            "--convert-to",
            "pdf",
            "--outdir",
            str(tmp_path / "out"),
            str(source),
        ],
        check=True,
        timeout=120,
        env=env,
        capture_output=True,
    )
    pdf = tmp_path / "out" / "form.pdf"
    assert pdf.exists() and pdf.read_bytes().startswith(b"%PDF")
    text = subprocess.run(
        ["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True, timeout=60
    ).stdout
    flat = re.sub(r"\s+", "", text)
    for expected in ("项目支出绩效自评表", "委托业务项目", "年初预算数", "一级指标", "≥50个"):
        assert expected in flat, expected
