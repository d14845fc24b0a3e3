"""bench/bench_check.py stays runnable (the million-indicator figure is in its output)."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

BENCH = Path(__file__).resolve().parents[2] / "bench" / "bench_check.py"


def test_bench_runs_and_reports_indicators_per_second() -> None:
    out = subprocess.run(
        [sys.executable, str(BENCH), "--indicators", "20000", "--distinct", "300"],
        capture_output=True,
        text=True,
        check=True,
        timeout=120,
    ).stdout
    m = re.search(r"([\d,]+) indicators in ([\d,]+) tables, ([\d,]+) findings: .* ([\d,]+) indicators/s", out)
    assert m, out
    done, tables, findings = (int(m.group(i).replace(",", "")) for i in (1, 2, 3))
    assert done >= 20000 and tables > 1000
    assert 0 < findings < done / 3  # the generated tables are mostly sound, some faulty
