"""Word 97 .doc, WPS .wps and .et through LibreOffice headless (readers/office.py, readers/_ww8.py).

These run the real soffice (scripts/test.sh installs LibreOffice Writer and Calc); the corpus
golden test (tests/ingest/test_corpus_scans.py) holds every case's .doc to its .docx.
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from jixiao.errors import CorruptFile, MissingDependency
from jixiao.ingest import ingest_bytes, ingest_file
from jixiao.readers import office, read_blocks, sniff
from jixiao.readers._ww8 import end_with_paragraph

CORPUS = Path(__file__).resolve().parents[1] / "corpus"
SEED = CORPUS / "seed"


def _same_document(a: dict[str, object], b: dict[str, object]) -> None:
    a, b = dict(a), dict(b)
    a.pop("source"), b.pop("source")
    assert a == b


def test_a_doc_is_sniffed_by_its_streams_not_its_name() -> None:
    data = (SEED / "seed.doc").read_bytes()
    assert sniff(data, "seed.doc") == "doc"
    assert sniff(data, "upload.bin") == "doc"  # the WordDocument stream says so
    assert sniff(data, "旧文件.wps") == "wps"
    assert sniff((Path(__file__).parent / "fixtures" / "budget.xls").read_bytes(), "b.et") == "et"


def test_doc_reads_like_the_docx_it_was_saved_from_and_keeps_its_own_name() -> None:
    doc = ingest_file(SEED / "seed.doc")
    assert doc.source.name == "seed.doc" and doc.source.format == "doc"
    assert sum(len(t.indicators) for t in doc.tables) == 56
    _same_document(doc.to_dict(), ingest_file(SEED / "seed.docx").to_dict())


def test_wps_is_converted_as_a_word_document() -> None:
    doc = ingest_bytes((CORPUS / "dev" / "04" / "case.doc").read_bytes(), "自评表.wps")
    assert doc.source.format == "wps" and doc.source.name == "自评表.wps"
    _same_document(doc.to_dict(), ingest_file(CORPUS / "dev" / "04" / "case.docx").to_dict())


def test_et_is_converted_by_calc(tmp_path: Path) -> None:
    """WPS 表格 .et files are BIFF workbooks: made here from the seed's .xlsx by LibreOffice."""
    program = office.soffice()
    assert program, "LibreOffice is needed (scripts/test.sh installs it)"
    subprocess.run(
        [program, f"-env:UserInstallation={(tmp_path / 'p').as_uri()}", "--headless", "--convert-to", "xls",
         "--outdir", str(tmp_path), str(SEED / "seed.xlsx")],
        check=True, capture_output=True, timeout=120,
    )  # fmt: skip
    data = (tmp_path / "seed.xls").read_bytes()
    doc = ingest_bytes(data, "预算.et")
    assert doc.source.format == "et"
    assert [t.project.name for t in doc.tables if t.project] == [
        t.project.name for t in ingest_file(SEED / "seed.xlsx").tables if t.project
    ]


def test_a_doc_ending_in_a_table_gets_its_final_paragraph_mark(tmp_path: Path) -> None:
    """LibreOffice writes a .doc whose text ends with the last table's row mark; its own import
    then drops that table.  The repair adds the mark once, and a repaired file is left alone."""
    copy = tmp_path / "case.doc"
    shutil.copy(CORPUS / "dev" / "04" / "case.doc", copy)
    assert end_with_paragraph(copy) is True
    assert end_with_paragraph(copy) is False  # already ends with a paragraph mark
    assert copy.stat().st_size == (CORPUS / "dev" / "04" / "case.doc").stat().st_size
    _, blocks = read_blocks(copy)
    assert any(hasattr(b, "rows") for b in blocks)  # the table is back


def test_repair_leaves_what_it_does_not_know_alone(tmp_path: Path) -> None:
    other = tmp_path / "x.doc"
    other.write_bytes((Path(__file__).parent / "fixtures" / "budget.xls").read_bytes())
    assert end_with_paragraph(other) is False  # no WordDocument stream
    other.write_bytes(b"not an OLE file at all")
    assert end_with_paragraph(other) is False


def test_without_libreoffice_the_error_says_how_to_install_it(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("JIXIAO_SOFFICE", "/nonexistent/soffice")
    with pytest.raises(MissingDependency) as err:
        ingest_file(SEED / "seed.doc")
    assert "apt-get install libreoffice-writer-nogui" in str(err.value)
    assert err.value.file and err.value.file.endswith("seed.doc")


def test_a_conversion_over_the_time_limit_is_stopped(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(office, "TIMEOUT", 0.05)
    with pytest.raises(CorruptFile) as err:
        ingest_file(SEED / "seed.doc")
    assert "超时" in str(err.value) and "seed.doc" in str(err.value)


def test_a_damaged_doc_is_a_corrupt_file_naming_it() -> None:
    data = bytearray((SEED / "seed.doc").read_bytes())
    data[600:] = b"\x00" * (len(data) - 600)  # the directory and the streams are gone
    with pytest.raises(CorruptFile) as err:
        ingest_bytes(bytes(data), "坏文件.doc")
    assert err.value.file == "坏文件.doc"
