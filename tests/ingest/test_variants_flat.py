"""Variants of the A3 flat multi-project grid (Sichuan 部门预算项目绩效目标申报表, dev/03).

Every project target table of the corpus is re-printed as rows of one flat grid — 单位名称 |
项目名称 | 预算数 | 年度目标 | 一级 | 二级 | 三级 | 指标性质 | 指标值 | 度量单位 | 权重 | 指标方向性 —
under department subtotal rows, with the per-project cells merged (rowspans), repeated on every
row, or printed once with blanks below (a text export drops the rowspans), with and without the
subtotal rows, and in 元 with thousands separators.  Each project must come back as its own table.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from jixiao.assemble import assemble
from jixiao.blocks import Block, Cell, Paragraph, TableBlock
from jixiao.compare import compare_documents
from jixiao.model import Document, Indicator, Table

CORPUS = Path(__file__).resolve().parents[1] / "corpus"
PROJECTS: list[Table] = [
    t
    for p in sorted(CORPUS.glob("**/expected.json"))
    for t in Document.from_dict(json.loads(p.read_text(encoding="utf-8"))).tables
    if t.kind == "project_target" and t.project and t.project.name and t.funds.total is not None
]
TITLE = "部门预算项目绩效目标申报表(2023年度)"
HEADER = [
    "单位名称",
    "项目名称",
    "预算数",
    "年度目标",
    "一级指标",
    "二级指标",
    "三级指标",
    "指标性质",
    "指标值",
    "度量单位",
    "权重",
    "指标方向性",
]


@dataclass
class Flat:
    cells: str = "merged"  # merged | repeat | blank: how the per-project cells continue down the rows
    subtotals: bool = True
    thousands: bool = True
    spaced: bool = False


def _num(n: float | int | None) -> str:
    if n is None:
        return ""
    return str(int(n)) if float(n).is_integer() else str(n)


def _split(ind: Indicator) -> tuple[str, str, str]:
    v = ind.target
    text = v.text or ""
    if v.number is not None:
        op = v.op if v.op and text.startswith(v.op) else ""
        if f"{op}{_num(v.number)}{v.unit or ''}" == text:
            return op, _num(v.number), v.unit or ""
    return "", text, ""


def _unit(t: Table) -> str:
    return f"{t.unit.code}-{t.unit.name}" if t.unit.code and t.unit.name else (t.unit.name or "某单位")


def render(tables: list[Table], f: Flat) -> tuple[list[Block], list[dict[str, Any]]]:
    header = [Cell(" ".join(h) if f.spaced else h) for h in HEADER]
    rows: list[list[Cell]] = [header]
    expected: list[dict[str, Any]] = []
    dept = None
    for n, t in enumerate(tables):
        inds = [i for i in t.indicators if i.name]
        if not inds:
            continue
        if f.subtotals and (n == 0 or n % 3 == 0):
            dept = (f"{820 + n}", f"第{n + 1}部门")
            rows.append(
                [Cell(f"{dept[0]}-{dept[1]}", colspan=2), Cell(f"{(t.funds.total or 0) * 3:,.2f}")]
                + [Cell("") for _ in HEADER[3:]]
            )
        total = t.funds.total or 0
        money = f"{total:,.2f}" if f.thousands else _num(total)
        total = float(money.replace(",", ""))  # (printed with two decimals: what the grid says)
        goals = t.goals.annual or ["完成年度任务"]
        goal = goals[0] if len(goals) == 1 else "\n".join(f"{i}.{g}" for i, g in enumerate(goals, 1))
        per_project = [_unit(t), t.project.name if t.project else "", money, goal]
        owners: list[Cell] = []
        for k, ind in enumerate(inds):
            op, value, unit = _split(ind)
            tail = [
                ind.level1 or "",
                ind.level2 or "",
                ind.name or "",
                op,
                value,
                unit,
                _num(ind.weight),
                "正向指标" if op in ("≥", ">") else "",
            ]
            if k == 0 or f.cells == "repeat":
                head = [Cell(x) for x in per_project]
                owners = head
                rows.append(head + [Cell(x) for x in tail])
            elif f.cells == "merged":
                for c in owners:
                    c.rowspan += 1
                rows.append([Cell(x) for x in tail])
            else:
                rows.append([Cell("") for _ in per_project] + [Cell(x) for x in tail])
        d = Document(tables=[t]).to_dict()["tables"][0]
        d.update(title=TITLE, year=2023, money_unit="元", purpose=None, outcome=None)
        d["unit"] = {"code": t.unit.code, "name": t.unit.name or "某单位"}
        d["department"] = {"code": dept[0], "name": dept[1]} if dept else None
        d["funds"] = {"total": total}
        d["goals"] = {"annual": goals}
        d["project"] = {"name": t.project.name if t.project else None}
        d["indicators"] = [
            {k: v for k, v in i.items() if k not in ("description", "remark")}
            for i in d["indicators"]
            if i.get("name")
        ]
        expected.append(d)
    return [Paragraph(TITLE), Paragraph("金额单位:元"), TableBlock(rows)], expected


def check(tables: list[Table], f: Flat) -> None:
    blocks, expected = render(tables, f)
    doc = assemble(blocks)
    result = compare_documents({"tables": expected}, doc.to_dict())
    assert result.ok, f"{f}\n{result.summary()}\n" + "\n".join(map(str, result.mismatches[:20]))


@pytest.mark.parametrize("cells", ["merged", "repeat", "blank"])
@pytest.mark.parametrize("subtotals", [True, False])
def test_flat_grid_of_every_project(cells: str, subtotals: bool) -> None:
    check(PROJECTS, Flat(cells=cells, subtotals=subtotals))


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.lists(st.sampled_from(PROJECTS), min_size=1, max_size=5, unique_by=id),
    st.builds(
        Flat,
        cells=st.sampled_from(["merged", "repeat", "blank"]),
        subtotals=st.booleans(),
        thousands=st.booleans(),
        spaced=st.booleans(),
    ),
)
def test_random_flat_grids(tables: list[Table], f: Flat) -> None:
    check(tables, f)
