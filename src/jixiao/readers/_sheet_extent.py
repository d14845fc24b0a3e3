"""How far a worksheet's cells reach, known before python-calamine builds the sheet's grid.

python-calamine turns a sheet into a dense grid from its first to its last row and column
holding a value: two cells, ``A1`` and ``XFD1048576``, make it allocate 550 GB and abort the
process; a million rows of seven cells take ~1.4 GB.  So the sheet's XML is looked at while
it is inflated (:meth:`SheetExtent.watch`), and calamine only sees a sheet whose reach is
known to fit the file's :class:`~jixiao.readers.safety.Budget`.

- **Fast path** (every usual sheet): one bytes regex over each chunk finds any cell tag that
  is *not* ``<c r="X123…"`` with a one-letter column and a row number of at most ``digits``
  digits, and any ``<prefix:c`` tag (looked for only where the chunk has a ``:``, one
  ``memchr``).  Finding none proves the grid is at most 26 columns × ``10**digits − 1``
  rows — ``digits`` is chosen so that this box fits the row limit and four times the cell
  limit — and nothing more is done before calamine; its real height and width are charged to
  the budget (:meth:`~jixiao.readers.safety.Budget.add`) before its values become Python
  objects.
- **Exact path** (a cell outside the box, without ``r``, or prefixed): from then on each
  chunk's ``row`` tags are counted (C ``bytes.count``), so a sheet of a million rows stops
  being inflated past the row limit; a sheet under it has its cells' positions worked out the
  way calamine does (``r`` when given, else the next column / row) and its reach charged.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from functools import lru_cache

from . import safety
from ._common import column_index

_EDGE = 32  # bytes at a chunk's end that are judged with the next chunk's start
_PREFIXED_CELL = re.compile(rb":c[\s/>]")  # (the end of a <prefix:c tag; rare, so found fast)
_TAG = re.compile(rb"<(?:[A-Za-z_][\w.\-]*:)?(row|c)(?=[\s/>])([^>]*)>")
_REF = re.compile(rb"""\sr\s*=\s*["']([A-Za-z]*)([0-9]*)["']""")


@lru_cache(maxsize=16)
def _outside(digits: int) -> re.Pattern[bytes]:
    """Cell tags outside the fast box: not ``<c r="[A-Z][0-9]{1,digits}"`` (``<c>``, ``<c/>``,
    ``<c\\n…``, a two-letter column, a longer row number, ``r`` not first or single-quoted)."""
    box = rb'r="[A-Z][0-9]{1,%d}"' % digits if digits else rb"(?!)"
    return re.compile(rb"<c (?!" + box + rb")|<c[>/\t\n\r]")


def fast_digits(limits: safety.Limits) -> int:
    """The most row digits the fast path accepts: 10**d − 1 rows within the row limit, and the
    26-column box of that height within four times the cell limit (calamine's transient grid)."""
    d = 0
    while 10 ** (d + 1) - 1 <= limits.rows and 26 * (10 ** (d + 1) - 1) <= 4 * limits.cells:
        d += 1
    return d


class SheetExtent:
    """Watch one worksheet part as it is inflated; see the module docstring."""

    def __init__(self, budget: safety.Budget, sheet: str) -> None:
        self.budget = budget
        self.sheet = sheet
        self.outside = _outside(fast_digits(budget.limits))
        self.exact = False
        self.in_data = False  # past the start of <sheetData> (the namespaces before it hold ":")
        self.rows = 0  # twice the row tags seen, once exact (an opening and a closing tag each)

    def watch(self, chunks: Iterable[bytes]) -> Iterator[bytes]:
        tail = b""
        seen: list[bytes] = []
        pending = False  # a tag cut by the end of the last chunk, judged with the next one
        for chunk in chunks:
            if not self.exact:
                verdict = self._leaves_box(tail, chunk)
                if verdict or (pending and self._edge_leaves_box(tail, chunk)):
                    self.exact = True
                    self.rows = sum(c.count(b"row") for c in seen)
                pending = verdict is None
            if self.exact:
                self.rows += chunk.count(b"row")
                if self.rows // 2 > self.budget.limits.rows - self.budget.rows:
                    raise self.budget.refuse("rows", self.sheet)
            else:
                seen.append(chunk)
            tail = chunk[-_EDGE:]
            yield chunk
        if pending:  # the part ended inside a tag: look at it exactly
            self.exact = True

    def _leaves_box(self, tail: bytes, chunk: bytes) -> bool | None:
        """True when a cell tag of ``chunk`` leaves the fast box; None when the first one that
        might is cut by the chunk's end (the next chunk decides); False otherwise."""
        start = 0
        if not self.in_data:  # (the namespace declarations before <sheetData> hold ":")
            at = chunk.find(b"sheetData")
            if at >= 0 or b"sheetData" in tail + chunk[:16]:
                self.in_data, start = True, max(at, 0)
        found = [self.outside.search(chunk)]
        if self.in_data:
            colon = chunk.find(b":", start)  # one memchr: a prefixed cell tag needs a ":"
            if colon >= 0:
                found.append(_PREFIXED_CELL.search(chunk, colon))
        first = min((m.start() for m in found if m is not None), default=None)
        if first is None:
            return False
        return True if first < len(chunk) - _EDGE else None

    def _edge_leaves_box(self, tail: bytes, chunk: bytes) -> bool:
        """Whether a tag starting in ``tail`` (the end of the last chunk) leaves the box."""
        edge = tail + chunk[: 2 * _EDGE]
        return any(
            m is not None and m.start() < len(tail)
            for m in (self.outside.search(edge), _PREFIXED_CELL.search(edge))
        )

    def check(self, xml: bytes) -> None:
        """After the part is read: on the exact path, charge-check the sheet's reach (the rows
        and the rows × columns calamine will build)."""
        if not self.exact:
            return
        rows_left = self.budget.limits.rows - self.budget.rows
        cells_left = self.budget.limits.cells - self.budget.cells
        row, col, high, wide = -1, 0, -1, -1
        for m in _TAG.finditer(xml):
            ref = _REF.search(m.group(2))
            if m.group(1) == b"row":
                row = int(ref.group(2)) - 1 if ref and ref.group(2) else row + 1
                col = 0
                continue
            if ref and ref.group(1) and ref.group(2):
                r, c = int(ref.group(2)) - 1, column_index(ref.group(1).upper().decode())
            else:
                r, c = row, col
            col = c + 1
            if r > high or c > wide:
                high, wide = max(high, r), max(wide, c)
                if high + 1 > rows_left:
                    raise self.budget.refuse("rows", self.sheet)
                if (high + 1) * (wide + 1) > cells_left:
                    raise self.budget.refuse("cells", self.sheet)
