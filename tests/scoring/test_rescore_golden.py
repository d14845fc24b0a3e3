"""Golden files: re-scoring the corpus' self-evaluations (tests/golden/rescore/dev-NN.<policy>.json).

Each golden file holds, per 自评表, the printed figures, the recomputed ones and every
difference (JX5xx) with its rendered message; each was read by hand (see the README
next to them).  The expected.json Document and the case file in every format must give
the same differences.  ``JIXIAO_UPDATE_GOLDEN=1 pytest tests/scoring`` rewrites the files
from the expected.json Documents; read the diff before committing.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import pytest

from jixiao.actions import score_document
from jixiao.ingest import ingest_file
from jixiao.model import Document
from jixiao.scoring.rescore import Difference

ROOT = Path(__file__).resolve().parents[2]
CORPUS = ROOT / "tests" / "corpus" / "dev"
GOLDEN = ROOT / "tests" / "golden" / "rescore"
CASES = ["01", "04", "07"]
POLICIES = ["national", "linear-80-50"]
FORMATS = ["docx", "xlsx", "html", "pdf"]


def _message(d: dict[str, Any]) -> dict[str, Any]:
    from jixiao.cli.score import difference_message

    code, severity, message = difference_message(Difference(d["name"], d["table"], d["indicator"], d["args"]))
    return {
        "code": code,
        "name": d["name"],
        "severity": severity,
        "indicator": d["indicator"],
        "message": message,
    }


def golden_view(doc: Document, policy: str) -> dict[str, Any]:
    """The part of a re-scoring report kept in a golden file (no per-line detail)."""
    report = score_document(doc, policy)
    tables = []
    for t in report["tables"]:
        card = t["score"]
        tables.append(
            {
                "table": t["table"],
                "project": t["project"],
                "printed": t["printed"],
                "recomputed": {
                    "execution_score": None
                    if card["execution"]["score"] is None
                    else round(card["execution"]["score"], 2),
                    "total": round(card["total"], 2),
                    "range": [round(card["low"], 2), round(card["high"], 2)],
                    "maximum": round(card["maximum"], 2),
                    "grade": card["grade"],
                    "complete": card["complete"],
                },
                "differences": [_message(d) for d in t["differences"]],
            }
        )
    return {"policy": policy, "tables": tables}


def _squeeze(tables: list[list[dict[str, Any]]]) -> list[list[dict[str, Any]]]:
    return [[{**d, "message": "".join(d["message"].split())} for d in diffs] for diffs in tables]


def _expected(case: str) -> Document:
    return Document.from_dict(json.loads((CORPUS / case / "expected.json").read_text(encoding="utf-8")))


@pytest.mark.parametrize("policy", POLICIES)
@pytest.mark.parametrize("case", CASES)
def test_expected_document_matches_golden(case: str, policy: str) -> None:
    got = golden_view(_expected(case), policy)
    path = GOLDEN / f"dev-{case}.{policy}.json"
    if os.environ.get("JIXIAO_UPDATE_GOLDEN") == "1":
        path.write_text(json.dumps(got, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    assert got == json.loads(path.read_text(encoding="utf-8"))


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("case", CASES)
def test_ingested_case_file_matches_golden(case: str, fmt: str) -> None:
    got = golden_view(ingest_file(CORPUS / case / f"case.{fmt}"), "national")
    want = json.loads((GOLDEN / f"dev-{case}.national.json").read_text(encoding="utf-8"))
    # Whitespace inside printed names may differ by reader (a PDF cell's line breaks).
    assert _squeeze([t["differences"] for t in got["tables"]]) == _squeeze(
        [t["differences"] for t in want["tables"]]
    )
    assert [t["recomputed"] for t in got["tables"]] == [t["recomputed"] for t in want["tables"]]
