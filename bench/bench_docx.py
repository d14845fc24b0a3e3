""".docx benchmark: jixiao's ingest against python-docx and against the floor.

    .venv/bin/python bench/bench_docx.py [--tables 500] [--rounds 3]

Contenders, on a generated .docx of N seed-layout project tables (bench/gen.py):

- **jixiao ingest** — ``jixiao.ingest.ingest_file``: the reader *and* the assembler, to
  the jixiao/1 Document (falls back to ``read_blocks`` while the assembler cannot yet
  read the seed, and says so);
- **jixiao reader** — ``jixiao.readers.read_blocks`` alone, for the record;
- **naive python-docx** — ``for t in doc.tables: for r in t.rows: [c.text for c in r.cells]``;
- **floor** — unzip, lxml-parse ``word/document.xml``, read every ``w:tc``'s text.

Targets: ingest ≥ 5× faster than naive python-docx, and within 3× of the floor.
Exit status 1 when a target is missed.
"""

from __future__ import annotations

import argparse
import io
import sys
import zipfile
from pathlib import Path

from lxml import etree

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _timing import best_of, full_ingest_ready, report  # noqa: E402
from gen import generate  # noqa: E402

TC = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}tc"


def naive_python_docx(path: Path) -> int:
    import docx

    doc = docx.Document(str(path))
    n = 0
    for t in doc.tables:
        for r in t.rows:
            n += len([c.text for c in r.cells])
    return n


def floor(path: Path) -> int:
    with zipfile.ZipFile(io.BytesIO(path.read_bytes())) as zf:
        root = etree.fromstring(zf.read("word/document.xml"))
    return len(["".join(tc.itertext()) for tc in root.iter(TC)])


def main() -> int:
    ap = argparse.ArgumentParser(description=".docx reader benchmark")
    ap.add_argument("--tables", type=int, default=500)
    ap.add_argument("--rounds", type=int, default=3)
    args = ap.parse_args()

    from jixiao.ingest import ingest_file
    from jixiao.readers import read_blocks

    path, _ = generate(args.tables)
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
            "naive python-docx walk": lambda: naive_python_docx(path),
            "floor (unzip + lxml parse + every cell text)": lambda: floor(path),
        },
        rounds=args.rounds,
    )
    ours = times[stage][0]
    reader = times["jixiao read_blocks"][0]
    naive = times["naive python-docx walk"][0]
    base = times["floor (unzip + lxml parse + every cell text)"][0]
    size = path.stat().st_size // 1024
    ok = report(
        f"{path.name} ({size} KB, {args.tables} tables), best of {args.rounds}:",
        times,
        [
            ("naive python-docx / jixiao ingest", naive / ours, ">=", 5.0),
            ("jixiao ingest / floor", ours / base, "<=", 3.0),
        ],
    )
    print(f"  info  reader alone: {naive / reader:.1f}× faster than naive, {reader / base:.2f}× the floor")
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
