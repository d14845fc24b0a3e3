"""Shared timing helpers for the reader benchmarks (bench_docx.py, bench_xlsx.py).

Times are CPU seconds of this process (``time.process_time``), best of N rounds, the
contenders interleaved round by round: the machine is shared (CI, other test suites), and
CPU time of a single-threaded parse is far steadier than wall time under load.  Wall
time is printed alongside for the record.
"""

from __future__ import annotations

import gc
import time
from collections.abc import Callable


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


def report(
    title: str, times: dict[str, tuple[float, float]], checks: list[tuple[str, float, str, float]]
) -> bool:
    """Print the times and the checks (label, ratio, comparison, target); True when all pass."""
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
    from pathlib import Path

    from jixiao.ingest import ingest_file

    seed = Path(__file__).resolve().parent.parent / "tests" / "corpus" / "seed" / "seed.docx"
    try:
        return len(ingest_file(seed).tables) == 6
    except Exception:
        return False
