"""Golden figures of the formats jixiao reads by recognising or converting: scans, Word 97, copied text.

Every corpus case also comes as ``case-scan.pdf`` (each printed page as a 200 dpi image, turned,
specked, blurred, stamped with a red seal; no text layer), ``case-scan.png`` (page 1 of it),
``case.doc`` (Word 97, saved by LibreOffice from the .docx) and ``case-copied.txt`` (a browser's
copy of the .html).  They read to the same expected.json as the exact formats, but OCR misreads
and copied text drops merged cells, so the figures here are shares of fields, with a minimum
per case and format in one place each:

- :data:`EXPECTED` — against expected.json, as ``jx-compare --cjk-space`` counts (whitespace
  between two Chinese characters ignored: a line wrapped inside a cell reads with or without
  it).  A scan's png is page 1 only, so against the whole expected.json it falls short on a
  case of several pages; its figure that counts is the next one.
- :data:`SAME_AS_EXACT` — against the same case read from its exact format: the text .pdf for
  the scan.pdf, the text .pdf's page 1 for the scan.png, the .html for the copied text.  This
  is what the readers own; the distance from there to expected.json is the assembler's.

The minimums are what the readers reach now less a point, rounded down (OCR on another machine
may differ in a character or two): raise them as the readers and the assembler improve, never lower them
without a reason in the commit.  Every ``.doc`` must read exactly as its ``.docx``.

Each scan is OCR'd once per session, the files two at a time (ingest_many(jobs=2)).  The copied
text's figures need no OCR: ``pytest tests/ingest/test_corpus_scans.py -k copied`` runs them alone
(seconds; nothing OCRs unless a scan's test asks).
"""

from __future__ import annotations

import io
import json
from functools import cache
from pathlib import Path
from typing import Any

import pypdfium2 as pdfium
import pytest

from jixiao.compare import Comparison, compare_documents
from jixiao.ingest import ingest_bytes, ingest_file, ingest_many

CORPUS = Path(__file__).resolve().parents[1] / "corpus"
CASES = ["seed"] + sorted(p.name for p in (CORPUS / "dev").iterdir() if (p / "expected.json").exists())
FORMATS = ("scan.pdf", "scan.png", "copied")

# case: (scan.pdf, scan.png, copied) — the least share of expected.json's fields each must match
# (the scans' raised for issue 15, measured with a lone ≥ told by its shape, bracket pairs of two
# widths made half-width, an unclosed (万元 and goal numbers glued to the text; 09's and 44's
# raised again when weak characters were read a second time by PP-OCRv5, readers/ocr_second.py:
# 09 0.970 → 0.980 (孀), 44 0.949 → 0.969 (績 驛 認); then 09's, 22's, 24's and 44's when a box
# its characters leave room in was read again too, one box at a time (确、内 分) 確認 驛), and
# 34's when ink beside a cell's text no box covers was read alone (683人, readers/ocr_ink.py):
# 24 pdf 0.956 → 0.972, 44 pdf 0.969 → 1.000, png 0.959 → 1.000, 09 pdf 0.980 → 1.000, png
# 0.970 → 1.000, 22 png 0.985 → 1.000, 34 pdf 0.9925 → 0.995.  Every single-page scan is ≥ 0.97;
# what stays under 1 is the print, not the reading: 24 prints typos its text layer keeps and OCR
# reads as the look-alike (顼目产出 → 项目产出, in SCAN_KNOWN; IO → 10 as a score), and two
# values known.py corrects in expected.json ('-' a blank, M.8万元 → 0.8 万元, read by the scan
# as by the exact formats); 15 prints a space before its bracket that expected.json drops, 16 a Z
# OCR reads as 乙, 40 a ≧ that expected.json writes ≥ (the exact formats read all these as the
# scans do).  A png of a case of several pages shows page 1 only, the share of the fields page 1
# holds: seed 0.52, 01 0.62, 03 0.94, 04 0.89, 07 0.73, 20 0.74, 24 0.69, 34 0.67, 38 0.70)
EXPECTED: dict[str, tuple[float, float, float]] = {
    "seed": (0.98, 0.50, 0.99),
    "01": (0.99, 0.61, 0.99),
    "03": (0.99, 0.92, 0.97),
    "04": (0.99, 0.87, 0.99),
    "07": (0.99, 0.71, 0.99),
    "09": (0.99, 0.99, 0.99),
    "12": (0.99, 0.99, 0.99),
    "15": (0.97, 0.97, 0.99),
    "16": (0.98, 0.98, 0.99),
    "20": (0.99, 0.71, 0.99),
    "22": (0.99, 0.99, 0.99),
    "24": (0.96, 0.66, 0.96),
    "26": (0.99, 0.99, 0.98),
    "28": (0.99, 0.99, 0.97),
    "30": (0.99, 0.99, 0.99),
    "32": (0.99, 0.99, 0.99),
    "34": (0.98, 0.65, 0.97),
    "36": (0.99, 0.99, 0.99),
    "38": (0.97, 0.67, 0.97),
    "40": (0.97, 0.97, 0.99),
    "42": (0.99, 0.99, 0.99),
    "44": (0.99, 0.99, 0.99),
}
# case: (scan.pdf vs .pdf, scan.png vs the .pdf's page 1, copied vs .html) — the least share
# (measured again after issue 12, where the exact formats read the second batch by meaning; the
# scans' raised again for issue 15 with EXPECTED's, 09's and 44's again for the second look, 09's,
# 22's, 24's and 44's again for the boxes read again for their room;
# the copied text's measured again after issue 15, where the assembler puts a copied table's lost merges back: assemble/merges.py)
SAME_AS_EXACT: dict[str, tuple[float, float, float]] = {
    "seed": (0.98, 0.99, 0.99),
    "01": (0.99, 0.99, 0.99),
    "03": (0.99, 0.99, 0.97),
    "04": (0.99, 0.99, 0.99),
    "07": (0.99, 0.99, 0.99),
    "09": (0.99, 0.99, 0.99),
    "12": (0.99, 0.99, 0.99),
    "15": (0.97, 0.97, 0.99),
    "16": (0.98, 0.98, 0.99),
    "20": (0.99, 0.98, 0.99),
    "22": (0.99, 0.99, 0.99),
    "24": (0.98, 0.95, 0.99),
    "26": (0.99, 0.99, 0.98),
    "28": (0.99, 0.99, 0.97),
    "30": (0.99, 0.99, 0.99),
    "32": (0.99, 0.99, 0.99),
    "34": (0.98, 0.98, 0.97),
    "36": (0.99, 0.99, 0.99),
    "38": (0.99, 0.98, 0.98),
    "40": (0.97, 0.97, 0.99),
    "42": (0.99, 0.99, 0.99),
    "44": (0.99, 0.99, 0.99),
}

# (case, format): {field: why} — fields where expected.json keeps what the text layer prints and
# the scan shows characters OCR cannot tell from the right ones; left out of the scan's figures
# (neither matched nor missed), the minimums above unchanged
_TYPO = "the print's typo {0}: OCR reads the look-alike {1} (expected.json keeps {0}, as the .docx has it)"
SCAN_KNOWN: dict[tuple[str, str], dict[str, str]] = {
    ("24", "scan.pdf"): {
        **{
            f"tables[0].indicators[{i}].level2": _TYPO.format("项Fl实施", "项FI实施 (l and I)")
            for i in (6, 7)
        },
        **{
            f"tables[0].indicators[{i}].level1": _TYPO.format("顼目产出", "项目产出 (顼 and 项)")
            for i in range(8, 14)
        },
    },
}


def _without_known(result: Comparison, case: str, kind: str) -> Comparison:
    """``result`` with the case's known scan differences left out of the fields compared."""
    known = SCAN_KNOWN.get((case, kind), {})
    if not known:
        return result
    kept = [m for m in result.mismatches if m.path not in known]
    return Comparison(kept, result.compared - len(known), result.extra)


def _folder(case: str) -> Path:
    return CORPUS / "seed" if case == "seed" else CORPUS / "dev" / case


def _file(case: str, kind: str) -> Path:
    stem = "seed" if case == "seed" else "case"
    name = {"scan.pdf": "-scan.pdf", "scan.png": "-scan.png", "copied": "-copied.txt"}.get(kind, f".{kind}")
    return _folder(case) / f"{stem}{name}"


@cache
def _scans() -> dict[str, dict[str, Any]]:
    """Every case's scan.pdf and scan.png read once (two files at a time), path → jixiao/1 dict."""
    paths = [_file(case, kind) for case in CASES for kind in ("scan.pdf", "scan.png")]
    out = {}
    for outcome in ingest_many(paths, jobs=2):
        assert outcome.document is not None, outcome.error
        out[outcome.path] = outcome.document.to_dict()
    return out


def _read(case: str, kind: str) -> dict[str, Any]:
    if kind.startswith("scan"):
        return _scans()[str(_file(case, kind))]
    return ingest_file(_file(case, kind)).to_dict()


def _first_page(case: str) -> dict[str, Any]:
    """The case's text .pdf cut to its first page: what its scan.png shows."""
    src = pdfium.PdfDocument(_file(case, "pdf"))
    one = pdfium.PdfDocument.new()
    one.import_pages(src, [0])
    buf = io.BytesIO()
    one.save(buf)
    return ingest_bytes(buf.getvalue(), "page1.pdf").to_dict()


def _exact(case: str, kind: str) -> dict[str, Any]:
    if kind == "scan.png":
        return _first_page(case)
    return ingest_file(_file(case, "pdf" if kind == "scan.pdf" else "html")).to_dict()


def test_every_case_has_a_minimum_for_every_format() -> None:
    assert sorted(EXPECTED) == sorted(CASES) == sorted(SAME_AS_EXACT)


@pytest.mark.parametrize("kind", FORMATS)
@pytest.mark.parametrize("case", CASES)
def test_reads_to_its_expected_fields(case: str, kind: str) -> None:
    expected = json.loads((_folder(case) / "expected.json").read_text(encoding="utf-8"))
    result = _without_known(compare_documents(expected, _read(case, kind), cjk_space=True), case, kind)
    least = EXPECTED[case][FORMATS.index(kind)]
    assert result.share >= least, f"{case} {kind}: {result.share:.3f} < {least}\n" + "\n".join(
        map(str, result.mismatches[:20])
    )


@pytest.mark.parametrize("kind", FORMATS)
@pytest.mark.parametrize("case", CASES)
def test_reads_as_its_exact_format_does(case: str, kind: str) -> None:
    result = _without_known(
        compare_documents(_exact(case, kind), _read(case, kind), cjk_space=True), case, kind
    )
    least = SAME_AS_EXACT[case][FORMATS.index(kind)]
    assert result.share >= least, f"{case} {kind}: {result.share:.3f} < {least}\n" + "\n".join(
        map(str, result.mismatches[:20])
    )


@pytest.mark.parametrize("case", CASES)
def test_doc_reads_exactly_as_its_docx(case: str) -> None:
    doc, docx = _read(case, "doc"), _read(case, "docx")
    assert doc.pop("source")["format"] == "doc"
    docx.pop("source")
    for d, name in ((doc, "case.doc"), (docx, "case.docx")):  # a warning about the file names it
        for w in d["warnings"]:
            if w["where"] in (name, name.replace("case", "seed")):
                w["where"] = "<file>"
    assert doc == docx
