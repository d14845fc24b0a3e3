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

import io
import sys
import zipfile
from pathlib import Path

from lxml import etree

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _timing import Peer, reader_main  # noqa: E402

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
    return reader_main(
        "docx",
        "",
        slow=Peer("naive python-docx walk", naive_python_docx, "naive python-docx", 5.0, "naive"),
        fast=Peer("floor (unzip + lxml parse + every cell text)", floor, "floor", 3.0, "the floor"),
    )


if __name__ == "__main__":
    raise SystemExit(main())
