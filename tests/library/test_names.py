"""Which names are peers (normalising, jieba words, rapidfuzz similarity, buckets), how a
rebuild groups them, and a group's figures — pure functions, no database."""

from __future__ import annotations

import pytest

from jixiao.library import bucket, name_key, similarity, words
from jixiao.library.grouping import Clusterer, joined_words
from jixiao.library.stats import Figures, Member, distribution
from jixiao.values import unit_class


def alike(a: str, b: str) -> float:
    ka, kb = name_key(a), name_key(b)
    return similarity(ka, joined_words(ka), kb, joined_words(kb))


def test_a_name_is_normalised_before_it_is_compared() -> None:
    assert name_key("完成 2 个课题（研究）") == name_key("完成3个课题研究") == "完成#个课题研究"
    assert name_key("ＡＢＣ满意度％") == "abc满意度"
    assert name_key(None) == name_key("  ") == ""
    assert words("举办外事培训班次数") == ("举办", "外事", "培训班", "次数")


@pytest.mark.parametrize(
    ("a", "b", "peers"),
    [
        ("受益群众满意度", "群众满意度", True),  # all the words of one are in the other
        ("完成任务数量", "完成任务数", True),
        ("举办外事培训班次数", "举办培训班次数", True),
        ("服务对象满意度", "服务对象满意率", True),
        ("采购设备数量", "采购图书数量", False),  # one word differs, and it is what is counted
        ("服务对象满意度", "群众满意度", False),
        ("培训人次", "接待外宾批次", False),
    ],
)
def test_peers_by_words_and_characters(a: str, b: str, peers: bool) -> None:
    assert (alike(a, b) >= 80) is peers


def test_peers_share_the_level2_and_a_class_of_units() -> None:
    assert bucket("数量指标", "万元") == bucket("数量指标", "元") == ("数量指标", "money")
    assert bucket("时效指标", "小时") == bucket("时效指标", "天")
    assert bucket("数量指标", "人次") != bucket("数量指标", "人")  # people and visits are not one count
    assert unit_class("万元/台") == unit_class("元/台") == "unit-cost:台" != unit_class("元/人")
    assert unit_class(None) == "" and unit_class("头猪") == "unit:头猪"


def test_a_rebuild_groups_names_most_used_first() -> None:
    c = Clusterer()
    b = ("服务对象满意度指标", "percent")
    first = c.place(b, name_key("群众满意度"))
    assert c.place(b, name_key("受益群众满意度")) == first
    assert c.place(b, name_key("服务对象满意度")) != first
    assert c.place(("数量指标", "percent"), name_key("群众满意度")) != first  # another bucket
    assert [r.key for r in c.reps] == ["群众满意度", "服务对象满意度", "群众满意度"]


def member(
    project: int, target: float | None, unit: str = "%", *, stage: str = "target", actual=None, op="≥"
):
    text = None if actual is None else f"{actual}{unit}"
    return Member(project, f"30{project}", stage, stage == "target", "满意度", op, target, unit, actual, text)


def test_figures_per_unit_with_actuals_and_the_share_met() -> None:
    acc = Figures()
    for i, t in enumerate([90, 92, 95, 95, 95, 96, 98, 90]):
        acc.add(member(i, t))
    acc.add(member(20, None))  # a qualitative target counts as a project, not in the numbers
    acc.add(member(21, 500, "人次"))
    acc.add(member(1, 92, stage="selfeval", actual=95))  # met
    acc.add(member(2, 95, stage="selfeval", actual=0.9, op="≥"))  # not met
    out = acc.result()
    assert (out["projects"], out["units"], out["members"]) == (10, 10, 12)
    pct, count = out["stats"]["targets"]
    assert (pct["unit"], pct["n"], pct["median"], pct["q1"], pct["q3"]) == ("%", 8, 95, 91.5, 95.25)
    assert (pct["typical"], pct["typical_text"], count["unit"]) == (95, "≥95%", "人次")
    assert out["typical"] == "≥95%" and out["stats"]["qualitative"] == 1
    assert out["stats"]["met"] == {"judged": 2, "met": 1, "share": 0.5}
    assert out["stats"]["actuals"][0]["n"] == 2


def test_distribution_of_one_value() -> None:
    assert distribution([7.0]) == {"n": 1, "min": 7.0, "q1": 7.0, "median": 7.0, "q3": 7.0, "max": 7.0}
