"""Load the corpus cases, apply a perturbation, read the result, and say what differs."""

from __future__ import annotations

from functools import cache
from pathlib import Path

from jixiao.compare import Mismatch, compare_documents
from jixiao.ingest import ingest_bytes
from jixiao.model import Document

from ..ingest.known import covers, known, load_corrected  # the golden test's accepted differences
from ..ingest.test_corpus import _drop_cjk_spaces
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


def differences(c: Case, doc: Document, suffix: str = ".html") -> list[Mismatch]:
    """Mismatches between what the perturbed page reads to and its expected Document, less the
    differences the golden test accepts for this case in this format (a .pdf compared as the golden
    test compares one: a space between two CJK characters, lost where a line wraps, ignored)."""
    expected, actual = c.expected, doc.to_dict()
    if suffix == ".pdf":
        expected, actual = _drop_cjk_spaces(expected), _drop_cjk_spaces(actual)  # type: ignore[assignment]
    result = compare_documents(expected, actual)  # type: ignore[arg-type]
    allowed = known(c.name, suffix)
    return [m for m in result.mismatches if covers(allowed, m.path) is None]
