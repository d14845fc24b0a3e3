"""The seed (six Tianjin project tables): the findings a reviewer expects, and no false alarms."""

from __future__ import annotations

from pathlib import Path

import pytest

from jixiao.ingest import ingest_file
from jixiao.review import check_document

SEED = Path(__file__).resolve().parents[1] / "corpus" / "seed" / "000_ef15d747a5f69479.txt"


@pytest.fixture(scope="module")
def seed():
    doc = ingest_file(SEED)
    return doc, check_document(doc)


def test_every_vague_value_is_flagged_as_not_quantified(seed) -> None:
    doc, report = seed
    flagged = {(f.table, f.indicator) for f in report.findings if f.name == "target-not-quantified"}
    qualitative = {
        (t, i)
        for t, table in enumerate(doc.tables)
        for i, ind in enumerate(table.indicators)
        if ind.target.number is None
    }
    values = {doc.tables[t].indicators[i].target.text for t, i in flagged}
    for vague in ("大幅提高", "提升因公港澳通行证防伪能力", "及时", "提升改善", "促进", "圆满完成"):
        assert vague in values
    assert flagged == qualitative  # every qualitative seed value is vague, and nothing else is flagged
    timely = [
        f
        for f in report.findings
        if f.name == "target-not-quantified"
        and doc.tables[f.table].indicators[f.indicator].target.text == "及时"
    ]
    assert doc.tables[timely[0].table].indicators[timely[0].indicator].category2 == "时效指标"


def test_project_4_time_contradicts_its_text(seed) -> None:
    doc, report = seed
    hits = [f for f in report.findings if f.name == "value-contradicts-text"]
    assert [(f.table, f.indicator) for f in hits] == [(3, 5)]
    ind = doc.tables[3].indicators[5]
    assert "20秒内" in ind.name and ind.target.text == "≤1分钟"
    assert "20秒内" in hits[0].message() and "≤1分钟" in hits[0].message("en")


def test_no_money_finding_and_no_error(seed) -> None:
    doc, report = seed
    assert not [f for f in report.findings if f.code.startswith("JX3")]
    costs = [i.target.number for i in doc.tables[4].indicators if i.category2 == "成本指标"]
    assert len(costs) == 7 and sum(costs) == doc.tables[4].funds.total == 1585
    assert not report.has_errors and report.exit_code == 0
    assert {f.code for f in report.findings} == {"JX204", "JX401"}


def test_review_summary_of_the_seed(seed) -> None:
    _, report = seed
    grades = [r.grade for r in report.reviews]
    assert grades == ["良", "良", "良", "良", "良", "优"]
    fourth = report.reviews[3]
    assert fourth.dimensions["相关性"].grade == "良" and len(fourth.dimensions["相关性"].findings) == 2
    assert [f.name for f in fourth.dimensions["可行性"].findings] == ["value-contradicts-text"]
    assert fourth.label == "天津市因公通行证电子化建设项目-2024一般债"
