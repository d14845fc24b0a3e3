"""Bad input gets a clear, typed error naming the file; the rest of a batch is still read."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from jixiao.errors import CorruptFile, IngestError, UnsafeFile
from jixiao.ingest import ingest_bytes, ingest_file, ingest_many
from jixiao.readers import safety

SEED = Path(__file__).resolve().parents[1] / "corpus" / "seed" / "000_ef15d747a5f69479.txt"


def test_empty_file(tmp_path: Path) -> None:
    p = tmp_path / "empty.docx"
    p.write_bytes(b"")
    with pytest.raises(CorruptFile, match="empty.docx"):
        ingest_file(p)


def test_wrong_extension(tmp_path: Path) -> None:
    p = tmp_path / "really-text.docx"
    p.write_text("这不是 Word 文件", encoding="utf-8")
    with pytest.raises(IngestError, match="really-text.docx"):
        ingest_file(p)


def test_oversized_file_is_refused_without_reading_it(tmp_path: Path) -> None:
    p = tmp_path / "huge.txt"
    with p.open("wb") as fh:  # sparse: 200 MB on paper, nothing on disk
        fh.truncate(200 * 1024 * 1024)
    with pytest.raises(UnsafeFile, match="200 MB"):
        ingest_file(p)
    assert safety.MAX_FILE_BYTES < 200 * 1024 * 1024


def test_no_table_gives_empty_document_with_warning() -> None:
    doc = ingest_bytes("这是一份没有绩效目标表的通知。\n".encode(), "notice.txt")
    assert doc.tables == []
    assert doc.warnings and doc.warnings[0].code == "JX901"


def test_batch_keeps_going(tmp_path: Path) -> None:
    bad = tmp_path / "bad.xlsx"
    bad.write_bytes(b"PK\x03\x04 truncated")
    outcomes = list(ingest_many([SEED, bad, tmp_path / "missing.txt", SEED]))
    assert [o.error is None for o in outcomes] == [True, False, False, True]
    assert "bad.xlsx" in str(outcomes[1].error)


def test_cli_reports_errors_and_exits_1(tmp_path: Path) -> None:
    bad = tmp_path / "bad.docx"
    bad.write_bytes(b"PK\x03\x04 truncated")
    run = subprocess.run(
        [sys.executable, "-m", "jixiao", "ingest", str(SEED), str(bad), "--json"],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert run.returncode == 1
    assert "bad.docx" in run.stderr
    import json

    docs = json.loads(run.stdout)
    assert isinstance(docs, list) and len(docs) == 1 and len(docs[0]["tables"]) == 6


def test_cli_parallel_jobs_give_the_same_result() -> None:
    one = subprocess.run(
        [sys.executable, "-m", "jixiao", "ingest", str(SEED), str(SEED), "--json"],
        capture_output=True,
        text=True,
        timeout=120,
    )
    two = subprocess.run(
        [sys.executable, "-m", "jixiao", "ingest", str(SEED), str(SEED), "--json", "--jobs", "2"],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert one.returncode == two.returncode == 0
    assert one.stdout == two.stdout
