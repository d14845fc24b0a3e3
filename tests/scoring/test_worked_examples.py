"""Hand-worked examples from DOMAIN.md's formulas (财预〔2020〕10号 and practice variants).

Every expected number below was computed by hand from the formula in the comment.
"""

from __future__ import annotations

import pytest

from jixiao.scoring.policy import load_policy
from jixiao.scoring.scorer import score_table, with_actuals
from jixiao.values import parse_value

from .helpers import line, selfeval

NATIONAL = load_policy("national")
VARIANT = load_policy("linear-80-50")


def one(target: str, actual: str, policy=NATIONAL, weight: float = 10, level1: str = "产出指标", **kw):
    card = score_table(selfeval(line(level1, "指标", target, actual, weight=weight, **kw)), policy)
    return card.lines[0]


def test_met_positive_scores_full_weight():
    ln = one("≥95%", "98%")  # 98 ≥ 95 → W
    assert ln.kind == "positive" and ln.met is True
    assert ln.score == 10
    assert not ln.needs_reason  # (98 − 95)/95 = 3.2% < 30%


def test_missed_positive_is_proportional():
    ln = one("≥100人次", "80人次")  # 10 × 80/100 = 8
    assert ln.score == pytest.approx(8)
    assert ln.met is False and ln.needs_reason
    assert "10 × 80 / 100 = 8" in ln.formula


def test_missed_negative_inverse_under_national():
    ln = one("≤50万元", "60万元")  # 10 × 50/60 = 8.333…
    assert ln.kind == "negative"
    assert ln.score == pytest.approx(25 / 3)


def test_missed_negative_linear_under_variant():
    ln = one("≤50万元", "60万元", VARIANT)  # 10 × (1 − (60 − 50)/50) = 8
    assert ln.score == pytest.approx(8)
    assert "(1 − (60 − 50) / 50)" in ln.formula


def test_negative_at_twice_the_target_is_zero_under_linear_only():
    assert one("≤50万元", "100万元", VARIANT).score == 0  # 1 − 50/50 = 0
    assert one("≤50万元", "120万元", VARIANT).score == 0  # clipped at 0
    assert one("≤50万元", "120万元").score == pytest.approx(10 * 50 / 120)  # inverse: 4.1667


def test_met_negative_scores_full_weight():
    assert one("≤90万元", "90").score == 10  # no unit on the actual: the target's


def test_exact_missed_either_side_is_proportional():
    assert one("4个", "3个").score == pytest.approx(7.5)  # 10 × 3/4
    assert one("4个", "5个").score == pytest.approx(8)  # 10 × 4/5
    assert one("4个", "4个").score == 10
    assert one("4个", "5个").kind == "exact"


def test_exact_with_printed_direction_is_scored_as_positive():
    assert one("=100%", "120%", direction="positive").score == 10


def test_tolerance():
    assert one("±3%", "-2%").score == 10  # |−2| ≤ 3
    assert one("±3%", "6%").score == pytest.approx(5)  # inverse on |A|: 10 × 3/6


@pytest.mark.parametrize(
    ("actual", "policy", "score", "low", "high"),
    [
        ("达成年度指标", NATIONAL, 10, 8, 10),
        ("部分达成年度指标并具有一定效果", NATIONAL, 8, 6, 8),
        ("未达成年度指标且效果较差", NATIONAL, 6, 0, 6),
        ("达成预期指标", VARIANT, 10, 8, 10),
        ("基本完成", VARIANT, 8, 5, 8),
        ("未完成", VARIANT, 5, 0, 5),
    ],
)
def test_qualitative_bands_top_of_band(actual, policy, score, low, high):
    ln = one("效果明显", actual, policy)
    assert ln.kind == "qualitative"
    assert (ln.score, ln.low, ln.high) == pytest.approx((score, low, high))


def test_qualitative_actual_equal_to_target_counts_as_met():
    ln = one("及时", "及时", weight=5)
    assert ln.score == 5 and ln.met is True


def test_qualitative_with_explicit_percentage():
    assert one("效果明显", "85%").score == pytest.approx(8.5)


def test_unknown_qualitative_actual_is_not_scorable():
    ln = one("≥95%", "无")
    assert ln.kind == "not-scorable" and ln.score is None


def test_unit_conversion_minutes_hours_and_yuan():
    ln = one("≤2小时", "90分钟")
    assert ln.met is True and ln.score == 10 and "90分钟 = 1.5小时" in ln.formula
    assert one("≤30分钟", "1小时").score == pytest.approx(5)  # 60 min: 10 × 30/60
    assert one("≤50万元", "600000元").score == pytest.approx(25 / 3)  # 60万元
    assert one("≥10人次", "3小时").kind == "not-scorable"  # no conversion between dimensions


def test_execution_rate_below_and_above_one():
    below = score_table(selfeval(budget=100, executed=80)).execution  # 10 × 0.8
    above = score_table(selfeval(budget=100, executed=120)).execution  # 10 × min(1.2, 1)
    assert below.score == pytest.approx(8) and below.rate == pytest.approx(0.8)
    assert above.score == pytest.approx(10) and above.rate == pytest.approx(1.2)


def test_execution_falls_back_to_printed_rate_when_budget_is_zero():
    ex = score_table(selfeval(budget=0, executed=0, rate=0.5)).execution
    assert ex.score == pytest.approx(5)


def _no_satisfaction():
    return selfeval(
        line("产出指标", "数量", "≥10个", "10个", weight=None),
        line("产出指标", "质量", "≥95%", "95%", weight=None),
        line("效益指标", "效益", "提升", "达成", weight=None),
    )


def test_missing_satisfaction_weight_is_redistributed():
    # 满意度 10 spread over 产出 50 and 效益 30: 产出 50 + 10 × 50/80 = 56.25, 效益 33.75
    card = score_table(_no_satisfaction(), NATIONAL)
    assert [ln.weight for ln in card.lines] == pytest.approx([28.125, 28.125, 33.75])
    assert card.total == pytest.approx(100) and card.maximum == pytest.approx(100)
    assert card.grade == "优"
    assert any("满意度指标" in n for n in card.notes)


def test_missing_satisfaction_weight_forfeited(tmp_path, monkeypatch):
    body = (
        open(NATIONAL.path, encoding="utf-8")
        .read()
        .replace('missing_level = "redistribute"', 'missing_level = "forfeit"')
    )
    body = body.replace('name = "national"', 'name = "forfeit"')
    (tmp_path / "forfeit.toml").write_text(body, encoding="utf-8")
    monkeypatch.setenv("JIXIAO_POLICY_PATH", str(tmp_path))
    card = score_table(_no_satisfaction(), load_policy("forfeit"))
    assert [ln.weight for ln in card.lines] == pytest.approx([25, 25, 30])
    assert card.maximum == pytest.approx(90) and card.total == pytest.approx(90)


def test_printed_weights_win_and_policy_fills_the_rest():
    table = selfeval(
        line("产出指标", "a", "≥1个", "1个", weight=30),
        line("产出指标", "b", "≥1个", "1个", weight=None),
        line("产出指标", "c", "≥1个", "1个", weight=None),
        line("效益指标", "d", "提升", "达成", weight=None),
        line("满意度指标", "e", "≥90%", "95%", weight=None),
    )
    card = score_table(table)
    assert [ln.weight for ln in card.lines][3:] == pytest.approx([30, 10])
    assert [ln.weight for ln in card.lines][:3] == pytest.approx([30, 10, 10])  # (50 − 30) / 2


@pytest.mark.parametrize(
    ("total", "grade"), [(90, "优"), (89.99, "良"), (80, "良"), (60, "中"), (59.9, "差")]
)
def test_grade_thresholds(total, grade):
    assert NATIONAL.grade_for(total) == grade


def test_full_card_total_and_grade():
    table = selfeval(
        line("产出指标", "数量", "≥100人次", "80人次", weight=20),  # 16
        line("产出指标", "质量", "≥95%", "96%", weight=15),  # 15
        line("产出指标", "成本", "≤50万元", "60万元", weight=15),  # 12.5
        line("效益指标", "社会效益", "提升", "部分达成", weight=30),  # 24 (18–24)
        line("满意度指标", "满意度", "≥90%", "92%", weight=10),  # 10
        budget=200,
        executed=150,  # 10 × 0.75 = 7.5
    )
    card = score_table(table)
    assert card.total == pytest.approx(7.5 + 16 + 15 + 12.5 + 24 + 10)  # 85
    assert (card.low, card.high) == pytest.approx((79, 85))
    assert card.grade == "良" and card.grades == ("良", "中")
    assert card.complete


def test_far_exceeded_is_flagged_and_accepts_a_reduced_score():
    ln = one("≥10场", "30场")  # +200%
    assert ln.far_exceeded and ln.score == 10 and ln.low == 0
    assert ln.needs_reason


def test_with_actuals_builds_a_selfeval_from_targets():
    target = selfeval(line("产出指标", "数量", "≥10个", None), budget=50, executed=None)
    target.kind = "project_target"
    done = with_actuals(target, ["8个"], executed=40)
    assert done.kind == "project_selfeval" and target.indicators[0].actual is None
    card = score_table(done)
    assert card.lines[0].score == pytest.approx(8) and card.execution.score == pytest.approx(8)
    assert done.indicators[0].actual == parse_value("8个")


def test_printed_level_weight_beats_the_policy():
    table = _no_satisfaction()
    table.level_weights = {"产出指标": 60, "效益指标": 30}  # printed as 产出指标(60分), 效益指标(30分)
    card = score_table(table)
    assert [ln.weight for ln in card.lines] == pytest.approx([30, 30, 30])  # no redistribution
    assert card.maximum == pytest.approx(100)
