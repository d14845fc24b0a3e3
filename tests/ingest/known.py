"""Where a corpus expected.json is, we believe, wrong — and where a format cannot carry a field.

Each entry names the field, what jixiao reads there instead, and why.  The golden test
(test_corpus.py) accepts exactly these differences and fails when one of them no longer
differs (so the list does not outlive its reason); the variant tests render the corrected
value (:func:`load_corrected`).
"""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

# case → {field path: (the value jixiao gives, why we believe expected.json is wrong)}
CORRECTIONS: dict[str, dict[str, tuple[Any, str]]] = {
    "24": {
        "tables[0].indicators[7].target": (
            None,
            "指标值 printed '-': the corpus's placeholder for a blank value (README conventions, LAYOUTS.md N "
            "'placeholders (/, —, …)'; the variants render blanks as '-'); expected.json keeps it as the "
            "qualitative text '-' although the rows above print '一' for the same dash",
        ),
        "tables[0].indicators[13].target": (
            {"text": "M.8万元", "op": "=", "number": 0.8, "unit": "万元", "qualitative": False},
            "'M.8万元' (an OCR slip for 14.8万元): the value grammar reads the digits printed, '.8' → 0.8 万元, "
            "as the corpus convention says ('numbers are read from garbled cells when digits are printed'); "
            "expected.json has it qualitative",
        ),
    },
}

# format-only differences: (case, suffix) → {field path: why the format cannot carry it}
FORMAT_DIFFERENCES: dict[tuple[str, str], dict[str, str]] = {
    ("34", ".pdf"): {
        "tables[0].indicators[2].target.text": "'不少于6 种': the PDF line wraps at the space after '6', "
        "and a wrapped line shows no space (the CJK-space rule covers only a space between two CJK characters)",
    },
    ("38", ".pdf"): {
        "tables[0].outcome": "'…有效保护, 松材…': the line break after the ASCII comma is a wrap on the page, "
        "where the PDF shows no space",
    },
}


def corrected(case: str, expected: dict[str, Any]) -> dict[str, Any]:
    """``expected`` with the case's corrections applied (a copy)."""
    out = copy.deepcopy(expected)
    for path, (value, _) in CORRECTIONS.get(case, {}).items():
        _set(out, path, value)
    return out


def load_corrected(path: Path) -> dict[str, Any]:
    """A case's expected.json with its corrections applied."""
    expected = json.loads(path.read_text(encoding="utf-8"))
    return corrected(path.parent.name, expected)


def known(case: str, suffix: str) -> dict[str, str]:
    """The fields (a path, or the path of a Value whose parts all may differ) that may differ for this
    case and format, with their reasons."""
    out = {path: why for path, (_, why) in CORRECTIONS.get(case, {}).items()}
    out.update(FORMAT_DIFFERENCES.get((case, suffix), {}))
    return out


def covers(known_paths: dict[str, str], path: str) -> str | None:
    """The known path a mismatch's path falls under, if any."""
    return next((k for k in known_paths if path == k or path.startswith(k + ".")), None)


def _set(doc: dict[str, Any], path: str, value: Any) -> None:
    parts = path.replace("]", "").replace("[", ".").split(".")
    obj: Any = doc
    for part in parts[:-1]:
        obj = obj[int(part)] if part.isdigit() else obj[part]
    last = parts[-1]
    obj[int(last) if last.isdigit() else last] = copy.deepcopy(value)
