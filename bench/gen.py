"""Generate large test documents in the seed's Tianjin layout (天津市 项目支出绩效目标表).

    .venv/bin/python bench/gen.py [--tables 500] [--out bench/_data]

writes ``tables-500.docx`` and ``tables-500.xlsx`` holding the same N project tables.

The .docx is built from ``tests/corpus/seed/seed.docx`` itself: its six title-paragraph +
table pairs are copied in turn (title ``N.<项目名>绩效目标表``, the unit line, 单位：万元,
the header rows, the indicator grid with vertically merged 一级 cells), each copy with a
numbered project name and its own amounts, so the XML is exactly what Word wrote for
the seed.  The .xlsx holds the same tables on **one long sheet**, as seed.xlsx does:
the title in column A, a blank row, the table with its merged ranges, a blank row.  Its
amounts are real numbers with the ``0.00`` number format (the seed's are text), so the
reader's number-format path is part of the benchmark.
"""

from __future__ import annotations

import argparse
import copy
import re
import zipfile
from pathlib import Path

from lxml import etree

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "tests" / "corpus" / "seed" / "seed.docx"
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
AMOUNT = re.compile(r"^\d+\.\d{2}$")


def _seed_pairs() -> tuple[etree._Element, list[tuple[str, etree._Element, etree._Element]]]:
    """The seed's document root and its (project name, title paragraph, table) triples."""
    with zipfile.ZipFile(SEED) as zf:
        root = etree.fromstring(zf.read("word/document.xml"))
    body = root.find(W + "body")
    pairs = []
    last_p = None
    for child in body:
        if child.tag == W + "p":
            last_p = child
        elif child.tag == W + "tbl":
            rows = child.findall(W + "tr")
            name = "".join(rows[1].findall(W + "tc")[1].itertext()).strip()  # 项目名称 | <name>
            title = copy.deepcopy(last_p)
            pairs.append((name, title, child))
    return root, pairs


def _set_title(p: etree._Element, text: str) -> None:
    for r in p.findall(W + "r"):
        p.remove(r)
    run = etree.SubElement(p, W + "r")
    etree.SubElement(run, W + "t").text = text


def build_docx(
    n_tables: int,
    out: Path,
    first: int = 1,
    filename: str | None = None,
    seed: tuple[etree._Element, list[tuple[str, etree._Element, etree._Element]]] | None = None,
) -> Path:
    """Write ``out/filename`` (default ``tables-N.docx``) with the tables numbered ``first`` …
    (``seed``: :func:`_seed_pairs` read once, for many small files)."""
    root, pairs = seed or _seed_pairs()
    body = root.find(W + "body")
    sect = body.find(W + "sectPr")
    for child in list(body):
        body.remove(child)
    for n in range(first, first + n_tables):
        name, title, table = pairs[(n - 1) % len(pairs)]
        new_name = f"{name}（{n:04d}）"
        p = copy.deepcopy(title)
        _set_title(p, f"{n}.{new_name}绩效目标表")
        t = copy.deepcopy(table)
        for el in t.iter(W + "t"):
            text = el.text or ""
            if name in text:
                el.text = text.replace(name, new_name)
            elif AMOUNT.match(text):
                el.text = f"{float(text) + n % 97:.2f}"
        body.append(p)
        body.append(t)
    if sect is not None:
        body.append(sect)
    target = out / (filename or f"tables-{n_tables}.docx")
    with zipfile.ZipFile(SEED) as src, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            data = src.read(info.filename)
            if info.filename == "word/document.xml":
                data = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)
            dst.writestr(info, data, compress_type=zipfile.ZIP_DEFLATED)
    return target


def build_xlsx(docx_path: Path, out: Path) -> Path:
    """The same tables on one long sheet, read back from the .docx with jixiao's reader."""
    import openpyxl
    from openpyxl.worksheet.cell_range import CellRange
    from openpyxl.worksheet.merge import MergedCellRange

    from jixiao.blocks import Paragraph, TableBlock
    from jixiao.readers import docx as docx_reader

    blocks = docx_reader.read(docx_path.read_bytes(), docx_path.name)
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "绩效目标表"
    row = 1
    for block in blocks:
        if isinstance(block, Paragraph):
            ws.cell(row, 1, block.text)
            row += 2
        elif isinstance(block, TableBlock):
            seen: set[int] = set()
            for r, line in enumerate(block.grid()):
                for c, cell in enumerate(line):
                    if cell is None or id(cell) in seen:
                        continue
                    seen.add(id(cell))
                    target = ws.cell(row + r, c + 1)
                    if AMOUNT.match(cell.text):
                        target.value = float(cell.text)
                        target.number_format = "0.00"
                    else:
                        target.value = cell.text
                    if cell.rowspan > 1 or cell.colspan > 1:
                        # ws.merge_cells checks each new range against all earlier ones
                        # (quadratic); ours never overlap, so add them directly.
                        merged = MergedCellRange(
                            ws,
                            CellRange(
                                min_row=row + r,
                                min_col=c + 1,
                                max_row=row + r + cell.rowspan - 1,
                                max_col=c + cell.colspan,
                            ).coord,
                        )
                        ws.merged_cells.ranges.add(merged)
                        ws._clean_merge_range(merged)
            row += len(block.rows) + 1
    target = out / docx_path.with_suffix(".xlsx").name
    wb.save(target)
    return target


def generate(n_tables: int = 500, out: Path | str = ROOT / "bench" / "_data") -> tuple[Path, Path]:
    """Write (or reuse) the .docx and .xlsx with ``n_tables`` tables; return their paths."""
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    docx_path = out / f"tables-{n_tables}.docx"
    xlsx_path = out / f"tables-{n_tables}.xlsx"
    if not docx_path.exists():
        build_docx(n_tables, out)
    if not xlsx_path.exists():
        build_xlsx(docx_path, out)
    return docx_path, xlsx_path


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--tables", type=int, default=500)
    ap.add_argument("--out", default=str(ROOT / "bench" / "_data"))
    ap.add_argument("--force", action="store_true", help="rebuild even when the files exist")
    args = ap.parse_args()
    out = Path(args.out)
    if args.force:
        for ext in ("docx", "xlsx"):
            (out / f"tables-{args.tables}.{ext}").unlink(missing_ok=True)
    for path in generate(args.tables, out):
        print(f"{path}  {path.stat().st_size / 1024:.0f} KB")


if __name__ == "__main__":
    main()
