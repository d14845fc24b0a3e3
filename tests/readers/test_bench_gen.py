"""bench/gen.py makes the same seed-layout tables as .docx and .xlsx (small N here, for speed)."""

from __future__ import annotations

import importlib.util
from pathlib import Path

from jixiao.blocks import Paragraph, TableBlock
from jixiao.readers import read_blocks

GEN = Path(__file__).resolve().parents[2] / "bench" / "gen.py"


def _gen():
    spec = importlib.util.spec_from_file_location("bench_gen", GEN)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_generated_docx_and_xlsx_hold_the_same_tables(tmp_path):
    docx_path, xlsx_path = _gen().generate(8, tmp_path)
    _, from_docx = read_blocks(docx_path)
    _, from_xlsx = read_blocks(xlsx_path)
    titles = [b.text for b in from_docx if isinstance(b, Paragraph)]
    assert len(titles) == 8 and titles[0].startswith("1.") and titles[0].endswith("绩效目标表")
    assert titles == [b.text for b in from_xlsx if isinstance(b, Paragraph)]
    docx_tables = [b for b in from_docx if isinstance(b, TableBlock)]
    xlsx_tables = [b for b in from_xlsx if isinstance(b, TableBlock)]
    assert len(docx_tables) == len(xlsx_tables) == 8
    for a, b in zip(docx_tables, xlsx_tables, strict=True):
        grid_a = [[c.text if c else "" for c in row] for row in a.grid()]
        grid_b = [[c.text if c else "" for c in row] for row in b.grid()]
        assert grid_a == grid_b  # amounts are numbers formatted 0.00 in the .xlsx: same text
    assert docx_tables[0].rows[6][0].rowspan > 1  # the vertically merged 一级 cell survives
