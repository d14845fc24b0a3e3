"""What changed between two versions of a table (修改内容): field by field.

:func:`table_changes` is the one function behind the history's "what changed" — the REST
API gives it as ``changes`` on every history entry, the web history tab prints it.  It
compares two ``jixiao/1`` table dicts and lists, in order:

- the header fields that differ (``funds.total``, ``purpose``, ``goals.annual`` …);
- each indicator (三级指标) added, removed or changed; a changed one once per field that
  differs (``target`` — the 指标值 as printed —, ``weight``, ``description`` …).

Indicators are paired by their 三级 name (whitespace ignored), in order; what is left is
paired by position under the same 二级 (a renamed indicator is a change of ``name``), and the
rest is added or removed.  Values are given as printed (the 指标值's text), so a change
reads ``≥95% → ≥98%``.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from jixiao.model import header_paths, indicator_paths

_SPACE = re.compile(r"\s+")


@dataclass(frozen=True, slots=True)
class Change:
    """One difference: ``what`` is ``field`` (a header field) or ``indicator``; ``change``
    is ``changed``, ``added`` or ``removed``; ``indicator`` the 三级 name it concerns;
    ``field`` the field that differs (None for a whole indicator added or removed)."""

    what: str
    change: str
    field: str | None
    before: Any = None
    after: Any = None
    indicator: str | None = None
    index: int | None = None  # the indicator's position in the newer version (the older for removed)

    def to_dict(self) -> dict[str, Any]:
        return {
            "what": self.what,
            "change": self.change,
            "field": self.field,
            "indicator": self.indicator,
            "index": self.index,
            "before": self.before,
            "after": self.after,
        }


def _get(obj: Any, path: str) -> Any:
    for part in path.split("."):
        if not isinstance(obj, Mapping):
            return None
        obj = obj.get(part)
    return obj


def _shown(value: Any) -> Any:
    """A value as a person compares it: a 指标值 as printed, text without extra spaces,
    an empty text or list as nothing."""
    if isinstance(value, Mapping) and "text" in value:
        value = value.get("text")
    if isinstance(value, str):
        value = _SPACE.sub(" ", value).strip()
        return value or None
    if isinstance(value, list):
        items = [_shown(v) for v in value]
        return items or None
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


def _key(text: Any) -> str:
    return _SPACE.sub("", str(text or ""))


def _pairs(
    old: list[Mapping[str, Any]], new: list[Mapping[str, Any]]
) -> tuple[list[tuple[int, int]], list[int], list[int]]:
    """(old index, new index) pairs of the same indicator, then the removed and the added."""
    pairs: list[tuple[int, int]] = []
    free_new = list(range(len(new)))
    left_old: list[int] = []
    for i, ind in enumerate(old):
        match = next((j for j in free_new if _key(new[j].get("name")) == _key(ind.get("name"))), None)
        if match is None:
            left_old.append(i)
        else:
            pairs.append((i, match))
            free_new.remove(match)
    removed: list[int] = []
    for i in left_old:  # a renamed line: the next free one under the same 二级
        level2 = _key(old[i].get("level2"))
        match = next((j for j in free_new if _key(new[j].get("level2")) == level2 and level2), None)
        if match is None:
            removed.append(i)
        else:
            pairs.append((i, match))
            free_new.remove(match)
    return sorted(pairs, key=lambda p: p[1]), removed, free_new


def _indicator_changes(old: list[Mapping[str, Any]], new: list[Mapping[str, Any]]) -> Iterator[Change]:
    pairs, removed, added = _pairs(old, new)
    for i, j in pairs:
        for name in indicator_paths():
            a, b = _shown(old[i].get(name)), _shown(new[j].get(name))
            if a != b:
                label = _shown(new[j].get("name")) or _shown(old[i].get("name"))
                yield Change("indicator", "changed", name, a, b, label, j)
    for i in removed:
        ind = old[i]
        yield Change(
            "indicator", "removed", None, _shown(ind.get("target")), None, _shown(ind.get("name")), i
        )
    for j in added:
        ind = new[j]
        yield Change("indicator", "added", None, None, _shown(ind.get("target")), _shown(ind.get("name")), j)


def table_changes(before: Mapping[str, Any] | None, after: Mapping[str, Any] | None) -> list[Change]:
    """What differs from ``before`` to ``after`` (two ``jixiao/1`` table dicts); nothing
    when either is missing."""
    if not before or not after:
        return []
    out = [
        Change("field", "changed", path, _shown(_get(before, path)), _shown(_get(after, path)))
        for path in header_paths()
        if _shown(_get(before, path)) != _shown(_get(after, path))
    ]
    out.extend(_indicator_changes(list(before.get("indicators") or []), list(after.get("indicators") or [])))
    return out
