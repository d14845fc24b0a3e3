"""Shared helpers of the export tests: the corpus cases and a write-then-read round trip."""

from __future__ import annotations

import importlib.util
import json
import sys
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


def load_corrected(path: Path) -> dict[str, Any]:
    """A case's expected.json with the corrections of tests/ingest/known.py applied (the fields we
    believe it has wrong: the one list of them, which the golden test keeps honest)."""
    name = "jixiao_tests_known"
    if name not in sys.modules:  # tests/ingest is not a package this folder can import from
        spec = importlib.util.spec_from_file_location(name, CORPUS.parent / "ingest" / "known.py")
        assert spec is not None and spec.loader is not None
        module = importlib.util.module_from_spec(spec)
        sys.modules[name] = module
        spec.loader.exec_module(module)
    corrected: dict[str, Any] = sys.modules[name].load_corrected(path)
    return corrected


def round_trip(doc: Document, fmt: str, folder: Path, stem: str = "export") -> Document:
    """Export ``doc`` as ``fmt`` into ``folder`` and read the file back with jixiao's own ingest."""
    path = folder / f"{stem}.{fmt}"
    path.write_bytes(export_document(doc, fmt))
    return ingest_file(path)


def assert_same(expected: dict[str, Any], actual: Document, what: str) -> None:
    result = compare_documents(expected, actual.to_dict())
    assert result.ok, f"{what}: {result.summary()}\n" + "\n".join(map(str, result.mismatches[:30]))
