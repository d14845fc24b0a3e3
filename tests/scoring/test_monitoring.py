"""Monitoring checkpoints on the seed's target tables: warnings, status, and the 监控表 mapping."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from jixiao.model import Document
from jixiao.monitoring import (
    check_checkpoint,
    checkpoint_from_target,
    from_table,
    time_progress,
    to_table,
    unit_statuses,
)
from jixiao.monitoring.checkpoint import IndicatorProgress
from jixiao.values import parse_value

SEED = Path(__file__).resolve().parents[2] / "tests" / "corpus" / "seed" / "expected.json"
JULY = date(2025, 7, 31)


@pytest.fixture()
def seed() -> Document:
    return Document.from_dict(json.loads(SEED.read_text(encoding="utf-8")))


def test_time_progress():
    assert time_progress(JULY) == pytest.approx(7 / 12)
    assert time_progress(date(2025, 12, 31)) == pytest.approx(1)
    assert time_progress(date(2024, 2, 29)) == pytest.approx(2 / 12)  # leap year


def _july(seed: Document, executed: float):
    cp = checkpoint_from_target(seed.tables[0], JULY, executed=executed)  # 市外办履职保障经费, 50万元
    for p in cp.indicators:
        p.progress = p.target
        p.likelihood = "确定能"
    return cp


def test_on_track_is_green(seed):
    st = check_checkpoint(_july(seed, executed=30))  # 60% ≥ 7/12 × 0.8 = 46.7%
    assert st.status == "green" and st.warnings == ()
    assert st.execution_rate == pytest.approx(0.6)


def test_execution_lag_yellow_and_red(seed):
    yellow = check_checkpoint(_july(seed, executed=20))  # 40%: below 46.7%, above 29.2%
    red = check_checkpoint(_july(seed, executed=10))  # 20%: below 7/12 × 0.5 = 29.2%
    assert [(w.code, w.level) for w in yellow.warnings] == [("execution-lag", "yellow")]
    assert [(w.code, w.level) for w in red.warnings] == [("execution-lag", "red")]
    assert "40.0%" in yellow.warnings[0].message and "58.3%" in yellow.warnings[0].message


def test_unlikely_without_reason_and_expected_below_target(seed):
    cp = _july(seed, executed=30)
    cp.indicators[1].likelihood = "完全不可能"  # 维护机关运转人员数量 ≥10人次
    cp.indicators[2].expected = parse_value("90%")  # 确保机关正常运转运行率 ≥95%
    st = check_checkpoint(cp)
    assert [(w.code, w.indicator) for w in st.warnings] == [
        ("target-unlikely", 1),
        ("unlikely-without-reason", 1),
        ("expected-below-target", 2),
    ]
    assert st.status == "red"
    cp.indicators[1].reason_category, cp.indicators[1].reason = "人员保障", "人员借调"
    assert [w.code for w in check_checkpoint(cp).warnings] == ["target-unlikely", "expected-below-target"]


def test_invalid_likelihood_and_reason_category_are_refused():
    with pytest.raises(ValueError, match="完成目标可能性"):
        IndicatorProgress(name="x", target=parse_value("1个"), likelihood="可能")
    with pytest.raises(ValueError, match="偏差原因类别"):
        IndicatorProgress(name="x", target=parse_value("1个"), reason_category="资金")


def test_unit_status_is_the_worst_project(seed):
    statuses = [check_checkpoint(_july(seed, executed=e)) for e in (30, 20)]
    other = checkpoint_from_target(seed.tables[1], JULY, executed=1.56)
    other.unit.name = "另一单位"
    units = unit_statuses([*statuses, check_checkpoint(other)])
    assert [(u.unit, u.status, u.counts) for u in units] == [
        ("天津市人民政府外事办公室", "yellow", {"green": 1, "yellow": 1, "red": 0}),
        ("另一单位", "green", {"green": 1, "yellow": 0, "red": 0}),
    ]


def test_monitoring_table_round_trip(seed):
    """The 监控表 carries the monitoring fields of jixiao/1 as fields — none in its title or remarks."""
    cp = _july(seed, executed=30)
    cp.indicators[0].expected = parse_value("1个")
    cp.indicators[1].likelihood = "完全不可能"
    cp.indicators[1].reason_category, cp.indicators[1].reason = "人员保障", "人员借调"
    cp.indicators[1].measure = "调配人员"
    table = to_table(cp)
    assert table.kind == "monitoring" and table.year == 2025 and table.as_of == "2025-07-31"
    assert "截至" not in (table.title or "")
    assert table.funds.executed == 30 and table.funds.execution_rate == pytest.approx(0.6)
    first, second = table.indicators[:2]
    assert first.progress == cp.indicators[0].progress and first.actual is None
    assert (first.expected, first.likelihood, first.remark) == (parse_value("1个"), "确定能", None)
    assert (second.reason_category, second.reason, second.measure, second.deviation) == (
        "人员保障",
        "人员借调",
        "调配人员",
        None,
    )
    data = Document(tables=[table]).to_dict()["tables"][0]
    assert data["as_of"] == "2025-07-31" and data["indicators"][0]["expected"]["text"] == "1个"
    back = from_table(Document.from_dict(Document(tables=[table]).to_dict()).tables[0])
    assert back.as_of == JULY and back.executed == 30 and back.budget == 50
    assert [(p.likelihood, p.reason_category, p.reason) for p in back.indicators[:2]] == [
        ("确定能", None, None),
        ("完全不可能", "人员保障", "人员借调"),
    ]
    assert back.indicators[0].expected == parse_value("1个")
