"""Golden cases: every corpus document, in every format it is published in, ingests to its expected.json.

One folder per case under tests/corpus/ (STYLE.md 7).  A bug gets a case folder named after it.
The seed (its tika .txt export too) and every dev case, as .docx, .xlsx, .html and .pdf: each
file must match at least 97% of the fields expected.json names, and every field it misses must
be a known difference (known.py: where we believe expected.json is wrong, or where a format
cannot carry a field), named with its reason.  A known difference that no longer differs fails
too.  Scans, Word 97 .doc files and copied text are read by other readers and tested with them.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from jixiao.compare import compare_documents
from jixiao.ingest import ingest_file

from .known import covers, known

CORPUS = Path(__file__).resolve().parents[1] / "corpus"
FORMATS = (".txt", ".docx", ".html", ".xlsx", ".pdf")
FLOOR = 0.97


def _cases() -> list[tuple[str, Path]]:
    """Each case in each exact format.  Its scans and copied text, read by guessing (OCR, merged
    cells dropped by the copy), have figures of their own: tests/ingest/test_corpus_scans.py."""
    out = []
    for expected in sorted(CORPUS.glob("**/expected.json")):
        for f in sorted(expected.parent.iterdir()):
            if f.suffix in FORMATS and not f.stem.endswith(("-scan", "-copied")):
                out.append((f"{expected.parent.name}/{f.name}", f))
    return out


CASES = _cases()
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


@pytest.mark.parametrize(("case", "path"), CASES, ids=[c for c, _ in CASES])
def test_corpus_document_ingests_to_expected(case: str, path: Path) -> None:
    expected = json.loads((path.parent / "expected.json").read_text(encoding="utf-8"))
    actual = ingest_file(path).to_dict()
    if path.suffix == ".pdf":
        expected, actual = _drop_cjk_spaces(expected), _drop_cjk_spaces(actual)  # type: ignore[assignment]
    result = compare_documents(expected, actual)  # type: ignore[arg-type]
    allowed = known(path.parent.name, path.suffix)
    unexpected = [m for m in result.mismatches if covers(allowed, m.path) is None]
    assert not unexpected, f"{case}: {result.summary()}\n" + "\n".join(map(str, unexpected[:30]))
    stale = [k for k in allowed if not any(covers({k: ""}, m.path) for m in result.mismatches)]
    assert not stale, f"{case}: known differences that no longer differ (drop them from known.py): {stale}"
    matched = (result.compared - len(result.mismatches)) / result.compared
    assert matched >= FLOOR, f"{case}: {result.summary()} ({matched:.1%}, below {FLOOR:.0%})"


def test_every_case_has_every_format() -> None:
    """The golden set covers each reader: a case folder without a format is a gap, not a pass."""
    for expected in CORPUS.glob("dev/*/expected.json"):
        present = {f.suffix for f in expected.parent.iterdir()}
        assert {".docx", ".html", ".xlsx", ".pdf"} <= present, expected.parent
    assert len([c for c, _ in CASES if c.startswith("seed/")]) == 5  # the tika .txt and four formats
    assert len(CASES) == 5 + 4 * len(list(CORPUS.glob("dev/*/expected.json")))


def test_seed_has_56_indicators_and_six_projects() -> None:
    doc = ingest_file(CORPUS / "seed" / "000_ef15d747a5f69479.txt")
    assert [t.project.name for t in doc.tables if t.project][4] == "外事工作经费"
    assert doc.tables[4].title is None  # the fifth table has no title line
    assert sum(len(t.indicators) for t in doc.tables) == 56
    assert doc.source.format == "text" and len(doc.source.sha256 or "") == 64
    assert [t.confidence for t in doc.tables] == [
        1.0
    ] * 6  # a layout the vocabulary knows: nothing worked out
