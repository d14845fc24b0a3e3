"""Compare jixiao/1 content: two Documents field by field (golden tests, round trips), and
whether two tables say the same thing (import by identity).

:func:`compare_documents` follows the corpus conventions: text is compared after collapsing
whitespace; 一级/二级 after removing all whitespace and a trailing weight (``(50分)``);
numbers with a relative tolerance of 1e-9; ``category*``, ``direction`` and ``source`` are
not compared.  Only fields the expected document has are compared, so adding fields to the
format is free.

:func:`content_key` is what "the same table" means when a file is imported again in another
format (.docx, .pdf, the tika text …): the jixiao/1 table without where it was read from
(``source``, ``confidence``) and without what is derived from it (``category1``,
``category2``, ``direction``); every text NFKC-folded (full-width → half-width) with all
whitespace removed (a PDF puts spaces between CJK characters where lines wrap); numbers to
nine significant digits; a field that is null or empty is the same as one that is absent
(a table stored before a field was added to the format).  Equal keys: the same content.

``cjk_space=True`` also ignores whitespace between two Chinese characters: a line wrapped
inside a cell of a PDF or a scan reads with or without a space there.  :attr:`Comparison.share`
is the share of fields matched, tables and indicators the expected document does not have
counting as fields missed (the figure ``jx-compare`` prints).
"""

from __future__ import annotations

import hashlib
import json
import math
import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

TABLE_FIELDS = (
    "kind",
    "title",
    "year",
    "unit.code",
    "unit.name",
    "department.code",
    "department.name",
    "project.name",
    "project.code",
    "money_unit",
    "funds.total",
    "funds.fiscal",
    "funds.other",
    "funds.period_total",
    "funds.carryover",
    "funds.initial",
    "funds.adjusted",
    "funds.executed",
    "funds.execution_rate",
    "funds.weight",
    "funds.score",
    "purpose",
    "goals.annual",
    "goals.period",
    "outcome",
    "total_score",
    "grade",
)
INDICATOR_FIELDS = (
    "level1",
    "level2",
    "name",
    "description",
    "period",
    "target.text",
    "target.op",
    "target.number",
    "target.unit",
    "target.qualitative",
    "weight",
    "score",
    "actual.text",
    "actual.number",
    "deviation",
)
_WEIGHT = re.compile(r"[（(]\s*\d+(\.\d+)?\s*分\s*[)）]$")
_CJK = "\u3000-\u303f\u3400-\u9fff\uff00-\uffef"
_CJK_SPACE = re.compile(f"(?<=[{_CJK}])\\s+(?=[{_CJK}])")
_ABSENT = object()


@dataclass(slots=True)
class Mismatch:
    path: str
    expected: Any
    actual: Any

    def __str__(self) -> str:
        return f"{self.path}: {self.expected!r} != {self.actual!r}"


@dataclass(slots=True)
class Comparison:
    mismatches: list[Mismatch]
    compared: int
    extra: int = 0  # tables and indicators the expected document does not have

    @property
    def share(self) -> float:
        """Fields matched over fields compared (extra tables and indicators count as missed)."""
        fields = sum(1 for m in self.mismatches if not m.path.endswith(".length"))
        total = self.compared + self.extra
        return (self.compared - fields) / total if total else 1.0

    @property
    def ok(self) -> bool:
        return not self.mismatches

    def summary(self) -> str:
        matched = self.compared - len(self.mismatches)
        return f"fields {matched}/{self.compared} matched"


def _get(obj: Any, path: str) -> Any:
    for part in path.split("."):
        if not isinstance(obj, dict) or part not in obj:
            return _ABSENT
        obj = obj[part]
    return obj


def _norm(value: Any, path: str, cjk_space: bool = False) -> Any:
    if isinstance(value, str):
        value = re.sub(r"\s+", " ", value).strip()
        if cjk_space:
            value = _CJK_SPACE.sub("", value)
        if path.rsplit(".", 1)[-1] in ("level1", "level2"):
            value = _WEIGHT.sub("", re.sub(r"\s+", "", value))
        return value
    if isinstance(value, list):
        return [_norm(v, path, cjk_space) for v in value]
    return value


def _same(a: Any, b: Any) -> bool:
    if isinstance(a, bool) or isinstance(b, bool):
        return a is b
    if isinstance(a, int | float) and isinstance(b, int | float):
        return math.isclose(a, b, rel_tol=1e-9, abs_tol=1e-9)
    if isinstance(a, list) and isinstance(b, list):
        return len(a) == len(b) and all(_same(x, y) for x, y in zip(a, b, strict=True))
    return bool(a == b)


def compare_documents(
    expected: dict[str, Any], actual: dict[str, Any], cjk_space: bool = False
) -> Comparison:
    """Compare two Documents given as jixiao/1 dicts; mismatches name their path."""
    out: list[Mismatch] = []
    compared = extra = 0

    def check(prefix: str, exp: Any, act: Any, fields: tuple[str, ...]) -> None:
        nonlocal compared
        for f in fields:
            e = _get(exp, f)
            if e is _ABSENT:
                continue
            compared += 1
            a = _get(act, f)
            e2 = _norm(e, f, cjk_space)
            a2 = None if a is _ABSENT else _norm(a, f, cjk_space)
            if not _same(e2, a2):
                out.append(Mismatch(f"{prefix}.{f}", e2, a2))

    exp_tables = expected.get("tables") or []
    act_tables = actual.get("tables") or []
    if len(exp_tables) != len(act_tables):
        out.append(Mismatch("tables.length", len(exp_tables), len(act_tables)))
    for ti, et in enumerate(exp_tables):
        at = act_tables[ti] if ti < len(act_tables) else {}
        check(f"tables[{ti}]", et, at, TABLE_FIELDS)
        ei, ai = et.get("indicators") or [], at.get("indicators") or []
        if len(ei) != len(ai):
            out.append(Mismatch(f"tables[{ti}].indicators.length", len(ei), len(ai)))
            extra += max(len(ai) - len(ei), 0)
        for ii, e_ind in enumerate(ei):
            a_ind = ai[ii] if ii < len(ai) else {}
            check(f"tables[{ti}].indicators[{ii}]", e_ind, a_ind, INDICATOR_FIELDS)
    extra += max(len(act_tables) - len(exp_tables), 0)
    return Comparison(out, compared, extra)


_NOT_CONTENT = frozenset({"source", "confidence", "category1", "category2", "direction"})
_ALL_SPACE = re.compile(r"\s+")


@lru_cache(maxsize=1 << 16)
def _canonical_text(value: str) -> str | None:
    """A string as :func:`canonical` compares it (cached: tables repeat their level names,
    labels and units, and a bulk load hashes every table)."""
    return _ALL_SPACE.sub("", unicodedata.normalize("NFKC", value)) or None


def canonical(value: Any) -> Any:
    """A table (or any part of one) as :func:`content_key` compares it."""
    if isinstance(value, str):
        return _canonical_text(value)
    if isinstance(value, bool) or value is None:
        return value
    if isinstance(value, int | float):
        return float(f"{value:.9g}") if math.isfinite(value) else None
    if isinstance(value, dict):
        out = {k: canonical(v) for k, v in sorted(value.items()) if k not in _NOT_CONTENT}
        return {k: v for k, v in out.items() if v is not None and v != [] and v != {}}
    if isinstance(value, list | tuple):
        return [canonical(v) for v in value]
    return str(value)


def content_key(table: dict[str, Any]) -> str:
    """A sha256 of the table's content (see the module doc): equal for the same table read
    from any format."""
    text = json.dumps(canonical(table), ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()
