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

import argparse
import io
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _timing import best_of, full_ingest_ready, report  # noqa: E402
from gen import generate  # noqa: E402


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
    ap = argparse.ArgumentParser(description=".xlsx reader benchmark")
    ap.add_argument("--tables", type=int, default=500)
    ap.add_argument("--rounds", type=int, default=3)
    args = ap.parse_args()

    from jixiao.ingest import ingest_file
    from jixiao.readers import read_blocks

    _, path = generate(args.tables)
    full = full_ingest_ready()
    if full:
        n = len(ingest_file(path).tables)
        stage = f"jixiao ingest_file ({n} tables)"
        ingest = lambda: ingest_file(path)  # noqa: E731
    else:
        stage = "jixiao read_blocks (assembler not ready: reader only)"
        ingest = lambda: read_blocks(path)  # noqa: E731
    times = best_of(
        {
            stage: ingest,
            "jixiao read_blocks": lambda: read_blocks(path),
            "openpyxl load_workbook + every cell": lambda: with_openpyxl(path),
            "python-calamine every cell + merged range": lambda: with_calamine(path),
        },
        rounds=args.rounds,
    )
    ours = times[stage][0]
    reader = times["jixiao read_blocks"][0]
    slow = times["openpyxl load_workbook + every cell"][0]
    fast = times["python-calamine every cell + merged range"][0]
    size = path.stat().st_size // 1024
    ok = report(
        f"{path.name} ({size} KB, {args.tables} tables on one sheet), best of {args.rounds}:",
        times,
        [
            ("openpyxl / jixiao ingest", slow / ours, ">=", 5.0),
            ("jixiao ingest / python-calamine", ours / fast, "<=", 3.0),
        ],
    )
    print(
        f"  info  reader alone: {slow / reader:.1f}× faster than openpyxl, {reader / fast:.2f}× python-calamine"
    )
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
