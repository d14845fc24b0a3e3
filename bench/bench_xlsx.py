""".xlsx benchmark: jixiao's ingest against openpyxl and against python-calamine.

    .venv/bin/python bench/bench_xlsx.py [--tables 500] [--rounds 3]

Contenders, on a generated .xlsx of N seed-layout project tables on one long sheet
(bench/gen.py; amounts are numbers formatted ``0.00``):

- **jixiao ingest** — ``jixiao.ingest.ingest_file`` (reader + assembler; ``read_blocks``
  while the assembler cannot yet read the seed, and says so);
- **jixiao reader** — ``jixiao.readers.read_blocks`` alone, for the record;
- **openpyxl** — ``openpyxl.load_workbook`` and every cell's value and the merged ranges;
- **python-calamine** — every cell (``to_python``) and every merged range.

Targets: ingest ≥ 5× faster than openpyxl, and within 3× of python-calamine.
Exit status 1 when a target is missed.
"""

from __future__ import annotations

import io
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _timing import Peer, reader_main  # noqa: E402


def with_openpyxl(path: Path) -> int:
    import openpyxl

    wb = openpyxl.load_workbook(io.BytesIO(path.read_bytes()))
    n = 0
    for ws in wb.worksheets:
        for row in ws.iter_rows():
            n += len([c.value for c in row])
        n += len(ws.merged_cells.ranges)
    return n


def with_calamine(path: Path) -> int:
    import python_calamine

    wb = python_calamine.CalamineWorkbook.from_filelike(io.BytesIO(path.read_bytes()))
    n = 0
    for name in wb.sheet_names:
        sheet = wb.get_sheet_by_name(name)
        n += sum(len(row) for row in sheet.to_python(skip_empty_area=False))
        n += len(sheet.merged_cell_ranges or [])
    return n


def main() -> int:
    return reader_main(
        "xlsx",
        " on one sheet",
        slow=Peer("openpyxl load_workbook + every cell", with_openpyxl, "openpyxl", 5.0, "openpyxl"),
        fast=Peer(
            "python-calamine every cell + merged range",
            with_calamine,
            "python-calamine",
            3.0,
            "python-calamine",
        ),
    )


if __name__ == "__main__":
    raise SystemExit(main())
