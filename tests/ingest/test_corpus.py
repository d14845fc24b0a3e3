"""Golden cases: every corpus document, in every format it is published in, ingests to its expected.json.

One folder per case under tests/corpus/ (STYLE.md 7).  A bug gets a case folder named after it.
"""

from __future__ import annotations

import json
import re
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
            if f.suffix in FORMATS and not f.stem.endswith(("-copied", "-scan")):
                out.append((f"{expected.parent.name}/{f.name}", f))
    return out


_CJK_SPACE = re.compile(r"(?<=[\u3400-\u9fff]) (?=[\u3400-\u9fff])")


def _drop_cjk_spaces(value: object) -> object:
    """A space between two CJK characters that falls where a PDF wraps the line is invisible
    on the page (dev/07: ``管理制 度`` printed as ``管理制⏎度``): no PDF reader can give it back."""
    if isinstance(value, str):
        return _CJK_SPACE.sub("", value)
    if isinstance(value, list):
        return [_drop_cjk_spaces(v) for v in value]
    if isinstance(value, dict):
        return {k: _drop_cjk_spaces(v) for k, v in value.items()}
    return value


@pytest.mark.parametrize(("case", "path"), _cases(), ids=[c for c, _ in _cases()])
def test_corpus_document_ingests_to_expected(case: str, path: Path) -> None:
    expected = json.loads((path.parent / "expected.json").read_text(encoding="utf-8"))
    actual = ingest_file(path).to_dict()
    if path.suffix == ".pdf":
        expected, actual = _drop_cjk_spaces(expected), _drop_cjk_spaces(actual)
    result = compare_documents(expected, actual)  # type: ignore[arg-type]
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
