"""Re-scoring: each JX5xx difference fires on a table where it should and not where it should not."""

from __future__ import annotations

import pytest

from jixiao.actions import score_document
from jixiao.model import Document
from jixiao.review.catalogue import all_rules
from jixiao.review.config import CheckConfig
from jixiao.review.facts import TableContext
from jixiao.scoring.rescore import document_differences, table_differences

from .helpers import line, selfeval


def names(table, policy="national"):
    return [d.name for d in table_differences(table, policy)]


def test_printed_score_mismatch():
    over = selfeval(
        line("产出指标", "数量", "≥100人次", "80人次", weight=10, score=10, deviation="受疫情影响")
    )
    right = selfeval(
        line("产出指标", "数量", "≥100人次", "80人次", weight=10, score=8, deviation="受疫情影响")
    )
    (d,) = table_differences(over)
    assert d.name == "printed-score-mismatch" and d.indicator == 0
    assert (d.args["printed"], d.args["recomputed"]) == (10, 8)
    assert names(right) == []


def test_qualitative_printed_score_inside_band_is_accepted():
    inside = selfeval(line("效益指标", "效益", "效果明显", "部分达成", weight=10, score=7, deviation="原因"))
    outside = selfeval(line("效益指标", "效益", "效果明显", "部分达成", weight=10, score=9, deviation="原因"))
    assert names(inside) == []  # 部分达成 accepts 6–8 under the national policy
    assert names(outside) == ["printed-score-mismatch"]
    assert (
        names(
            selfeval(
                line("效益指标", "效益", "效果明显", "部分达成", weight=10, score=5.5, deviation="原因")
            ),
            "linear-80-50",
        )
        == []
    )  # 5–8 under the 80/50 variant


def test_negative_formula_depends_on_policy():
    table = selfeval(line("产出指标", "成本", "≤50万元", "60万元", weight=10, score=8, deviation="原因"))
    assert names(table, "linear-80-50") == []  # 10 × (1 − 10/50) = 8
    assert names(table, "national") == ["printed-score-mismatch"]  # 10 × 50/60 = 8.33


def test_printed_execution_score_and_rate():
    wrong = selfeval(budget=100, executed=80, score=10, rate=1.0)
    right = selfeval(budget=100, executed=80, score=8, rate=0.8)
    assert names(wrong) == ["printed-execution-rate-mismatch", "printed-execution-score-mismatch"]
    assert names(right) == []


def test_printed_total_and_grade():
    lines = [
        line("产出指标", "数量", "≥10个", "10个", weight=50, score=50),
        line("效益指标", "效益", "提升", "达成", weight=40, score=40),
    ]
    # 10 + 50 + 40 = 100, range 92–100 (达成 accepts 32–40 of 40)
    assert names(selfeval(*lines, score=10, total=100, grade="优")) == []
    assert names(selfeval(*lines, score=10, total=95, grade="优")) == []
    wrong = table_differences(selfeval(*lines, score=10, total=88, grade="良"))
    assert [d.name for d in wrong] == ["printed-total-mismatch", "printed-grade-mismatch"]
    assert wrong[0].args["printed_sum"] == 100 and wrong[1].args["recomputed"] == "优"


def test_total_not_compared_when_a_line_cannot_be_scored():
    table = selfeval(line("产出指标", "数量", "≥10个", "无", weight=90), score=10, total=50, grade="差")
    assert names(table) == ["actual-not-comparable"]


def test_missing_deviation_reason():
    missed = selfeval(line("产出指标", "数量", "≥100人次", "80人次", weight=10, score=8))
    explained = selfeval(
        line("产出指标", "数量", "≥100人次", "80人次", weight=10, score=8, deviation="疫情停办两场")
    )
    big_saving = selfeval(line("产出指标", "成本", "≤100万元", "60万元", weight=10, score=10))  # −40%
    small = selfeval(line("产出指标", "质量", "≥95%", "99%", weight=10, score=10))  # +4%
    assert names(missed) == ["missing-deviation-reason"]
    assert names(explained) == []
    assert names(big_saving) == ["missing-deviation-reason"]
    assert names(small) == []


def test_target_far_exceeded():
    far = selfeval(line("产出指标", "数量", "≥10场", "30场", weight=10, score=10, deviation="需求增加"))
    near = selfeval(line("产出指标", "数量", "≥10场", "12场", weight=10, score=10))
    assert names(far) == ["target-far-exceeded"]
    assert names(near) == []
    judged = selfeval(
        line("产出指标", "数量", "≥10场", "30场", weight=10, score=7, deviation="目标偏低，酌情扣分")
    )
    assert names(judged) == ["target-far-exceeded"]  # a reduced score by judgement is no mismatch


def test_actual_missing_and_not_comparable():
    assert names(selfeval(line("产出指标", "数量", "≥10个", None))) == ["actual-missing"]
    assert names(selfeval(line("产出指标", "时效", "≤2小时", "3天"))) == [
        "missing-deviation-reason"
    ]  # 72小时
    assert names(selfeval(line("产出指标", "数量", "≥10个", "3公里"))) == ["actual-not-comparable"]


def test_only_selfeval_tables_are_rescored():
    target = selfeval(line("产出指标", "数量", "≥10个", None))
    target.kind = "project_target"
    doc = Document(tables=[target, selfeval(line("产出指标", "数量", "≥10个", None))])
    assert [(d.name, d.table) for d in document_differences(doc)] == [("actual-missing", 1)]
    assert [t["table"] for t in score_document(doc)["tables"]] == [1]


@pytest.mark.parametrize("policy", [None, "linear-80-50"])
def test_rules_registered_and_read_the_policy_from_the_context(policy):
    rules = {r.name: r for r in all_rules() if r.module == "jixiao.review.rules_scoring"}
    assert len(rules) == 9  # the re-scoring rules (JX510–JX512 in rules_selfeval read the form itself)
    table = selfeval(line("产出指标", "成本", "≤50万元", "60万元", weight=10, score=8, deviation="原因"))
    ctx = TableContext(config=CheckConfig(), table=table)
    if policy:
        ctx.extra["scoring_policy"] = policy
    hits = list(rules["printed-score-mismatch"].check(table, ctx))
    assert len(hits) == (0 if policy else 1)
    for r in rules.values():  # every message template renders with the arguments its rule gets
        for index, args in r.check(table, ctx):
            assert "?" not in r.message.format_map(args) and index in (None, 0)
