"""A table printed over several pages reads back as the one table it was.

The PDF is printed by WeasyPrint (a second producer besides LibreOffice, with its own way
of drawing rulings and of breaking tables: the header row is repeated on every page
(<thead>), cells cut by a page break are left open, long rows split across pages), with a
page number (第 N 页) in every page's footer.  The expected grid is the table the HTML was
made from.
"""

from __future__ import annotations

import html
import os
from pathlib import Path
from typing import Any

import pytest

from jixiao.blocks import Paragraph, TableBlock
from jixiao.readers import read_blocks

CHROMIUM = os.environ.get("JIXIAO_CHROMIUM", "/usr/bin/chromium")
HEADER = ["一级指标", "二级指标", "三级指标", "指标值", "说明 (English)"]
CSS = """
@page { size: A4; margin: 2cm; @bottom-center { content: "第 " counter(page) " 页"; font-size: 9pt; } }
body { font-family: "Noto Serif CJK SC", "Noto Sans CJK SC", serif; font-size: 10.5pt; }
table { border-collapse: collapse; width: 100%; }
td, th { border: 0.5pt solid #000; padding: 2pt 3pt; vertical-align: top; font-weight: normal; text-align: left; }
col.c0, col.c1 { width: 15%; } col.c2 { width: 30%; } col.c3 { width: 12%; } col.c4 { width: 28%; }
"""
Grid = list[list[tuple[str, int, int]]]


def _body() -> Grid:
    """一级 cells spanning many rows (across page breaks), 二级 cells spanning 2–3 rows,
    long 三级 texts that wrap, English notes that wrap at spaces."""
    rows: Grid = []
    groups = [
        ("产出指标", ["数量指标", "质量指标", "时效指标", "成本指标"]),
        ("效益指标", ["社会效益指标", "可持续影响指标"]),
        ("满意度指标", ["服务对象满意度指标"]),
    ]
    n = 0
    for level1, level2s in groups:
        first_of_level1 = len(rows)
        for k, level2 in enumerate(level2s):
            span2 = 3 if k % 2 == 0 else 2
            for j in range(span2):
                n += 1
                name = f"第{n}项指标：" + "保障外事工作按计划开展并及时完成" * (1 + n % 3)
                value = f"≥{90 + n % 10}%" if n % 4 else f"≤{n * 3}万元"
                note = " ".join(["annual target number", str(n), "is reviewed every quarter"] * (1 + n % 2))
                row = []
                if j == 0:
                    row.append((level2, span2, 1))
                row += [(name, 1, 1), (value, 1, 1), (note, 1, 1)]
                rows.append(row)
        rows[first_of_level1].insert(0, (level1, len(rows) - first_of_level1, 1))
    # repeat the groups until the table runs over three pages
    return rows * 3


def _html(body: Grid) -> str:
    def tr(row, tag="td"):
        cells = "".join(f'<{tag} rowspan="{rs}" colspan="{cs}">{html.escape(t)}</{tag}>' for t, rs, cs in row)
        return f"<tr>{cells}</tr>"

    cols = "".join(f'<col class="c{i}">' for i in range(5))
    head = tr([(h, 1, 1) for h in HEADER], "th")
    rows = "".join(tr(r) for r in body)
    return (
        f'<!DOCTYPE html><html lang="zh-CN"><head><meta charset="utf-8"><style>{CSS}</style></head><body>'
        f"<p>1.跨页绩效目标表</p><table><colgroup>{cols}</colgroup><thead>{head}</thead><tbody>{rows}</tbody></table>"
        f"<p>单位负责人：张三</p></body></html>"
    )


@pytest.fixture(scope="module")
def printed(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Grid]:
    from weasyprint import HTML

    body = _body()
    path = tmp_path_factory.mktemp("pdf") / "跨页.pdf"
    HTML(string=_html(body)).write_pdf(path)
    return path, [[(h, 1, 1) for h in HEADER], *body]


def test_the_table_spans_several_pages(printed) -> None:
    import pypdfium2 as pdfium

    path, _ = printed
    assert len(pdfium.PdfDocument(str(path))) >= 3


def test_table_across_pages_is_one_table(printed) -> None:
    path, want = printed
    blocks = read_blocks(path)[1]
    assert [type(b) for b in blocks] == [Paragraph, TableBlock, Paragraph]
    assert blocks[0].text == "1.跨页绩效目标表" and blocks[2].text == "单位负责人：张三"
    got = [[(c.text, c.rowspan, c.colspan) for c in row] for row in blocks[1].rows]
    assert len(got) == len(want)  # the repeated header rows are gone
    for r, (a, b) in enumerate(zip(got, want, strict=True), 1):
        assert a == b, f"R{r}"


def test_rowspans_cross_the_page_break(printed) -> None:
    path, _ = printed
    table = read_blocks(path)[1][1]
    pages_of = {c.source.split(":")[0] for row in table.rows for c in row}
    assert len(pages_of) >= 3
    tall = [c for row in table.rows for c in row if c.rowspan >= 10]
    assert tall and all(c.text.endswith("指标") for c in tall)


@pytest.mark.browser
def test_chromium_printed_seed_ingests_to_expected(tmp_path: Path, chromium: Any) -> None:
    """A third producer: the seed's HTML printed by Chromium (Skia): separate cell borders
    with bevelled corners, empty slivers of rows at page breaks, columns sized per table."""
    import json

    from jixiao.compare import compare_documents
    from jixiao.ingest import ingest_file

    seed = Path(__file__).resolve().parents[1] / "corpus" / "seed"
    target = tmp_path / "seed-chromium.pdf"
    page = chromium.new_page()  # the run's one Chromium (tests/conftest.py)
    try:
        page.goto((seed / "seed.html").as_uri())
        page.pdf(path=str(target), format="Letter")
    finally:
        page.close()
    expected = json.loads((seed / "expected.json").read_text(encoding="utf-8"))
    result = compare_documents(expected, ingest_file(target).to_dict())
    assert result.ok, "\n".join(map(str, result.mismatches[:20]))
