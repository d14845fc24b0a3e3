"""The corpus read in every format: no errors, and the same tables whatever the format.

The seed and each dev case exist as .docx, .xlsx and .html built from the same tables, so
the readers must agree on them: same sequence of paragraphs and tables, same dense
grid of cell texts.  Texts are compared with whitespace runs collapsed (as the assembler
sees them): an HTML cell written ``<td> </td>`` shows nothing, while the .docx keeps a
space, and a source line break in HTML is a space.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from jixiao.blocks import TableBlock
from jixiao.readers import read_blocks

CORPUS = Path(__file__).resolve().parent.parent / "corpus"
CASES = [CORPUS / "seed" / "seed"] + sorted(p.with_suffix("") for p in (CORPUS / "dev").glob("*/case.docx"))
FORMATS = ("docx", "xlsx", "html")


def _norm(text: str) -> str:
    return " ".join(text.split())


def _shape(path: Path) -> list[tuple[str, object]]:
    fmt, blocks = read_blocks(path)
    assert fmt == path.suffix[1:]
    out: list[tuple[str, object]] = []
    for block in blocks:
        if isinstance(block, TableBlock):
            grid = [[_norm(c.text) if c is not None else "" for c in row] for row in block.grid()]
            out.append(("table", grid))
        else:
            out.append(("paragraph", _norm(block.text)))
    return out


@pytest.mark.parametrize("case", CASES, ids=lambda p: p.parent.name)
def test_formats_agree(case: Path):
    shapes = {fmt: _shape(case.with_suffix(f".{fmt}")) for fmt in FORMATS}
    reference = shapes["docx"]
    assert any(kind == "table" for kind, _ in reference)
    for fmt in ("xlsx", "html"):
        assert [kind for kind, _ in shapes[fmt]] == [kind for kind, _ in reference], fmt
        for (kind, ours), (_, theirs) in zip(shapes[fmt], reference, strict=True):
            assert ours == theirs, f"{case.parent.name}: {fmt} differs from docx in a {kind}"


def test_every_cell_has_a_source():
    for case in CASES:
        for fmt in FORMATS:
            _, blocks = read_blocks(case.with_suffix(f".{fmt}"))
            for block in blocks:
                assert block.source
                if isinstance(block, TableBlock):
                    assert all(cell.source for row in block.rows for cell in row)
