"""How long a .docx over the table limit takes to be refused (issue 17).

    .venv/bin/python bench/bench_refusal.py [--tables 20000] [--rounds 3]

The file is ``bench/_data/tables-N.docx`` (bench/gen.py's seed-layout tables, made once; the
20,000-table one is 7 MB, its ``word/document.xml`` ~170 MB), the limit ``JIXIAO_MAX_TABLES``
(5,000 by default).  Printed: CPU and wall time of ``read_blocks`` until its UnsafeFile, best of
``--rounds``, and how much of the body the reader inflated.  No target: the figure is recorded
in bench/README.md (before the count from bytes, the body was parsed up to table 5,001).
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from gen import build_docx  # noqa: E402

from jixiao.errors import UnsafeFile  # noqa: E402
from jixiao.readers import read_blocks, safety  # noqa: E402


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--tables", type=int, default=20_000)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    data_dir = HERE / "_data"
    path = data_dir / f"tables-{args.tables}.docx"
    if not path.exists():
        build_docx(args.tables, data_dir)
    inflated = [0]
    stream = safety.stream_member

    def counting(zf, member, name):  # type: ignore[no-untyped-def]
        for chunk in stream(zf, member, name):
            inflated[0] += len(chunk)
            yield chunk

    safety.stream_member = counting
    cpu = wall = float("inf")
    message = ""
    for _ in range(args.rounds):
        inflated[0] = 0
        c0, w0 = time.process_time(), time.perf_counter()
        try:
            read_blocks(path)
        except UnsafeFile as exc:
            message = str(exc)
        else:
            message = "not refused"
        cpu, wall = min(cpu, time.process_time() - c0), min(wall, time.perf_counter() - w0)
    print(f"{path.name} ({path.stat().st_size / 2**20:.1f} MB), best of {args.rounds}:")
    print(
        f"  refused in {cpu * 1000:.0f} ms CPU, {wall * 1000:.0f} ms wall; {inflated[0] / 2**20:.0f} MB inflated"
    )
    print(f"  {message}")
    return 0 if message != "not refused" else 1


if __name__ == "__main__":
    sys.exit(main())
