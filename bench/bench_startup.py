"""Whole-process benchmark: what a user waits for when they type a command.

    .venv/bin/python bench/bench_startup.py [--runs 5] [--tables 500]

Every contender is a new process on the same interpreter (``sys.executable``), start-up and
imports included, timed round by round (the contenders interleaved, so a noisy neighbour hits
them alike).  The figure per contender is the median over ``--runs`` rounds of the child's CPU
time (user + system, from ``wait4``), with the wall time printed beside it: CPU time of a
single-threaded process stays steady on a shared machine where wall time does not.

Targets (issue "Start fast and stay fast at scale"):

- ``jixiao --help`` costs ≤ 0.15 s above ``python -c pass``;
- ``jixiao ingest seed.docx --json`` ≤ 0.35 s above it (``jixiao check seed.docx`` is printed
  for the record);
- the 500-table .docx (bench/gen.py), whole process: ``jixiao ingest --json`` ≥ 5× faster than a
  whole-process python-docx walk and ≤ 3× the whole-process lxml floor;
- the 500-table .xlsx, whole process: ≥ 5× faster than openpyxl and ≤ 3× python-calamine.

Exit status 1 when a target is missed.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
SEED = ROOT / "tests" / "corpus" / "seed" / "seed.docx"
PY = sys.executable

# The peers, each a whole process that reads every cell of the file given as argv[1].
PYTHON_DOCX = """
import sys, docx
d = docx.Document(sys.argv[1])
n = 0
for t in d.tables:
    for r in t.rows:
        n += len([c.text for c in r.cells])
print(n)
"""
LXML_FLOOR = """
import io, sys, zipfile
from lxml import etree
with zipfile.ZipFile(io.BytesIO(open(sys.argv[1], 'rb').read())) as zf:
    root = etree.fromstring(zf.read('word/document.xml'))
TC = '{http://schemas.openxmlformats.org/wordprocessingml/2006/main}tc'
print(len([''.join(tc.itertext()) for tc in root.iter(TC)]))
"""
OPENPYXL = """
import sys, openpyxl
wb = openpyxl.load_workbook(sys.argv[1])
n = 0
for ws in wb.worksheets:
    for row in ws.iter_rows(values_only=True):
        n += len(row)
    n += len(ws.merged_cells.ranges)
print(n)
"""
CALAMINE = """
import sys
from python_calamine import CalamineWorkbook
wb = CalamineWorkbook.from_path(sys.argv[1])
n = 0
for name in wb.sheet_names:
    s = wb.get_sheet_by_name(name)
    n += sum(len(r) for r in s.to_python())
    n += len(s.merged_cell_ranges or [])
print(n)
"""


def jixiao_cmd() -> list[str]:
    """The installed console script next to this interpreter (what a user types)."""
    exe = Path(PY).with_name("jixiao")
    if exe.exists():
        return [str(exe)]
    found = shutil.which("jixiao")
    return [found] if found else [PY, "-m", "jixiao"]


def run_once(argv: list[str]) -> tuple[float, float]:
    """(child CPU seconds, wall seconds) of one run of ``argv``; its output is discarded."""
    w0 = time.perf_counter()
    proc = subprocess.Popen(argv, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, cwd=ROOT)
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - w0
    proc.returncode = os.waitstatus_to_exitcode(status)
    err = proc.stderr.read() if proc.stderr else b""
    if proc.returncode not in (0, 1):  # `jixiao check` exits 1 on error findings
        raise SystemExit(
            f"{' '.join(argv)} failed ({proc.returncode}): {err.decode(errors='replace')[-400:]}"
        )
    return usage.ru_utime + usage.ru_stime, wall


def medians(contenders: dict[str, list[str]], runs: int) -> dict[str, tuple[float, float]]:
    cpu: dict[str, list[float]] = {k: [] for k in contenders}
    wall: dict[str, list[float]] = {k: [] for k in contenders}
    for argv in contenders.values():  # one warm-up each: page cache, .pyc files
        run_once(argv)
    for _ in range(runs):
        for name, argv in contenders.items():
            c, w = run_once(argv)
            cpu[name].append(c)
            wall[name].append(w)
    return {k: (statistics.median(cpu[k]), statistics.median(wall[k])) for k in contenders}


def check(label: str, value: float, op: str, target: float, unit: str) -> bool:
    ok = value <= target if op == "<=" else value >= target
    print(f"  {'PASS' if ok else 'FAIL'}  {label}: {value:.2f}{unit} (target {op} {target}{unit})")
    return ok


def show(times: dict[str, tuple[float, float]]) -> None:
    for name, (c, w) in times.items():
        print(f"  {name:<48} {c * 1000:8.0f} ms CPU  {w * 1000:8.0f} ms wall")


def main() -> int:
    ap = argparse.ArgumentParser(description="whole-process start-up and ingest benchmark")
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--tables", type=int, default=500)
    args = ap.parse_args()
    jx = jixiao_cmd()
    ok = True
    build = subprocess.run([PY, "-m", "jixiao.build_info"], capture_output=True, text=True, check=False)
    print(f"jixiao build: {build.stdout.splitlines()[0] if build.stdout else build.stderr.strip()}")

    start = medians(
        {
            "python -c pass": [PY, "-c", "pass"],
            "jixiao --help": [*jx, "--help"],
            "jixiao ingest seed.docx --json": [*jx, "ingest", str(SEED), "--json"],
            "jixiao check seed.docx": [*jx, "check", str(SEED)],
        },
        args.runs,
    )
    print(f"start-up, median of {args.runs} whole processes:")
    show(start)
    base = start["python -c pass"][0]
    ok &= check("jixiao --help above python -c pass", start["jixiao --help"][0] - base, "<=", 0.15, " s")
    ok &= check(
        "jixiao ingest seed.docx --json above python -c pass",
        start["jixiao ingest seed.docx --json"][0] - base,
        "<=",
        0.35,
        " s",
    )

    sys.path.insert(0, str(HERE))
    from gen import generate

    docx_path, xlsx_path = generate(args.tables)
    for path, slow, fast in (
        (docx_path, ("python-docx walk", PYTHON_DOCX), ("lxml floor", LXML_FLOOR)),
        (xlsx_path, ("openpyxl", OPENPYXL), ("python-calamine", CALAMINE)),
    ):
        times = medians(
            {
                f"jixiao ingest {path.name} --json": [*jx, "ingest", str(path), "--json"],
                slow[0]: [PY, "-c", slow[1], str(path)],
                fast[0]: [PY, "-c", fast[1], str(path)],
            },
            args.runs,
        )
        print(f"{path.name}, whole process, median of {args.runs}:")
        show(times)
        ours = times[f"jixiao ingest {path.name} --json"][0]
        ok &= check(f"{slow[0]} / jixiao", times[slow[0]][0] / ours, ">=", 5.0, "×")
        ok &= check(f"jixiao / {fast[0]}", ours / times[fast[0]][0], "<=", 3.0, "×")
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
