"""Property: any table jixiao can hold, written in any form format, reads back the same.

Hypothesis draws tables with long names, many indicators (so PDF grids run over several
pages and long 一级 groups are cut), merged 一级/二级 runs in any order, money with
decimals, several tables per document, and every table kind with a form.  The text uses
ordinary words (千字文 characters) and the standard 一级/二级 names, the way real tables do.
"""

from __future__ import annotations

import hashlib
import json
import shutil
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from jixiao.compare import compare_documents
from jixiao.model import Document, Funds, Goals, Indicator, Party, Project, Source, Table, Value
from jixiao.values import parse_value

from .helpers import ARTIFACTS, assert_same, round_trip

# Characters that never form a label, a title word, a year, a code or a number.
WORDS = "天地玄黄宇宙洪荒盈昃辰宿列张寒来暑往秋收冬藏闰余成岁律吕调阳云腾致雨露结为霜金生丽水玉出昆冈剑号巨阙珠称夜光果珍李柰菜重芥姜海咸河淡鳞潜羽翔龙火帝鸟官皇始制文字乃服衣裳推位让国有虞陶唐吊民伐罪周发殷汤坐朝问道垂拱平章爱育黎首"
PAIRS = [
    ("产出指标", "数量指标"),
    ("产出指标", "质量指标"),
    ("产出指标", "时效指标"),
    ("产出指标", "成本指标"),
    ("效益指标", "社会效益指标"),
    ("效益指标", "经济效益指标"),
    ("效益指标", "生态效益指标"),
    ("效益指标", "可持续影响指标"),
    ("满意度指标", "服务对象满意度指标"),
]
UNITS = ["%", "个", "人次", "万元", "天", "项", "次"]
QUALITATIVE = ["及时", "提升", "达成预期指标", "效果明显", "按计划实施", "持续改善"]


def words(min_size: int = 1, max_size: int = 40) -> st.SearchStrategy[str]:
    """Text as printed: no leading/trailing space, at most single spaces inside."""
    return (
        st.text(alphabet=WORDS + " ", min_size=min_size, max_size=max_size)
        .map(lambda t: " ".join(t.split()))
        .filter(lambda t: len(t) >= min_size)
    )


@st.composite
def values(draw: st.DrawFn) -> Value:
    if draw(st.booleans()):
        text = draw(st.sampled_from(QUALITATIVE))
    else:
        op = draw(st.sampled_from(["", "≥", "≤", ">", "<"]))
        number = draw(st.one_of(st.integers(0, 100000), st.decimals(0, 10000, places=2).map(str)))
        text = f"{op}{number}{draw(st.sampled_from(UNITS))}"
    return parse_value(text)


def amount() -> st.SearchStrategy[float | None]:
    return st.one_of(st.none(), st.decimals(0, 10_000_000, places=2).map(float))


@st.composite
def indicators(draw: st.DrawFn, kind: str, periods: bool) -> list[Indicator]:
    # runs of one 一级/二级 pair, in any order, so merged cells of every length appear
    runs = draw(st.lists(st.tuples(st.sampled_from(PAIRS), st.integers(1, 14)), min_size=1, max_size=6))
    out: list[Indicator] = []
    selfeval = kind.endswith("selfeval")
    for (level1, level2), n in runs:
        for _ in range(n):
            out.append(
                Indicator(
                    level1=level1,
                    level2=level2,
                    name=draw(words(1, 30)),
                    period=draw(st.sampled_from(["annual", "annual", "annual", "period"]))
                    if periods
                    else "annual",
                    description=draw(st.one_of(st.none(), words(1, 50))) if not selfeval else None,
                    target=draw(values()),
                    weight=draw(st.one_of(st.none(), st.integers(1, 20))) if selfeval else None,
                    score=draw(st.one_of(st.none(), st.integers(0, 20))) if selfeval else None,
                    actual=draw(st.one_of(st.none(), values())) if selfeval else None,
                    deviation=draw(st.one_of(st.none(), words(1, 40))) if selfeval else None,
                )
            )
    return out[:60]


@st.composite
def tables(draw: st.DrawFn, periods: bool = True) -> Table:
    kind = draw(
        st.sampled_from(["project_target", "project_target", "department_target", "project_selfeval"])
    )
    name = draw(words(2, 40))
    code = draw(st.from_regex(r"[1-9][0-9]{5}", fullmatch=True))
    unit = Party(code=code, name=draw(words(3, 24)))
    total = draw(amount())
    table = Table(
        kind=kind,
        title=name + ("自评表" if kind.endswith("selfeval") else "绩效目标表"),
        year=draw(st.one_of(st.none(), st.integers(2015, 2030))),
        unit=unit,
        money_unit="万元",
        goals=Goals(annual=draw(st.lists(words(2, 60), min_size=1, max_size=3))),
        indicators=draw(indicators(kind, periods)),
    )
    if kind == "project_target":
        table.project = Project(name=name)
        table.purpose = draw(st.one_of(st.none(), words(2, 80)))
        table.funds = Funds(total=total, fiscal=draw(amount()), other=draw(amount()))
    elif kind == "department_target":
        table.funds = Funds(total=total)
    else:
        table.project = Project(name=name)
        table.department = Party(code=code[:3], name=draw(words(3, 20)))
        executed = draw(amount())
        table.funds = Funds(
            total=total,
            adjusted=total,
            fiscal=draw(amount()),
            initial=draw(amount()),
            executed=executed,
            weight=10,
            execution_rate=draw(st.one_of(st.none(), st.integers(0, 10000).map(lambda x: x / 10000))),
            score=draw(st.one_of(st.none(), st.integers(0, 10))),
        )
        table.outcome = draw(st.one_of(st.none(), words(2, 60)))
    return table


documents = st.lists(tables(), min_size=1, max_size=2).map(lambda ts: Document(source=Source(), tables=ts))


def _check(doc: Document, fmt: str) -> None:
    expected = doc.to_dict()
    with tempfile.TemporaryDirectory() as folder:
        back = round_trip(doc, fmt, Path(folder))
        if not compare_documents(expected, back.to_dict()).ok:
            # keep the case for a person: tests/_artifacts/export-failures/<sha>.{json,fmt}
            keep = ARTIFACTS / "export-failures"
            keep.mkdir(parents=True, exist_ok=True)
            data = json.dumps(expected, ensure_ascii=False, indent=1)
            name = hashlib.sha256(data.encode()).hexdigest()[:12]
            (keep / f"{name}.json").write_text(data, encoding="utf-8")
            shutil.copy(Path(folder) / f"export.{fmt}", keep / f"{name}.{fmt}")
    assert_same(expected, back, f"generated document as {fmt}")


COMMON = dict(deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])


@pytest.mark.parametrize("fmt", ["docx", "xlsx", "html"])
@settings(max_examples=30, **COMMON)
@given(doc=documents)
def test_generated_tables_survive_office_and_html_round_trip(fmt: str, doc: Document) -> None:
    _check(doc, fmt)


# PDF examples take about a second each; a failure is reported unshrunk (shrinking a
# PDF case takes minutes) — the assertion message lists every mismatching field.
@settings(max_examples=12, phases=[Phase.explicit, Phase.reuse, Phase.generate], **COMMON)
@given(doc=documents)
def test_generated_tables_survive_pdf_round_trip(doc: Document) -> None:
    _check(doc, "pdf")
