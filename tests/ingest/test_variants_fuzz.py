"""The assembler never raises: random Blocks built from real labels and values always assemble.

``ingest_bytes`` wraps an unexpected exception in AssembleError, but that loses every table of the
file, so any exception here is a bug.  Blocks are paragraphs and tables whose cells are drawn from
the labels, headers and values real tables print (and some noise), with random row and column spans.
The Document must also stay well formed: JSON-serialisable, every table of a known kind.
"""

from __future__ import annotations

import json
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from jixiao.assemble import assemble
from jixiao.assemble.vocabulary import (
    COLUMN_ROLES,
    FUNDS_COLUMNS,
    FUNDS_ROWS,
    GOAL_COLUMNS,
    GRID_END,
    HEADER_KEYS,
    PERIOD_LINES,
    SECTIONS,
)
from jixiao.blocks import Block, Cell, Paragraph, TableBlock
from jixiao.model import TABLE_KINDS
from jixiao.readers import read_blocks

VALUES = [
    "≥90%",
    "≤50万元",
    "=8个",
    "±3%以内",
    ">92%",
    "292%",
    "100",
    "1",
    "0",
    "及时",
    "达成预期指标",
    "提升",
    "≥100百分比",
    "28.8萬元",
    "150万",
    "10,606.7522",
    "—",
    "/",
    "……",
    "",
    " ",
    "产出指标(50分)",
    "数量指标",
    "效果指标",
    "预期产出指标",
    "时效指标(工期指标、形象进度指标)",
    "社会公众或服务对象满意度指标",
    "正向指标",
    "反向指标",
    "≥",
    "≤",
    "%",
    "个",
    "人/年",
    "820001-井研县马踏镇人民政府",
    "[015001]武汉市青山区教育局",
    "51000021R000000019951-工资性支出",
    "302101天津市人民政府外事办公室",
    "单位：万元",
    "金额单位:元",
    "(2022年度)",
    "1.某项目绩效目标表",
    "附件2：2025年度项目支出绩效目标表",
    "部门整体支出绩效自评表",
    "2024年项目运行监控表",
    "1.开展展演10场；2.培训50人次。",
    "合计",
    "总分",
    "自评等级",
    "良",
    "100.00%",
    "项目名称：某项目",
    "其中：财政资金：35",
    "小计④=①+②+③",
    "支出实现率⑥=⑤/④",
    "^",
    "|",
    ":",
    "：",
    "()",
    "（",
    "年度",
    "长期",
    "2023年",
    "项目资金(万元)",
    "全年预算数(A)",
    "执行率(B/A)",
    "指标值(长期)",
    "二级指标(年度)",
]
LABELS = sorted(
    set(HEADER_KEYS)
    | set(SECTIONS)
    | set(COLUMN_ROLES)
    | set(FUNDS_COLUMNS)
    | set(FUNDS_ROWS)
    | set(GOAL_COLUMNS)
    | set(GRID_END)
    | set(PERIOD_LINES)
    | {"单位名称", "项目名称", "预算数", "年度目标", "项目预算成本构成", "金额"}
)
texts = st.one_of(
    st.sampled_from(LABELS),
    st.sampled_from(VALUES),
    st.sampled_from(LABELS).map(lambda s: " ".join(s)),  # 绩 效 指 标
    st.sampled_from(LABELS).map(lambda s: "*" + s),
    st.text(alphabet="一二级指标值项目名称万元()（）:：0123456789.%≥≤ \n", max_size=12),
)
cells = st.builds(Cell, text=texts, rowspan=st.integers(1, 4), colspan=st.integers(1, 3))
rows = st.lists(cells, min_size=0, max_size=9)
tables = st.builds(TableBlock, rows=st.lists(rows, min_size=0, max_size=12))
paragraphs = st.builds(Paragraph, text=texts)
blocks = st.lists(st.one_of(tables, paragraphs), min_size=0, max_size=10)


def _check(doc_blocks: list[Block]) -> None:
    doc = assemble(doc_blocks)
    data = doc.to_dict()
    json.dumps(data, ensure_ascii=False, allow_nan=False)
    for t in doc.tables:
        assert t.kind in TABLE_KINDS
        assert t.funds.execution_rate is None or t.funds.execution_rate >= 0
        for ind in t.indicators:
            assert ind.period in ("annual", "period")


@settings(
    max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large]
)
@given(blocks)
def test_random_blocks_never_raise(doc_blocks: list[Block]) -> None:
    _check(doc_blocks)


# A grid header followed by random rows: the rows go through the indicator grid, the money grid and
# the goal rows, which plain random tables reach rarely.
HEADERS = [
    ["一级指标", "二级指标", "三级指标", "绩效指标描述", "指标值"],
    [
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
    ],
    [
        "一级指标",
        "二级指标(长期)",
        "三级指标(长期)",
        "指标值(长期)",
        "二级指标(年度)",
        "三级指标(年度)",
        "指标值(年度)",
    ],
    [
        "一级指标",
        "二级指标",
        "三级指标",
        "分值",
        "年度指标值",
        "全年实际值",
        "得分",
        "未完成原因及拟采取的改进措施",
    ],
    ["项目资金(万元)", "", "年初预算数", "全年预算数", "全年执行数", "分值", "执行率", "得分"],
    ["年度总体目标", "预期目标", "实际完成情况"],
    ["项目预算成本构成", "金额", "测算依据"],
    ["一级指标", "二级指标", "二级指标", "绩效标准", "当年预期实现值"],
]


@settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large]
)
@given(
    st.sampled_from(HEADERS), st.lists(rows, max_size=10), st.lists(st.one_of(tables, paragraphs), max_size=3)
)
def test_known_headers_with_random_rows_never_raise(
    header: list[str], body: list[list[Cell]], more: list[Block]
) -> None:
    _check([TableBlock([[Cell(h) for h in header], *body]), *more])


def test_degenerate_blocks() -> None:
    """Empty tables, empty rows, spans past the table's end, a lone header: no exception, no table."""
    doc = assemble(
        [
            TableBlock([]),
            TableBlock([[]]),
            TableBlock([[Cell("一级指标", rowspan=9, colspan=5)]]),
            TableBlock([[Cell("一级指标"), Cell("二级指标"), Cell("三级指标"), Cell("指标值")]]),
            Paragraph(""),
        ]
    )
    assert all(not t.indicators for t in doc.tables)


# Real Blocks (every corpus case as its .docx reader gives it), mutated the way damaged or
# truncated files are: rows dropped, cut short or duplicated, cells dropped, spans changed.
CORPUS = Path(__file__).resolve().parents[1] / "corpus"
REAL: list[list[Block]] = [
    read_blocks(p.name, data=p.read_bytes(), name=p.name)[1] for p in sorted(CORPUS.glob("*/*/case.docx"))
] + [read_blocks("seed.docx", data=(CORPUS / "seed" / "seed.docx").read_bytes(), name="seed.docx")[1]]


def _mutate(doc_blocks: list[Block], ops: list[tuple[int, int, int]]) -> list[Block]:
    out: list[Block] = [
        TableBlock([[Cell(c.text, c.rowspan, c.colspan) for c in row] for row in b.rows])
        if isinstance(b, TableBlock)
        else Paragraph(b.text)
        for b in doc_blocks
    ]
    for kind, a, b in ops:
        tables = [x for x in out if isinstance(x, TableBlock) and x.rows]
        if not tables:
            break
        t = tables[a % len(tables)]
        r = b % len(t.rows)
        row = t.rows[r]
        if kind == 0:
            del t.rows[r]  # a row lost
        elif kind == 1:
            del t.rows[r + 1 :]  # the page cut off here
        elif kind == 2 and row:
            del row[b % len(row)]  # a cell lost: the rest of the row shifts left
        elif kind == 3:
            t.rows.insert(r, [Cell(c.text, c.rowspan, c.colspan) for c in row])  # a row printed twice
        elif kind == 4 and row:
            c = row[b % len(row)]
            c.rowspan, c.colspan = 1 + a % 5, 1 + b % 4  # a wrong merge
        elif kind == 5 and row:
            row[b % len(row)].text = ""  # a value erased
        elif kind == 6:
            out.remove(t)  # a whole table lost
    return out


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.sampled_from(range(len(REAL))),
    st.lists(st.tuples(st.integers(0, 6), st.integers(0, 50), st.integers(0, 50)), min_size=1, max_size=8),
)
def test_damaged_real_documents_never_raise(case: int, ops: list[tuple[int, int, int]]) -> None:
    _check(_mutate(REAL[case], ops))
