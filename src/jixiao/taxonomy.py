"""The indicator taxonomy (指标体系): standard 一级 → 二级 names of both frameworks.

- 2015 framework (财预〔2015〕88号, 10号): 产出指标 → 数量/质量/时效/成本 · 效益指标 → 经济/社会/生态效益,
  可持续影响 · 满意度指标 → 服务对象满意度.
- 2021 framework (财预〔2021〕101号): 成本指标 first-level → 经济/社会/生态环境成本 · 产出 → 数量/质量/时效 · …

:func:`categorize` maps printed 一级/二级 names (预期产出指标, 效果指标, ``时效指标(工期指标、形象进度指标)``)
to the standard ones; :func:`framework_of` tells which framework a table follows;
:func:`category_in_text` finds the 一级 category a free text names (what scoring weighs a line
under when no standard category was found).  :data:`PAIRS_2015` / :data:`PAIRS_2021` are the
valid (一级, 二级) pairs of each framework.  Used by the assembler (to fill category1/category2),
the review rules and the scorer; it imports nothing of ours.
"""

from __future__ import annotations

import re
from functools import lru_cache

_PAREN = re.compile(r"[（(][^（()）]*[)）]")
_SPACES = re.compile(r"\s+")

LEVEL2_2015 = {
    "产出指标": ("数量指标", "质量指标", "时效指标", "成本指标"),
    "效益指标": ("经济效益指标", "社会效益指标", "生态效益指标", "可持续影响指标"),
    "满意度指标": ("服务对象满意度指标",),
}
LEVEL2_2021 = {
    "成本指标": ("经济成本指标", "社会成本指标", "生态环境成本指标"),
    "产出指标": ("数量指标", "质量指标", "时效指标"),
    "效益指标": ("经济效益指标", "社会效益指标", "生态效益指标", "可持续影响指标"),
    "满意度指标": ("服务对象满意度指标",),
}
PAIRS_2015: frozenset[tuple[str, str]] = frozenset((c1, c2) for c1, c2s in LEVEL2_2015.items() for c2 in c2s)
PAIRS_2021: frozenset[tuple[str, str]] = frozenset((c1, c2) for c1, c2s in LEVEL2_2021.items() for c2 in c2s)
_LEVEL1_ALIASES = {
    "产出指标": "产出指标",
    "预期产出指标": "产出指标",
    "产出": "产出指标",
    "效益指标": "效益指标",
    "效果指标": "效益指标",
    "预期效果指标": "效益指标",
    "效益": "效益指标",
    "满意度指标": "满意度指标",
    "满意度": "满意度指标",
    "成本指标": "成本指标",
    "成本": "成本指标",
}
_LEVEL2_PARENT = {
    "数量指标": "产出指标",
    "质量指标": "产出指标",
    "时效指标": "产出指标",
    "经济效益指标": "效益指标",
    "社会效益指标": "效益指标",
    "生态效益指标": "效益指标",
    "可持续影响指标": "效益指标",
    "服务对象满意度指标": "满意度指标",
    "经济成本指标": "成本指标",
    "社会成本指标": "成本指标",
    "生态环境成本指标": "成本指标",
}


_NUMBERING = re.compile(
    r"^\s*(?:[（(]?[一二三四五六七八九十\d]{1,3}[)）]|[一二三四五六七八九十\d]{1,3}\s*[、.．])\s*"
)


def _bare(name: str) -> str:
    """A printed level name without list numbering, parentheses or spaces: ``（一）产出指标`` → ``产出指标``."""
    return _SPACES.sub("", _PAREN.sub("", _NUMBERING.sub("", name)))


def _level2_standard(name: str) -> str | None:
    n = _bare(name)
    if not n.endswith("指标") and (n + "指标" in _LEVEL2_PARENT or n + "指标" == "成本指标"):
        n += "指标"  # 经济成本 → 经济成本指标
    if n in _LEVEL2_PARENT or n == "成本指标":
        return n
    for std in (*_LEVEL2_PARENT, "成本指标"):
        if n.startswith(std[:2]) and n.endswith("指标") and len(n) <= len(std) + 2:
            return std
    if "满意" in n:
        return "服务对象满意度指标"
    if "规模" in n or "数量" in n:
        return "数量指标"
    if "进度" in n or "工期" in n or "时效" in n:
        return "时效指标"
    if "预算" in n or "投资" in n and "控制" in n:
        return "成本指标"
    if "社会" in n and "效益" in n:
        return "社会效益指标"
    return None


@lru_cache(maxsize=4096)
def categorize(level1: str | None, level2: str | None) -> tuple[str | None, str | None]:
    """Printed 一级/二级 → the standard (category1, category2), or None where unknown."""
    l1 = _bare(level1) if level1 else None
    cat1 = _LEVEL1_ALIASES.get(l1) if l1 else None
    cat2 = _level2_standard(level2) if level2 else None
    if cat1 is None and l1 and cat2 is None and l1 in _LEVEL2_PARENT:
        cat2 = l1
    if cat2 == "成本指标" and cat1 is None:
        cat1 = "产出指标"
    if cat1 is None and level2 and cat2 is None:
        cat1 = _LEVEL1_ALIASES.get(_bare(level2))
    if cat1 is None and cat2 is not None:
        cat1 = _LEVEL2_PARENT.get(cat2, "产出指标" if cat2 == "成本指标" else None)
    return cat1, cat2


def framework_of(pairs: list[tuple[str | None, str | None]]) -> str | None:
    """ "2021" when 成本指标 is first-level (or its 2021 二级 names appear), "2015" otherwise."""
    seen = False
    for cat1, cat2 in pairs:
        if cat1 == "成本指标" or cat2 in ("经济成本指标", "社会成本指标", "生态环境成本指标"):
            return "2021"
        if cat1 is not None:
            seen = True
    return "2015" if seen else None


def category_in_text(text: str | None) -> str | None:
    """The 一级 category (满意度 / 成本 / 产出 / 效益指标) a printed name or text speaks of, by its
    words (``实施效果指标`` → 效益指标, ``产出指标(50分)`` → 产出指标), or None."""
    if not text:
        return None
    t = "".join(text.split())
    if "满意" in t:
        return "满意度指标"
    if "成本" in t:
        return "成本指标"
    if "产出" in t:
        return "产出指标"
    if "效益" in t or "效果" in t:
        return "效益指标"
    return None


COST_LEVEL2 = frozenset({"成本指标", "经济成本指标", "社会成本指标", "生态环境成本指标"})


def indicator_kind(category1: str | None, category2: str | None) -> str | None:
    """The kind of an indicator (指标类别) for comparing which kinds projects carry: its standard
    二级 category, except that every cost indicator is 成本指标 (under 产出 in 2015, first-level
    with three 二级 in 2021) and a satisfaction indicator is 服务对象满意度指标; None when unknown."""
    if category2 in COST_LEVEL2 or category1 == "成本指标":
        return "成本指标"
    if category2 is None and category1 == "满意度指标":
        return "服务对象满意度指标"
    return category2
