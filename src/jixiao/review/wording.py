"""Wording the rules recognise (措辞): placeholders, grade words, inputs, negative names, likeness.

Reviewers' manuals list the same faults of wording again and again — 模糊化 (a target that
says nothing checkable: 达成预期指标, 按要求完成), inputs written as results (预算执行率,
资金到位率: "财力、人力和物力等投入数量不能作为绩效目标"), grade words without the grades
(良好).  The word lists live here, once, for the rules of ``rules_values``,
``rules_indicators``, ``rules_consistency`` and ``rules_money``; each is [practice]: what
local review manuals list, not national wording.

Every function matches the text folded to Simplified script (:func:`jixiao.script.fold_script`):
a table printed in Traditional characters (績效目標, 經費支出合規性) meets the same lists.
"""

from __future__ import annotations

import re
from functools import lru_cache

from ..script import fold_script

_STRIP = re.compile(r"[\s。．.，,；;！!、]+")

# 占位式指标值: conformity or completion with no content (模糊化, 形式化).
_PLACEHOLDER_RE = re.compile(
    r"^(?:"
    r"(?:已|均|全部|全面|基本)?(?:达成|达到|实现|完成|符合|满足|符合相关|满足相关)"
    r"(?:了)?(?:相关|有关|上级|各项)?(?:的)?(?:预期|预定|既定|年度|绩效|工作)?(?:的)?"
    r"(?:指标|目标|要求|规定|标准|任务|计划)(?:值|要求|任务)?"
    r"|在?(?:项目)?(?:计划|规定|要求)(?:完成)?(?:的)?(?:时间|时限|期限)(?:内|之内|以内)(?:完成|实施)"
    r"|(?:按|按照|依照)(?:相关|有关)?(?:要求|计划|规定|进度|时间|时限|期|时|标准)(?:要求|时间|进度|节点)?"
    r"(?:完成|实施|执行|推进|落实|开展|达成|达到)(?:任务|工作)?"
    r"|严格(?:执行|落实|遵守|按照)(?:相关|有关|国家)?(?:制度|规定|要求|标准)(?:规定|要求)?"
    r"|(?:已|全部|顺利|如期|按时|按期)?(?:完成|达标|合格)"
    r"|是|有|好|正常"
    r")$"
)


@lru_cache(maxsize=4096)
def is_placeholder(text: str | None) -> bool:
    """Is ``text`` a placeholder target (达成预期指标, 达到预期目标, 按要求完成, 符合规定, 合格, 完成)?"""
    if not text:
        return False
    t = _STRIP.sub("", fold_script(text))
    return bool(t) and bool(_PLACEHOLDER_RE.match(t))


# 分级分档: the grade words of the usual scales (优/良/中/差, 好/较好/一般/差, 高/较高/中/低).
GRADE_WORDS: frozenset[str] = frozenset(
    "优秀 优 优良 良好 良 中等 中 一般 较差 差 好 较好 很好 高 较高 低 较低".split()
)
_GRADE_TARGET_RE = re.compile(
    r"^(?:" + "|".join(sorted(GRADE_WORDS, key=len, reverse=True)) + r")(?:及以上|以上|等级|级|档)?$"
)
# A grade word standing alone in a list or a definition: "优、良、中、差", "优：……；良：……"
_GRADE_IN_TEXT_RE = re.compile(
    r"(?:^|(?<=[、，,；;：:（(/\s“\"「]))("
    + "|".join(sorted(GRADE_WORDS | {"合格", "不合格", "达成", "部分达成", "未达成"}, key=len, reverse=True))
    + r")(?=[、，,；;：:）)/\s=＝为（(”\"」]|$)"
)
_GRADING_WORDS_RE = re.compile(r"分级|分档|等级|档次|评分标准|评价标准|[四三五]档|[四三五]级")


@lru_cache(maxsize=4096)
def grade_word(text: str | None) -> str | None:
    """The grade word a target is (``良好``, ``较好``, ``优``, ``良好及以上``), or None."""
    if not text:
        return None
    t = _STRIP.sub("", fold_script(text))
    m = _GRADE_TARGET_RE.match(t)
    return t if m else None


@lru_cache(maxsize=4096)
def gives_grades(text: str | None) -> bool:
    """Does a description spell out the grades (分级分档): two or more grade words set apart
    ("优、良、中、差", "好：……；一般：……"), or one with the word 分级/分档/等级?"""
    if not text:
        return False
    text = fold_script(text)
    found = {m.group(1) for m in _GRADE_IN_TEXT_RE.finditer(text)}
    return len(found) >= 2 or (len(found) == 1 and bool(_GRADING_WORDS_RE.search(text)))


# 投入或管理类指标 written as a 三级 indicator (相关性: inputs are not results).
_INPUT_RES: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (re.compile(p), label)
    for p, label in (
        (r"(?:预算|资金|经费|支出)执行(?:率|进度|情况)", "预算执行"),
        (r"(?:资金|经费|预算)到位(?:率|情况|及时率|及时性)?", "资金到位"),
        (r"(?:资金|经费|支出|财务|预算)(?:使用|支出|管理|核算)?的?合规(?:性|率)?", "资金使用合规"),
        (r"制度(?:健全|完善|建立健全)(?:性|率)?|(?:健全|完善)(?:管理)?制度", "制度健全"),
        (r"拨付(?:及时|到位)(?:率|性)?|(?:及时|按时)拨付", "资金拨付及时"),
    )
)


@lru_cache(maxsize=4096)
def input_measure(name: str | None) -> str | None:
    """The input or management measure an indicator name is about (预算执行, 资金到位,
    资金使用合规, 制度健全, 资金拨付及时), or None.  Spacing inside the name is ignored."""
    if not name:
        return None
    t = "".join(fold_script(name).split())
    for pattern, label in _INPUT_RES:
        if pattern.search(t):
            return label
    return None


# 反向 names: less is better, so "=0" is a real target (零事故, 投诉 0 起).
_NEGATIVE_RE = re.compile(
    r"事故|投诉|差错|错误|故障|事件|发生|变质|违规|违纪|违法|超标|损失|死亡|伤亡|失误|缺陷|退回|返工|"
    r"上访|信访|不合格|误差|偏差|风险|隐患|污染|排放|闲置|浪费|滞留|积压|逾期|超支|结余|损坏|丢失|"
    r"案件|纠纷|通报|问责|处罚|整改|扣分|漏|降低|下降|减少|节约|节省|控制"
)


def negative_name(name: str | None) -> bool:
    """Does the name describe something of which less is better (事故, 投诉, 故障率 …)?"""
    return bool(name) and bool(_NEGATIVE_RE.search(fold_script(name or "")))


# ---- likeness of two texts (a goal phrase and an indicator name, two indicator names) ----

_GENERIC_BIGRAMS = frozenset(
    "项目 工作 完成 实现 开展 保障 提高 提升 确保 达到 以上 全年 年度 指标 目标 有效 进一 一步 "
    "情况 数量 质量 时效 成本 效益 满意 相关 服务 推进 加强 各类 合计 累计 全部 "
    "单位 部门 资金 经费 预算 支出 覆盖 及时 合格 达标".split()
)
_CJK_RUN = re.compile(r"[\u4e00-\u9fff]+")


@lru_cache(maxsize=8192)
def content_bigrams(text: str | None) -> frozenset[str]:
    """The two-character words of ``text`` that carry content (项目, 工作, 完成 … left out)."""
    if not text:
        return frozenset()
    out = set()
    for run in _CJK_RUN.findall(fold_script(text)):
        for i in range(len(run) - 1):
            bigram = run[i : i + 2]
            if bigram not in _GENERIC_BIGRAMS:
                out.add(bigram)
    return frozenset(out)


def likeness(a: str | None, b: str | None) -> int:
    """How many content bigrams two texts share (0: nothing in common)."""
    return len(content_bigrams(a) & content_bigrams(b))
