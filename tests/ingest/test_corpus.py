"""Golden cases: every corpus document, in every format it is published in, ingests to its expected.json.

One folder per case under tests/corpus/ (STYLE.md 7).  A bug gets a case folder named after it.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from jixiao.compare import compare_documents
from jixiao.ingest import ingest_file

CORPUS = Path(__file__).resolve().parents[1] / "corpus"
FORMATS = (".txt", ".docx", ".html", ".xlsx", ".pdf")


def _cases() -> list[tuple[str, Path]]:
    out = []
    for expected in sorted(CORPUS.glob("**/expected.json")):
        for f in sorted(expected.parent.iterdir()):
            if f.suffix in FORMATS:
                out.append((f"{expected.parent.name}/{f.name}", f))
    return out


@pytest.mark.parametrize(("case", "path"), _cases(), ids=[c for c, _ in _cases()])
def test_corpus_document_ingests_to_expected(case: str, path: Path) -> None:
    expected = json.loads((path.parent / "expected.json").read_text(encoding="utf-8"))
    doc = ingest_file(path)
    result = compare_documents(expected, doc.to_dict())
    assert result.ok, f"{case}: {result.summary()}\n" + "\n".join(map(str, result.mismatches[:30]))


def test_every_case_has_every_format() -> None:
    """The golden set covers each reader: a case folder without a format is a gap, not a pass."""
    for expected in CORPUS.glob("dev/*/expected.json"):
        present = {f.suffix for f in expected.parent.iterdir()}
        assert {".docx", ".html", ".xlsx", ".pdf"} <= present, expected.parent


def test_seed_has_56_indicators_and_six_projects() -> None:
    doc = ingest_file(CORPUS / "seed" / "000_ef15d747a5f69479.txt")
    assert [t.project.name for t in doc.tables if t.project][4] == "外事工作经费"
    assert doc.tables[4].title is None  # the fifth table has no title line
    assert sum(len(t.indicators) for t in doc.tables) == 56
    assert doc.source.format == "text" and len(doc.source.sha256 or "") == 64
