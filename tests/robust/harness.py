"""Load the corpus cases, apply a perturbation, read the result, and say what differs."""

from __future__ import annotations

from functools import cache
from pathlib import Path

from jixiao.compare import Mismatch, compare_documents
from jixiao.ingest import ingest_bytes
from jixiao.model import Document

from ..ingest.known import covers, known, load_corrected  # the golden test's accepted differences
from .page import parse, render
from .perturb import Case

CORPUS = Path(__file__).resolve().parents[1] / "corpus"

NAMES = [p.parent.name for p in sorted(CORPUS.glob("**/expected.json"))]


@cache
def _case(name: str) -> Case:
    folder = CORPUS / ("seed" if name == "seed" else f"dev/{name}")
    html = next(folder.glob("*.html"))
    return Case(name, parse(html.read_bytes()), load_corrected(folder / "expected.json"))


def case(name: str) -> Case:
    return _case(name).copy()


def read(c: Case) -> Document:
    return ingest_bytes(render(c.page), "case.html")


def differences(c: Case, doc: Document) -> list[Mismatch]:
    """Mismatches between what the perturbed page reads to and its expected Document, less the
    differences the golden test accepts for this case's .html."""
    result = compare_documents(c.expected, doc.to_dict())
    allowed = known(c.name, ".html")
    return [m for m in result.mismatches if covers(allowed, m.path) is None]
