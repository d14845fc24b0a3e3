"""JX903, JX904, JX920–JX929 — the readers' and the assembler's remarks (读取说明) as findings.

While a file is read, a reader or the assembler notes what it had to work out rather than read
off: a cell OCR was unsure of (JX903), merged cells guessed in copied text (JX904), a header
read by meaning (JX920) … a table a person should check (JX929).  Each note is a Document
``warning`` of its code; each code here is one catalogue rule whose check reports those
warnings, one finding per warning, with the warning's own text and place (``{detail}``,
``{where}``).  The rules are one table of :class:`Remark` specs registered by one loop; each is
still a full catalogue entry (``jixiao rules``, docs/rules/, the /rules pages).

Severity: ``info`` for what was read by meaning, by content, as context or as a template row
(the reading is sure enough; the note explains it); ``warning`` where a person should look —
a value OCR was unsure of, cells placed by guessing, a column not read, a date kept as an
Excel day number, indicators taken from or left in running text, a table of low confidence.
These remarks say how the file was read, not what the targets lack: the review summary lists
them but never grades a table by them (:func:`jixiao.review.summary.grade_of`).

A remark located at a row (``表2:R8…``, row 8 of the reader's table 2), a reader's cell
(``p1:表1:R3C2``) or a line of copied text (``L5``) is given the index of the Document table
read there; a JX926 names its indicator's source, a JX929 its table's; a JX925 names a table
kept as context, which is no Document table.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

from ..model import Document
from ..text import Text
from .catalogue import rule
from .facts import TableContext

Hits = Iterator[tuple[int | None, dict[str, Any]]]


@dataclass(frozen=True, slots=True)
class Remark:
    """One remark's catalogue entry.  ``at``: how its ``where`` names a table — ``"place"`` (a
    row, cell or line: :func:`table_at`), ``"indicator"`` (an indicator's source), ``"table"``
    (the Document table's own source) or ``None`` (a skipped table: none)."""

    code: str
    name: str
    severity: str
    title: str
    title_en: str
    rationale: str
    example: str
    fix: str
    at: str | None = "place"


REMARKS: tuple[Remark, ...] = (
    Remark(
        "JX903",
        "ocr-low-confidence",
        "warning",
        "扫描件单元格识别置信度低",
        "A scanned cell was read with low OCR confidence",
        "扫描件经文字识别（OCR）读取；识别置信度低的单元格可能读错字或数字，读错的指标值会让后续审核结论失真。",
        "扫描件中字迹模糊、被公章压住或表格线穿过的单元格，如「≥95%」被识别为「295%」",
        "对照原件核对该单元格；能提供带文字层的 PDF 或 Word 文件时改用原文件。",
    ),
    Remark(
        "JX904",
        "merged-cells-guessed",
        "warning",
        "复制的表格丢失了合并单元格",
        "A copied table lost its merged cells",
        "从浏览器或 PDF 阅读器复制的表格不带合并单元格：跨行的一级、二级指标只在第一行出现，"
        "其下各行按表头推断单元格位置，推断可能放错列。",
        "粘贴的文本中「产出指标」只出现在第一行，下面四行各少一个单元格",
        "核对这些行的一级、二级指标和指标值；能提供原 Word / Excel 文件时改用原文件。",
    ),
    Remark(
        "JX920",
        "header-by-meaning",
        "info",
        "表头按含义识别",
        "A header was read by its meaning",
        "表头文字与标准表头不完全相同（如「年度数值」「指标权重(分)」），按含义识别为标准列；识别通常可靠，此处说明依据。",
        "表头「年度数值」识别为「指标值」",
        "确认该列确为所识别的列；如经常使用同一表头，可向维护者提交以加入表头词表。",
    ),
    Remark(
        "JX921",
        "column-by-content",
        "info",
        "列按内容识别",
        "A column's role came from its content",
        "表头缺失或含义不明确时，按单元格内容（指标层级名称、数值、单位等）确定列的含义；此处说明依据。",
        "没有表头的指标行：第1列内容为「产出指标」「效益指标」，识别为一级指标",
        "确认该列确为所识别的列；报送时使用标准表头可避免推断。",
    ),
    Remark(
        "JX922",
        "header-not-understood",
        "warning",
        "表头未识别，该列未读取",
        "A header was not understood; its column was not read",
        "表头与任何已知列都不相符，该列内容没有读入；如果其中有指标值、得分等内容，审核将看不到它们。",
        "自评表中的「累计完成率」列",
        "确认该列是否包含需要审核的内容；如需要，请改用标准表头（如「实际完成值」）后重新导入。",
    ),
    Remark(
        "JX923",
        "excel-day-number",
        "warning",
        "日期像是 Excel 日期序号",
        "A date looks like an Excel day number",
        "Excel 单元格设为常规格式时日期显示为序号（如 44561 即 2021-12-31）；按原样保留，时效指标的值因此不是日期。",
        "「资金到位时间」的指标值为 44,561",
        "在原表中把该单元格设为日期格式或直接填写日期（如「2021年12月31日前」）后重新导入。",
    ),
    Remark(
        "JX924",
        "placeholder-row",
        "info",
        "模板占位行未作为指标读取",
        "A template row was not read as an indicator",
        "模板中未填写的占位行（「指标1」「指标2:」「……」）不是指标，已略去；此处说明略去了哪些行。",
        "三级指标为「指标2:」、指标值为空的行",
        "报送前删除模板中未使用的占位行。",
    ),
    Remark(
        "JX925",
        "context-table",
        "info",
        "表格作为背景保留",
        "A table was kept as context",
        "资金分配表、明细表等不是绩效目标表，作为背景保留，不读取为绩效指标，也不参与审核。",
        "绩效目标表前的「序号 | 乡镇 | 金额(万元)」分配表",
        "确认该表确实不是绩效目标表；如是，请使用标准表头（一级指标、二级指标、三级指标、指标值）。",
        at=None,
    ),
    Remark(
        "JX926",
        "indicator-from-prose",
        "warning",
        "指标读自正文",
        "An indicator was read from running text",
        "文件中没有指标表，绩效指标从正文句子中读取；句子的写法多样，读出的指标名称和指标值需要核对。",
        "正文「群众满意度达到95%以上」读为指标「群众满意度」，指标值「≥95%」",
        "核对读出的指标；报送时使用绩效目标表格式。",
        at="indicator",
    ),
    Remark(
        "JX927",
        "targets-in-prose",
        "warning",
        "正文写有绩效目标，未能读取",
        "Targets stated in prose could not be read",
        "正文写有绩效目标，但无法确定指标和指标值，这些目标没有读入，审核看不到它们。",
        "「确保全年完成各项任务的95%左右，力争有所提高」",
        "把绩效目标改写为指标表（三级指标、指标值），或在系统中手工录入。",
        at=None,
    ),
    Remark(
        "JX928",
        "wide-table",
        "info",
        "宽表：每列一个对象",
        "A wide table: one value column per entity",
        "每个村、乡镇或单位各占一列指标值的宽表，按列拆成每个对象一个指标（名称后加对象名）；此处说明拆分方式。",
        "「一级指标 | 二级指标 | 三级指标 | 甲村 | 乙村 | 丙村」",
        "确认拆分出的指标；报送时每个对象可单列一行。",
    ),
    Remark(
        "JX929",
        "low-confidence",
        "warning",
        "表格读取置信度低，请人工核对",
        "The table was read with low confidence: check it by hand",
        "读取时多处需要推断（表头按含义识别、列按内容识别、指标读自正文、没有读到指标等），"
        "综合置信度低于 0.6，读取结果可能有误，审核结论需要人工核对。",
        "没有表格、指标全部读自正文的文件",
        "对照原件核对读出的表格；能提供标准格式的文件时改用该文件。",
        at="table",
    ),
)

# a place: a row of the reader's table N as the assembler names it ("表2:R8(…)"), a reader's
# cell ("p1:表1:R3C2", a PDF or a scan's table) or a line of copied text ("L5", "L22C1")
_PLACE = re.compile(r"^(?:(?P<ns>.+?):R(?P<row>\d+)|L(?P<line>\d+))")
_INNER = re.compile(r"\(([^()]*)\)$")  # an indicator's reader place: "表1:R12(L22C1)"
# an older remark's English, in full-width brackets at its end: "中文…（English）"
_TRAILING_EN = re.compile(r"^(?P<zh>.*?)（(?P<en>[^（）\u3400-\u9fff]+)）$", re.S)
_QUOTED = re.compile(r"「[^」]*」")


def texts(message: str) -> tuple[str, str]:
    """A remark's text in Chinese and in English: a :class:`~jixiao.text.Text` (a warning as read)
    has both; ``中文（English）``, as warnings were written before they were Text (a Document
    stored or posted as JSON then), is split, its English given the 「names」 the Chinese quotes;
    other text (a Text read back from JSON keeps its Chinese) is the same in both."""
    if isinstance(message, Text):
        zh, en = message.in_lang("zh"), message.en
    elif (m := _TRAILING_EN.match(message)) is not None:
        zh, en = m["zh"], m["en"]
        names = [q for q in _QUOTED.findall(zh) if q not in en]
        en = f"{en}: {' '.join(names)}" if names else en
    else:
        zh = en = message
    return zh, en[:1].upper() + en[1:]


def _place(where: str) -> tuple[str, int] | None:
    m = _PLACE.match(where)
    if m is None:
        return None
    return ("L", int(m["line"])) if m["line"] else (m["ns"], int(m["row"]))


def table_at(doc: Document) -> Callable[[str], int | None]:
    """A place (:data:`_PLACE`) → the index of the Document table read there: of the tables with
    indicators in that reader's table (or text), the first whose last indicator is at or below it."""
    spans: dict[str, list[tuple[int, int]]] = {}  # reader's table → [(last row, Document table)]
    for t_idx, table in enumerate(doc.tables):
        last: dict[str, int] = {}
        for ind in table.indicators:
            source = ind.source or ""
            inner = _INNER.search(source)
            for place in (_place(source), _place(inner[1]) if inner else None):
                if place is not None:
                    last[place[0]] = max(place[1], last.get(place[0], 0))
        for ns, row in last.items():
            spans.setdefault(ns, []).append((row, t_idx))

    def locate(where: str) -> int | None:
        place = _place(where)
        tables = spans.get(place[0]) if place is not None else None
        if place is None or not tables:
            return None
        return next((t for last, t in tables if last >= place[1]), tables[-1][1])

    return locate


def _check(remark: Remark) -> Callable[[Document, TableContext], Hits]:
    def check(doc: Document, ctx: TableContext) -> Hits:
        locate: Callable[[str], int | None] | None = None
        for w in doc.warnings:
            if w.code != remark.code:
                continue
            table: int | None = None
            if w.where and remark.at == "table":
                table = next((i for i, t in enumerate(doc.tables) if t.source == w.where), None)
            elif w.where and remark.at == "indicator":
                table = next(
                    (i for i, t in enumerate(doc.tables) if any(d.source == w.where for d in t.indicators)),
                    None,
                )
            elif w.where and remark.at == "place":
                locate = locate or table_at(doc)
                table = locate(w.where)
            zh, en = texts(w.message)
            yield table, {"detail": zh, "detail_en": en, "where": w.where or "—"}

    check.__name__ = check.__qualname__ = remark.name.replace("-", "_")
    return check


for _remark in REMARKS:
    rule(
        _remark.code,
        _remark.name,
        _remark.severity,
        dimension="完整性",
        scope="document",
        title=_remark.title,
        title_en=_remark.title_en,
        message="{detail}（位置：{where}）",
        message_en="{detail_en} (at {where})",
        rationale=_remark.rationale,
        example=_remark.example,
        fix=_remark.fix,
        source="jixiao 读取器",
        confidence="practice",
    )(_check(_remark))
