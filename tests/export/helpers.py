"""Shared helpers of the export tests: the corpus cases and a write-then-read round trip."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from jixiao.compare import compare_documents
from jixiao.export import export_document
from jixiao.ingest import ingest_file
from jixiao.model import Document

CORPUS = Path(__file__).resolve().parents[1] / "corpus"
ARTIFACTS = Path(__file__).resolve().parents[1] / "_artifacts"
FORM_FORMATS = ("docx", "xlsx", "html", "pdf")


def corpus_cases() -> list[Path]:
    """Every expected.json of the corpus: the seed and each dev case."""
    return [CORPUS / "seed" / "expected.json", *sorted(CORPUS.glob("dev/*/expected.json"))]


def load_expected(path: Path) -> dict[str, Any]:
    return json.loads(path.read_text(encoding="utf-8"))


def round_trip(doc: Document, fmt: str, folder: Path, stem: str = "export") -> Document:
    """Export ``doc`` as ``fmt`` into ``folder`` and read the file back with jixiao's own ingest."""
    path = folder / f"{stem}.{fmt}"
    path.write_bytes(export_document(doc, fmt))
    return ingest_file(path)


def assert_same(expected: dict[str, Any], actual: Document, what: str) -> None:
    result = compare_documents(expected, actual.to_dict())
    assert result.ok, f"{what}: {result.summary()}\n" + "\n".join(map(str, result.mismatches[:30]))
