"""Header meaning (assemble/meaning.py): headers and labels recognised by what they mean, not by a
list of spellings — normalised (Traditional → Simplified, pinyin, spacing, numbering, annotations)
and scored against the vocabulary with fuzzy matching; a header that matches nothing is reported.
Small Markdown fixtures read by the text reader (STYLE.md 8)."""

from __future__ import annotations

import pytest

from jixiao.assemble.meaning import STRONG, header_key, meaning

from .md import one, read


@pytest.mark.parametrize(
    ("printed", "key", "weight", "period"),
    [
        ("*指标值(或计划水平)", "指标值", None, None),
        ("產出指標(50分)", "产出指标", 50.0, None),
        ("預(yù)算執(zhí)行率", "预算执行率", None, None),
        ("年度指标值（长期）", "年度指标值", None, "period"),
        ("成本指标(0-20)分", "成本指标", None, None),
        ("1.项目名称：", "项目名称", None, None),
        ("绩 效 指 标", "绩效指标", None, None),
        ("指标值(必填硬性指标)", "指标值", None, None),
        # circled numbers and the formulas they make (Fujian C4): dropped before folding turns
        # them into digits
        ("①项目名称", "项目名称", None, None),
        ("全年执行数③", "全年执行数", None, None),
        ("年度资金总额⑤=①+②", "年度资金总额", None, None),
        ("执行率④=③/②", "执行率", None, None),
    ],
)
def test_a_header_is_normalised_and_its_annotations_kept_as_data(
    printed: str, key: str, weight: float | None, period: str | None
) -> None:
    k = header_key(printed)
    assert (k.text, k.weight, k.period) == (key, weight, period)


@pytest.mark.parametrize(
    ("domain", "printed", "role"),
    [
        ("column", "年度数值", "target"),  # a spelling no list had: its head noun 数值
        ("column", "指标权重(分)", "weight"),
        ("column", "考值参分", "weight"),  # 参考分值 in an OCR's reading order
        ("column", "績效目標值", "target"),  # Traditional
        ("field", "区级林业主管部门", "department"),  # the head noun ends the label
        ("field", "主管部n", "department"),  # an OCR slip
        ("field", "资金名称", "project"),
        ("field", "其中: 财政拨款数", "fiscal_any"),
        ("funds_column", "年初预匏数", "initial"),
        ("goal", "项目总目标", "period"),
    ],
)
def test_labels_are_recognised_by_meaning(domain: str, printed: str, role: str) -> None:
    m = meaning(domain, printed)
    assert m.role == role and STRONG <= m.score <= 1.0, m


def test_a_label_exact_in_another_domain_means_nothing_here() -> None:
    # 绩效指标 is a section over the grid: never the column 绩效指标描述 it resembles
    assert meaning("column", "绩效指标").role is None
    assert meaning("section", "绩效指标").role == "grid"


@pytest.mark.parametrize("text", ["区级财政部门", "累计完成率", "某某项目建设经费", "2023年12月", "≥95%"])
def test_a_text_that_means_nothing_is_not_forced(text: str) -> None:
    assert meaning("field", text).role in (None, "note")
    assert meaning("column", text).role is None


def test_traditional_and_pinyin_headers_read_like_simplified_ones() -> None:
    t = one("""
項目年度績效目標表

| 項目名稱(chēng) | 人才驛站補助 |
|---|---|

| 一級指標 | 二級指標 | 三級指標 | 績(jì)效目標值 | 實際完成值 |
|---|---|---|---|---|
| 產出指標 | 數量指標 | 人才驛站組織活動數量 | >=28次 | 40次 |
| ^ | 質量指標 | 各類人才對我市人才政策的知曉率 | >=95% | 98% |
""")
    assert t.project is not None and t.project.name == "人才驛站補助"
    assert [
        (i.level1, i.name, i.target.op, i.target.number, i.actual.text if i.actual else None)
        for i in t.indicators
    ] == [
        ("產出指標", "人才驛站組織活動數量", "≥", 28, "40次"),
        ("產出指標", "各類人才對我市人才政策的知曉率", "≥", 95, "98%"),
    ]
    assert t.indicators[0].category1 == "产出指标" and t.indicators[1].category2 == "质量指标"


def test_level_names_spelt_with_zhi_instead_of_zhibiao() -> None:
    t = one("""
项目支出目标申报表

| 项目名称 | 小学教育公用经费 |
|---|---|

| 一级 | 二级 | 三级 | 年度数值 | 备注 |
|---|---|---|---|---|
| 产出值 | 数量值 | 小学就读人数 | <=6962人 | |
| ^ | 质量值 | 教学条件改善 | =100% | |
| 效益值 | 社会效益值 | 教学质量提高 | =100% | |
""")
    assert [(i.level1, i.level2, i.name, i.target.text) for i in t.indicators] == [
        ("产出值", "数量值", "小学就读人数", "<=6962人"),
        ("产出值", "质量值", "教学条件改善", "=100%"),
        ("效益值", "社会效益值", "教学质量提高", "=100%"),
    ]
    assert [(i.category1, i.category2) for i in t.indicators] == [
        ("产出指标", "数量指标"),
        ("产出指标", "质量指标"),
        ("效益指标", "社会效益指标"),
    ]
    doc = read(
        "项目支出目标申报表\n\n| 一级 | 二级 | 三级 | 年度数值 |\n|---|---|---|---|\n| 产出值 | 数量值 | 人数 | 5人 |\n"
    )
    assert [w.code for w in doc.warnings] == ["JX920"]  # 年度数值 read by meaning: said so
    assert "年度数值" in doc.warnings[0].message and doc.warnings[0].where


def test_a_header_no_meaning_reaches_is_reported_and_its_column_left_unread() -> None:
    doc = read("""
某项目绩效自评表

| 一级指标 | 二级指标 | 三级指标 | 指标值 | 实际完成值 | 累计完成率 |
|---|---|---|---|---|---|
| 产出指标 | 数量指标 | 活动次数 | ≥28次 | 40次 | 143% |
""")
    t = doc.tables[0]
    assert [(i.target.text, i.actual.text if i.actual else None) for i in t.indicators] == [("≥28次", "40次")]
    unread = [w for w in doc.warnings if w.code == "JX922"]
    assert len(unread) == 1 and "累计完成率" in unread[0].message
    assert t.confidence is not None and t.confidence < 1.0
