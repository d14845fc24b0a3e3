"""Every ordered pair of perturbations over every corpus case, read once: an offline sweep, not CI.

    python -m tests.robust.sweep [--json OUT] [--singles]

Each (pair, case) the pair applies to is one of: ``read`` (the changed expected Document, less the
golden test's accepted differences), ``flagged`` (it differs, and the reader said so: a column not
read (JX922), the table flagged (JX929), or a confidence below 0.9), ``wrong-silent`` (it differs
and nothing says so — the outcome to hunt), or ``inherited`` (one of the two alone is in UNSURE or
KNOWN already).  Prints the counts, every wrong-silent pair, and how long the sweep took.
"""

from __future__ import annotations

import argparse
import itertools
import json
import time
from collections import Counter

from .harness import NAMES, case, differences, read
from .perturb import PERTURBATIONS, Case
from .test_perturbations import KNOWN, UNSURE

SAID = {"JX922", "JX929"}


def outcome(changed: Case) -> tuple[str, str]:
    """(``read`` | ``flagged`` | ``wrong-silent``, the first difference)."""
    doc = read(changed)
    diffs = differences(changed, doc)
    if not diffs:
        return "read", ""
    said = SAID & {w.code for w in doc.warnings} or any(
        t.confidence is not None and t.confidence < 0.9 for t in doc.tables
    )
    return ("flagged" if said else "wrong-silent"), str(diffs[0])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--json", help="write every result here")
    parser.add_argument("--singles", action="store_true", help="single perturbations only")
    args = parser.parse_args()
    start = time.perf_counter()
    results: list[dict[str, object]] = []
    combos: list[tuple[str, ...]] = (
        [(p,) for p in PERTURBATIONS]
        if args.singles
        else [(a, b) for a, b in itertools.product(PERTURBATIONS, repeat=2) if a != b]
    )
    for name in NAMES:
        base = case(name)
        for combo in combos:
            c: Case | None = base
            for p in combo:
                c = PERTURBATIONS[p](c) if c is not None else None
            if c is None:
                continue
            if any((p, name) in UNSURE or (p, name) in KNOWN for p in combo):
                results.append({"combo": combo, "case": name, "outcome": "inherited", "diff": ""})
                continue
            try:
                result, diff = outcome(c)
            except Exception as exc:  # noqa: BLE001 - a crash is a finding too
                result, diff = "crash", repr(exc)
            results.append({"combo": combo, "case": name, "outcome": result, "diff": diff})
    took = time.perf_counter() - start
    counts = Counter(str(r["outcome"]) for r in results)
    print(f"{len(results)} (combination, case) read in {took:.0f} s: {dict(sorted(counts.items()))}")
    for r in results:
        if r["outcome"] in ("wrong-silent", "crash"):
            print(f"{r['outcome']:13} {'+'.join(r['combo'])} × {r['case']}: {r['diff']}")  # type: ignore[arg-type]
    if args.json:
        with open(args.json, "w", encoding="utf-8") as f:
            json.dump({"seconds": took, "results": results}, f, ensure_ascii=False, indent=0)


if __name__ == "__main__":
    main()
