"""Golden reports: the full ``jixiao check`` report of every corpus document.

tests/golden/reports/seed.json and dev-NN.json hold the jixiao.report/1 of each case's
primary file (the seed's tika text export, each dev case's .docx).  Every other format of
the case must give the same findings (only the cell locations differ between formats).

Rewrite them with ``JIXIAO_UPDATE_GOLDEN=1 pytest tests/review/test_golden_reports.py`` and
read the diff before committing (STYLE.md 7).
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from jixiao.ingest import ingest_file
from jixiao.review import check_document
from jixiao.review.rules_reading import REMARKS

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT / "corpus"
GOLDEN = ROOT / "golden" / "reports"
UPDATE = os.environ.get("JIXIAO_UPDATE_GOLDEN") == "1"
FORMATS = (".txt", ".docx", ".xlsx", ".html", ".pdf")
READING = frozenset(r.code for r in REMARKS)  # remarks on the reading: their place is the format's own
# formats known to read differently from the primary file (strict: it fails when fixed)
KNOWN: dict[str, str] = {}


def _cases() -> list[tuple[str, Path, list[Path]]]:
    out = []
    for expected in sorted(CORPUS.glob("**/expected.json")):
        folder = expected.parent
        # scans and copied text are read by guessing: their figures are tests/ingest/test_corpus_scans.py
        files = sorted(
            f for f in folder.iterdir() if f.suffix in FORMATS and not f.stem.endswith(("-scan", "-copied"))
        )
        # the seed's tika export, else the .docx; a browser's copied text is one of the others
        primary = next(
            (f for f in files if f.suffix == ".txt" and not f.stem.endswith("-copied")), None
        ) or next(f for f in files if f.suffix == ".docx")
        name = "seed" if folder.name == "seed" else f"dev-{folder.name}"
        out.append((name, primary, [f for f in files if f != primary]))
    return out


CASES = _cases()


def _report(path: Path) -> dict:
    label = f"{path.parent.relative_to(CORPUS).as_posix()}/{path.name}"
    return check_document(ingest_file(path), file=label).to_dict()


def _portable(report: dict) -> list[tuple]:
    """Findings without their location; whitespace in quoted text may differ (a PDF line break).
    A reader's remark names its place in its message (a row of the PDF's table, a cell of the
    sheet), which differs between formats: it is compared without its message."""
    return [
        (
            f["code"],
            f["severity"],
            f["table"],
            f["indicator"],
            "" if f["code"] in READING else "".join(f["message"].split()),
        )
        for f in report["findings"]
    ]


@pytest.mark.parametrize(("name", "primary"), [(n, p) for n, p, _ in CASES], ids=[n for n, _, _ in CASES])
def test_report_matches_golden(name: str, primary: Path) -> None:
    report = _report(primary)
    golden = GOLDEN / f"{name}.json"
    text = json.dumps(report, ensure_ascii=False, indent=2) + "\n"
    if UPDATE:
        GOLDEN.mkdir(parents=True, exist_ok=True)
        golden.write_text(text, encoding="utf-8")
    assert golden.is_file(), f"no golden report {golden.name}; run with JIXIAO_UPDATE_GOLDEN=1 and review it"
    assert json.loads(golden.read_text(encoding="utf-8")) == report, (
        f"{name}: the report changed; if intended, rewrite with JIXIAO_UPDATE_GOLDEN=1 and read the diff"
    )


OTHERS = [
    pytest.param(
        n,
        p,
        o,
        id=f"{n}{o.suffix}",
        marks=[pytest.mark.xfail(strict=True, reason=KNOWN[f"{n}{o.suffix}"])]
        if f"{n}{o.suffix}" in KNOWN
        else [],
    )
    for n, p, others in CASES
    for o in others
]


@pytest.mark.parametrize(("name", "primary", "other"), OTHERS)
def test_every_format_gives_the_same_findings(name: str, primary: Path, other: Path) -> None:
    golden = GOLDEN / f"{name}.json"
    expected = json.loads(golden.read_text(encoding="utf-8")) if golden.is_file() else _report(primary)
    assert _portable(_report(other)) == _portable(expected)
