"""The JSON text jixiao writes (``jixiao ingest --json``, ``check --format json``, the json
export) is written by orjson from the model's dataclasses (:mod:`jixiao.jsontext`); it must be
the very bytes the json module wrote from ``dataclasses.asdict`` before, for every corpus file
and for any value, with one documented exception (NaN is written ``null``)."""

from __future__ import annotations

import dataclasses
import json
import math
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from jixiao import jsontext
from jixiao.errors import IngestError
from jixiao.ingest import ingest_file
from jixiao.model import Document, Funds, Source, Table

CORPUS = Path(__file__).resolve().parents[1] / "corpus"
FILES = sorted(
    p
    for p in CORPUS.rglob("case*.*")
    if p.suffix in (".docx", ".xlsx", ".html", ".txt") and "scan" not in p.name and "copied" not in p.name
) + sorted((CORPUS / "seed").glob("seed.*"))


def json_module(value: object) -> bytes:
    """What jixiao wrote before: the json module, indented, Chinese as is, UTF-8."""
    return (json.dumps(value, ensure_ascii=False, indent=2) + "\n").encode("utf-8", "replace")


def as_dict_before(doc: Document) -> dict[str, object]:
    out = dataclasses.asdict(doc)
    return {"schema": out.pop("schema"), **out}


def test_the_corpus_is_there() -> None:
    assert len(FILES) >= 40


@pytest.mark.parametrize("path", FILES, ids=lambda p: str(p.relative_to(CORPUS)))
def test_every_corpus_file_gives_the_same_bytes_as_before(path: Path) -> None:
    try:
        doc = ingest_file(path)
    except IngestError:
        pytest.skip("not readable here (LibreOffice, OCR)")
    before = as_dict_before(doc)
    assert doc.to_dict() == before and list(doc.to_dict()) == list(before)
    assert jsontext.dumps(doc.json_view()) == json_module(before)
    assert jsontext.dumps([doc.json_view(), doc.json_view()]) == json_module([before, before])


def test_a_number_orjson_writes_otherwise_goes_through_the_json_module() -> None:
    """1e-05 and 1.5e-07 are what repr() writes; orjson would write 0.00001 and 1.5e-7."""
    doc = Document(
        source=Source(name="t"), tables=[Table(funds=Funds(total=1e-05, fiscal=1.5e-07, other=3e-16))]
    )
    text = jsontext.dumps(doc.json_view())
    assert text == json_module(as_dict_before(doc))
    assert b'"total": 1e-05' in text and b'"fiscal": 1.5e-07' in text


def test_what_orjson_refuses_is_written_by_the_json_module() -> None:
    for value in ({"n": 2**70}, {1: "a", 2.5: "b"}, {"s": "\ud800 lone surrogate"}, ("a", ["b"])):
        assert jsontext.dumps(value) == json_module(value)


def test_nan_is_null_not_NaN() -> None:
    """The one difference, on purpose: the json module wrote NaN, which is not JSON."""
    assert json.loads(jsontext.dumps({"x": math.nan, "y": math.inf})) == {"x": None, "y": None}


LEAF = (
    st.none()
    | st.booleans()
    | st.integers(min_value=-(2**80), max_value=2**80)
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(alphabet=st.characters(codec="utf-8") | st.sampled_from('中文≥≤±\x00\x1f\u2028"\\/'))
)
VALUES = st.recursive(
    LEAF, lambda inner: st.lists(inner, max_size=5) | st.dictionaries(st.text(max_size=8), inner, max_size=5)
)


@settings(max_examples=400, deadline=None)
@given(VALUES)
def test_any_value_gives_the_same_bytes_as_the_json_module(value: object) -> None:
    assert jsontext.dumps(value) == json_module(value)


@settings(max_examples=300, deadline=None)
@given(st.floats(allow_nan=False, allow_infinity=False) | st.floats(min_value=-1e-3, max_value=1e-3))
def test_every_float_is_written_as_repr_writes_it(x: float) -> None:
    assert jsontext.dumps([x, {"v": x}]) == json_module([x, {"v": x}])


@settings(max_examples=400, deadline=None)
@given(
    st.binary(max_size=60)
    | st.lists(st.sampled_from([b"e", b"-", b"0", b".", b"\xe4\xb8\xad", b"x"])).map(b"".join),
    st.sampled_from([(b"e-", 1), (b"0.0000", 1), (b"0.0000", 0), (b"e-", 0)]),
    st.integers(min_value=0, max_value=4),
)
def test_holds_is_the_in_operator(text: bytes, needle_at: tuple[bytes, int], limit: int) -> None:
    """jsontext.holds finds a substring from its rarer byte (memchr), ``in`` taking over past
    ``limit`` occurrences: the same answer either way."""
    needle, at = needle_at
    assert jsontext.holds(text, needle, at, limit) == (needle in text)
    assert jsontext.holds(text, needle, at) == (needle in text)
