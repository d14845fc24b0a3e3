"""Shared timing helpers for the reader benchmarks (bench_docx.py, bench_xlsx.py).

Times are CPU seconds of this process (``time.process_time``), best of N rounds, the
contenders interleaved round by round: the machine is shared (CI, other test suites), and
CPU time of a single-threaded parse is far steadier than wall time under load.  Wall
time is printed alongside for the record.
"""

from __future__ import annotations

import argparse
import gc
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path


def best_of(contenders: dict[str, Callable[[], object]], rounds: int = 3) -> dict[str, tuple[float, float]]:
    """name → (best CPU seconds, best wall seconds) over ``rounds`` interleaved rounds."""
    cpu = {name: float("inf") for name in contenders}
    wall = {name: float("inf") for name in contenders}
    for _ in range(rounds):
        for name, fn in contenders.items():
            gc.collect()  # each contender starts clean: nobody pays for the previous one's garbage
            c0, w0 = time.process_time(), time.perf_counter()
            fn()
            cpu[name] = min(cpu[name], time.process_time() - c0)
            wall[name] = min(wall[name], time.perf_counter() - w0)
    return {name: (cpu[name], wall[name]) for name in contenders}


def build_line() -> str:
    """Whether the jixiao under test is compiled (mypyc) or pure Python: every bench says which."""
    from jixiao.build_info import describe

    return f"jixiao build: {describe()}"


def report(
    title: str, times: dict[str, tuple[float, float]], checks: list[tuple[str, float, str, float]]
) -> bool:
    """Print the times and the checks (label, ratio, comparison, target); True when all pass."""
    print(build_line())
    print(title)
    for name, (cpu, wall) in times.items():
        print(f"  {name:<44} {cpu * 1000:9.1f} ms CPU  {wall * 1000:9.1f} ms wall")
    ok = True
    for label, ratio, op, target in checks:
        passed = ratio >= target if op == ">=" else ratio <= target
        ok &= passed
        print(f"  {'PASS' if passed else 'FAIL'}  {label}: {ratio:.2f}× (target {op} {target}×)")
    return ok


def full_ingest_ready() -> bool:
    """True once the assembler turns the seed .docx into its six tables."""
    from jixiao.ingest import ingest_file

    seed = Path(__file__).resolve().parent.parent / "tests" / "corpus" / "seed" / "seed.docx"
    try:
        return len(ingest_file(seed).tables) == 6
    except Exception:
        return False


@dataclass(frozen=True)
class Peer:
    """A contender a user would otherwise reach for: its label in the table, the short name
    the ratios use, the ratio's target, and how the reader-alone line names it."""

    label: str
    fn: Callable[[Path], object]  # reads the file at the path
    name: str
    target: float
    info: str


def reader_bench(path: Path, title: str, rounds: int, slow: Peer, fast: Peer) -> int:
    """Time jixiao's full ingest and its reader alone against a slow peer (to beat by
    ``slow.target``×) and a fast one (to stay within ``fast.target``× of); print the table,
    the checks and the reader-alone line.  Exit status 1 when a target is missed."""
    from jixiao.ingest import ingest_file
    from jixiao.readers import read_blocks

    if full_ingest_ready():
        stage = f"jixiao ingest_file ({len(ingest_file(path).tables)} tables)"
        ingest: Callable[[], object] = lambda: ingest_file(path)  # noqa: E731
    else:
        stage = "jixiao read_blocks (assembler not ready: reader only)"
        ingest = lambda: read_blocks(path)  # noqa: E731
    times = best_of(
        {
            stage: ingest,
            "jixiao read_blocks": lambda: read_blocks(path),
            slow.label: lambda: slow.fn(path),
            fast.label: lambda: fast.fn(path),
        },
        rounds=rounds,
    )
    ours, reader = times[stage][0], times["jixiao read_blocks"][0]
    slow_t, fast_t = times[slow.label][0], times[fast.label][0]
    ok = report(
        title,
        times,
        [
            (f"{slow.name} / jixiao ingest", slow_t / ours, ">=", slow.target),
            (f"jixiao ingest / {fast.name}", ours / fast_t, "<=", fast.target),
        ],
    )
    print(
        f"  info  reader alone: {slow_t / reader:.1f}× faster than {slow.info}, {reader / fast_t:.2f}× {fast.info}"
    )
    return 0 if ok else 1


def reader_main(fmt: str, layout: str, slow: Peer, fast: Peer) -> int:
    """A reader benchmark's command line (``--tables N --rounds R``): the generated file of N
    seed-layout tables as ``fmt`` ("docx" or "xlsx", bench/gen.py), then :func:`reader_bench`;
    ``layout`` is added to the title after the table count."""
    from gen import generate

    ap = argparse.ArgumentParser(description=f".{fmt} reader benchmark")
    ap.add_argument("--tables", type=int, default=500)
    ap.add_argument("--rounds", type=int, default=3)
    args = ap.parse_args()
    docx_path, xlsx_path = generate(args.tables)
    path = docx_path if fmt == "docx" else xlsx_path
    size = path.stat().st_size // 1024
    title = f"{path.name} ({size} KB, {args.tables} tables{layout}), best of {args.rounds}:"
    return reader_bench(path, title, args.rounds, slow, fast)
