"""The 指标值 grammar (DOMAIN.md): examples and properties."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from jixiao.values import convert, join_columns, parse_amount, parse_value, unit_dimension

from .known import load_corrected

CORPUS = Path(__file__).resolve().parents[1] / "corpus"


@pytest.mark.parametrize(
    ("text", "op", "number", "unit", "qualitative"),
    [
        ("≥95%", "≥", 95, "%", False),
        ("1个", "=", 1, "个", False),
        ("≤50万元", "≤", 50, "万元", False),
        ("1.56万元", "=", 1.56, "万元", False),
        ("≧90％", "≥", 90, "%", False),
        ("＞92%", ">", 92, "%", False),
        (">=3次", "≥", 3, "次", False),
        ("不低于95%", "≥", 95, "%", False),
        ("不超过24小时", "≤", 24, "小时", False),
        ("95%以上", "≥", 95, "%", False),
        ("5个工作日以内", "≤", 5, "个工作日", False),
        ("±3%以内", "±", 3, "%", False),
        ("1,585.00万元", "=", 1585.0, "万元", False),
        ("≥100百分比", "≥", 100, "百分比", False),
        ("及时", None, None, None, True),
        ("达成预期指标", None, None, None, True),
        ("不超预算", None, None, None, True),
        ("0起", "=", 0, "起", False),
    ],
)
def test_examples(
    text: str, op: str | None, number: float | None, unit: str | None, qualitative: bool
) -> None:
    v = parse_value(text)
    assert (v.op, v.number, v.unit, v.qualitative) == (op, number, unit, qualitative)
    assert v.text == text


def test_every_corpus_value_parses_as_expected() -> None:
    seen = 0
    for path in CORPUS.glob("**/expected.json"):
        for table in load_corrected(path)["tables"]:  # (known.py: values we believe expected.json misreads)
            for ind in table["indicators"]:
                for value in (ind["target"], ind.get("actual")):
                    if value and value["text"] is not None:
                        got = parse_value(value["text"])
                        assert (got.op, got.number, got.unit, got.qualitative) == (
                            value["op"],
                            value["number"],
                            value["unit"],
                            value["qualitative"],
                        ), value
                        seen += 1
    assert seen > 100


def test_separate_columns_join_in_printed_order() -> None:
    assert join_columns("≥", "95", "%") == "≥95%"
    assert join_columns("=", "100", "%") == "=100%"
    assert join_columns(None, "28.8万元", "万元") == "28.8万元"


def test_amounts_and_units() -> None:
    assert parse_amount("8,827,620.53") == 8827620.53
    assert parse_amount("150万") == 150.0
    assert parse_amount("—") is None
    assert convert(1, "小时", "分钟") == 60
    assert convert(2.5, "万元", "元") == 25000
    assert convert(1, "个", "元") is None
    assert unit_dimension("百分比") == "percent"
    assert unit_dimension("人次") == "count"


@given(st.text(max_size=60))
def test_parse_value_never_raises_and_keeps_text(text: str) -> None:
    v = parse_value(text)
    if v.number is None:
        assert v.op is None and v.unit is None
    else:
        assert v.op in ("≥", "≤", "=", ">", "<", "±") and v.qualitative is False


@given(
    st.sampled_from(["≥", "≤", ">", "<", "="]),
    st.integers(0, 10**6),
    st.sampled_from(["%", "个", "人次", "万元", "天"]),
)
def test_round_trip_of_generated_values(op: str, number: int, unit: str) -> None:
    v = parse_value(f"{op}{number}{unit}")
    assert (v.op, v.number, v.unit) == (op, number, unit)
